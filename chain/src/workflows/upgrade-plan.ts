/**
 * Workflow: plan a cut against the live diamond, and validate it, before anything is sent.
 *
 * compile the project (host's project model: files, remappings, config) → the target facet set (the config's
 * diamond, else the engine's default discovery) with selectors from solc's methodIdentifiers → the
 * deployment record → the loupe read (live facets named by identical code, else by the record) → the engine's
 * pure planner (planCut) → the deployer's next nonces (predicted CREATE addresses) → the init call encoded
 * from its ABI → `diamondCut(cut, init, calldata)` → validation on the diamond as it would be after the cut:
 * duplicate/colliding/immutable selectors, storage layouts against the deployed sources, orphaned namespaces,
 * code at every cut facet and the init. Returns an UpgradePlan (upgrade-plan-types.ts), which simulate and
 * propose read.
 *
 * Sends nothing: every RPC call here is a read (chain id, code, loupe, nonce). An abort throws
 * WorkflowAbortedError at the next step.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Interface, ZeroAddress, type FunctionFragment, type InterfaceAbi } from 'ethers';
import {
  bindAddresses,
  DEFAULT_PROTECTED_SELECTORS,
  discoverDiamonds,
  LineIndex,
  planCut,
  selectorOf,
  type ContractSelectors,
  type CutPlan,
  type DiamondSpec,
  type Finding,
  type LiveFacetInput,
  type FieldLayout,
  type NamespaceEntry,
  type PlanProblem,
  type TargetFacetInput,
} from '../../../engine';
import { readBaseline } from '../../../host/src/baseline';
import { fileKey } from '../../../host/src/files';
import { compileRootOf } from '../../../host/src/project';
import type { ConfigIssue } from '../../../host/src/project-config';
import { codeMatches, normaliseArtifactCode } from '../bytecode';
import { compileProject } from '../compile';
import { hasErrors, type Artifact, type CompileOptions, type CompileResult } from '../compile-types';
import type { ChainConnection } from '../connect';
import { FacetCutAction, type FacetCut } from '../cut';
import { addressOrNull, checksumAddress, createAddress, keccak256Hex } from '../keccak';
import { encodeDiamondCut } from '../cut-calldata';
import {
  deploymentRecordPath,
  deploymentsDir,
  legacyDeploymentRecordPath,
  readDeploymentRecord,
  recordedFieldLayouts,
  type DeploymentRecord,
} from '../deployment-record';
import { readLoupe, readLoupeWith } from '../loupe';
import type { LoupeView } from '../loupe-types';
import type { RpcOutcome } from '../rpc';
import { planAnalysis } from '../plan-analysis';
import { planSources, planText } from '../plan-sources';
import type {
  PlanCheck,
  PlanCheckId,
  PlanFinding,
  PlannedDeployment,
  PlannedInit,
  UpgradePlan,
} from '../upgrade-plan-types';
import { CompileFailedError } from './deploy-dloop';
import { throwIfAborted, type WorkflowOptions } from './workflow';

export const PLAN_UPGRADE_ACTION = { title: 'Plan an upgrade', doing: 'Planning the upgrade' };

// The calldata encoder lives in cut-calldata.ts; simulate, rollback and the history import it from here too.
export { DIAMOND_CUT_SELECTOR, encodeDiamondCut } from '../cut-calldata';

export interface PlanInitInput {
  /** Contract name of the init contract (compiled with the project). */
  contract: string;
  /** The function: a canonical signature (`migrate(uint16)`) or a bare name when it is unambiguous. */
  call: string;
  /** Its arguments, as ethers takes them (numbers, strings, arrays, objects for structs). */
  args: unknown[];
}

export interface PlanUpgradeInputs {
  connection: ChainConnection;
  /** The diamond's address. */
  address: string;
  /** Project folder (the compile root is `<root>/contracts` when it exists; records in `<root>/.diamond`). */
  root: string;
  /** A diamond of diamond.config.json by name; default: the only one, or (none configured) every `*Facet`. */
  diamond?: string;
  init?: PlanInitInput;
  /** Also remove selectors of facets the project does not manage. */
  prune?: boolean;
  /**
   * Who deploys the new facets (their addresses are predicted from its next nonces). Default: a local dev
   * node's first unlocked account (the transaction gate's choice there); required on any other chain.
   */
  deployer?: string;
  /** How to compile (the extension passes compileInWorker). Default compileProject. */
  compile?: (opts: CompileOptions) => Promise<CompileResult>;
}

/** The inputs cannot make a plan (which diamond, which facets, the init call, the deployer). Nothing was sent. */
export class PlanInputError extends Error {
  override readonly name = 'PlanInputError';
  constructor(
    readonly input: 'diamond' | 'facets' | 'init' | 'deployer',
    message: string,
  ) {
    super(message);
  }
}

