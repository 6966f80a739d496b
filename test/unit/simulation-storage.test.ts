/**
 * Storage attribution (chain/src/simulation/storage-attribution.ts) on hand-built layouts: every expected slot
 * is computed here from Solidity's storage rules (struct field at root + k, packed members by byte offset,
 * mapping entry at keccak256(key . p), dynamic array data at keccak256(p)), not by the code under test.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AbiCoder, concat, getAddress, keccak256, toBeHex, zeroPadValue } from 'ethers';
import { attributeStorage, decodeValue, fieldName } from '../../chain/src/simulation/storage-attribution';
import {
  layoutFromSolc,
  type SimulationNamespace,
  type StructSlotType,
} from '../../chain/src/simulation/storage-layout';
import { preimagesFromStack } from '../../chain/src/simulation/trace';

const abi = AbiCoder.defaultAbiCoder();
const word = (v: bigint) => toBeHex(v, 32);
const ALICE = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');
const BOB = getAddress('0x90f79bf6eb2c4f870365e785982e1f101e93b906');

/** LibRewardsStorageV2.Layout as solc lays it out (written out by hand from the struct). */
const V2: StructSlotType = {
  kind: 'struct',
  label: 'struct LibRewardsStorageV2.Layout',
  slots: 5,
  members: [
    {
      name: 'accounts',
      slot: 0,
      offset: 0,
      type: {
        kind: 'mapping',
        label: 'mapping(address => struct LibRewardsStorageV2.Account)',
        key: { label: 'address', bytes: 20 },
        value: {
          kind: 'struct',
          label: 'struct LibRewardsStorageV2.Account',
          slots: 1,
          members: [
            { name: 'pending', slot: 0, offset: 0, type: { kind: 'value', label: 'uint128', bytes: 16 } },
            { name: 'claimed', slot: 0, offset: 16, type: { kind: 'value', label: 'uint128', bytes: 16 } },
          ],
        },
      },
    },
    {
      name: 'participants',
      slot: 1,
      offset: 0,
      type: { kind: 'array', label: 'address[]', base: { kind: 'value', label: 'address', bytes: 20 } },
    },
    {
      name: 'isParticipant',
      slot: 2,
      offset: 0,
      type: {
        kind: 'mapping',
        label: 'mapping(address => bool)',
        key: { label: 'address', bytes: 20 },
        value: { kind: 'value', label: 'bool', bytes: 1 },
      },
    },
    { name: 'totalDistributed', slot: 3, offset: 0, type: { kind: 'value', label: 'uint256', bytes: 32 } },
    { name: 'distributor', slot: 4, offset: 0, type: { kind: 'value', label: 'address', bytes: 20 } },
    { name: 'migratedFromV1', slot: 4, offset: 20, type: { kind: 'value', label: 'bool', bytes: 1 } },
  ],
};

const ROOT = 0x226334baf9233cdbaac818ceefb5db74bc0ca072ad6f5c45894224564e824d00n;
const OTHER_ROOT = 0x1000n;
const ns = (over: Partial<SimulationNamespace>): SimulationNamespace => ({
  id: 'dloop.storage.rewards.v2',
  scheme: 'erc7201',
  slot: word(ROOT),
  owner: 'LibRewardsStorageV2',
  struct: 'LibRewardsStorageV2.Layout',
  file: '/x/LibRewardsStorageV2.sol',
  span: { start: 0, end: 0 },
  ...over,
});

/** keccak256(key . slot) for an address key, and its preimage. */
function mappingEntry(key: string, slot: bigint): { hash: string; preimage: string } {
  const preimage = abi.encode(['address', 'uint256'], [key, slot]);
  return { hash: keccak256(preimage), preimage };
}

