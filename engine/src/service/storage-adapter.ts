/**
 * The seam to the storage analysis (engine/src/rules/storage-analysis.ts): the diamonds' facets go in,
 * storage findings (at default severities; the registry applies the configured ones) and the
 * namespaces for hovers and the client come out.
 */
import type { ServiceState } from './state';
import { analyzeStorage, hoverStorage, type StorageAnalysis } from '../rules/storage-analysis';
import type { FieldLayout } from '../storage/namespace-layout';
import type { HoverResult } from '../vocabulary';
import type { ContractRef, Workspace } from '../workspace';

export type StorageResult = StorageAnalysis;

export function runStorageAnalysis(
  s: ServiceState,
  baseline: Workspace | undefined,
  deployed?: readonly FieldLayout[],
  deployedSlots?: ReadonlySet<string>,
): StorageResult {
  const groups: ContractRef[][] = s.diamonds.map((d) =>
    d.facets.map((f) => ({ file: f.file, contract: f.contract })),
  );
  const all = [...new Map(groups.flat().map((r) => [r.contract, r])).values()];
  return analyzeStorage(s.ws, all, s.config, baseline, groups, deployed, deployedSlots);
}

export function storageHover(
  s: ServiceState,
  result: StorageResult,
  file: string,
  offset: number,
): HoverResult | undefined {
  return hoverStorage(s.ws, result, file, offset);
}