/** diamond.config.json has problems: the faces print them at their places. */
export class PlanConfigError extends Error {
  override readonly name = 'PlanConfigError';
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map((i) => `${i.file}: ${i.problems.map((p) => p.message).join('; ')}`).join('\n'));
  }
}

const lower = (s: string) => s.toLowerCase();
const strip0x = (h: string) => (h.startsWith('0x') ? h.slice(2) : h).toLowerCase();

/** The record of this diamond on this chain in the first folder of `dirs` holding one, with its file. */
function findRecord(
  dirs: Iterable<string>,
  chainId: number,
  diamond: string,
): { record: DeploymentRecord; file: string } | undefined {
  for (const dir of dirs) {
    // Most folders hold neither: asking is cheaper than a failed read (an exception each, ~0.1 ms), and one
    // question (is there a records folder?) cheaper than two.
    if (!existsSync(deploymentsDir(dir))) continue;
    const own = deploymentRecordPath(dir, chainId, diamond);
    const legacy = legacyDeploymentRecordPath(dir, chainId);
    if (!existsSync(own) && !existsSync(legacy)) continue;
    const record = readDeploymentRecord(dir, chainId, diamond);
    if (!record) continue;
    return { record, file: existsSync(own) ? own : legacy };
  }
  return undefined;
}

/** `dir` and every folder above it. */
function* upFrom(dir: string): Generator<string> {
  for (let d = dir; ;) {
    yield d;
    const parent = resolve(d, '..');
    if (parent === d) return;
    d = parent;
  }
}

/** The diamond spec the plan targets: by name, the only one, or none (default discovery). */
function pickDiamond(
  diamonds: readonly DiamondSpec[],
  name: string | undefined,
  configFile: string,
): DiamondSpec | null {
  const names = diamonds.map((d) => `"${d.name}"`).join(', ');
  if (name !== undefined) {
    const spec = diamonds.find((d) => d.name === name);
    if (spec) return spec;
    throw new PlanInputError(
      'diamond',
      diamonds.length
        ? `no diamond named "${name}" in ${configFile} (its diamonds: ${names})`
        : `no diamond named "${name}": ${configFile} declares no diamonds`,
    );
  }
  if (diamonds.length === 0) return null;
  if (diamonds.length === 1) return diamonds[0];
  throw new PlanInputError(
    'diamond',
    `${configFile} declares ${diamonds.length} diamonds (${names}): pick one with --diamond NAME`,
  );
}

/** The artifact of a contract the engine sees at `file` (a unit name under the compile root), else the only one of its name. */
function artifactOf(
  artifacts: readonly Artifact[],
  compileRoot: string,
  name: string,
  file?: string,
): Artifact | undefined {
  const named = artifacts.filter((a) => a.name === name);
  if (file !== undefined) {
    const exact = named.find((a) => fileKey(resolve(compileRoot, a.file)) === file);
    if (exact) return exact;
  }
  return named.length === 1 ? named[0] : undefined;
}

/** The function `call` names in an ABI: by canonical signature (spaces ignored), or by a name it has once. */
function initFragment(contract: string, abi: Interface, call: string): FunctionFragment {
  const wanted = call.replace(/\s+/g, '');
  const fns: FunctionFragment[] = [];
  abi.forEachFunction((f) => fns.push(f));
  const list = fns.map((f) => f.format('sighash')).join(', ') || 'none';
  const byName = fns.filter((f) => f.name === wanted);
  const found = wanted.includes('(')
    ? fns.find((f) => f.format('sighash') === wanted)
    : byName.length === 1
      ? byName[0]
      : undefined;
  if (found) return found;
  if (!wanted.includes('(') && byName.length > 1)
    throw new PlanInputError(
      'init',
      `--init-call ${call} is ambiguous in ${contract}: name one of ${byName.map((f) => f.format('sighash')).join(', ')}`,
    );
  throw new PlanInputError(
    'init',
    `--init-call ${call}: ${contract} has no such function (its functions: ${list})`,
  );
}

/** `init.call(args)` encoded against the init contract's ABI, or a PlanInputError naming what does not fit. */
export function encodeInitCall(
  init: PlanInitInput,
  abi: InterfaceAbi,
): { calldata: string; signature: string } {
  const iface = Interface.from(abi);
  const fragment = initFragment(init.contract, iface, init.call);
  const signature = fragment.format('sighash');
  if (!Array.isArray(init.args))
    throw new PlanInputError('init', `--init-args for ${signature} must be a JSON array of its arguments`);
  if (init.args.length !== fragment.inputs.length)
    throw new PlanInputError(
      'init',
      `--init-args: ${signature} takes ${fragment.inputs.length} argument(s), ${init.args.length} given`,
    );
  try {
    return { calldata: iface.encodeFunctionData(fragment, init.args), signature };
  } catch (err) {
    const e = err as Error & { shortMessage?: string };
    throw new PlanInputError(
      'init',
      `--init-args do not encode as ${signature}: ${e.shortMessage ?? e.message}`,
    );
  }
}

