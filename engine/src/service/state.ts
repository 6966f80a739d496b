/**
 * What the service knows at one workspace version (the diamonds and their facets), as the service's helpers in
 * this folder read it. Declared apart from service.ts so those helpers never import the service itself.
 */
import type { DiamondConfig } from '../config';
import type { ContractRef, Workspace } from '../workspace';
import type { DiamondFacets, FacetEvidence, InferenceNote } from '../diamonds/discover';
import type { SelectorCache } from '../diamonds/selector-cache';

/** A workspace contract with what facet discovery needs. */
export interface ContractEntry extends ContractRef {
  name: string;
  kind: ContractRef['contract']['kind'];
  abstract: boolean;
}

/** What the service knows at one workspace version: the diamonds and their facets. */
export interface ServiceState {
  ws: Workspace;
  config: DiamondConfig;
  contracts: ContractEntry[];
  diamonds: DiamondFacets<ContractEntry>[];
  /** What the diamond inference could not decide, in sentences (said once by the faces). */
  notes: InferenceNote<ContractEntry>[];
  /** What the code says about each contract (scope, AppStorage, diamond contracts). */
  evidence: FacetEvidence<ContractEntry>;
  isFacet(ref: ContractRef): boolean;
  selectors: SelectorCache;
}
