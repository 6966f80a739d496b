/**
 * Constant evaluation and ERC-7201 slots against the ground truth: the same expressions compiled by
 * solc-js 0.8.37 and executed on Hardhat's EVM. Published values (OpenZeppelin) checked as well.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { evaluateSlot, type SlotValue } from '../../engine/src/constants/evaluate';
import { erc7201Slot } from '../../engine/src/constants/erc7201';
import { solidityValues, type SolConstant } from './storage-evm';

const formula = (id: string) =>
  `keccak256(abi.encode(uint256(keccak256("${id}")) - 1)) & ~bytes32(uint256(0xff))`;

/** First `prefix<N>` whose keccak256 (or ERC-7201 slot) starts with a zero byte: found by brute force. */
function idWithLeadingZero(prefix: string, of: (id: string) => Uint8Array): string {
  for (let n = 0; n < 100_000; n++) {
    const id = prefix + n;
    if (of(id)[0] === 0) return id;
  }
  throw new Error('no id found');
}
const zeroHashId = idWithLeadingZero('dloop.storage.pad.v', (id) => keccak_256(utf8ToBytes(id)));
const zeroSlotId = idWithLeadingZero('dloop.storage.slotpad.v', (id) =>
  Uint8Array.from(Buffer.from(erc7201Slot(id).slice(2, 4), 'hex')),
);

// Referenced constants, declared the same way for solc (prelude / contract body) and for our lookup.
const PRELUDE = `
bytes32 constant FILE_LEVEL = keccak256("dloop.storage.file.v1");
library Lib { bytes32 internal constant X = ${formula('dloop.storage.lib.v1')}; }
`;
const BODY = `    bytes32 internal constant SAME = bytes32(uint256(0x1234));`;
const REFS: Record<string, string> = {
  FILE_LEVEL: 'keccak256("dloop.storage.file.v1")',
  'Lib.X': formula('dloop.storage.lib.v1'),
  SAME: 'bytes32(uint256(0x1234))',
};
const lookup = (path: string[]): SlotValue | undefined => {
  const e = REFS[path.join('.')];
  return e === undefined ? undefined : evaluateSlot(e, lookup);
};

interface Case extends SolConstant {
  form: SlotValue['form'];
  id?: string;
}
const CASES: Case[] = [
  {
    type: 'bytes32',
    expr: '0x9016d09d72d40fdae2fd8ceac6b6234c7706214fd39c1cd1e609a0528c199300',
    form: 'literal',
  },
  {
    type: 'bytes32',
    expr: 'keccak256("diamond.standard.diamond.storage")',
    form: 'keccak',
    id: 'diamond.standard.diamond.storage',
  },
  { type: 'bytes32', expr: 'keccak256(bytes("a.b"))', form: 'keccak', id: 'a.b' },
  { type: 'bytes32', expr: 'keccak256(abi.encodePacked("a.b"))', form: 'keccak', id: 'a.b' },
  { type: 'bytes32', expr: 'keccak256(abi.encodePacked("a", ".b"))', form: 'keccak', id: 'a.b' },
  { type: 'bytes32', expr: 'keccak256(abi.encode("a.b"))', form: 'computed', id: 'a.b' },
  { type: 'bytes32', expr: 'keccak256(abi.encode("a.b", uint256(7), "c"))', form: 'computed' },
  { type: 'bytes32', expr: 'keccak256(abi.encodePacked(uint8(1), bytes32(uint256(2))))', form: 'computed' },
  { type: 'bytes32', expr: 'keccak256(hex"00ff")', form: 'computed' },
  { type: 'bytes32', expr: "keccak256('single.quoted')", form: 'keccak', id: 'single.quoted' },
  { type: 'bytes32', expr: 'keccak256("esc\\x01aped")', form: 'keccak', id: 'esc\u0001aped' },
  { type: 'bytes32', expr: 'keccak256(unicode"dloop.störage")', form: 'keccak', id: 'dloop.störage' },
  {
    type: 'bytes32',
    expr: formula('openzeppelin.storage.Ownable'),
    form: 'erc7201',
    id: 'openzeppelin.storage.Ownable',
  },
  { type: 'bytes32', expr: formula(zeroHashId), form: 'erc7201', id: zeroHashId },
  { type: 'bytes32', expr: formula(zeroSlotId), form: 'erc7201', id: zeroSlotId },
  { type: 'bytes32', expr: `bytes32(erc7201("${zeroHashId}"))`, form: 'erc7201', id: zeroHashId },
  { type: 'uint256', expr: 'erc7201("dloop.storage.core.v1")', form: 'erc7201', id: 'dloop.storage.core.v1' },
  {
    type: 'bytes32',
    expr: 'bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1)',
    form: 'keccak-minus-1',
    id: 'eip1967.proxy.implementation',
  },
  {
    type: 'bytes32',
    expr: `bytes32(uint256(keccak256("${zeroHashId}")) - 1)`,
    form: 'keccak-minus-1',
    id: zeroHashId,
  },
  { type: 'bytes32', expr: 'bytes32(uint256(keccak256("x")) + 2 ** 8 * 3 - 1)', form: 'computed', id: 'x' },
  { type: 'bytes32', expr: 'bytes32(uint256(1) << 255 | uint256(0xf0) ^ 0x0f)', form: 'computed' },
  { type: 'bytes32', expr: 'bytes32(uint256(keccak256("x")) >> 8 & 0xffff)', form: 'computed', id: 'x' },
  { type: 'bytes32', expr: '"short"', form: 'literal' },
  { type: 'uint256', expr: '1_000e3', form: 'literal' },
  { type: 'uint256', expr: '2.5e3', form: 'literal' },
  { type: 'uint256', expr: '1 ether', form: 'literal' },
  { type: 'uint256', expr: '0.5 gwei', form: 'literal' },
  { type: 'bytes32', expr: 'bytes32(uint256(2 weeks))', form: 'literal' },
  { type: 'bytes32', expr: 'FILE_LEVEL', form: 'keccak', id: 'dloop.storage.file.v1' },
  { type: 'bytes32', expr: 'Lib.X', form: 'erc7201', id: 'dloop.storage.lib.v1' },
  { type: 'bytes32', expr: 'SAME', form: 'literal' },
  { type: 'bytes32', expr: 'bytes32(uint256(Lib.X) + 1)', form: 'computed', id: 'dloop.storage.lib.v1' },
  {
    type: 'bytes32',
    expr: 'keccak256(abi.encode(FILE_LEVEL, SAME))',
    form: 'computed',
    id: 'dloop.storage.file.v1',
  },
];