/** An artifact's selectors from solc's methodIdentifiers, kept per build (the build at hand is planned again). */
const artifactSelectors = new WeakMap<Artifact['methodIdentifiers'], TargetFacetInput['selectors']>();
function selectorsOf(artifact: Artifact): TargetFacetInput['selectors'] {
  let list = artifactSelectors.get(artifact.methodIdentifiers);
  if (!list) {
    list = Object.entries(artifact.methodIdentifiers).map(([signature, id]) => ({
      selector: `0x${lower(id)}`,
      signature,
    }));
    artifactSelectors.set(artifact.methodIdentifiers, list);
  }
  return list;
}

const ACTIONS = {
  add: FacetCutAction.Add,
  replace: FacetCutAction.Replace,
  remove: FacetCutAction.Remove,
} as const;

/** Why an artifact cannot be deployed as it is ('' when it can). */
function undeployable(a: Artifact): string {
  if (strip0x(a.deployedBytecode) === '' || strip0x(a.bytecode) === '')
    return `${a.name} (${a.file}) has no runtime bytecode: an interface or abstract contract cannot be cut in`;
  if (/__\$[0-9a-f]{34}\$__/.test(a.bytecode))
    return `${a.name} (${a.file}) needs linked libraries, which the plan does not deploy`;
  return '';
}

/**
 * Line indexes of the texts the last plans placed findings in, kept while a file's text is the same (plans
 * repeat: the kept texts of plan-sources.ts are the same strings, compared by reference first). Bounded.
 */
const lineIndexes = new Map<string, { text: string; index: LineIndex }>();
const MAX_LINE_INDEXES = 64;

function lineIndexOf(file: string, text: string): LineIndex {
  const kept = lineIndexes.get(file);
  if (kept && kept.text === text) return kept.index;
  const index = new LineIndex(text);
  lineIndexes.delete(file);
  lineIndexes.set(file, { text, index });
  for (const k of lineIndexes.keys()) if (lineIndexes.size > MAX_LINE_INDEXES) lineIndexes.delete(k);
  return index;
}

/** Turns engine findings, plan problems and checks into PlanFindings with lines (renderers get no file text). */
class Places {
  private readonly indexes = new Map<string, LineIndex | null>();
  constructor(private readonly read: (file: string) => string | undefined) {}

  private index(file: string): LineIndex | undefined {
    let idx = this.indexes.get(file);
    if (idx === undefined) {
      const text = this.read(file);
      idx = text === undefined ? null : lineIndexOf(file, text);
      this.indexes.set(file, idx);
    }
    return idx ?? undefined;
  }

  at(file: string, start: number, end: number) {
    const idx = this.index(file);
    const s = idx?.positionAt(start) ?? { line: 0, character: 0 };
    const e = idx?.positionAt(end) ?? s;
    return {
      file,
      start,
      end,
      line: s.line + 1,
      column: s.character + 1,
      endLine: e.line + 1,
      endColumn: e.character + 1,
    };
  }

  finding(
    f: Finding,
    severity: PlanFinding['severity'],
    check: PlanCheckId,
    message = f.message,
  ): PlanFinding {
    return {
      rule: f.rule,
      severity,
      message,
      ...this.at(f.file, f.start, f.end),
      related: f.related.map((r) => ({ ...pick(this.at(r.file, r.start, r.end)), message: r.message })),
      check,
    };
  }
}

const pick = (p: { file: string; start: number; end: number; line: number }) => ({
  file: p.file,
  start: p.start,
  end: p.end,
  line: p.line,
});

/** Whether code in `artifacts` places the namespace's slot (its 32 bytes are in the runtime code). */
type Touch = 'yes' | 'no' | 'unknown';
function touchedBy(
  ns: NamespaceEntry,
  code: readonly Artifact[],
  all: readonly Artifact[],
  libraries: ReadonlySet<string>,
): Touch {
  if (ns.scheme === 'appstorage') return 'unknown'; // slot 0: every facet of the pattern, nothing to search for
  const slot = strip0x(ns.slot);
  const has = (a: Artifact) => strip0x(a.deployedBytecode).includes(slot);
  if (code.some(has)) return 'yes';
  // Found only in other contracts' code: not this cut's. In a library's code (public functions): cannot tell.
  const elsewhere = all.filter(has);
  return elsewhere.length && !elsewhere.some((a) => libraries.has(a.name)) ? 'no' : 'unknown';
}

function checkStatus(findings: readonly PlanFinding[], id: PlanCheckId): PlanCheck['status'] {
  const mine = findings.filter((f) => f.check === id);
  if (mine.some((f) => f.severity === 'error')) return 'failed';
  if (mine.some((f) => f.severity === 'warning')) return 'warning';
  return 'passed';
}

