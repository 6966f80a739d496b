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
import type { CliIO } from '../command';
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
    const local = await loadLocalKnowledge(p.root, chainId, undefined);
    if (local.compileErrors.length) {
      io.stderr(
        `diamond check: ${displayPath(io.cwd, local.compiledRoot)} does not compile; ` +
          'live facets are named from the deployment record only\n',
      );
    }
    const record = recordFor(p.root, chainId, address);
    const ids = p.service.knownInterfaces().map((k) => k.id);
    const { view, also } = await readLoupeWith<string>(
      { rpcUrl, address, artifacts: local.artifacts, deployment: record },
      supportsInterfaceCalls(address, ids),
    );
    p.service.setLiveDiamond({ ...liveRoutingOf(view), interfaces: interfaceAnswers(ids, also) });
    if (record) p.service.setDeployedLayouts(recordedFieldLayouts(record));
  }
}
