/**
 * Workflow: deploy the bundled DLOOP diamond from `<root>/contracts` and record it.
 * compile → the engine's namespaces of the project → deployDloop (dloop/deploy.ts: token, ProtocolDAO,
 * diamond, facets, first cut, ownership to governance) → the deployment record
 * `<root>/.diamond/deployments/<chainId>/<diamond>.json` (deployment-record.ts; records accumulate).
 *
 * Point of no return: the first transaction. An abort before it throws WorkflowAbortedError (nothing sent);
 * after it the deployment runs to its end, since a half-deployed diamond is worse than a finished one.
 *
 * Every transaction is journaled (../journal.ts) in `<root>/.diamond/journal/<chainId>-<time>.jsonl` as it is
 * sent and mined. A deploy that stops half-way (out of funds, a revert, the node gone) throws
 * DeployInterruptedError naming the journal and how many contracts exist; one whose transaction is never mined
 * throws TransactionTimeoutError (the same journal named). No record is written for a diamond that is not whole.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { runtimeCodeHash } from '../bytecode';
import { compileProject } from '../compile';
import { hasErrors, type Artifact, type CompileOptions, type CompileResult } from '../compile-types';
import type { ChainConnection } from '../connect';
import { writeDeploymentRecord, type DeploymentRecord, type RecordedNamespace } from '../deployment-record';
import { artifactLookupFrom } from '../dloop/artifacts';
import { deployDloop, DLOOP_DEPLOY_ORDER } from '../dloop/deploy';
import { Journal, TransactionTimeoutError, type JournaledContract } from '../journal';
import type { DloopDeployment } from '../dloop/types';
import { projectRecordedNamespaces } from '../project-namespaces';
import type { GrantedSigner } from '../tx-gate';
import { throwIfAborted, type WorkflowOptions } from './workflow';

/** What the transaction gate asks the user to confirm for this workflow (both faces pass it). */
export const DEPLOY_DLOOP_ACTION = {
  title: 'Deploy the DLOOP diamond',
  doing: 'Deploying the DLOOP diamond',
};

export interface DeployDloopProjectInputs {
  connection: ChainConnection;
  /** Project root: sources in `<root>/contracts`, record in `<root>/.diamond/deployments`. */
  root: string;
  /** From the transaction gate (tx-gate.ts), for this connection. The caller closes it. */
  signer: GrantedSigner;
  /** How to compile (the extension passes compileInWorker). Default compileProject. */
  compile?: (opts: CompileOptions) => Promise<CompileResult>;
  /** How long one transaction may stay unmined before TransactionTimeoutError; undefined: no limit. */
  txTimeoutMs?: number;
}

export interface DeployDloopProjectResult {
  record: DeploymentRecord;
  /** Where the record was written. */
  recordFile: string;
  /** Where an earlier record of the same diamond address on this chain was kept (a dev node started afresh). */
  supersededRecord?: string;
  deployment: DloopDeployment;
  /** Why the record has no namespaces (`storageLayouts.namespaces` null), for the face's log. */
  namespacesProblem?: string;
  /** The transaction journal of this deploy. */
  journalFile: string;
}

interface EthersError extends Error {
  shortMessage?: string;
  /** The node's JSON-RPC error an UNKNOWN_ERROR ("could not coalesce error") carries. */
  error?: { message?: unknown };
}

/** What an error says in one line: ethers' short message, or the node's words it wraps; never the whole tx. */
function oneLine(err: unknown): string {
  let short = String(err);
  if (err instanceof Error) {
    const e = err as EthersError;
    const node = typeof e.error?.message === 'string' ? e.error.message : undefined;
    short = node ?? e.shortMessage ?? e.message;
  }
  const line = short.split('\n')[0];
  return line.length > 240 ? `${line.slice(0, 240)}…` : line;
}

/**
 * The deploy stopped after its first transaction was sent: some contracts exist on chain, no record was written.
 * The journal lists them (contract, address, transaction) for a resume or a clean-up.
 */
export class DeployInterruptedError extends Error {
  override readonly name = 'DeployInterruptedError';
  constructor(
    override readonly cause: unknown,
    readonly journalFile: string,
    /** The contracts that exist (their creation was mined), in order. */
    readonly created: JournaledContract[],
    /** How many contracts the whole deploy creates. */
    readonly total: number,
  ) {
    super(
      `the deploy stopped after ${created.length} of ${total} contracts (${oneLine(cause)}); ` +
        `no deployment record was written; what exists on chain is in the journal ${journalFile}`,
    );
  }
}

/** A compile with errors: the messages are on the error for faces to print. Nothing was sent. */
export class CompileFailedError extends Error {
  override readonly name = 'CompileFailedError';
  constructor(readonly result: CompileResult) {
    const first = result.errors.find((e) => e.severity === 'error');
    super(
      `contracts/ does not compile: ${first ? `${first.file ?? ''}:${first.line ?? ''} ${first.message}` : 'errors'}`,
    );
  }
}

/** `git rev-parse HEAD` in dir; null outside a git checkout or without git. */
export function sourceCommit(dir: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', 'HEAD'], { cwd: dir, timeout: 10_000 }, (err, stdout) => {
      const sha = String(stdout).trim();
      resolve(!err && /^[0-9a-f]{40,64}$/.test(sha) ? sha : null);
    });
  });
}

function solcLayouts(
  artifacts: readonly Artifact[],
  names: readonly string[],
): DeploymentRecord['storageLayouts']['solc'] {
  const out: DeploymentRecord['storageLayouts']['solc'] = {};
  for (const n of names) out[n] = artifacts.find((a) => a.name === n)?.storageLayout ?? null;
  return out;
}