export async function planUpgrade(
  inputs: PlanUpgradeInputs,
  options: WorkflowOptions = {},
): Promise<UpgradePlan> {
  const { connection: conn } = inputs;
  const report = options.onProgress ?? (() => {});
  const abortPoint = () => throwIfAborted(options.signal, PLAN_UPGRADE_ACTION.doing);
  abortPoint();
  const address = addressOrNull(inputs.address);
  if (address === null) throw new PlanInputError('diamond', `not an address: ${inputs.address}`);

  // 1. The local build: the project model decides the files, remappings and config.
  const compileRoot = compileRootOf(inputs.root);
  const compile = inputs.compile ?? compileProject;
  let compiled: CompileResult;
  try {
    compiled = await compile({
      root: compileRoot,
      signal: options.signal,
      onProgress: (p) =>
        report({ message: p.message, increment: p.increment === undefined ? undefined : p.increment * 0.4 }),
    });
  } catch (err) {
    abortPoint();
    throw err;
  }
  if (hasErrors(compiled)) throw new CompileFailedError(compiled);
  const artifacts = compiled.contracts;
  abortPoint();

  // The project model and texts of the last plan while no folder or file they came from changed (plan-sources.ts).
  const sources = planSources(compileRoot);
  if (sources.configIssues.length) throw new PlanConfigError(sources.configIssues);
  const project = sources.project;
  const config = project.config!;

  // 4 (sent now, used below). The live diamond and the deployer's nonce are read while this thread analyses
  // the project (steps 2 and 3): the read waits on the node, the analysis is CPU, so neither waits for the
  // other. Nothing of the read is looked at before the input checks of steps 2 and 3 passed, so an input error
  // still wins over anything the read says (an unknown deployer, step 3's last check, sends no read at all).
  let named: string | undefined;
  let deployerError: unknown;
  try {
    named = namedDeployer(inputs, conn);
  } catch (err) {
    deployerError = err;
  }
  const recordDirs = [...new Set([fileKey(inputs.root), ...upFrom(project.root)])];
  const found = findRecord(recordDirs, conn.chainId, address);
  const record = found?.record;
  const loupeOptions = { rpcUrl: conn.url, address, artifacts, deployment: record };
  let liveRead: Promise<LiveRead> | undefined;
  if (deployerError === undefined) {
    report({ message: `Reading the diamond ${address} on chain ${conn.chainId}`, increment: 10 });
    liveRead = readLive(conn, loupeOptions, named ?? localAccounts.get(conn));
    liveRead.catch(() => undefined); // its error is thrown where it is awaited, unless an input error came first
    await sendNow();
  }
  const texts = new Map<string, string | undefined>();
  const read = (file: string) => {
    if (!texts.has(file)) texts.set(file, planText(file));
    return texts.get(file);
  };
  const service = planAnalysis({
    root: project.root,
    remappings: sources.remappings,
    config,
    files: sources.files,
    read,
  });
  const places = new Places(read);

  // 2. The facet set the diamond should route to after the cut.
  const spec = pickDiamond(config.diamonds, inputs.diamond, project.configFile);
  const contracts = service.contractSelectors();
  const [discovered] = discoverDiamonds(contracts, { ...config, diamonds: spec ? [spec] : [] });
  if (discovered.missing.length) {
    throw new PlanInputError(
      'facets',
      `${project.configFile}: diamond "${spec?.name}" lists ${discovered.missing.map((m) => `"${m}"`).join(', ')}, ` +
        `which no deployable contract under ${compileRoot} declares: nothing to plan with (a missing facet would have all its selectors removed)`,
    );
  }
  const targetContracts: ContractSelectors[] = discovered.facets;
  const seenNames = new Map<string, string>();
  const target: (TargetFacetInput & { artifact: Artifact; contract: ContractSelectors })[] = [];
  for (const c of targetContracts) {
    const other = seenNames.get(c.name);
    if (other !== undefined)
      throw new PlanInputError(
        'facets',
        `two facets named ${c.name} (${other}, ${c.file}): a plan names each facet once`,
      );
    seenNames.set(c.name, c.file);
    const artifact = artifactOf(artifacts, compileRoot, c.name, c.file);
    if (!artifact)
      throw new PlanInputError(
        'facets',
        `${c.name} (${c.file}) has no compiled artifact under ${compileRoot}`,
      );
    target.push({
      name: c.name,
      // solc's methodIdentifiers: the ground truth for what the deployed facet will expose.
      selectors: selectorsOf(artifact),
      artifact,
      contract: c,
    });
  }

  // 3. The init call: encoded now, so a wrong signature or argument list stops the plan before any read.
  let initArtifact: Artifact | undefined;
  let initEncoded: { calldata: string; signature: string } | undefined;
  if (inputs.init) {
    const found = artifacts.filter((a) => a.name === inputs.init!.contract);
    if (found.length === 0)
      throw new PlanInputError(
        'init',
        `--init ${inputs.init.contract}: no compiled contract of that name under ${compileRoot}`,
      );
    if (found.length > 1)
      throw new PlanInputError(
        'init',
        `--init ${inputs.init.contract} is ambiguous: ${found.map((a) => a.file).join(', ')}`,
      );
    initArtifact = found[0];
    initEncoded = encodeInitCall(inputs.init, initArtifact.abi as InterfaceAbi);
  }
  abortPoint();

  // Who will deploy (an input error when unknown: before any read of the diamond).
  if (deployerError !== undefined) throw deployerError;
  const { loupe, deployer, nonceHex } = await liveRead!;
  if (loupe.chainId !== conn.chainId)
    throw new Error(`The RPC answered chain ${loupe.chainId} for the loupe, ${conn.chainId} when connecting`);
  abortPoint();

  const live: LiveFacetInput[] = loupe.facets.map((f) => {
    const known = f.nameSource === 'bytecode' || f.nameSource === 'deployment';
    return {
      address: f.address,
      selectors: f.selectors.map((s) => lower(s.selector)),
      name: known ? f.name : null,
      sameCode: f.nameSource === 'bytecode',
    };
  });
  const managed = new Set<string>(spec?.facets ?? target.map((t) => t.name));
  for (const f of record?.facets ?? []) managed.add(f.name);
  for (const f of live) if (f.name !== null) managed.add(f.name);
  const protectedSelectors = (config.upgrade?.protectedSelectors ?? DEFAULT_PROTECTED_SELECTORS).map((s) =>
    s.startsWith('0x') ? lower(s) : selectorOf(s),
  );

  // 5. The pure planner.
  const planned: CutPlan = planCut({
    chainId: conn.chainId,
    diamond: address,
    live,
    target: target.map(({ name, selectors }) => ({ name, selectors })),
    managed: [...managed],
    protectedSelectors,
    prune: inputs.prune === true,
  });
  // Selectors no target facet exposes take the signature the loupe read resolved (built only when there are any).
  if (planned.selectors.some((s) => s.signature === null)) {
    const liveSignature = new Map<string, string>();
    for (const f of loupe.facets)
      for (const s of f.selectors) if (s.signature) liveSignature.set(lower(s.selector), s.signature);
    planned.selectors = planned.selectors.map((s) =>
      s.signature === null ? { ...s, signature: liveSignature.get(s.selector) ?? null } : s,
    );
  }

  // 6. Who deploys, at which nonces: plain CREATE addresses, facets in plan order, then the init.
  const deployerNonce = Number(BigInt(nonceHex));
  const initOnChain = initArtifact ? await deployedInit(conn, record, initArtifact) : undefined;
  const toDeploy: { contract: string; artifact: Artifact }[] = planned.deploy.map((name) => ({
    contract: name,
    artifact: target.find((t) => t.name === name)!.artifact,
  }));
  if (initArtifact && !initOnChain) toDeploy.push({ contract: initArtifact.name, artifact: initArtifact });
  const deploy: PlannedDeployment[] = toDeploy.map((d, i) => ({
    contract: d.contract,
    file: d.artifact.file,
    predictedAddress: createAddress(deployer, deployerNonce + i),
    artifact: d.artifact,
  }));
  const addresses = Object.fromEntries(deploy.map((d) => [d.contract, d.predictedAddress]));
  const plan = bindAddresses(planned, addresses);
  abortPoint();

  // 7. The cut and the calldata.
  const cut: FacetCut[] = plan.cut.map((c) => ({
    facetAddress: checksumAddress(c.facetAddress!),
    action: ACTIONS[c.action],
    functionSelectors: [...c.functionSelectors],
  }));
  const init: PlannedInit | null =
    inputs.init && initArtifact && initEncoded
      ? {
          contract: initArtifact.name,
          address: initOnChain ?? addresses[initArtifact.name],
          call: inputs.init.call,
          args: inputs.init.args,
          calldata: initEncoded.calldata,
          deploy: !initOnChain,
          signature: initEncoded.signature,
        }
      : null;
  const calldata = encodeDiamondCut(cut, init?.address ?? ZeroAddress, init?.calldata ?? '0x');

  // 8. Validation, on the diamond as it would be after the cut.
  report({ message: 'Validating the plan', increment: 20 });
  const findings: PlanFinding[] = [];
  const detail: Partial<Record<PlanCheckId, string>> = {};
  const skipped = new Set<PlanCheckId>();

  // 8a. Selectors: duplicates and collisions between target facets, immutable functions (errors); moves (warnings).
  for (const p of plan.problems) findings.push(problemFinding(p, target, places));
  const routedAfter = new Set(plan.selectors.filter((s) => s.action !== 'remove').map((s) => s.selector));
  detail.selectors = `${routedAfter.size} selectors routed after the cut`;

  // 8b. Storage: layouts against the deployed sources, orphaned namespaces.
  const cutNames = new Set(plan.cut.flatMap((c) => (c.facet ? [c.facet] : [])));
  const cutCode = [
    ...target.filter((t) => cutNames.has(t.name)).map((t) => t.artifact),
    ...(initArtifact ? [initArtifact] : []),
  ];
  const targetCode = [...target.map((t) => t.artifact), ...(initArtifact ? [initArtifact] : [])];
  const libraries = new Set(contracts.filter((c) => c.kind === 'library').map((c) => c.name));
  const baseline = await layoutBaseline(record, compileRoot);
  // The record's field layouts decide storage-layout-break where they exist; the deployed sources, when the
  // commit can be read, decide the other namespaces and namespace-orphaned. Both are set on every plan: the
  // analysis is kept between plans (plan-analysis.ts), so neither may outlive the plan that had it; equal
  // ones change nothing (the service compares).
  service.setDeployedLayouts(baseline.layouts);
  service.setBaseline(baseline.files);
  const namespaces = service.namespaces();
  const namespaceAt = (f: Finding): NamespaceEntry | undefined =>
    [f, ...f.related]
      .map((p) => namespaces.find((n) => n.file === p.file && n.span.start === p.start))
      .find((n) => n !== undefined);
  const engineFindings = service.findings();
  if (baseline.description !== undefined) {
    for (const f of engineFindings.filter((x) => x.rule === 'storage-layout-break')) {
      const ns = namespaceAt(f);
      const touch = ns ? touchedBy(ns, cutCode, artifacts, libraries) : 'unknown';
      if (touch === 'no') {
        findings.push(
          places.finding(
            f,
            'warning',
            'storage-layout',
            `${f.message} (no facet of this cut and not the init places this namespace: the deployed code keeps the old layout)`,
          ),
        );
      } else findings.push(places.finding(f, f.severity, 'storage-layout'));
    }
    detail['storage-layout'] = `baseline: ${baseline.description}`;
  } else {
    skipped.add('storage-layout');
    detail['storage-layout'] = baseline.problem;
    findings.push({
      rule: 'upgrade-no-baseline',
      severity: 'warning',
      message: `storage layouts not compared: ${baseline.problem}`,
      check: 'storage-layout',
    });
  }
  for (const f of engineFindings.filter((x) => x.rule === 'namespace-orphaned')) {
    const ns = namespaceAt(f);
    if (ns && touchedBy(ns, targetCode, artifacts, libraries) === 'no') continue; // not a namespace of this diamond's facets
    if (init) {
      // The engine found nothing in the project reading the old namespace: the init given does not migrate it.
      findings.push(
        places.finding(f, 'error', 'namespaces', `${f.message}; the init ${init.contract} does not read it`),
      );
    } else findings.push(places.finding(f, 'warning', 'namespaces'));
  }
  detail.namespaces = init
    ? `init ${init.contract}: an orphaned namespace is an error`
    : 'no init: an orphaned namespace is a warning';

  // 8c. Code: every facet the cut routes to and the init hold code once the plan's deployments ran.
  const deployed = new Map(deploy.map((d) => [lower(d.predictedAddress), d]));
  const needCode = [
    ...cut
      .filter((c) => c.action !== FacetCutAction.Remove)
      .map((c) => ({
        address: c.facetAddress,
        what: `cut facet ${plan.cut[cut.indexOf(c)].facet ?? c.facetAddress}`,
      })),
    ...(init ? [{ address: init.address, what: `init ${init.contract}` }] : []),
  ].filter((x, i, all) => all.findIndex((y) => lower(y.address) === lower(x.address)) === i);
  const onChain = needCode.filter((x) => !deployed.has(lower(x.address)));
  const codes = await conn.client.batch<string>(
    onChain.map((x) => ({ method: 'eth_getCode', params: [x.address, 'latest'] })),
  );
  for (const x of needCode) {
    const d = deployed.get(lower(x.address));
    if (d) {
      const why = undeployable(d.artifact);
      if (why) {
        const file = fileKey(resolve(compileRoot, d.artifact.file));
        findings.push({
          rule: 'upgrade-no-code',
          severity: 'error',
          message: `${x.what}: ${why}`,
          ...places.at(file, 0, 0),
          check: 'code',
        });
      }
      continue;
    }
    const r = codes[onChain.indexOf(x)];
    if (!r.ok) throw r.error;
    if (!r.result || r.result === '0x')
      findings.push({
        rule: 'upgrade-no-code',
        severity: 'error',
        message: `${x.what} at ${x.address} has no code on chain ${conn.chainId}`,
        check: 'code',
      });
  }
  detail.code = `${needCode.length - onChain.length} deployed by the plan, ${onChain.length} already on chain`;

  // 8d. The init call encodes against its ABI (done above: a failure stopped the plan).
  if (init) detail.init = `${init.contract}.${init.signature} with ${JSON.stringify(init.args)}`;
  else {
    skipped.add('init');
    detail.init = 'no init call';
  }

  const checks: PlanCheck[] = (
    [
      ['selectors', 'No duplicate, colliding or immutable selector after the cut'],
      ['storage-layout', 'Every namespace a changed facet touches keeps its deployed layout'],
      ['namespaces', 'No orphaned namespace without a migration in the init'],
      ['code', 'Every cut facet and the init have code after deployment'],
      ['init', 'The init call encodes against its ABI'],
    ] as const
  ).map(([id, title]) => ({
    id,
    title,
    status: skipped.has(id) && checkStatus(findings, id) !== 'failed' ? 'skipped' : checkStatus(findings, id),
    detail: detail[id] ?? '',
  }));

  report({ message: `Planned ${cut.length} cut entr${cut.length === 1 ? 'y' : 'ies'}`, increment: 10 });
  return {
    chainId: conn.chainId,
    rpcUrl: conn.url,
    diamond: address,
    diamondName: spec?.name ?? null,
    plan,
    cut,
    deploy,
    deployer,
    deployerNonce,
    init,
    calldata,
    calldataHash: keccak256Hex(calldata),
    findings,
    checks,
    loupe,
    protectedSelectors,
    prune: inputs.prune === true,
    compileRoot,
    recordFile: found?.file ?? null,
  };
}

