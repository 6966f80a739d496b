/**
 * Every `diamond.*` setting, typed once, with coercion from untrusted values.
 *
 * Why coercion: settings.json is hand-edited and a workspace can ship its own; a string where a number belongs
 * or a baseline that starts with `-` (read as a git option by the server) must not break or steer anything.
 * An invalid value falls back to the default and is reported once, naming the key, in the output channel.
 *
 * Pure (no `vscode` import) so the unit tests check it against package.json's `contributes.configuration`.
 */
import { RE2JS } from 're2js';
import { RULE_DEFAULTS, RULE_IDS, RULE_SEVERITIES, type RuleId, type RuleSeverity } from './rules';

export const TRACE_LEVELS = ['off', 'messages', 'verbose'] as const;
export type TraceLevel = (typeof TRACE_LEVELS)[number];

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Same default as engine/src/config.ts DEFAULT_NAMESPACE_PATTERN (checked by the unit test). */
export const DEFAULT_NAMESPACE_PATTERN = '^dloop\\.storage\\.[a-z][a-zA-Z0-9]*\\.v[0-9]+$';

/**
 * Who applies a change:
 * - `server`: the language server pulls it (`workspace/configuration`) and applies it without a restart;
 * - `client`: the extension applies it at once;
 * - `node-restart`: only a restarted local node sees it, so the client says so and offers the restart.
 */
export type AppliedBy = 'server' | 'client' | 'node-restart';

interface SettingSpec<T> {
  /** Key under the `diamond.` section. */
  key: string;
  default: T;
  /** Returns undefined when the raw value is unusable. */
  coerce: (raw: unknown) => T | undefined;
  appliedBy: AppliedBy;
}

export interface DiamondSettings {
  rpcUrl: string;
  nodePort: number;
  debounceMs: number;
  rules: Record<RuleId, RuleSeverity>;
  namespacePattern: string;
  baseline: string;
  traceServer: TraceLevel;
  logLevel: LogLevel;
}

// ---- coercers -------------------------------------------------------------------------------------------

function oneOf<const V extends readonly string[]>(values: V): (raw: unknown) => V[number] | undefined {
  return (raw) => (typeof raw === 'string' && values.includes(raw) ? raw : undefined);
}

/** Integers, also written as strings ("8545"), within [min, max]. */
function intIn(min: number, max: number): (raw: unknown) => number | undefined {
  return (raw) => {
    const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  };
}

/** HTTP(S) only: the chain module speaks JSON-RPC over HTTP. */
export function coerceRpcUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? raw.trim() : undefined;
  } catch {
    return undefined;
  }
}

export function coerceRegExpSource(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  try {
    RE2JS.compile(raw); // the engine runs namespacePattern with RE2 (linear time): same syntax here
    return raw;
  } catch {
    return undefined;
  }
}

/** A git ref or a folder path; '' disables the baseline. Refuses what git would read as an option or
 *  what cannot be a ref or path (control characters). */
export function coerceBaseline(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim();
  if (value.startsWith('-') || /[\u0000-\u001f\u007f]/.test(value)) return undefined;
  return value;
}

// ---- the table ------------------------------------------------------------------------------------------

const ruleSpecs = RULE_IDS.map((id): SettingSpec<RuleSeverity> => ({
  key: `rules.${id}`,
  default: RULE_DEFAULTS[id],
  coerce: oneOf(RULE_SEVERITIES),
  appliedBy: 'server',
}));

export const SETTINGS = {
  rpcUrl: { key: 'rpcUrl', default: 'http://127.0.0.1:8545', coerce: coerceRpcUrl, appliedBy: 'client' },
  nodePort: { key: 'node.port', default: 8545, coerce: intIn(0, 65535), appliedBy: 'node-restart' },
  debounceMs: { key: 'diagnostics.debounceMs', default: 150, coerce: intIn(0, 5000), appliedBy: 'server' },
  namespacePattern: {
    key: 'namespacePattern',
    default: DEFAULT_NAMESPACE_PATTERN,
    coerce: coerceRegExpSource,
    appliedBy: 'server',
  },
  baseline: { key: 'baseline', default: 'HEAD', coerce: coerceBaseline, appliedBy: 'server' },
  // vscode-languageclient reads `diamond.trace.server` itself and applies it live.
  traceServer: { key: 'trace.server', default: 'off', coerce: oneOf(TRACE_LEVELS), appliedBy: 'client' },
  logLevel: { key: 'log.level', default: 'info', coerce: oneOf(LOG_LEVELS), appliedBy: 'client' },
} satisfies { [K in Exclude<keyof DiamondSettings, 'rules'>]: SettingSpec<DiamondSettings[K]> };

/** Every setting key (without the `diamond.` prefix) with its default and who applies it. */
export const ALL_SETTINGS: readonly SettingSpec<unknown>[] = [
  ...Object.values(SETTINGS as Record<string, SettingSpec<unknown>>),
  ...ruleSpecs,
];

export interface SettingsRead {
  settings: DiamondSettings;
  /** One line per ignored value, naming the key: for the output channel. */
  problems: string[];
}

/** Reads every setting through `get` (a `WorkspaceConfiguration` for section `diamond`, or a test map).
 *  `undefined` from `get` means "not set" and gives the default silently. */
export function readSettings(get: (key: string) => unknown): SettingsRead {
  const problems: string[] = [];
  const read = <T>(spec: SettingSpec<T>): T => {
    const raw = get(spec.key);
    if (raw === undefined || raw === null) return spec.default;
    const value = spec.coerce(raw);
    if (value === undefined) {
      problems.push(
        `diamond.${spec.key}: ignoring ${JSON.stringify(raw)}; using ${JSON.stringify(spec.default)}`,
      );
      return spec.default;
    }
    return value;
  };
  const rules = {} as Record<RuleId, RuleSeverity>;
  for (const spec of ruleSpecs) rules[spec.key.slice('rules.'.length) as RuleId] = read(spec);
  const s = SETTINGS;
  return {
    settings: {
      rpcUrl: read(s.rpcUrl),
      nodePort: read(s.nodePort),
      debounceMs: read(s.debounceMs),
      rules,
      namespacePattern: read(s.namespacePattern),
      baseline: read(s.baseline),
      traceServer: read(s.traceServer),
      logLevel: read(s.logLevel),
    },
    problems,
  };
}

/** The keys (full, `diamond.`-prefixed) a configuration change touched that only a node restart applies. */
export function keysNeedingNodeRestart(affects: (fullKey: string) => boolean): string[] {
  return ALL_SETTINGS.filter((s) => s.appliedBy === 'node-restart')
    .map((s) => `diamond.${s.key}`)
    .filter(affects);
}