test('evaluateSlot equals solc + EVM for every supported form', async () => {
  const truth = await solidityValues(CASES, PRELUDE, BODY);
  CASES.forEach((c, i) => {
    const got = evaluateSlot(c.expr, lookup);
    assert.ok(got, `no value for ${c.expr}`);
    assert.equal(got.value, truth[i], c.expr);
    assert.equal(got.form, c.form, c.expr);
    assert.equal(got.id, c.id, c.expr);
  });
});

test('the brute-forced ids really exercise leading zero bytes', () => {
  assert.match(evaluateSlot(`keccak256("${zeroHashId}")`)!.value, /^0x00/);
  assert.match(erc7201Slot(zeroSlotId), /^0x00/);
});

test('erc7201Slot equals solc for several ids, including leading-zero ones', async () => {
  const ids = [
    'openzeppelin.storage.Ownable',
    'dloop.storage.core.v1',
    zeroHashId,
    zeroSlotId,
    '',
    'ü.ünicode',
  ];
  const truth = await solidityValues(ids.map((id) => ({ type: 'uint256', expr: `erc7201(unicode"${id}")` })));
  ids.forEach((id, i) => assert.equal(erc7201Slot(id), truth[i], id));
});

test('erc7201Slot matches published OpenZeppelin values', () => {
  assert.equal(
    erc7201Slot('openzeppelin.storage.Ownable'),
    '0x9016d09d72d40fdae2fd8ceac6b6234c7706214fd39c1cd1e609a0528c199300',
  );
  // Initializable.sol / ReentrancyGuard.sol in @openzeppelin/contracts 5.x.
  assert.equal(
    erc7201Slot('openzeppelin.storage.Initializable'),
    '0xf0c57e16840df040f15088dc2f81fe391c3923bec73e23a9662efc9c229c6a00',
  );
  assert.equal(
    erc7201Slot('openzeppelin.storage.ReentrancyGuard'),
    '0x9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00',
  );
});

test('unknown expressions evaluate to undefined, never a guess', () => {
  const unknown = [
    '',
    'keccak256(abi.encodePacked(msg.sender))',
    'blockhash(1)',
    'UNKNOWN_CONSTANT',
    'Other.UNKNOWN',
    'keccak256(x)',
    'keccak256(bytes32(0))', // solc rejects: keccak256 wants bytes
    'type(uint256).max',
    'bytes32(uint256(0) - 1)', // underflow is a compile error
    'keccak256("a") +', // half-typed
    'keccak256(("a")',
    'cond ? keccak256("a") : keccak256("b")',
    'erc7201(SOME_STRING_CONSTANT)',
    'keccak256(abi.encodePacked(1))', // untyped literal: solc rejects it
    'int256(-1)',
  ];
  for (const e of unknown) assert.equal(evaluateSlot(e, lookup), undefined, e);
});
