/** What readLoupe returns: the diamond as the chain routes it, named from local knowledge. */
import type { SignatureSource } from './signatures';

/** How a facet's name was found: identical runtime code, the deployment record, or most of its selectors. */
export type FacetNameSource = 'bytecode' | 'deployment' | 'selectors';

export interface LoupeSelector {
  selector: string;
  /** null when neither a local ABI nor the bundled table knows it. */
  signature: string | null;
  signatureSource: SignatureSource | null;
  /** 'on-chain-only': routed on chain, but no local facet exposes it. */
  drift: 'on-chain-only' | null;
}

export interface LoupeFacet {
  address: string;
  name: string | null;
  nameSource: FacetNameSource | null;
  /** keccak256 of the runtime code at the address. */
  codeHash: string | null;
  /** The local facet of this name has different runtime code (or the code differs from the deployment record). */
  changed: boolean;
  selectors: LoupeSelector[];
}

export type DriftMarker =
  | { kind: 'on-chain-only'; selector: string; signature: string | null; facet: string }
  | { kind: 'local-only'; selector: string; signature: string; contract: string }
  | { kind: 'changed'; facet: string; name: string; reason: 'local-bytecode' | 'deployment-hash' };

export interface LoupeView {
  rpcUrl: string;
  chainId: number;
  diamond: string;
  /** ERC-173 owner(), null when the diamond has none. */
  owner: string | null;
  facets: LoupeFacet[];
  /** Local facet selectors the diamond does not route. */
  localOnly: { selector: string; signature: string; contract: string }[];
  /** Every drift marker in one list (facet and selector flags above say the same per item). */
  drift: DriftMarker[];
  /** False when no local knowledge (artifacts, deployment record, local selectors) was given: no drift computed. */
  driftChecked: boolean;
}
