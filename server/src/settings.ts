/**
 * The `diamond.*` settings the server applies, pulled per workspace folder with
 * `workspace/configuration` and re-pulled on `didChangeConfiguration` (no restart). They are declared
 * and coerced in shared/settings.ts, the same code the extension reads them with; what is the server's
 * own is reading the section it is sent and the merge with diamond.config.json.
 *
 * Merging with diamond.config.json: the client sends every setting with its default filled in, so
 * a setting equal to its default means "not chosen" and leaves the project file in charge; a
 * setting the user changed wins over the file (the editor is the user's latest word).
 */
import type { DiamondConfig } from '../../engine';
import { RULE_IDS, type RuleId, type SeveritySetting } from '../../shared/rules';
import { readServerSettings, RULE_SETTINGS, SETTINGS } from '../../shared/settings';

export interface ServerSettings {
  debounceMs: number;
  /** Only the rules whose setting differs from the rule's default. */
  rules: Partial<Record<RuleId, SeveritySetting>>;
  /** Undefined when left at the default. */
  namespacePattern?: string;
  /** Git revision or folder; '' disables the baseline. */
  baseline: string;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  debounceMs: SETTINGS.debounceMs.default,
  rules: {},
  baseline: SETTINGS.baseline.default,
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `a.b.c` in a nested object, or the flat key 'a.b.c' (clients send either). */
function pick(section: Record<string, unknown>, path: string): unknown {
  if (path in section) return section[path];
  let cur: unknown = section;
  for (const part of path.split('.')) {
    if (!isRecord(cur) || !(part in cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/**
 * The `diamond` section → ServerSettings. Untrusted input (a workspace can ship settings):
 * anything malformed falls back to the default and is named in `problems`.
 */
export function coerceSettings(raw: unknown): { settings: ServerSettings; problems: string[] } {
  const problems: string[] = [];
  const section = isRecord(raw) ? raw : {};
  const read = readServerSettings((key) => pick(section, key), problems);
  const rules: ServerSettings['rules'] = {};
  for (const id of RULE_IDS) if (read.rules[id] !== RULE_SETTINGS[id].default) rules[id] = read.rules[id];
  const settings: ServerSettings = { debounceMs: read.debounceMs, rules, baseline: read.baseline };
  if (read.namespacePattern !== SETTINGS.namespacePattern.default)
    settings.namespacePattern = read.namespacePattern;
  return { settings, problems };
}

/** The config the engine runs with: the project file's, with the user's editor choices on top. */
export function effectiveConfig(file: DiamondConfig, settings: ServerSettings): DiamondConfig {
  return {
    ...file,
    rules: { ...file.rules, ...settings.rules },
    namespacePattern: settings.namespacePattern ?? file.namespacePattern,
  };
}
