/**
 * Every `diamond.*` setting, declared once: key, default, the shape of its value, coercion from untrusted values,
 * who applies a change, and the text of its package.json entry (`npm run generate` writes
 * `contributes.configuration` from this table; test/unit/rule-catalogue.test.ts fails when they drift).
 *
 * Both sides read through the same coercion: the extension reads every setting (`readSettings`), the language
 * server the ones it applies (`readServerSettings`, via server/src/settings.ts), so they accept and refuse alike.
 *
 * Why coercion: settings.json is hand-edited and a workspace can ship its own; a string where a number belongs
 * or a baseline that starts with `-` (which git would read as an option) must not break or steer anything.
 * An invalid value falls back to the default and is reported once, naming the key.
 *
 * Pure data and pure functions: no `vscode`, no Node built-ins, nothing from the rest of the project.
 */
import { patternProblem } from './pattern';
import {
  RULE_CATALOGUE,
  ruleDocUrl,
  SEVERITY_SETTINGS,
  type CataloguedRule,
  type RuleId,
  type SeveritySetting,
} from './rules';

export const TRACE_LEVELS = ['off', 'messages', 'verbose'] as const;
export type TraceLevel = (typeof TRACE_LEVELS)[number];

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** DLOOP's convention, `dloop.storage.<area>.v<N>` (also the default of `namespacePattern` in diamond.config.json). */
export const DEFAULT_NAMESPACE_PATTERN = '^dloop\\.storage\\.[a-z][a-zA-Z0-9]*\\.v[0-9]+$';

/**
 * Who applies a change:
 * - `server`: the language server pulls it (`workspace/configuration`) and applies it without a restart;
 * - `client`: the extension applies it at once;
 * - `node-restart`: only a restarted local node sees it, so the client says so and offers the restart.
 */
export type AppliedBy = 'server' | 'client' | 'node-restart';

/** The JSON-schema shape of a value: written to package.json, and what the coercion enforces. */
export type ValueShape =
  { type: 'string'; enum?: readonly string[] } | { type: 'integer'; minimum: number; maximum: number };

/** What package.json says about a setting besides its shape and default. */
export interface ManifestText {
  scope: 'window' | 'resource';
  markdownDescription?: string;
  description?: string;
  pattern?: string;
  patternErrorMessage?: string;
  enumDescriptions?: readonly string[];
}

export interface SettingSpec<T> {
  /** Key under the `diamond.` section. */
  key: string;
  default: T;
  shape: ValueShape;
  /** Returns undefined when the raw value is unusable. */
  coerce: (raw: unknown) => T | undefined;
  /** Why an unusable value is unusable, when there is more to say than "ignoring". */
  why?: (raw: unknown) => string | undefined;
  appliedBy: AppliedBy;
  manifest: ManifestText;
}

// ---- coercers -------------------------------------------------------------------------------------------

/** One of `values`, exactly. */
function choice<const V extends readonly string[]>(values: V) {
  return {
    shape: { type: 'string', enum: values } as const,
    coerce: (raw: unknown): V[number] | undefined =>
      typeof raw === 'string' && values.includes(raw) ? raw : undefined,
  };
}

/** Integers within [minimum, maximum], also written as strings ("8545"). */
function integer(minimum: number, maximum: number) {
  return {
    shape: { type: 'integer', minimum, maximum } as const,
    coerce: (raw: unknown): number | undefined => {
      const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
      return typeof n === 'number' && Number.isInteger(n) && n >= minimum && n <= maximum ? n : undefined;
    },
  };
}

