/**
 * Per diamond, the selectors two or more facets expose: what duplicate-selector and selector-collision both read.
 * Built once per analysis pass for both rules, and kept across passes by whoever holds a `SelectorMaps` (the
 * service): the map of selector → facets exposing it is updated for the facets whose lists changed (a facet's
 * `FacetSelectors` object is the same while its list is), so an edit of one facet in a diamond of 500 touches
 * that facet's entries only. The groups come out in the order a map built from scratch gives: by the facet and
 * the place in its list where the selector first appears, sides in facet order.
 */
import type { Place } from '../findings';
import type { SelectorEntry } from '../vocabulary';

export interface FacetSelectors {
  name: string;
  file: string;
  functions: readonly SelectorEntry[];
  /**
   * Where a finding about `entry` goes in this facet's file: the declaration when the facet declares
   * it, else the `is` base that brings it in (the user's fix is there, not in the base's file).
   */
  placeOf(entry: SelectorEntry): Place;
  /** The file relative to the project root: named in messages where two facets of a diamond share a name. */
  path?: string;
  /** `proxy`: the diamond contract itself, whose own functions are immutable selectors. */
  role?: 'proxy';
}

/** One facet's side of a selector several facets expose. */
export interface Side {
  facet: FacetSelectors;
  entry: SelectorEntry;
}

/** One diamond of the selector rules' input. */
interface DiamondInput {
  name: string;
  facets: readonly FacetSelectors[];
}

interface Kept {
  shared: ReadonlySet<string>;
  facets: readonly FacetSelectors[];
  /** Every selector's sides, with where it stands in its facet's list. */
  bySelector: Map<string, (Side & { pos: number })[]>;
  /** Selectors with two sides or more. */
  multi: Set<string>;
}

/** The groups of one diamond, built from scratch (once per pass when no `SelectorMaps` is kept: both rules share it). */
export function conflictGroups(diamond: DiamondInput, shared: ReadonlySet<string>): Side[][] {
  const known = PASSES.get(diamond);
  if (known && sameSet(known.shared, shared)) return known.groups;
  const k = build(diamond.facets, shared);
  const bySelector = new Map<string, Side[]>();
  // From scratch the map's order is the order of first appearance: no sorting needed.
  for (const [sel, sides] of k.bySelector) if (sides.length > 1) bySelector.set(sel, sides);
  const groups = [...bySelector.values()].map((g) => g.map(({ facet, entry }) => ({ facet, entry })));
  PASSES.set(diamond, { shared, groups });
  return groups;
}

/** Groups by diamond input object, for one pass of both rules (weak: they go with the input). */
const PASSES = new WeakMap<DiamondInput, { shared: ReadonlySet<string>; groups: Side[][] }>();

export class SelectorMaps {
  private kept = new Map<string, Kept>();
  private passes = new WeakMap<DiamondInput, Side[][]>();
  /** How many facets' entries were (re)indexed, for tests. */
  indexed = 0;

  /** The groups of `diamond` (the `index`th of its input): the same array for both rules of one pass. */
  groups(diamond: DiamondInput, index: number, shared: ReadonlySet<string>): Side[][] {
    const known = this.passes.get(diamond);
    if (known) return known;
    // The same facet twice in one diamond (a config listing it twice): no facet-by-facet update; from scratch.
    if (new Set(diamond.facets).size !== diamond.facets.length) {
      const groups = conflictGroups(diamond, shared);
      this.passes.set(diamond, groups);
      return groups;
    }
    const key = `${index}\0${diamond.name}`;
    let k = this.kept.get(key);
    if (!k || !sameSet(k.shared, shared)) {
      k = build(diamond.facets, shared);
      this.indexed += diamond.facets.length;
    } else update(k, diamond.facets, () => this.indexed++);
    this.kept.set(key, k);
    const groups = groupsOf(k, diamond.facets);
    this.passes.set(diamond, groups);
    return groups;
  }

  /** Forgets the diamonds not among these (renamed or gone). */
  retain(diamonds: readonly DiamondInput[]): void {
    const live = new Set(diamonds.map((d, i) => `${i}\0${d.name}`));
    for (const key of this.kept.keys()) if (!live.has(key)) this.kept.delete(key);
  }
}

function build(facets: readonly FacetSelectors[], shared: ReadonlySet<string>): Kept {
  const k: Kept = { shared, facets, bySelector: new Map(), multi: new Set() };
  for (const f of facets) add(k, f);
  return k;
}

function add(k: Kept, facet: FacetSelectors): void {
  const seen = new Set<string>();
  facet.functions.forEach((entry, pos) => {
    // A facet lists a selector once; guard against a selector list with overrides repeated.
    if (seen.has(entry.selector)) return;
    seen.add(entry.selector);
    if (k.shared.has(entry.selector) || k.shared.has(entry.signature)) return;
    let sides = k.bySelector.get(entry.selector);
    if (!sides) k.bySelector.set(entry.selector, (sides = []));
    sides.push({ facet, entry, pos });
    if (sides.length > 1) k.multi.add(entry.selector);
  });
}

function remove(k: Kept, facet: FacetSelectors): void {
  for (const entry of facet.functions) {
    const sides = k.bySelector.get(entry.selector);
    if (!sides) continue;
    const rest = sides.filter((s) => s.facet !== facet);
    if (rest.length === sides.length) continue;
    if (rest.length === 0) k.bySelector.delete(entry.selector);
    else k.bySelector.set(entry.selector, rest);
    if (rest.length < 2) k.multi.delete(entry.selector);
  }
}

/**
 * The facets that left: their entries out; the facets that came (a changed list is a new object): theirs in. Facets
 * that only moved keep their entries (their order is read when the groups are made).
 */
function update(k: Kept, facets: readonly FacetSelectors[], counted: () => void): void {
  const now = new Set(facets);
  const before = new Set(k.facets);
  for (const f of k.facets) if (!now.has(f)) remove(k, f);
  for (const f of facets)
    if (!before.has(f)) {
      add(k, f);
      counted();
    }
  k.facets = facets;
}

function groupsOf(k: Kept, facets: readonly FacetSelectors[]): Side[][] {
  if (k.multi.size === 0) return [];
  const order = new Map(facets.map((f, i) => [f, i]));
  const at = (s: Side) => order.get(s.facet)!;
  const groups = [...k.multi].map((sel) => [...k.bySelector.get(sel)!].sort((a, b) => at(a) - at(b)));
  // From scratch, a selector's group is made where it first appears: its first facet, then its place there.
  groups.sort((a, b) => at(a[0]) - at(b[0]) || a[0].pos - b[0].pos);
  return groups.map((g) => g.map(({ facet, entry }) => ({ facet, entry })));
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
