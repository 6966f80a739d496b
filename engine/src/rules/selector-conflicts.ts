/**
 * Shared ground of the two selector rules: per diamond, the selectors that two or more facets
 * expose. `duplicate-selector` keeps the pairs with the same signature, `selector-collision` the
 * pairs whose different signatures hash to the same 4 bytes. Nothing on chain or in solc stops
 * either across facets; the second `diamondCut` Add would revert (or a Replace would silently
 * reroute the other facet's function).
 */
import type { Finding, RelatedPlace, RuleId, Severity } from '../findings';
import { conflictGroups, type FacetSelectors, type SelectorMaps, type Side } from './selector-map';

export type { FacetSelectors } from './selector-map';

export interface SelectorRuleInput {
  diamonds: readonly { name: string; facets: readonly FacetSelectors[] }[];
  /** Lower-case selectors and canonical signatures exempted by `sharedSelectors`. */
  sharedSelectors: readonly string[];
  /** The selector maps kept across passes (selector-map.ts); absent: built from scratch for this input. */
  maps?: SelectorMaps;
}

function inheritedNote(side: Side): string {
  return side.entry.declaredIn !== side.facet.name ? ` (inherited from ${side.entry.declaredIn})` : '';
}

/** How a facet is named in a message: with its path where another facet of the diamond has its name. */
function facetLabel(facet: FacetSelectors, repeated: ReadonlySet<string>): string {
  const where = repeated.has(facet.name) && facet.path ? ` (${facet.path})` : '';
  return facet.role === 'proxy'
    ? `the diamond contract ${facet.name}${where} (an immutable function)`
    : `${facet.name}${where}`;
}

function repeatedNames(facets: readonly FacetSelectors[]): Set<string> {
  const seen = new Set<string>();
  const out = new Set<string>();
  for (const f of facets) (seen.has(f.name) ? out : seen).add(f.name);
  return out;
}

/** `both A and B` for two, `A, B, C and D` for more. */
function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  if (names.length === 2) return `both ${names[0]} and ${names[1]}`;
  return names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
}

/**
 * Findings for one rule: for each facet in a conflict, one finding in its file listing the other
 * facets whose entry is `same` (duplicate) or not (collision) as related places.
 */
export function selectorConflictFindings(
  input: SelectorRuleInput,
  rule: Extract<RuleId, 'duplicate-selector' | 'selector-collision'>,
  severity: Severity,
): Finding[] {
  const shared = new Set(input.sharedSelectors.map((s) => (s.startsWith('0x') ? s.toLowerCase() : s)));
  const multi = input.diamonds.length > 1;
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const [index, diamond] of input.diamonds.entries()) {
    const where = multi ? ` in diamond ${diamond.name}` : '';
    const repeated = repeatedNames(diamond.facets);
    const label = (side: Side) => facetLabel(side.facet, repeated) + inheritedNote(side);
    for (const sides of input.maps
      ? input.maps.groups(diamond, index, shared)
      : conflictGroups(diamond, shared)) {
      for (const me of sides) {
        const others = sides.filter(
          (o) => o !== me && (rule === 'duplicate-selector') === (o.entry.signature === me.entry.signature),
        );
        if (others.length === 0) continue;
        const place = me.facet.placeOf(me.entry);
        const related: RelatedPlace[] = others.map((o) => ({
          ...o.facet.placeOf(o.entry),
          message: `${facetLabel(o.facet, repeated)} exposes ${o.entry.signature} (${o.entry.selector})${inheritedNote(o)}`,
        }));
        const message =
          rule === 'duplicate-selector'
            ? `${me.entry.signature} (${me.entry.selector}) is exposed by ${listOf([me, ...others].map(label))}${where}: a diamond routes each selector to one facet`
            : `Selector ${me.entry.selector} collides${where}: ${me.entry.signature} in ${label(me)} and ` +
              others.map((o) => `${o.entry.signature} in ${label(o)}`).join(', ') +
              ' hash to the same 4 bytes';
        const key = `${place.file}\0${place.start}\0${place.end}\0${message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ rule, severity, ...place, message, related });
      }
    }
  }
  return out;
}