describe('storage attribution', () => {
  const accountsAlice = mappingEntry(ALICE, ROOT);
  const isParticipantBob = mappingEntry(BOB, ROOT + 2n);
  const participantsData = { preimage: word(ROOT + 1n), hash: keccak256(word(ROOT + 1n)) };
  const preimages = new Map([
    [accountsAlice.hash, accountsAlice.preimage],
    [isParticipantBob.hash, isParticipantBob.preimage],
    [participantsData.hash, participantsData.preimage],
  ]);
  const packed = (low: bigint, high: bigint) => word(low | (high << 128n));

  test('struct fields, packed members, mapping entries and array elements are named', () => {
    const writes = [
      { slot: word(ROOT + 3n), before: word(0n), after: word(357n) },
      // distributor (20 bytes at offset 0) and migratedFromV1 (1 byte at offset 20) share slot 4.
      { slot: word(ROOT + 4n), before: word(0n), after: word((1n << 160n) | BigInt(BOB)) },
      { slot: accountsAlice.hash, before: word(0n), after: packed(5n, 100n) },
      { slot: isParticipantBob.hash, before: word(0n), after: word(1n) },
      { slot: word(BigInt(participantsData.hash) + 1n), before: word(0n), after: word(BigInt(ALICE)) },
      { slot: word(ROOT + 1n), before: word(0n), after: word(2n) },
    ];
    const rows = attributeStorage(writes, [ns({ layout: V2 })], preimages);
    const byField = new Map(rows.map((r) => [r.field, r]));
    assert.deepEqual([...byField.keys()].sort(), [
      'accounts[0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC].{pending, claimed}',
      'isParticipant[0x90F79bf6EB2c4f870365E785982E1f101E93b906]',
      'participants.length',
      'participants[1]',
      'totalDistributed',
      '{distributor, migratedFromV1}',
    ]);
    for (const r of rows) assert.equal(r.namespace, 'dloop.storage.rewards.v2');
    const packedRow = byField.get('{distributor, migratedFromV1}')!;
    assert.deepEqual(
      packedRow.values?.map((v) => [v.field, v.before, v.after]),
      [
        ['distributor', '0x0000000000000000000000000000000000000000', BOB],
        ['migratedFromV1', 'false', 'true'],
      ],
    );
    const account = byField.get('accounts[0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC].{pending, claimed}')!;
    assert.deepEqual(
      account.values?.map((v) => [v.field.split('.').pop(), v.after]),
      [
        ['pending', '5'],
        ['claimed', '100'],
      ],
    );
    assert.equal(byField.get('participants[1]')!.values?.[0].after, ALICE);
    assert.equal(byField.get('participants.length')!.values?.[0].after, '2');
  });

  test('a namespace without a layout names slots by distance and key; the rest stays raw', () => {
    const other = mappingEntry(ALICE, OTHER_ROOT + 2n);
    const pre = new Map([...preimages, [other.hash, other.preimage]]);
    const raw = word(0xdeadn);
    const rows = attributeStorage(
      [
        { slot: word(OTHER_ROOT + 7n), before: word(0n), after: word(1n) },
        { slot: word(BigInt(other.hash) + 1n), before: word(0n), after: word(1n) },
        { slot: raw, before: word(1n), after: word(2n) },
      ],
      [ns({ id: undefined, slot: word(OTHER_ROOT), owner: 'LibOther', struct: undefined })],
      pre,
    );
    assert.deepEqual(
      rows.map((r) => [r.namespace, r.field]),
      [
        ['LibOther', '+2[0x0000000000000000000000003c44cdddb6a900fa2b585dd299e03d12fa4293bc]+1'],
        ['LibOther', '+7'],
        [null, null],
      ],
    );
    assert.equal(rows[2].slot, raw);
  });

  test('nested mappings follow the preimage chain through two levels', () => {
    const layout: StructSlotType = {
      kind: 'struct',
      label: 'struct L',
      slots: 1,
      members: [
        {
          name: 'allowance',
          slot: 0,
          offset: 0,
          type: {
            kind: 'mapping',
            label: 'mapping(address => mapping(uint256 => uint256))',
            key: { label: 'address', bytes: 20 },
            value: {
              kind: 'mapping',
              label: 'mapping(uint256 => uint256)',
              key: { label: 'uint256', bytes: 32 },
              value: { kind: 'value', label: 'uint256', bytes: 32 },
            },
          },
        },
      ],
    };
    const outer = mappingEntry(ALICE, OTHER_ROOT);
    const innerPre = abi.encode(['uint256', 'uint256'], [42n, BigInt(outer.hash)]);
    const inner = keccak256(innerPre);
    const rows = attributeStorage(
      [{ slot: inner, before: word(0n), after: word(9n) }],
      [ns({ id: 'x.nested', slot: word(OTHER_ROOT), layout })],
      new Map([
        [outer.hash, outer.preimage],
        [inner, innerPre],
      ]),
    );
    assert.deepEqual(
      rows.map((r) => [r.namespace, r.field, r.values?.[0].after]),
      [['x.nested', `allowance[${ALICE}][42]`, '9']],
    );
  });

  test('values decode by type and offset; packed element lists read as ranges', () => {
    const v = word((0xabcdn << 16n) | 0xfffen);
    assert.equal(decodeValue(v, 0, 2, 'int16'), '-2');
    assert.equal(decodeValue(v, 2, 2, 'uint16'), String(0xabcd));
    assert.equal(decodeValue(v, 2, 2, 'bytes2'), '0xabcd');
    assert.equal(fieldName(['a.b[0]', 'a.b[1]', 'a.b[2]']), 'a.b[0..2]');
    assert.equal(fieldName(['x.p', 'x.q']), 'x.{p, q}');
  });

  test("solc's storageLayout types convert to slots (members, mappings, arrays, packing)", () => {
    const types = {
      't_struct(Layout)1_storage': {
        encoding: 'inplace',
        label: 'struct L.Layout',
        numberOfBytes: '96',
        members: [
          { label: 'a', slot: '0', offset: 0, type: 't_uint16' },
          { label: 'b', slot: '0', offset: 2, type: 't_address' },
          { label: 'm', slot: '1', offset: 0, type: 't_mapping(t_address,t_uint64)' },
          { label: 'xs', slot: '2', offset: 0, type: 't_array(t_uint256)dyn_storage' },
        ],
      },
      t_uint16: { encoding: 'inplace', label: 'uint16', numberOfBytes: '2' },
      t_uint64: { encoding: 'inplace', label: 'uint64', numberOfBytes: '8' },
      t_uint256: { encoding: 'inplace', label: 'uint256', numberOfBytes: '32' },
      t_address: { encoding: 'inplace', label: 'address', numberOfBytes: '20' },
      't_mapping(t_address,t_uint64)': {
        encoding: 'mapping',
        label: 'mapping(address => uint64)',
        numberOfBytes: '32',
        key: 't_address',
        value: 't_uint64',
      },
      't_array(t_uint256)dyn_storage': {
        encoding: 'dynamic_array',
        label: 'uint256[]',
        numberOfBytes: '32',
        base: 't_uint256',
      },
    };
    const t = layoutFromSolc(types, 't_struct(Layout)1_storage');
    assert.equal(t.kind, 'struct');
    if (t.kind !== 'struct') return;
    assert.equal(t.slots, 3);
    assert.deepEqual(
      t.members.map((m) => [m.name, m.slot, m.offset, m.type.kind]),
      [
        ['a', 0, 0, 'value'],
        ['b', 0, 2, 'value'],
        ['m', 1, 0, 'mapping'],
        ['xs', 2, 0, 'array'],
      ],
    );
  });
});