/** The deployer the inputs name; undefined on a local dev node (its first account); an input error elsewhere. */
function namedDeployer(inputs: PlanUpgradeInputs, conn: ChainConnection): string | undefined {
  if (inputs.deployer !== undefined) {
    const deployer = addressOrNull(inputs.deployer);
    if (deployer === null)
      throw new PlanInputError('deployer', `the deployer is not an address: ${inputs.deployer}`);
    return deployer;
  }
  if (!conn.isLocalDevChain) {
    throw new PlanInputError(
      'deployer',
      `chain ${conn.chainId} (${conn.url}) is not a local dev node: name the account that will deploy the new facets (their addresses are predicted from its nonce)`,
    );
  }
  return undefined;
}

interface LiveRead {
  loupe: LoupeView;
  deployer: string;
  /** The deployer's next nonce ('pending'), as the node answered it. */
  nonceHex: string;
}

/**
 * The loupe and the deployer's next nonce (step 6): in the loupe's batch when the deployer is `known` (named,
 * or this connection's account read before), else beside it: no round trip of its own.
 */
async function readLive(
  conn: ChainConnection,
  loupeOptions: Parameters<typeof readLoupe>[0],
  known: string | undefined,
): Promise<LiveRead> {
  if (known !== undefined) {
    const read = await readLoupeWith<unknown>(loupeOptions, nonceCalls(conn, known));
    return { loupe: read.view, deployer: known, nonceHex: await nonceFrom(conn, known, read.also) };
  }
  const deployerAndNonce = async (): Promise<[string, string]> => {
    const who = await localDeployer(conn);
    return [who, await nonceFrom(conn, who, await conn.client.batch<unknown>(nonceCalls(conn, who)))];
  };
  const [loupe, [deployer, nonceHex]] = await Promise.all([readLoupe(loupeOptions), deployerAndNonce()]);
  return { loupe, deployer, nonceHex };
}