/**
 * The engine's namespaces of the sources with their per-field layouts, or why there are none (the record is
 * worth writing without them).
 */
function namespacesOf(sources: string): { namespaces: RecordedNamespace[] | null; problem?: string } {
  try {
    return { namespaces: projectRecordedNamespaces(sources) };
  } catch (err) {
    return { namespaces: null, problem: err instanceof Error ? err.message : String(err) };
  }
}

export async function deployDloopProject(
  inputs: DeployDloopProjectInputs,
  options: WorkflowOptions = {},
): Promise<DeployDloopProjectResult> {
  const { connection: conn, root, signer } = inputs;
  const report = options.onProgress ?? (() => {});
  throwIfAborted(options.signal, DEPLOY_DLOOP_ACTION.doing);
  if (signer.chainId !== conn.chainId) {
    throw new Error(
      `The signer was granted for chain ${signer.chainId}, the RPC URL is chain ${conn.chainId}`,
    );
  }
  report({ message: `Connected to chain ${conn.chainId}`, increment: 5 });

  const sources = join(root, 'contracts');
  const compile = inputs.compile ?? compileProject;
  let compiled: CompileResult;
  try {
    compiled = await compile({
      root: sources,
      signal: options.signal,
      onProgress: (p) =>
        report({ message: p.message, increment: p.increment === undefined ? undefined : p.increment * 0.3 }),
    });
  } catch (err) {
    throwIfAborted(options.signal, DEPLOY_DLOOP_ACTION.doing); // the compile stopped because of the abort
    throw err;
  }
  if (hasErrors(compiled)) throw new CompileFailedError(compiled);
  // The layouts of the sources just compiled: read before anything is sent.
  const { namespaces, problem: namespacesProblem } = namespacesOf(sources);
  throwIfAborted(options.signal, DEPLOY_DLOOP_ACTION.doing);

  // Opened before the first transaction: a journal that cannot be written stops the deploy with nothing sent.
  const journal = Journal.open(Journal.dirOf(root), {
    workflow: 'deploy-dloop',
    chainId: conn.chainId,
    from: signer.address,
  });
  // The last line is a courtesy: the sent and mined lines before it are what matter, and they are on disk.
  const end = (line: Parameters<Journal['end']>[0]) => {
    try {
      journal.end(line);
    } catch {
      // a full disk now does not change what was deployed
    }
  };
  let result: Awaited<ReturnType<typeof deployAndRecord>>;
  try {
    result = await deployAndRecord(inputs, { conn, compiled, namespaces, journal, report });
  } catch (err) {
    end({ event: 'failed', error: oneLine(err) });
    if (err instanceof TransactionTimeoutError) throw err; // names the transaction and the journal already
    throw new DeployInterruptedError(err, journal.file, journal.created(), DLOOP_DEPLOY_ORDER.length);
  }
  end({ event: 'finished', diamond: result.record.diamond, record: result.recordFile });
  return { ...result, namespacesProblem, journalFile: journal.file };
}

/** How journaledSteps reports a transaction the node accepted: `<step>: sent <hash>…`. */
const SENT = /: sent 0x[0-9a-fA-F]{64}\b/;

/** After the point of no return: deploy, then the record of what was deployed. */
async function deployAndRecord(
  inputs: DeployDloopProjectInputs,
  ctx: {
    conn: ChainConnection;
    compiled: CompileResult;
    namespaces: RecordedNamespace[] | null;
    journal: Journal;
    report: (p: { message: string; increment?: number }) => void;
  },
): Promise<Omit<DeployDloopProjectResult, 'journalFile' | 'namespacesProblem'>> {
  const { root, signer } = inputs;
  const { conn, compiled, namespaces, journal, report } = ctx;
  const deployment = await deployDloop({
    signer: signer.signer,
    artifacts: artifactLookupFrom(compiled.contracts),
    // A step, then its hash once sent: the bar moves once per step.
    onProgress: (message) => report({ message, increment: SENT.test(message) ? undefined : 3 }),
    journal,
    txTimeoutMs: inputs.txTimeoutMs,
  });
  if (deployment.chainId !== conn.chainId) {
    throw new Error(`The signer is on chain ${deployment.chainId}, the RPC URL on ${conn.chainId}`);
  }

  report({ message: 'Writing the deployment record' });
  const names = Object.keys(deployment.facets) as (keyof DloopDeployment['facets'])[];
  const codes = await conn.client.batch<string>(
    names.map((n) => ({ method: 'eth_getCode', params: [deployment.facets[n], 'latest'] })),
  );
  const facets = names.map((name, i) => {
    const code = codes[i];
    if (!code.ok) throw code.error;
    return {
      name,
      address: deployment.facets[name],
      runtimeBytecodeHash: runtimeCodeHash(code.result),
      selectors: deployment.selectors[name] ?? [],
    };
  });
  const contracts: Record<string, string> = { ...deployment.initContracts };
  const record: DeploymentRecord = {
    format: 1,
    chainId: conn.chainId,
    diamond: deployment.diamond,
    governance: deployment.governance,
    token: deployment.token,
    facets,
    contracts,
    storageLayouts: {
      solc: solcLayouts(compiled.contracts, [
        'Diamond',
        ...names,
        ...Object.keys(contracts),
        'ProtocolDAO',
        'DLOOPToken',
      ]),
      namespaces,
    },
    sourceCommit: await sourceCommit(root),
    timestamp: new Date().toISOString(),
  };
  const written = writeDeploymentRecord(root, record);
  report({ message: `Deployed the DLOOP diamond at ${deployment.diamond}`, increment: 5 });
  return {
    record,
    recordFile: written.file,
    ...(written.superseded ? { supersededRecord: written.superseded } : {}),
    deployment,
  };
}
