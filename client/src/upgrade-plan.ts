/**
 * "Diamond: Plan Upgrade" without `vscode` (commands/plan-upgrade.ts renders): which project and which diamond
 * of diamond.config.json, the init contracts of a build and their arguments checked against the ABI as they are
 * typed, the plan itself (connect, the deployer, chain/src/workflows/upgrade-plan.ts planUpgrade), the report
 * (chain/src/upgrade-report.ts planMarkdown, as `diamond upgrade plan --report` writes it, plus links to the
 * sources), the findings as diagnostics and the sentence of the notification. Nothing here decides what the
 * plan contains: the workflow does.
 */
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Interface, Wallet, type FunctionFragment, type InterfaceAbi } from 'ethers';
import type { Artifact, CompileOptions, CompileResult } from '../../chain/src/compile-types';
import { connect } from '../../chain/src/connect';
import { readDeploymentRecord } from '../../chain/src/deployment-record';
import { redactUrl } from '../../chain/src/redact';
import type { KeySource } from '../../chain/src/tx-gate';
import type { PlanFinding, UpgradePlan } from '../../chain/src/upgrade-plan-types';
import { planMarkdown } from '../../chain/src/upgrade-report';
import { PLAN_UPGRADE_ACTION, planUpgrade, type PlanInitInput } from '../../chain/src/workflows/upgrade-plan';
import { throwIfAborted, type WorkflowOptions } from '../../chain/src/workflows/workflow';
import { compileRootOf, DIAMOND_DIR } from '../../host/src/project';
import type { ResolvedSelector } from '../../protocol/requests';
import { isRuleId, ruleDocUrl } from '../../shared/rules';

// ---------------------------------------------------------------------------------------------------------
// Which project, which diamond

/**
 * The folders Plan Upgrade may run in, one per compile root (a workspace folder and the DLOOP root above its
 * `contracts/` compile the same files): the folder holding the connected diamond's deployment record first,
 * so the plan reads that record (facet names, the deployed commit) and writes its report beside it.
 */
export function planRoots(
  folders: readonly string[],
  connected?: { chainId: number; diamond: string },
): string[] {
  const holdsRecord = (root: string) =>
    connected !== undefined && readDeploymentRecord(root, connected.chainId, connected.diamond) !== undefined;
  const byCompileRoot = new Map<string, string>();
  for (const folder of folders) {
    const key = compileRootOf(folder);
    const seen = byCompileRoot.get(key);
    // Within one compile root: the record's folder, else the outer folder (where deploy writes records).
    if (
      seen === undefined ||
      (holdsRecord(folder) && !holdsRecord(seen)) ||
      (holdsRecord(folder) === holdsRecord(seen) && folder.length < seen.length)
    )
      byCompileRoot.set(key, folder);
  }
  const roots = [...byCompileRoot.values()];
  return [...roots.filter(holdsRecord), ...roots.filter((r) => !holdsRecord(r))];
}

export interface DiamondItem {
  name: string;
  /** undefined: the config lists none (every `*Facet` contract). */
  facets: readonly string[] | undefined;
  /** Facets of this diamond not on chain, and named facets on chain it does not list (empty without a list). */
  added: string[];
  dropped: string[];
}

export type DiamondChoice =
  /** diamond.config.json declares none: the workflow's default discovery (every `*Facet`). */
  | { kind: 'default' }
  /** One: planned without asking. */
  | { kind: 'only'; name: string }
  | { kind: 'pick'; items: DiamondItem[] };

/**
 * What to ask about the config's diamonds. `live`: the facet names the Facet Explorer read on chain (null for a
 * facet no local knowledge names; the diamond's own immutable functions left out by the caller).
 */
export function diamondChoice(
  diamonds: readonly { name: string; facets?: readonly string[] }[],
  live: readonly (string | null)[],
): DiamondChoice {
  if (diamonds.length === 0) return { kind: 'default' };
  if (diamonds.length === 1) return { kind: 'only', name: diamonds[0].name };
  const onChain = new Set(live.filter((n): n is string => n !== null));
  return {
    kind: 'pick',
    items: diamonds.map((d) => ({
      name: d.name,
      facets: d.facets,
      added: d.facets?.filter((f) => !onChain.has(f)) ?? [],
      dropped: d.facets ? [...onChain].filter((f) => !d.facets!.includes(f)) : [],
    })),
  };
}