describe('keccak preimages from a memory-less struct log', () => {
  test('MSTOREd inputs are rebuilt and checked against the pushed hash; copied memory is not trusted', () => {
    const key = zeroPadValue(ALICE, 32);
    const slot = word(7n);
    const hash = keccak256(concat([key, slot]));
    const stack = (...items: string[]) => items; // bottom → top, as struct logs list them
    const logs = [
      { op: 'MSTORE', depth: 1, stack: stack(key, '0x0') },
      { op: 'MSTORE', depth: 1, stack: stack(slot, '0x20') },
      { op: 'KECCAK256', depth: 1, stack: stack('0x40', '0x0') },
      { op: 'SLOAD', depth: 1, stack: stack(hash) },
      // A second hash over memory a CALLDATACOPY wrote: not rebuilt, counted as missed.
      { op: 'CALLDATACOPY', depth: 1, stack: stack('0x20', '0x4', '0x80') },
      { op: 'KECCAK256', depth: 1, stack: stack('0x20', '0x80') },
      { op: 'POP', depth: 1, stack: stack('0x1234') },
      // A wrong hash pushed (what a mis-rebuilt input would give) is refused.
      { op: 'KECCAK256', depth: 1, stack: stack('0x20', '0x0') },
      { op: 'POP', depth: 1, stack: stack('0x99') },
      // An MSTORE over the copied range makes it known again.
      { op: 'MSTORE', depth: 1, stack: stack(slot, '0x80') },
      { op: 'KECCAK256', depth: 1, stack: stack('0x20', '0x80') },
      { op: 'POP', depth: 1, stack: stack(keccak256(slot)) },
    ];
    const { preimages, missed } = preimagesFromStack(logs);
    assert.deepEqual(
      [...preimages],
      [
        [hash.toLowerCase(), concat([key, slot]).toLowerCase()],
        [keccak256(slot).toLowerCase(), slot.toLowerCase()],
      ],
    );
    assert.equal(missed, 2);
  });
});
