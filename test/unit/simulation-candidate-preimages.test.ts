/**
 * Mapping preimages guessed from the keys a simulation saw (chain/src/simulation/candidate-preimages.ts), on a
 * hand-built diamond-storage layout: every written slot is computed here from Solidity's storage rules with
 * ethers (entry at keccak256(key . p), array data at keccak256(p)), then named by storage attribution with the
 * guessed preimages alone. A key the simulation did not see leaves its entry unnamed (the workflow then reads
 * the trace), and a word that cannot be a key of the mapping's type is not tried.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { concat, getAddress, keccak256, toBeHex, zeroPadBytes, zeroPadValue } from 'ethers';
import { candidatePreimages, wordsOf } from '../../chain/src/simulation/candidate-preimages';
import { attributeStorage } from '../../chain/src/simulation/storage-attribution';
import type {
  SimulationNamespace,
  SlotType,
  StructSlotType,
} from '../../chain/src/simulation/storage-layout';

const word = (v: bigint) => toBeHex(v, 32);
const FACET = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3');
const OTHER = getAddress('0xe7f1725e7734ce288f8367e1bb143e90bb3f0512');
const SELECTOR = '0x6f2c590a';
const value = (label: string, bytes: number): SlotType => ({ kind: 'value', label, bytes });
const mapping = (key: string, bytes: number, of: SlotType): SlotType => ({
  kind: 'mapping',
  label: `mapping(${key} => ${of.label})`,
  key: { label: key, bytes },
  value: of,
});

/** A diamond storage: selector → (facet, position), facet → (selectors, position), facets, facet → selector → bool. */
const LAYOUT: StructSlotType = {
  kind: 'struct',
  label: 'struct DiamondStorage',
  slots: 4,
  members: [
    {
      name: 'selectorToFacet',
      slot: 0,
      offset: 0,
      type: mapping('bytes4', 4, {
        kind: 'struct',
        label: 'struct FacetAndPosition',
        slots: 1,
        members: [
          { name: 'facet', slot: 0, offset: 0, type: value('address', 20) },
          { name: 'position', slot: 0, offset: 20, type: value('uint96', 12) },
        ],
      }),
    },
    {
      name: 'facetSelectors',
      slot: 1,
      offset: 0,
      type: mapping('address', 20, {
        kind: 'struct',
        label: 'struct FacetSelectors',
        slots: 2,
        members: [
          {
            name: 'selectors',
            slot: 0,
            offset: 0,
            type: { kind: 'array', label: 'bytes4[]', base: value('bytes4', 4) },
          },
          { name: 'position', slot: 1, offset: 0, type: value('uint256', 32) },
        ],
      }),
    },
    {
      name: 'facets',
      slot: 2,
      offset: 0,
      type: { kind: 'array', label: 'address[]', base: value('address', 20) },
    },
    {
      name: 'enabled',
      slot: 3,
      offset: 0,
      type: mapping('address', 20, mapping('bytes4', 4, value('bool', 1))),
    },
  ],
};
const ROOT = BigInt(keccak256('0x1234')) & ~0xffn;
const NAMESPACES: SimulationNamespace[] = [
  {
    id: 'test.diamond',
    slot: word(ROOT),
    scheme: 'erc7201',
    file: '/x/LibDiamond.sol',
    span: { start: 0, end: 0 },
    struct: 'DiamondStorage',
    owner: 'LibDiamond',
    layout: LAYOUT,
  },
];

const addressKey = (a: string) => zeroPadValue(a, 32);
const bytes4Key = (s: string) => zeroPadBytes(s, 32);
const entry = (key: string, p: bigint) => BigInt(keccak256(concat([key, word(p)])));
const data = (p: bigint) => BigInt(keccak256(word(p)));

// What the cut writes, computed here.
const selectorEntry = entry(bytes4Key(SELECTOR), ROOT);
const facetEntry = entry(addressKey(FACET), ROOT + 1n);
const selectorsData = data(facetEntry);
const facetsData = data(ROOT + 2n);
const enabledEntry = entry(bytes4Key(SELECTOR), entry(addressKey(FACET), ROOT + 3n));
const WRITTEN = [
  selectorEntry,
  selectorsData,
  facetEntry, // selectors.length
  facetEntry + 1n, // position
  ROOT + 2n, // facets.length
  facetsData,
  enabledEntry,
].map(word);

/** The cut's calldata words as the workflow sees them: the facet, the action, the selector (ABI-encoded). */
const KEYS = [addressKey(FACET), word(1n), bytes4Key(SELECTOR)];

const fieldsOf = (keys: string[]) =>
  Object.fromEntries(
    attributeStorage(
      WRITTEN.map((slot) => ({ slot, before: word(0n), after: word(1n) })),
      NAMESPACES,
      candidatePreimages(WRITTEN, NAMESPACES, keys),
    ).map((r) => [r.slot, r.field]),
  );

describe('candidatePreimages', () => {
  test('names every entry, array and nested entry the cut wrote from the keys its calldata showed', () => {
    assert.deepEqual(fieldsOf(KEYS), {
      [word(selectorEntry)]: `selectorToFacet[${SELECTOR}].{facet, position}`,
      [word(selectorsData)]: `facetSelectors[${FACET}].selectors[0..7]`,
      [word(facetEntry)]: `facetSelectors[${FACET}].selectors.length`,
      [word(facetEntry + 1n)]: `facetSelectors[${FACET}].position`,
      [word(ROOT + 2n)]: 'facets.length',
      [word(facetsData)]: 'facets[0]',
      [word(enabledEntry)]: `enabled[${FACET}][${SELECTOR}]`,
    });
  });

  test('an entry of a key not seen stays unnamed; words that cannot be keys of the type are not tried', () => {
    const without = fieldsOf([addressKey(OTHER), word(1n), bytes4Key(SELECTOR)]);
    assert.equal(without[word(facetEntry)], null, 'facetSelectors[FACET] needs FACET');
    assert.equal(without[word(enabledEntry)], null, 'enabled[FACET][…] needs FACET');
    assert.equal(without[word(selectorEntry)], `selectorToFacet[${SELECTOR}].{facet, position}`);
    // The selector right-aligned (as a uint) is no bytes4 key, and an address word is no bytes4 key either.
    const misaligned = fieldsOf([addressKey(FACET), word(BigInt(SELECTOR))]);
    assert.equal(misaligned[word(selectorEntry)], null);
    assert.equal(candidatePreimages(WRITTEN, NAMESPACES, []).size > 0, true, 'array data needs no key');
  });

  test('wordsOf: 32-byte words after a selector, a short tail ignored', () => {
    const calldata = `0x12345678${'11'.repeat(32)}${'22'.repeat(32)}abcd`;
    assert.deepEqual(wordsOf(calldata, 4), ['11'.repeat(32), '22'.repeat(32)]);
  });
});
