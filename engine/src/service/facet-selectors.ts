/**
 * A facet as the selector rules see it: its selectors, and where a finding about one of them
 * belongs in the facet's own file (the declaration, or the `is` base that brings it in).
 */
import type { Place } from '../findings';
import type { FacetSelectors } from '../rules/selector-conflicts';
import type { SelectorEntry } from '../vocabulary';
import type { ContractEntry, ServiceState } from './state';

function within(inner: { start: number; end: number }, outer: { start: number; end: number }): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** The span in `facet`'s file that accounts for `entry`. */
export function placeInFacet(s: Pick<ServiceState, 'ws'>, facet: ContractEntry, entry: SelectorEntry): Place {
  const c = facet.contract;
  if (entry.file === facet.file && entry.declaredIn === c.name && within(entry.span, c.span)) {
    return { file: entry.file, start: entry.span.start, end: entry.span.end };
  }
  for (const b of c.bases) {
    const d = s.ws.lookup({ file: facet.file }, b.path);
    if (d?.kind !== 'contract') continue;
    const chain = s.ws.linearize({ file: d.file, contract: d.contract });
    if (chain.some((r) => r.contract.name === entry.declaredIn && r.file === entry.file)) {
      return { file: facet.file, start: b.span.start, end: b.span.end };
    }
  }
  return { file: facet.file, start: c.nameSpan.start, end: c.nameSpan.end };
}

/**
 * Kept per facet while its selector list and path are the same objects and text: the selector maps
 * (rules/selector-map.ts) tell a changed facet by its object. `placeOf` reads the workspace when asked (only for
 * facets in a conflict), never the state it was made at. Weak: an entry goes with its contract.
 */
const KEPT = new WeakMap<ContractEntry, { plain?: FacetSelectors; proxy?: FacetSelectors }>();

export function facetSelectorsFor(s: ServiceState, facet: ContractEntry, role?: 'proxy'): FacetSelectors {
  const functions = s.selectors.of(facet);
  const path = s.evidence.rel(facet.file);
  let kept = KEPT.get(facet);
  if (!kept) KEPT.set(facet, (kept = {}));
  const known = role ? kept.proxy : kept.plain;
  if (known && known.functions === functions && known.path === path) return known;
  const ws = s.ws;
  const made: FacetSelectors = {
    name: facet.name,
    file: facet.file,
    functions,
    placeOf: (entry) => placeInFacet({ ws }, facet, entry),
    path,
    ...(role && { role }),
  };
  if (role) kept.proxy = made;
  else kept.plain = made;
  return made;
}
