/**
 * The deployment record `<root>/.diamond/deployments/<chainId>.json`: what was deployed where,
 * from which commit, with which runtime code and storage layouts. The loupe compares against it;
 * storage-layout checks use its layouts as the baseline of what is live.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NamespaceEntry } from '../../engine';
import type { StorageLayout } from './compile-types';

export interface DeployedFacet {
  name: string;
  address: string;
  /** keccak256 of the runtime code at `address` right after deployment (eth_getCode). */
  runtimeBytecodeHash: string;
  /** The facet's selectors as cut into the diamond (from its local methodIdentifiers). */
  selectors: string[];
}

export interface DeploymentRecord {
  format: 1;
  chainId: number;
  diamond: string;
  governance: string | null;
  token: string | null;
  facets: DeployedFacet[];
  /** Every other named address the deploy routine reported (init contracts, timelock, …). */
  contracts: Record<string, string>;
  storageLayouts: {
    /** solc storageLayout per deployed contract name (declared state variables only). */
    solc: Record<string, StorageLayout | null>;
    /** Namespaced layouts (diamond storage, ERC-7201) from the engine; null when it was not available. */
    namespaces: NamespaceEntry[] | null;
  };
  /** `git rev-parse HEAD` of the root when deployed; null outside git. */
  sourceCommit: string | null;
  /** ISO 8601. */
  timestamp: string;
}

export function deploymentRecordPath(root: string, chainId: number): string {
  return join(root, '.diamond', 'deployments', `${chainId}.json`);
}

export function readDeploymentRecord(root: string, chainId: number): DeploymentRecord | undefined {
  try {
    const rec = JSON.parse(readFileSync(deploymentRecordPath(root, chainId), 'utf8')) as DeploymentRecord;
    return rec.format === 1 && rec.chainId === chainId ? rec : undefined;
  } catch {
    return undefined;
  }
}

export function writeDeploymentRecord(root: string, record: DeploymentRecord): string {
  const file = deploymentRecordPath(root, record.chainId);
  mkdirSync(join(root, '.diamond', 'deployments'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n');
  renameSync(tmp, file);
  return file;
}