/** The QuickPick's description of a diamond against the chain: "+RewardsV2Facet −RewardsFacet". */
export function describeDiamondItem(item: DiamondItem): string {
  if (!item.facets) return 'every *Facet contract';
  if (item.added.length === 0 && item.dropped.length === 0) return 'the facets on chain';
  return [...item.added.map((f) => `+${f}`), ...item.dropped.map((f) => `−${f}`)].join(' ');
}

// ---------------------------------------------------------------------------------------------------------
// The init call

export interface InitFunction {
  /** Canonical signature, as the workflow takes it (`migrate(uint16)`). */
  signature: string;
  inputs: { name: string; type: string }[];
}

export interface InitCandidate {
  contract: string;
  /** Source unit (relative to the compile root). */
  file: string;
  /** State-changing functions (a view function cannot initialise anything). */
  functions: InitFunction[];
  /** Named like an init or a migration: listed first. */
  likely: boolean;
}

const LIKELY_INIT = /init|migrat|upgrade/i;
/** A library's runtime code starts with PUSH20 <its address> (zeros in the artifact): call protection. */
const LIBRARY_PROLOGUE = /^(0x)?73[0]{40}/i;
const hasCode = (hex: string) => hex.replace(/^0x/, '') !== '';

function functionsOf(abi: InterfaceAbi): FunctionFragment[] {
  const fns: FunctionFragment[] = [];
  Interface.from(abi).forEachFunction((f) => fns.push(f));
  return fns;
}

const toInitFunction = (f: FunctionFragment): InitFunction => ({
  signature: f.format('sighash'),
  inputs: f.inputs.map((p) => ({ name: p.name, type: p.format('sighash') })),
});

/**
 * Contracts of a build an init may be: deployable (code, no library, no unlinked library placeholder), with a
 * state-changing function, not a facet of a configured diamond (`facets`). Init-like names first, then by name.
 */
export function initCandidates(artifacts: readonly Artifact[], facets: ReadonlySet<string>): InitCandidate[] {
  const out: InitCandidate[] = [];
  for (const a of artifacts) {
    if (facets.has(a.name) || !hasCode(a.bytecode) || !hasCode(a.deployedBytecode)) continue;
    if (LIBRARY_PROLOGUE.test(a.deployedBytecode) || /__\$[0-9a-f]{34}\$__/.test(a.bytecode)) continue;
    const functions = functionsOf(a.abi as InterfaceAbi)
      .filter((f) => !f.constant)
      .map(toInitFunction);
    if (functions.length === 0) continue;
    out.push({ contract: a.name, file: a.file, functions, likely: LIKELY_INIT.test(a.name) });
  }
  return out.sort(
    (x, y) =>
      Number(y.likely) - Number(x.likely) ||
      x.contract.localeCompare(y.contract) ||
      x.file.localeCompare(y.file),
  );
}

/** What the arguments box shows as a hint: `[uint16 multiplierBps]`. */
export function argsPlaceholder(fn: InitFunction): string {
  return `[${fn.inputs.map((p) => (p.name ? `${p.type} ${p.name}` : p.type)).join(', ')}]`;
}

export type ParsedInitArgs =
  /** `calldata`: the call encoded, as the plan's init will carry it. */
  { ok: true; args: unknown[]; calldata: string } | { ok: false; message: string };

/**
 * The arguments typed for `signature` of the init contract's ABI: a JSON array (as `--init-args` takes it) that
 * ethers encodes against the ABI. The message says what does not fit, as the user types.
 */
export function parseInitArgs(abi: InterfaceAbi, signature: string, text: string): ParsedInitArgs {
  const fragment = functionsOf(abi).find((f) => f.format('sighash') === signature);
  if (!fragment) return { ok: false, message: `The contract has no function ${signature}.` };
  const trimmed = text.trim();
  const iface = Interface.from([fragment]);
  if (trimmed === '' && fragment.inputs.length === 0)
    return { ok: true, args: [], calldata: iface.encodeFunctionData(fragment, []) };
  let unsafe: number | undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed, (_key, value: unknown) => {
      if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value))
        unsafe ??= value;
      return value;
    });
  } catch (err) {
    return { ok: false, message: `Not JSON: ${(err as Error).message}` };
  }
  if (!Array.isArray(parsed))
    return {
      ok: false,
      message: `A JSON array of the arguments of ${signature}: ${argsPlaceholder(toInitFunction(fragment))}.`,
    };
  if (unsafe !== undefined)
    return {
      ok: false,
      message: `${unsafe} is above 2^53: JSON numbers that large lose digits. Write it as a string ("…").`,
    };
  if (parsed.length !== fragment.inputs.length)
    return {
      ok: false,
      message: `${signature} takes ${fragment.inputs.length} argument${fragment.inputs.length === 1 ? '' : 's'}, ${parsed.length} given.`,
    };
  let calldata: string;
  try {
    calldata = iface.encodeFunctionData(fragment, parsed);
  } catch (err) {
    const e = err as Error & { shortMessage?: string; argument?: string };
    return {
      ok: false,
      message: `Does not encode as ${signature}: ${e.shortMessage ?? e.message}${e.argument ? ` (${e.argument})` : ''}.`,
    };
  }
  return { ok: true, args: parsed, calldata };
}

