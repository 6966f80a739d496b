/**
 * The selector maps kept across passes (engine/src/rules/selector-map.ts) give the groups a map built from scratch
 * gives, in the same order, after random changes of random facets' lists; and a pass re-indexes only the facets
 * whose lists changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  conflictGroups,
  SelectorMaps,
  type FacetSelectors,
  type Side,
} from '../../engine/src/rules/selector-map';
import type { SelectorEntry } from '../../engine/src/vocabulary';
import { mulberry32 } from '../support/prng';

/** A small pool, so that many selectors are exposed by several facets; two signatures share each selector. */
function entry(n: number, variant: number): SelectorEntry {
  return {
    selector: `0x${n.toString(16).padStart(8, '0')}`,
    signature: `f${n}_${variant}()`,
    name: `f${n}`,
    kind: 'function',
    declaredIn: 'X',
    file: '/ws/X.sol',
    span: { start: n, end: n + 1 },
  } as SelectorEntry;
}

function facet(name: string, random: () => number): FacetSelectors {
  const functions = Array.from({ length: Math.floor(random() * 6) }, () =>
    entry(Math.floor(random() * 12), Math.floor(random() * 2)),
  );
  return {
    name,
    file: `/ws/${name}.sol`,
    functions,
    placeOf: () => ({ file: `/ws/${name}.sol`, start: 0, end: 0 }),
  };
}

const shape = (groups: Side[][]) => groups.map((g) => g.map((s) => `${s.facet.name}:${s.entry.signature}`));

test('kept selector maps equal maps built from scratch after random changes', () => {
  const random = mulberry32(5);
  const maps = new SelectorMaps();
  let facets = Array.from({ length: 30 }, (_, i) => facet(`F${i}`, random));
  let shared = new Set<string>();
  for (let pass = 0; pass < 400; pass++) {
    facets = [...facets];
    const changes = 1 + Math.floor(random() * 3);
    for (let c = 0; c < changes; c++) {
      const i = Math.floor(random() * facets.length);
      const r = random();
      // A facet's list changed (a new object), a facet left or came (the others move), or two swapped places.
      if (r < 0.6) facets[i] = facet(facets[i].name, random);
      else if (r < 0.75 && facets.length > 2) facets.splice(i, 1);
      else if (r < 0.9) facets.splice(i, 0, facet(`N${pass}_${c}`, random));
      else {
        const j = Math.floor(random() * facets.length);
        [facets[i], facets[j]] = [facets[j], facets[i]];
      }
    }
    const sharedChanged = random() < 0.05;
    if (sharedChanged) shared = shared.size ? new Set() : new Set(['0x00000003', 'f4_0()']);
    const before = maps.indexed;
    const input = { name: 'D', facets };
    const kept = maps.groups(input, 0, shared);
    assert.deepEqual(shape(kept), shape(conflictGroups({ name: 'D', facets }, shared)), `pass ${pass}`);
    // Both rules of one pass get the same groups.
    assert.equal(maps.groups(input, 0, shared), kept);
    // Only the facets that came are indexed (all of them when the shared selectors changed).
    if (pass > 0 && !sharedChanged)
      assert.ok(
        maps.indexed - before <= changes,
        `pass ${pass}: re-indexed ${maps.indexed - before} for ${changes} changes`,
      );
  }
});

test('a facet listed twice is grouped as from scratch', () => {
  const random = mulberry32(9);
  const a = facet('A', random);
  const b: FacetSelectors = { ...a, name: 'B', functions: a.functions.slice(0, 2) };
  const facets = [a, b, a];
  assert.deepEqual(
    shape(new SelectorMaps().groups({ name: 'D', facets }, 0, new Set())),
    shape(conflictGroups({ name: 'D', facets: [...facets] }, new Set())),
  );
});
