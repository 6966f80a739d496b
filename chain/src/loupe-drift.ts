/**
 * A loupe read's drift, facet by facet, as lists: what the Facet Explorer shows (client/src/explorer/
 * loupe-adapter.ts) and, selector by selector, the docs' live section (`docsLiveOf`), which Generate
 * Documentation in VS Code and `diamond docs --rpc` both write. One function, so both say the same.
 */
import type { DocsLive, DocsLiveSelector } from '../../engine';
import type { LoupeView } from './loupe-types';

export type Drift = 'on-chain-only' | 'local-only' | 'changed';

export interface DriftFacet {
  /** null for a local facet that is not on chain at all (drift ['local-only']). */
  address: string | null;
  name: string | null;
  drift: Drift[];
  /** Routed to the diamond itself: no cut can replace or remove these functions. */
  immutable?: boolean;
  selectors: { selector: string; signature: string | null; drift: Drift[] }[];
}

/**
 * Local-only selectors (in a local facet, not routed on chain) go under the on-chain facet of the same name;
 * a local facet that is not on chain at all becomes its own entry (no address) after the deployed ones.
 */
export function driftFacets(view: LoupeView): DriftFacet[] {
  const facets: DriftFacet[] = view.facets.map((f) => {
    // Functions routed to the diamond itself are immutable by design, not drift: no facet is meant to hold them.
    const immutable = f.address.toLowerCase() === view.diamond.toLowerCase();
    return {
      address: f.address,
      name: f.name,
      drift: f.changed ? ['changed'] : [],
      immutable,
      selectors: f.selectors.map((s) => ({
        selector: s.selector,
        signature: s.signature,
        drift: s.drift && !immutable ? [s.drift] : [],
      })),
    };
  });
  const byName = new Map(facets.filter((f) => f.name !== null).map((f) => [f.name as string, f]));
  for (const local of view.localOnly) {
    let facet = byName.get(local.contract);
    if (!facet) {
      facet = { address: null, name: local.contract, drift: ['local-only'], selectors: [] };
      byName.set(local.contract, facet);
      facets.push(facet);
    }
    facet.selectors.push({ selector: local.selector, signature: local.signature, drift: ['local-only'] });
  }
  return facets;
}

/**
 * The docs' live section: how many selectors the chain routes as the local facets have them, and every one that
 * differs with its drift. `signatureOf` names selectors the loupe read could not (the local code's signatures).
 */
export function docsLiveOf(
  view: LoupeView,
  signatureOf: (selector: string) => string | null = () => null,
  facets: readonly DriftFacet[] = driftFacets(view),
): DocsLive {
  let same = 0;
  const differences: DocsLiveSelector[] = [];
  for (const f of facets)
    for (const s of f.selectors) {
      const drift = [...new Set([...f.drift, ...s.drift])].sort();
      if (drift.length === 0) {
        same++;
        continue;
      }
      differences.push({
        selector: s.selector.toLowerCase(),
        signature: s.signature ?? signatureOf(s.selector.toLowerCase()),
        facet: f.name ?? f.address ?? 'unknown',
        drift,
      });
    }
  differences.sort((a, b) => (a.selector < b.selector ? -1 : a.selector > b.selector ? 1 : 0));
  return { chainId: view.chainId, address: view.diamond, same, differences };
}