const nonceAt = (who: string, tag: 'latest' | 'pending') => ({
  method: 'eth_getTransactionCount',
  params: [who, tag],
});

/**
 * The calls that read the deployer's next nonce. Elsewhere its 'pending' count (what a remote node answers
 * cheaply). On a local dev node the 'latest' count and whether it mines every transaction (Hardhat's or anvil's
 * automine: then nothing is pending and the two are equal): Hardhat's node answers 'pending' by building a pending
 * block, about 2 ms of each plan.
 */
function nonceCalls(conn: ChainConnection, who: string) {
  if (!conn.isLocalDevChain) return [nonceAt(who, 'pending')];
  return [
    nonceAt(who, 'latest'),
    { method: 'hardhat_getAutomine', params: [] },
    { method: 'anvil_getAutomine', params: [] },
  ];
}

/** The nonce from `nonceCalls`' answers; a local node that does not say it automines is asked for 'pending'. */
async function nonceFrom(conn: ChainConnection, who: string, outcomes: readonly RpcOutcome<unknown>[]) {
  const [nonce, ...automine] = outcomes;
  if (!nonce.ok) throw nonce.error;
  if (!conn.isLocalDevChain || automine.some((a) => a.ok && a.result === true)) return nonce.result as string;
  // Interval mining, or a node that cannot say: transactions may be pending.
  const [pending] = await conn.client.batch<string>([nonceAt(who, 'pending')]);
  if (!pending.ok) throw pending.error;
  return pending.result;
}

