/**
 * `diamond check --rpc URL --address ADDR`: reads the connected diamond's loupe, names its facets from each
 * project's compiled artifacts (identical runtime code) and deployment record, and hands the routing to the
 * project's engine so live-selector-conflict can run, and the record's per-field layouts so storage-layout-break
 * compares against what this diamond was deployed with. Its `supportsInterface` answers for every interface id
 * the project's engine knows are read in the loupe's first batch (one round trip) for interface-incomplete.
 */
import { dirname } from 'node:path';
import { connect } from '../../../chain/src/connect';
import {
  deploymentRecordFor,
  recordedFieldLayouts,
  type DeploymentRecord,
} from '../../../chain/src/deployment-record';
import { liveRoutingOf } from '../../../chain/src/live-routing';
import { loadLocalKnowledge } from '../../../chain/src/local-knowledge';
import { interfaceAnswers, supportsInterfaceCalls } from '../../../chain/src/interface-support';
import { readLoupeWith } from '../../../chain/src/loupe';
import type { LoupeView } from '../../../chain/src/loupe-types';
import type { RpcCall, RpcOutcome } from '../../../chain/src/rpc';
import type { LocalSelector } from '../../../chain/src/signatures';
import { isAddress } from 'ethers';
import { UsageError, type CliIO, type OptionSpec, type ParsedArgs } from '../command';
import { rpcOption, stringOption } from './chain-common';
import type { LoadedProject } from '../project';
import { displayPath } from '../output/records';

/** `dir` and every folder above it. */
function* upFrom(dir: string): Generator<string> {
  for (;;) {
    yield dir;
    if (dirname(dir) === dir) return;
    dir = dirname(dir);
  }
}

/**
 * This diamond's deployment record in the project root or a folder above it (`diamond deploy --root R`
 * writes it to R, while the diamond.config.json, and so the project root, may sit in R/contracts).
 */
function recordFor(root: string, chainId: number, diamond: string): DeploymentRecord | undefined {
  return deploymentRecordFor(upFrom(root), chainId, diamond);
}

/** `--rpc URL --address ADDR` (together or not at all): the diamond to read, or undefined. */
export function liveTarget(args: ParsedArgs): { rpcUrl: string; address: string } | undefined {
  const rpcUrl = stringOption(args, 'rpc');
  const address = stringOption(args, 'address');
  if ((rpcUrl === undefined) !== (address === undefined))
    throw new UsageError('--rpc and --address go together');
  if (address !== undefined && !isAddress(address))
    throw new UsageError(`--address is not an address: ${address}`);
  return rpcUrl !== undefined && address !== undefined ? { rpcUrl, address } : undefined;
}

/** The two options, described for the command that reads the diamond (`what` it is read for). */
export function liveOptions(what: string): OptionSpec[] {
  return [
    { ...rpcOption, description: `JSON-RPC endpoint of a deployed diamond (with --address): ${what}` },
    {
      name: 'address',
      type: 'string',
      valueName: 'ADDR',
      description: 'the deployed diamond (with --rpc)',
    },
  ];
}

/** One project's read of the live diamond: the loupe (facets named from its artifacts and record), and the record. */
export interface ProjectLiveRead<T> {
  view: LoupeView;
  record: DeploymentRecord | undefined;
  also: RpcOutcome<T>[];
}

/**
 * Reads the diamond for one project: compiles it for facet names (a compile error is said; names then come from
 * the record), finds its deployment record, and reads the loupe with `also` in the loupe's first batch.
 */
export async function readLiveFor<T>(
  p: LoadedProject,
  target: { rpcUrl: string; address: string; chainId: number },
  io: CliIO,
  opts: { localSelectors?: LocalSelector[]; also?: readonly RpcCall[]; command: string },
): Promise<ProjectLiveRead<T>> {
  const { rpcUrl, address, chainId } = target;
  const local = await loadLocalKnowledge(p.root, chainId, undefined);
  if (local.compileErrors.length) {
    io.stderr(
      `diamond ${opts.command}: ${displayPath(io.cwd, local.compiledRoot)} does not compile; ` +
        'live facets are named from the deployment record only\n',
    );
  }
  const record = recordFor(p.root, chainId, address);
  const { view, also } = await readLoupeWith<T>(
    { rpcUrl, address, artifacts: local.artifacts, deployment: record, localSelectors: opts.localSelectors },
    opts.also ?? [],
  );
  return { view, record, also };
}

/**
 * Reads the diamond once per project (each names the facets from its own artifacts) and sets it on the
 * project's service. Throws the chain module's typed errors (RPC down, not a contract, no loupe).
 */
export async function connectLiveDiamond(
  projects: readonly LoadedProject[],
  rpcUrl: string,
  address: string,
  io: CliIO,
): Promise<void> {
  const { chainId } = await connect(rpcUrl);
  for (const p of projects) {
    const ids = p.service.knownInterfaces().map((k) => k.id);
    const { view, record, also } = await readLiveFor<string>(p, { rpcUrl, address, chainId }, io, {
      also: supportsInterfaceCalls(address, ids),
      command: 'check',
    });
    p.service.setLiveDiamond({ ...liveRoutingOf(view), interfaces: interfaceAnswers(ids, also) });
    if (record) p.service.setDeployedLayouts(recordedFieldLayouts(record));
  }
}
