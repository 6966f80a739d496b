/**
 * deployDloopProject: compile `<root>/contracts`, deploy the DLOOP diamond with the routine in
 * chain/src/dloop, and write the deployment record `<root>/.diamond/deployments/<chainId>.json`.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { Signer } from 'ethers';
import type { NamespaceEntry } from '../../engine';
import { runtimeCodeHash } from './bytecode';
import { compileProject } from './compile';
import { hasErrors, type Artifact, type CompileOptions, type CompileResult } from './compile-types';
import { connect } from './connect';
import { writeDeploymentRecord, type DeploymentRecord } from './deployment-record';
import { artifactLookupFrom, deployDloop, type DloopDeployment } from './dloop';
import { devAccountSigner } from './signer';

export interface DeployProgress {
  message: string;
  increment?: number;
}

export interface DeployDloopProjectOptions {
  rpcUrl: string;
  /** Project root: sources in `<root>/contracts`, record in `<root>/.diamond/deployments`. */
  root: string;
  onProgress?: (p: DeployProgress) => void;
  /** Required for chains that are not local dev nodes; default: the node's first unlocked account. */
  signer?: Signer;
  /** How to compile (the extension passes compileInWorker). Default compileProject. */
  compile?: (opts: CompileOptions) => Promise<CompileResult>;
  /** Namespaced storage layouts from the engine, recorded beside solc's layouts. */
  namespaces?: () => NamespaceEntry[] | Promise<NamespaceEntry[]>;
}

export interface DeployDloopProjectResult {
  record: DeploymentRecord;
  /** Where the record was written. */
  recordFile: string;
  deployment: DloopDeployment;
}

/** A compile with errors: the messages are on the error for faces to print. */
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

export async function deployDloopProject(opts: DeployDloopProjectOptions): Promise<DeployDloopProjectResult> {
  const report = opts.onProgress ?? (() => {});
  const conn = await connect(opts.rpcUrl);
  report({ message: `Connected to chain ${conn.chainId}`, increment: 5 });

  const compile = opts.compile ?? compileProject;
  const compiled = await compile({
    root: join(opts.root, 'contracts'),
    onProgress: (p) =>
      report({ message: p.message, increment: p.increment === undefined ? undefined : p.increment * 0.3 }),
  });
  if (hasErrors(compiled)) throw new CompileFailedError(compiled);

  let handle: { signer: Signer; close(): void } | undefined;
  const signer = opts.signer ?? (handle = await devAccountSigner(conn)).signer;
  try {
    const deployment = await deployDloop({
      signer,
      artifacts: artifactLookupFrom(compiled.contracts),
      onProgress: (message) => report({ message, increment: 3 }),
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
    let namespaces: NamespaceEntry[] | null = null;
    try {
      namespaces = opts.namespaces ? await opts.namespaces() : null;
    } catch {
      namespaces = null; // the record is still worth writing without them
    }
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
      sourceCommit: await sourceCommit(opts.root),
      timestamp: new Date().toISOString(),
    };
    const recordFile = writeDeploymentRecord(opts.root, record);
    report({ message: `Deployed the DLOOP diamond at ${deployment.diamond}`, increment: 5 });
    return { record, recordFile, deployment };
  } finally {
    handle?.close();
  }
}
