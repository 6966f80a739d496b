import type { DeploymentRecord } from '../../chain/src/deployment-record';

/** A valid deployment record of `diamond` on the dev chain with nothing in it: tests spread what they need over it. */
export function bareRecord(diamond: string, over: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    format: 1,
    chainId: 31337,
    diamond,
    governance: null,
    token: null,
    facets: [],
    contracts: {},
    storageLayouts: { solc: {}, namespaces: null },
    sourceCommit: null,
    timestamp: '2026-11-21T23:00:00.000Z',
    ...over,
  };
}
