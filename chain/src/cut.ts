/**
 * EIP-2535 `diamondCut` for any diamond: the cut's shape, the selectors a facet exposes, the initial cut and
 * the cut that moves a facet to a new version. (The DLOOP deployment in dloop/ uses these; so will the
 * upgrade workflow.)
 */
import { Interface, ZeroAddress, type InterfaceAbi } from 'ethers';

/** EIP-2535 cut actions, as the contract's enum numbers them. */
export const FacetCutAction = { Add: 0, Replace: 1, Remove: 2 } as const;
export type FacetCutAction = (typeof FacetCutAction)[keyof typeof FacetCutAction];

export interface FacetCut {
  facetAddress: string;
  action: FacetCutAction;
  /** '0x' + 8 hex digits each. */
  functionSelectors: string[];
}

/** Every function selector of an ABI ('0x' + 8 hex digits), in ABI order. */
export function selectorsOfAbi(abi: InterfaceAbi): string[] {
  const selectors: string[] = [];
  Interface.from(abi).forEachFunction((fn) => selectors.push(fn.selector));
  return selectors;
}

/** One Add per facet, each with every function its ABI exposes. */
export function planInitialCut(facets: readonly { address: string; abi: InterfaceAbi }[]): FacetCut[] {
  return facets.map((f) => ({
    facetAddress: f.address,
    action: FacetCutAction.Add,
    functionSelectors: selectorsOfAbi(f.abi),
  }));
}

/**
 * The cut that swaps a facet for a new version: Replace the selectors the diamond already routes
 * (to the old version), Add the new ones, Remove those the new version no longer has.
 * `liveSelectors` are the selectors the old version serves now (loupe `facetFunctionSelectors(old)`).
 */
export function planFacetUpgrade(opts: {
  newFacet: string;
  newSelectors: readonly string[];
  liveSelectors: readonly string[];
}): FacetCut[] {
  const live = new Set(opts.liveSelectors.map((s) => s.toLowerCase()));
  const next = new Set(opts.newSelectors.map((s) => s.toLowerCase()));
  const replace = [...next].filter((s) => live.has(s));
  const add = [...next].filter((s) => !live.has(s));
  const remove = [...live].filter((s) => !next.has(s));
  const cut: FacetCut[] = [];
  if (replace.length)
    cut.push({ facetAddress: opts.newFacet, action: FacetCutAction.Replace, functionSelectors: replace });
  if (add.length)
    cut.push({ facetAddress: opts.newFacet, action: FacetCutAction.Add, functionSelectors: add });
  if (remove.length) {
    cut.push({ facetAddress: ZeroAddress, action: FacetCutAction.Remove, functionSelectors: remove });
  }
  return cut;
}