// ---------------------------------------------------------------------------------------------------------
// The plan

export interface EditorPlanInputs {
  rpcUrl: string;
  address: string;
  /** Project folder (planRoots). */
  root: string;
  /** A diamond of diamond.config.json; undefined: the only one, or the default discovery. */
  diamond?: string;
  init?: PlanInitInput;
  /** compileInWorker (or its result already at hand): never solc on the extension host's thread. */
  compile: (opts: CompileOptions) => Promise<CompileResult>;
  /** Secret storage: on a chain that is not a local dev node, its account deploys the new facets. */
  key: KeySource;
}

export type EditorPlanOutcome =
  | { kind: 'planned'; plan: UpgradePlan }
  /** Not a local dev node and no (usable) key: the new facets' addresses cannot be predicted. Nothing was read. */
  | { kind: 'needs-key'; message: string };

/**
 * connect → the deployer (a local dev node: its first account, the workflow's default; any other chain: the
 * key's account, as the CLI takes DIAMOND_PRIVATE_KEY's) → planUpgrade. Sends nothing. Throws what the workflow
 * throws (RpcUnreachableError, PlanInputError, PlanConfigError, CompileFailedError, WorkflowAbortedError).
 */
export async function planFromEditor(
  inputs: EditorPlanInputs,
  options: WorkflowOptions = {},
): Promise<EditorPlanOutcome> {
  options.onProgress?.({ message: `Connecting to ${redactUrl(inputs.rpcUrl)}` });
  const connection = await connect(inputs.rpcUrl, { timeoutMs: 5000 });
  throwIfAborted(options.signal, PLAN_UPGRADE_ACTION.doing);
  let deployer: string | undefined;
  if (!connection.isLocalDevChain) {
    const chain = `Chain ${connection.chainId} (${redactUrl(connection.url)}) is not a local dev node`;
    const key = (await inputs.key.read())?.trim();
    if (!key)
      return {
        kind: 'needs-key',
        message: `${chain}: the plan predicts the new facets' addresses from the deployer's nonce. Set ${inputs.key.describe} first.`,
      };
    try {
      deployer = new Wallet(key.startsWith('0x') ? key : `0x${key}`).address;
    } catch {
      return {
        kind: 'needs-key',
        message: `${chain}, and the stored deployer key is not a private key: set it again.`,
      };
    }
  }
  const plan = await planUpgrade(
    {
      connection,
      address: inputs.address,
      root: inputs.root,
      diamond: inputs.diamond,
      init: inputs.init,
      deployer,
      compile: inputs.compile,
    },
    options,
  );
  return { kind: 'planned', plan };
}

/** Where the report of a plan goes: `<root>/.diamond/plans/upgrade-plan-<chainId>-<diamond>.md` (one per diamond). */
export function planReportFile(root: string, plan: Pick<UpgradePlan, 'chainId' | 'diamond'>): string {
  return join(root, DIAMOND_DIR, 'plans', `upgrade-plan-${plan.chainId}-${plan.diamond}.md`);
}

/** A place in a source file, 1-based (what a Markdown link's `#L<line>,<column>` names). */
export interface SourcePlace {
  file: string;
  line: number;
  column: number;
}

/**
 * Where each selector of the plan is implemented, from the language server's answer (diamond/resolveSelectors):
 * the function of the facet that routes it after the cut, else (a Remove, a selector left alone) of the facet
 * that routes it now, else the first contract that has it.
 */
