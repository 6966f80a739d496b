/** What facet discovery (discover.ts) and diamond inference (infer.ts) speak of. */
import type { ContractKind } from '../syntax/ast';

/** What discovery needs to know about a contract. */
export interface ContractInfo {
  name: string;
  file: string;
  kind: ContractKind;
  abstract: boolean;
}

export interface DiamondFacets<C extends ContractInfo = ContractInfo> {
  name: string;
  facets: C[];
  /** Facet names the config lists that no workspace contract has (reported by the faces as config errors). */
  missing: string[];
  /** The diamond contract: its own external functions are immutable selectors of the diamond. */
  proxy?: C;
  /** A `proxy` the config names that no contract has. */
  missingProxy?: string;
  /** The folder (relative to the project root) the diamond was found in, when it was inferred or configured so. */
  folder?: string;
  /** How the facets were found: the config's list, the inference, or (no evidence given) every facet. */
  source?: 'config' | 'inferred' | 'default';
  /** What the inference went by, in words. */
  evidence?: string;
  /** What an inferred diamond was grouped by: one AppStorage struct, or (facets without AppStorage) a folder. */
  basis?: 'AppStorage' | 'folder';
  /** The facets of one file outside the default scope (a test opened in the editor): not the project's diamond. */
  ownFile?: boolean;
}

/**
 * A contract a deploy script, deployment record or deploy config registers as a facet (read by the host:
 * host/src/facet-registrations.ts). `source` says where, relative to the project root (`scripts/deploy.js`).
 */
export interface FacetRegistration {
  name: string;
  source: string;
}

/** What the diamond inference could not decide, in a sentence, at the contract it is about (`at`). */
export interface InferenceNote<C extends ContractInfo = ContractInfo> {
  text: string;
  at?: C;
}
