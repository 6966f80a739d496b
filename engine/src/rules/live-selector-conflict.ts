/**
 * Rule live-selector-conflict, read off the cut plan (upgrade/plan-cut.ts) of each diamond against the
 * connected one: a local facet exposes a selector that the connected diamond already routes
 * to a different facet that stays, so a cut that Adds it reverts (`CannotAddFunctionToDiamondThatAlreadyExists`); a
 * selector routed to the diamond itself is immutable and no cut can take it at all.
 *
 * Not reported (a Replace, or a move the config already plans):
 * - the live facet has the local facet's name (a new version of the same facet: Replace or no-op);
 * - the local facet belongs to a diamond whose config lists its facets and that list drops the live
 *   facet (e.g. RewardsV2Facet in "after the upgrade", where RewardsFacet is gone: the upgrade replaces it);
 * - `sharedSelectors` (several facets expose them on purpose; one of them is cut in).
 */
import type { Finding, RelatedPlace, Severity } from '../findings';
import type { LiveDiamond, SelectorEntry } from '../vocabulary';
import { planCut } from '../upgrade/plan-cut';
import type { FacetSelectors } from './selector-conflicts';

export interface LiveConflictGroup {
  facets: readonly FacetSelectors[];
  /**
   * The facet names the config lists for this diamond; undefined for diamonds found by the default
   * discovery and for facets no diamond lists (those are compared with every live facet).
   */
  listed?: ReadonlySet<string>;
}

export interface LiveConflictInput {
  live: LiveDiamond;
  groups: readonly LiveConflictGroup[];
  /** Lower-case selectors and canonical signatures exempted by `sharedSelectors`. */
  sharedSelectors: readonly string[];
}

type LiveFacet = LiveDiamond['facets'][number];

function inheritedNote(facet: FacetSelectors, entry: SelectorEntry): string {
  return entry.declaredIn !== facet.name ? ` (inherited from ${entry.declaredIn})` : '';
}

function routing(live: LiveDiamond): Map<string, LiveFacet> {
  const out = new Map<string, LiveFacet>();
  for (const f of live.facets) for (const s of f.selectors) out.set(s.toLowerCase(), f);
  return out;
}

function message(facet: FacetSelectors, entry: SelectorEntry, on: LiveFacet, live: LiveDiamond): string {
  const local = `${facet.name} exposes ${entry.signature} (${entry.selector})${inheritedNote(facet, entry)}`;
  if (sameAddress(on.address, live.address)) {
    return `${local}, which is immutable on the diamond ${live.address} (chain ${live.chainId}): no cut can replace it`;
  }
  const where = on.name !== null ? `${on.name} (${on.address})` : `an unknown facet at ${on.address}`;
  return (
    `${local}, already routed to ${where} on the connected diamond (chain ${live.chainId}): ` +
    `a cut that Adds it reverts: Replace it, or Remove it from ${on.name ?? on.address} first`
  );
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The cut plan of one group against the live diamond: the same planner `diamond upgrade plan` uses. */
function planGroup(live: LiveDiamond, group: LiveConflictGroup) {
  const target = group.facets.map((f) => ({ name: f.name, selectors: f.functions }));
  // A listed facet set is the whole diamond: the live facets it drops are retired (Replace or Remove, no
  // conflict). Without a list, only the group's own facets are the project's to change.
  const managed = group.listed
    ? live.facets.flatMap((f) => (f.name !== null ? [f.name] : []))
    : target.map((t) => t.name);
  return planCut({
    chainId: live.chainId,
    diamond: live.address,
    live: live.facets.map((f) => ({ ...f, sameCode: false })),
    target,
    managed,
  });
}

export function runLiveSelectorConflict(input: LiveConflictInput, severity: Severity): Finding[] {
  const { live } = input;
  const routed = routing(live);
  const shared = new Set(input.sharedSelectors.map((s) => (s.startsWith('0x') ? s.toLowerCase() : s)));
  // The local source of a live facet, for a related place next to the finding.
  const localByName = new Map<string, FacetSelectors>();
  for (const g of input.groups)
    for (const f of g.facets) if (!localByName.has(f.name)) localByName.set(f.name, f);

  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const group of input.groups) {
    const plan = planGroup(live, group);
    const conflicts = new Set(
      plan.problems.filter((p) => p.kind !== 'duplicate').map((p) => `${p.facet}\0${p.selector}`),
    );
    for (const facet of group.facets) {
      const done = new Set<string>();
      for (const entry of facet.functions) {
        if (done.has(entry.selector)) continue;
        done.add(entry.selector);
        if (shared.has(entry.selector) || shared.has(entry.signature)) continue;
        if (!conflicts.has(`${facet.name}\0${entry.selector.toLowerCase()}`)) continue;
        const on = routed.get(entry.selector)!;
        const immutable = sameAddress(on.address, live.address);
        const place = facet.placeOf(entry);
        const msg = message(facet, entry, on, live);
        const key = `${place.file}\0${place.start}\0${place.end}\0${msg}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const related: RelatedPlace[] = [];
        const owner = on.name !== null && !immutable ? localByName.get(on.name) : undefined;
        const theirs = owner?.functions.find((e) => e.selector === entry.selector);
        if (owner && theirs) {
          related.push({
            ...owner.placeOf(theirs),
            message: `${owner.name} exposes ${theirs.signature} (${theirs.selector}); on chain at ${on.address}`,
          });
        }
        out.push({ rule: 'live-selector-conflict', severity, ...place, message: msg, related });
      }
    }
  }
  return out;
}