export function selectorSources(
  plan: Pick<UpgradePlan, 'plan'>,
  resolved: readonly ResolvedSelector[],
): Map<string, SourcePlace> {
  const bySelector = new Map(resolved.map((r) => [r.selector.toLowerCase(), r]));
  const out = new Map<string, SourcePlace>();
  for (const row of plan.plan.selectors) {
    const contracts = bySelector.get(row.selector.toLowerCase())?.contracts ?? [];
    const hit =
      contracts.find((c) => c.name === row.toFacet) ??
      contracts.find((c) => c.name === row.fromFacet) ??
      contracts[0];
    if (!hit || !hit.location.uri.startsWith('file:')) continue;
    const { line, character } = hit.location.range.start;
    out.set(row.selector, { file: fileURLToPath(hit.location.uri), line: line + 1, column: character + 1 });
  }
  return out;
}

/**
 * The report of a plan written at `file`: exactly what `diamond upgrade plan --report <file>` writes (paths
 * relative to the report's folder), plus, unless `links` is null, Markdown links from selectors and places to
 * their sources (`path#L<line>,<column>`, which VS Code's Markdown preview opens at that line).
 */
export function planDocument(
  plan: UpgradePlan,
  file: string,
  links: { sources: ReadonlyMap<string, SourcePlace> } | null,
): string {
  const dir = dirname(file);
  const rel = (target: string) => {
    const r = relative(dir, target) || '.';
    return sep === '/' ? r : r.split(sep).join('/');
  };
  const at = (p: { file: string; line?: number; column?: number }) =>
    p.line === undefined ? rel(p.file) : `${rel(p.file)}#L${p.line},${p.column ?? 1}`;
  if (!links) return planMarkdown(plan, { displayPath: rel });
  return planMarkdown(plan, {
    displayPath: rel,
    selectorLink: (row) => {
      const s = links.sources.get(row.selector);
      return s ? at(s) : undefined;
    },
    placeLink: at,
  });
}

// ---------------------------------------------------------------------------------------------------------
// What the plan says: diagnostics and the notification

export interface PlanDiagnostic {
  severity: PlanFinding['severity'];
  /** 0-based, UTF-16 (VS Code positions). */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  /** The rule id; `href` its documentation. */
  code: string;
  href: string;
  related: { file: string; line: number; message: string }[];
}

/** Where findings that are not analysis rules are documented (docs/upgrade.md, "Validation"). */
export const UPGRADE_VALIDATION_DOC =
  'https://github.com/dloop/diamond-tools/blob/main/docs/upgrade.md#validation-before-anything-is-sent';

/** The plan's findings that have a place in a file, by file (the `diamond-upgrade` collection); the rest only in the report. */
export function planDiagnostics(findings: readonly PlanFinding[]): Map<string, PlanDiagnostic[]> {
  const byFile = new Map<string, PlanDiagnostic[]>();
  for (const f of findings) {
    if (!f.file || f.line === undefined) continue;
    const start = { line: f.line - 1, character: (f.column ?? 1) - 1 };
    const end = f.endLine !== undefined ? { line: f.endLine - 1, character: (f.endColumn ?? 1) - 1 } : start;
    const list = byFile.get(f.file) ?? [];
    list.push({
      severity: f.severity,
      range: { start, end },
      message: f.message,
      code: f.rule,
      href: isRuleId(f.rule) ? ruleDocUrl(f.rule) : UPGRADE_VALIDATION_DOC,
      related: (f.related ?? []).map((r) => ({ file: r.file, line: r.line - 1, message: r.message })),
    });
    byFile.set(f.file, list);
  }
  return byFile;
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The notification after a plan: its level and sentence ("Plan has 2 errors …"). */
export function planVerdict(plan: Pick<UpgradePlan, 'findings' | 'plan' | 'deploy'>): {
  level: 'error' | 'warning' | 'info';
  message: string;
} {
  const errors = plan.findings.filter((f) => f.severity === 'error').length;
  const warnings = plan.findings.filter((f) => f.severity === 'warning').length;
  const n = (action: string) => plan.plan.selectors.filter((s) => s.action === action).length;
  const [replace, add, remove] = [n('replace'), n('add'), n('remove')];
  const cut =
    replace + add + remove === 0
      ? 'nothing to cut'
      : `${replace} replaced, ${add} added, ${remove} removed; ${count(plan.deploy.length, 'contract')} to deploy`;
  if (errors)
    return {
      level: 'error',
      message: `Plan has ${count(errors, 'error')}${warnings ? ` and ${count(warnings, 'warning')}` : ''}: it cannot be simulated or proposed as it is (${cut}).`,
    };
  if (warnings)
    return { level: 'warning', message: `Plan valid with ${count(warnings, 'warning')}: ${cut}.` };
  return { level: 'info', message: `Plan valid: ${cut}.` };
}