/**
 * One turn of the event loop: the read just started is written to its socket (and, with the embedded node in
 * this process, taken up by it) before this thread turns to the analysis.
 */
const sendNow = () => new Promise<void>((done) => setImmediate(done));

/** A local dev node's first unlocked account (the gate's signer there), read once per connection. */
const localAccounts = new WeakMap<ChainConnection, string>();
async function localDeployer(conn: ChainConnection): Promise<string> {
  const kept = localAccounts.get(conn);
  if (kept) return kept;
  const [account] = await conn.client.request<string[]>('eth_accounts');
  if (!account) throw new PlanInputError('deployer', `${conn.url} has no unlocked account to deploy from`);
  const deployer = checksumAddress(account);
  localAccounts.set(conn, deployer);
  return deployer;
}

/** The init contract's address when the record names one with this artifact's code on chain; else undefined. */
async function deployedInit(
  conn: ChainConnection,
  record: DeploymentRecord | undefined,
  a: Artifact,
): Promise<string | undefined> {
  const at = record?.contracts[a.name];
  const normal = normaliseArtifactCode(a);
  if (!at || !normal) return undefined;
  const code = await conn.client.request<string>('eth_getCode', [at, 'latest']);
  return code && code !== '0x' && codeMatches(code, normal) ? checksumAddress(at) : undefined;
}