function text(coerce: (raw: unknown) => string | undefined) {
  return { shape: { type: 'string' } as const, coerce };
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

/** A non-empty regular expression that compiles. */
export function coerceRegExpSource(raw: unknown): string | undefined {
  // The engine runs namespacePattern with RE2 (linear time): the same syntax here.
  return typeof raw === 'string' && raw !== '' && patternProblem(raw) === undefined ? raw : undefined;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const WHITE_SPACE = /\s/;

/**
 * `diamond.baseline`, trimmed:
 * - '' disables the baseline;
 * - a folder: an absolute path, or a relative one starting with '.' (`./deployed`, `../v1`); spaces allowed;
 * - otherwise a git revision naming one commit: `HEAD`, `main`, `v1.2.0`, `origin/main`, `HEAD~1` (a bare name
 *   that git cannot read may still be a folder: host/src/baseline.ts tries it as one).
 * Refused: anything git could read as an option (a leading '-'), control characters, and in a revision white
 * space (no ref has any) or '..' (a range names two commits, not the one tree to compare with).
 */
export function coerceBaseline(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim();
  if (value === '') return '';
  if (CONTROL.test(value)) return undefined;
  if (value.startsWith('/') || value.startsWith('.')) return value;
  if (value.startsWith('-') || WHITE_SPACE.test(value) || value.includes('..')) return undefined;
  return value;
}

// ---- the table ------------------------------------------------------------------------------------------

/** The settings the language server applies (without a restart). */
export interface ServerAppliedSettings {
  debounceMs: number;
  rules: Record<RuleId, SeveritySetting>;
  namespacePattern: string;
  /** Git revision or folder; '' disables the baseline. */
  baseline: string;
}

/** Every setting, typed. */
export interface DiamondSettings extends ServerAppliedSettings {
  rpcUrl: string;
  nodePort: number;
  /** Seconds one transaction may stay unmined before a deploy stops with TransactionTimeoutError. */
  txTimeoutSeconds: number;
  traceServer: TraceLevel;
  logLevel: LogLevel;
}

const SEVERITY_DESCRIPTIONS: Record<SeveritySetting, string> = {
  error: 'Report as an error.',
  warning: 'Report as a warning.',
  info: 'Report as information.',
  off: 'Do not report.',
};

function ruleSetting(rule: CataloguedRule): SettingSpec<SeveritySetting> {
  return {
    key: `rules.${rule.id}`,
    default: rule.defaultSeverity,
    ...choice(SEVERITY_SETTINGS),
    appliedBy: 'server',
    manifest: {
      scope: 'resource',
      enumDescriptions: SEVERITY_SETTINGS.map((s) => SEVERITY_DESCRIPTIONS[s]),
      markdownDescription:
        `Severity of [\`${rule.id}\`](${ruleDocUrl(rule.id)}): ${rule.description} ` +
        'Overrides `rules` in `diamond.config.json` when changed from the default.',
    },
  };
}

/** `diamond.rules.<id>` for every rule of the catalogue. */
export const RULE_SETTINGS = Object.fromEntries(RULE_CATALOGUE.map((r) => [r.id, ruleSetting(r)])) as Record<
  RuleId,
  SettingSpec<SeveritySetting>
>;

export const SETTINGS = {
  rpcUrl: {
    key: 'rpcUrl',
    default: 'http://127.0.0.1:8545',
    ...text(coerceRpcUrl),
    appliedBy: 'client',
    manifest: {
      scope: 'window',
      pattern: '^https?://',
      patternErrorMessage: 'An http:// or https:// JSON-RPC URL.',
      markdownDescription:
        'JSON-RPC endpoint (HTTP) of the chain that **Deploy DLOOP Diamond** and the **Facet Explorer** use when no local node started by Diamond is running, e.g. `http://127.0.0.1:8545` or a testnet RPC. Transactions to a chain that is not a local dev node ask for confirmation first. Applied at once.',
    },
  },
  nodePort: {
    key: 'node.port',
    default: 8545,
    ...integer(0, 65535),
    appliedBy: 'node-restart',
    manifest: {
      scope: 'window',
      markdownDescription:
        'Port of the local node started by **Diamond: Start Local Node** (on `127.0.0.1`; `0` picks a free port). A running node keeps its port: Diamond offers to restart it.',
    },
  },
  txTimeoutSeconds: {
    key: 'tx.timeoutSeconds',
    default: 300,
    ...integer(1, 86_400),
    appliedBy: 'client',
    manifest: {
      scope: 'window',
      markdownDescription:
        "Seconds **Deploy DLOOP Diamond** waits for one transaction to be mined. Every transaction's hash is logged as soon as it is sent; one still pending after this long stops the deploy with `TransactionTimeoutError`, naming the transaction and the journal (`.diamond/journal/`) of what was deployed. The CLI's `--tx-timeout` has the same default. Applied to the next deploy.",
    },
  },
  debounceMs: {
    key: 'diagnostics.debounceMs',
    default: 150,
    ...integer(0, 5000),
    appliedBy: 'server',
    manifest: {
      scope: 'resource',
      markdownDescription:
        'Milliseconds the language server waits after the last edit before it re-analyses. Applied without a restart.',
    },
  },
  namespacePattern: {
    key: 'namespacePattern',
    default: DEFAULT_NAMESPACE_PATTERN,
    ...text(coerceRegExpSource),
    why: (raw) => (typeof raw === 'string' && raw !== '' ? patternProblem(raw) : undefined),
    appliedBy: 'server',
    manifest: {
      scope: 'resource',
      markdownDescription:
        'Regular expression a storage namespace id must match (rule `namespace-convention`). The DLOOP default accepts `dloop.storage.rewards.v1`. Overrides `namespacePattern` in `diamond.config.json` when changed.',
    },
  },
  baseline: {
    key: 'baseline',
    default: 'HEAD',
    ...text(coerceBaseline),
    appliedBy: 'server',
    manifest: {
      scope: 'resource',
      markdownDescription:
        'What `storage-layout-break` compares storage layouts against: a git revision (`HEAD`, `main`, `v1.2.0`, `HEAD~1`) or a folder holding the deployed sources (an absolute path, or one starting with `.`: `./deployed`). Empty disables the check. A value git could read as an option (`-…`) or a range (`a..b`) is ignored. Applied without a restart.',
    },
  },
  // vscode-languageclient reads `diamond.trace.server` itself and applies it live.
  traceServer: {
    key: 'trace.server',
    default: 'off',
    ...choice(TRACE_LEVELS),
    appliedBy: 'client',
    manifest: {
      scope: 'window',
      description:
        'Traces the communication between VS Code and the diamond language server in the "Diamond" output channel.',
    },
  },
  logLevel: {
    key: 'log.level',
    default: 'info',
    ...choice(LOG_LEVELS),
    appliedBy: 'client',
    manifest: {
      scope: 'window',
      description: 'How much the extension writes to the "Diamond" output channel.',
    },
  },
} satisfies { [K in Exclude<keyof DiamondSettings, 'rules'>]: SettingSpec<DiamondSettings[K]> };

/** Where each setting stands in package.json (typed: a setting left out does not compile). */
const MANIFEST_ORDER: Record<keyof DiamondSettings, number> = {
  rpcUrl: 0,
  nodePort: 1,
  txTimeoutSeconds: 2,
  debounceMs: 3,
  rules: 4,
  namespacePattern: 5,
  baseline: 6,
  traceServer: 7,
  logLevel: 8,
};

/** Every setting, in package.json order. */
export const ALL_SETTINGS: readonly SettingSpec<unknown>[] = (
  Object.keys(MANIFEST_ORDER) as (keyof DiamondSettings)[]
)
  .sort((a, b) => MANIFEST_ORDER[a] - MANIFEST_ORDER[b])
  .flatMap((name): SettingSpec<unknown>[] =>
    name === 'rules' ? Object.values(RULE_SETTINGS) : [SETTINGS[name]],
  );

// ---- reading --------------------------------------------------------------------------------------------

/** The raw value of a key under `diamond.` (`undefined`: not set). */
export type SettingGetter = (key: string) => unknown;

/** One setting: not set (undefined or null) gives the default silently; an unusable value gives the default and
 *  a line in `problems` naming the key. */
export function readSetting<T>(spec: SettingSpec<T>, get: SettingGetter, problems: string[]): T {
  const raw = get(spec.key);
  if (raw === undefined || raw === null) return spec.default;
  const value = spec.coerce(raw);
  if (value === undefined) {
    const why = spec.why?.(raw);
    problems.push(
      `diamond.${spec.key}: ignoring ${JSON.stringify(raw)}${why ? `: ${why}` : ''}; using ${JSON.stringify(spec.default)}`,
    );
    return spec.default;
  }
  return value;
}

/** The settings the language server applies, read through `get`; unusable values are named in `problems`. */
export function readServerSettings(get: SettingGetter, problems: string[]): ServerAppliedSettings {
  const rules = {} as Record<RuleId, SeveritySetting>;
  for (const r of RULE_CATALOGUE) rules[r.id] = readSetting(RULE_SETTINGS[r.id], get, problems);
  return {
    debounceMs: readSetting(SETTINGS.debounceMs, get, problems),
    rules,
    namespacePattern: readSetting(SETTINGS.namespacePattern, get, problems),
    baseline: readSetting(SETTINGS.baseline, get, problems),
  };
}

export interface SettingsRead {
  settings: DiamondSettings;
  /** One line per ignored value, naming the key: for the output channel. */
  problems: string[];
}

/** Every setting, read through `get` (a `WorkspaceConfiguration` for section `diamond`, or a test map). */
export function readSettings(get: SettingGetter): SettingsRead {
  const problems: string[] = [];
  const s = SETTINGS;
  const settings: DiamondSettings = {
    rpcUrl: readSetting(s.rpcUrl, get, problems),
    nodePort: readSetting(s.nodePort, get, problems),
    txTimeoutSeconds: readSetting(s.txTimeoutSeconds, get, problems),
    ...readServerSettings(get, problems),
    traceServer: readSetting(s.traceServer, get, problems),
    logLevel: readSetting(s.logLevel, get, problems),
  };
  return { settings, problems };
}

/** The keys (full, `diamond.`-prefixed) a configuration change touched that only a node restart applies. */
export function keysNeedingNodeRestart(affects: (fullKey: string) => boolean): string[] {
  return ALL_SETTINGS.filter((s) => s.appliedBy === 'node-restart')
    .map((s) => `diamond.${s.key}`)
    .filter(affects);
}
