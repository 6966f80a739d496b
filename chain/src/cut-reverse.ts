/**
 * The reverse of a cut: from the routing before it (selector → facet address) and the cut, the cut that puts the
 * routing back. Add → Remove; Replace → Replace back to the facet that routed it; Remove → Add back to it.
 * Removes first, then Replaces, then Adds, each grouped by facet in the order first seen. What a cut cannot undo
 * (storage an init wrote, selectors routed to the diamond itself) is not the cut's to say: see upgrade-rollback.
 */
import { ZeroAddress } from 'ethers';
import { FacetCutAction, type FacetCut } from './cut';

export interface RoutingRow {
  facetAddress: string;
  functionSelectors: readonly string[];
}

const lower = (s: string) => s.toLowerCase();

/** selector (lower case) → facet address, from loupe rows. */
export function routingOf(rows: readonly RoutingRow[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) for (const s of r.functionSelectors) out.set(lower(s), r.facetAddress);
  return out;
}

/** The routing after `cut` is applied to `before` (what a verification expects). */
export function applyCut(before: ReadonlyMap<string, string>, cut: readonly FacetCut[]): Map<string, string> {
  const after = new Map(before);
  for (const c of cut)
    for (const s of c.functionSelectors) {
      if (c.action === FacetCutAction.Remove) after.delete(lower(s));
      else after.set(lower(s), c.facetAddress);
    }
  return after;
}

/** Selectors the reverse cut needs `before` to know but it does not (a Replace or Remove of an unrouted one). */
export class UnknownPriorRoutingError extends Error {
  override readonly name = 'UnknownPriorRoutingError';
  constructor(readonly selectors: string[]) {
    super(
      `The routing before the cut does not route ${selectors.join(', ')}: the reverse cut cannot be computed`,
    );
  }
}

export function reverseCut(before: ReadonlyMap<string, string>, cut: readonly FacetCut[]): FacetCut[] {
  const groups = new Map<string, FacetCut>();
  const unknown: string[] = [];
  const put = (action: FacetCutAction, facetAddress: string, selector: string) => {
    const key = `${action}:${lower(facetAddress)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { facetAddress, action, functionSelectors: [] }));
    if (!g.functionSelectors.includes(selector)) g.functionSelectors.push(selector);
  };
  for (const c of cut)
    for (const raw of c.functionSelectors) {
      const s = lower(raw);
      const was = before.get(s);
      if (c.action === FacetCutAction.Add) {
        if (was === undefined) put(FacetCutAction.Remove, ZeroAddress, s);
        else put(FacetCutAction.Replace, was, s); // an Add over a routed selector reverts; kept for safety
      } else if (was === undefined) unknown.push(s);
      else if (c.action === FacetCutAction.Replace) put(FacetCutAction.Replace, was, s);
      else put(FacetCutAction.Add, was, s);
    }
  if (unknown.length) throw new UnknownPriorRoutingError(unknown);
  const order = [FacetCutAction.Remove, FacetCutAction.Replace, FacetCutAction.Add];
  return order.flatMap((a) => [...groups.values()].filter((g) => g.action === a));
}