/**
 * What is deployed: the record's per-field layouts when it kept them (exact, no sources needed) and the sources
 * the diamond was deployed from (the record's commit, read with git from the compile root) when they can be read.
 */
async function layoutBaseline(
  record: DeploymentRecord | undefined,
  compileRoot: string,
): Promise<
  | { layouts?: FieldLayout[]; files?: ReadonlyMap<string, string>; description: string }
  | { layouts?: undefined; files?: undefined; description?: undefined; problem: string }
> {
  const sources = await deployedSources(record, compileRoot);
  const layouts = record ? recordedFieldLayouts(record) : [];
  if (!layouts.length) return sources;
  const n = `${layouts.length} namespace${layouts.length === 1 ? '' : 's'}`;
  return {
    layouts,
    ...(sources.files ? { files: sources.files } : {}),
    description: `the deployment record's field layouts (${n})${sources.files ? `; for the others, ${sources.description}` : ''}`,
  };
}

/** The sources the diamond was deployed from: the record's commit, read with git from the compile root. */
async function deployedSources(
  record: DeploymentRecord | undefined,
  compileRoot: string,
): Promise<
  | { files: ReadonlyMap<string, string>; description: string }
  | { files?: undefined; description?: undefined; problem: string }
> {
  if (!record)
    return {
      problem: 'no deployment record of this diamond (deployed by another tool?): nothing to compare against',
    };
  if (!record.sourceCommit)
    return { problem: 'the deployment record has no source commit (deployed outside git)' };
  try {
    const b = await readBaseline(compileRoot, record.sourceCommit);
    if (!b || b.files.size === 0)
      return { problem: `commit ${record.sourceCommit} holds no sources under ${compileRoot}` };
    return {
      files: b.files,
      description: `the deployed sources, commit ${record.sourceCommit.slice(0, 12)} (${b.files.size} files)`,
    };
  } catch (err) {
    return {
      problem: `cannot read the deployed sources at commit ${record.sourceCommit}: ${(err as Error).message}`,
    };
  }
}

/** A contract's functions by selector (the first of each), kept per contract: problems look one up each. */
const bySelector = new WeakMap<ContractSelectors, Map<string, ContractSelectors['functions'][number]>>();
function functionsBySelector(c: ContractSelectors): Map<string, ContractSelectors['functions'][number]> {
  let m = bySelector.get(c);
  if (!m) {
    m = new Map();
    for (const f of c.functions) if (!m.has(f.selector)) m.set(f.selector, f);
    bySelector.set(c, m);
  }
  return m;
}

/** A planner problem as a finding at the target facet's function (and, for a duplicate, the first facet's). */
function problemFinding(
  p: PlanProblem,
  target: readonly { name: string; contract: ContractSelectors }[],
  places: Places,
): PlanFinding {
  const placeIn = (facet: string) => {
    const t = target.find((x) => x.name === facet);
    const fn = t && functionsBySelector(t.contract).get(p.selector);
    return fn ? places.at(fn.file, fn.span.start, fn.span.end) : undefined;
  };
  let rule = 'live-selector-conflict';
  const related: NonNullable<PlanFinding['related']> = [];
  if (p.kind === 'duplicate') {
    const first = target.find(
      (t) => t.name !== p.facet && t.contract.functions.some((f) => f.selector === p.selector),
    );
    const firstFn = first?.contract.functions.find((f) => f.selector === p.selector);
    rule = firstFn && firstFn.signature !== p.signature ? 'selector-collision' : 'duplicate-selector';
    const at = first && placeIn(first.name);
    if (at && first)
      related.push({
        ...pick(at),
        message: `${first.name} exposes ${firstFn?.signature ?? p.selector} here`,
      });
  }
  const at = placeIn(p.facet);
  return { rule, severity: p.severity, message: p.message, ...(at ?? {}), related, check: 'selectors' };
}
