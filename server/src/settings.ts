/**
 * The `diamond.*` settings the server applies, pulled per workspace folder with
 * `workspace/configuration` and re-pulled on `didChangeConfiguration` (no restart).
 *
 * Merging with diamond.config.json: the client sends every setting with its default filled in, so
 * a setting equal to its default means "not chosen" and leaves the project file in charge; a
 * setting the user changed wins over the file (the editor is the user's latest word).
 */
import { compileNamespacePattern, DEFAULT_NAMESPACE_PATTERN, RULE_IDS, ruleDefinition, type DiamondConfig, type RuleId, type SeveritySetting } from '../../engine';
import { isSafeRef } from '../../host/src/baseline';

export interface ServerSettings {
  debounceMs: number;
  /** Only the rules whose setting differs from the rule's default. */
  rules: Partial<Record<RuleId, SeveritySetting>>;
  /** Undefined when left at the default. */
  namespacePattern?: string;
  /** Git ref or folder; '' disables the baseline. */
  baseline: string;
}

export const DEFAULT_DEBOUNCE_MS = 150;
export const DEFAULT_SETTINGS: ServerSettings = {
  debounceMs: DEFAULT_DEBOUNCE_MS,
  rules: {},
  baseline: 'HEAD',
};

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'off'];

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
  const settings: ServerSettings = { ...DEFAULT_SETTINGS, rules: {} };

  const d = pick(section, 'diagnostics.debounceMs');
  if (d !== undefined && d !== null) {
    const n = typeof d === 'string' && /^\s*\d+\s*$/.test(d) ? Number(d) : d;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 5000) settings.debounceMs = n;
    else problems.push(`diamond.diagnostics.debounceMs: ignoring ${JSON.stringify(d)}`);
  }
  for (const id of RULE_IDS) {
    const v = pick(section, `rules.${id}`);
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' || !SEVERITIES.includes(v)) {
      problems.push(`diamond.rules.${id}: ignoring ${JSON.stringify(v)}`);
      continue;
    }
    if (v !== ruleDefinition(id).defaultSeverity) settings.rules[id] = v as SeveritySetting;
  }
  const ns = pick(section, 'namespacePattern');
  if (typeof ns === 'string' && ns !== '' && ns !== DEFAULT_NAMESPACE_PATTERN) {
    const compiled = compileNamespacePattern(ns); // RE2, as the rule runs it
    if (compiled.ok) settings.namespacePattern = ns;
    else problems.push(`diamond.namespacePattern: ignoring ${JSON.stringify(ns)}: ${compiled.problem}`);
  }
  const b = pick(section, 'baseline');
  if (typeof b === 'string') {
    const v = b.trim();
    if (v === '' || isSafeRef(v) || v.startsWith('/') || v.startsWith('.')) settings.baseline = v;
    else problems.push(`diamond.baseline: ignoring ${JSON.stringify(b)}`);
  } else if (b !== undefined && b !== null) problems.push(`diamond.baseline: ignoring ${JSON.stringify(b)}`);
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
