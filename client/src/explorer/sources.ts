/** Where the Facet Explorer's data comes from: the chain (loupe, blocks) and the language server (local code). */
import { connect } from '../../../chain/src/connect';
import { deploymentRecordFor } from '../../../chain/src/deployment-record';
import { readLoupe } from '../../../chain/src/loupe';
import { RpcClient } from '../../../chain/src/rpc';
import type { LocalSelector } from '../../../chain/src/signatures';
import { ContractsRequest, ResolveSelectorsRequest } from '../../../protocol/requests';
import type { BuildStore } from '../ctx';
import type { ServerConnection } from '../language-client';
import { recordRoots } from '../project-root';
import type { ConnectTarget, ExplorerSources } from './controller';
import { classifyLoupeError } from './loupe-adapter';

export function explorerSources(server: ServerConnection, builds: BuildStore): ExplorerSources {
  /** The workspace's facet selectors as the engine sees them now (unsaved edits included). */
  async function localSelectors(): Promise<LocalSelector[] | undefined> {
    const answer = await server.request(ContractsRequest);
    return answer?.contracts
      .filter((c) => c.isFacet)
      .flatMap((c) =>
        c.functions.map((f) => ({ selector: f.selector, signature: f.signature, contract: c.name })),
      );
  }

  return {
    async read(target: ConnectTarget) {
      const [{ chainId }, local] = await Promise.all([
        connect(target.rpcUrl, { timeoutMs: 5000 }),
        localSelectors(),
      ]);
      // Artifacts of the last successful build: facet names by identical runtime code.
      const artifacts = builds.all();
      return readLoupe({
        rpcUrl: target.rpcUrl,
        address: target.address,
        artifacts: artifacts.length ? artifacts : undefined,
        // The record of this diamond on this chain, from any workspace folder: it marks facets changed since deployed.
        deployment: deploymentRecordFor(recordRoots(), chainId, target.address),
        localSelectors: local,
      });
    },
    async resolve(selectors) {
      if (selectors.length === 0) return [];
      return (await server.request(ResolveSelectorsRequest, { selectors }))?.results ?? [];
    },
    async blockNumber(rpcUrl) {
      return Number(
        BigInt(await new RpcClient(rpcUrl, { timeoutMs: 3000 }).request<string>('eth_blockNumber')),
      );
    },
    classify: classifyLoupeError,
  };
}
