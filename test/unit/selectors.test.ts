/**
 * Canonical types and contract selectors on small in-memory workspaces (the solc-equality test covers the same
 * ground against the compiler; these name each rule on its own and the cases solc cannot show: unresolved types).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { selectorOf } from '../../engine/src/hash';
import {
  canonicalType,
  contractSelectors,
  contractSelectorsDetailed,
  arrayLength,
} from '../../engine/src/selectors';
import type { ContractDef } from '../../engine/src/syntax/ast';
import { Workspace } from '../../engine/src/workspace';

const OTHER = `
struct Far { uint a; Near n; }
struct Near { bytes32 id; }
enum Color { Red, Green }
type Wad is uint128;
uint256 constant LEN = 2;
interface IToken { function balanceOf(address) external view returns (uint); }
library Lib { struct InLib { address who; } uint256 internal constant SIZE = LEN * 3; }
`;

function workspace(main: string) {
  const ws = new Workspace({ readFile: (f) => (f === '/w/Other.sol' ? OTHER : undefined) });
  const unit = ws.setFile('/w/Main.sol', `import "./Other.sol";\n${main}`);
  const contract = (name: string): ContractDef => unit.contracts.find((c) => c.name === name)!;
  return { ws, unit, contract };
}

describe('canonicalType', () => {
  const { ws, contract } = workspace(`
contract C {
    struct Own { Far far; Color c; Wad w; IToken t; address payable p; }
    uint constant K = LEN + 1;
    uint[K] a1;
    bytes32[Lib.SIZE][] a2;
    uint[2 ** 3 - 1] a3;
    uint[Unknown] a4;
    mapping(address => uint) m;
    function (uint) external returns (bool) fx;
    function (uint) internal returns (bool) fi;
    Own own;
    Missing missing;
    uint u; int i; byte b; fixed f; ufixed uf;
}`);
  const c = contract('C');
  const type = (name: string, mode: 'abi' | 'library' = 'abi') =>
    canonicalType(
      ws,
      { file: '/w/Main.sol', contract: c },
      c.stateVars.find((v) => v.name === name)!.type,
      mode,
    );

  test('elementary aliases', () => {
    assert.deepEqual(
      ['u', 'i', 'b', 'f', 'uf'].map((n) => type(n)),
      ['uint256', 'int256', 'bytes1', 'fixed128x18', 'ufixed128x18'],
    );
  });

  test('structs become tuples across files; enums, UDVTs, contracts and address payable reduce', () => {
    assert.equal(type('own'), '((uint256,(bytes32)),uint8,uint128,address,address)');
  });

  test('array lengths: literals and constants (across files, through libraries) are evaluated', () => {
    assert.equal(type('a1'), 'uint256[3]');
    assert.equal(type('a2'), 'bytes32[6][]');
    assert.equal(type('a3'), 'uint256[7]');
    assert.equal(type('a4'), undefined, 'an unknown constant: no guess');
  });

  test('no ABI form: mappings, internal function types, unresolved names', () => {
    assert.equal(type('m'), undefined);
    assert.equal(type('fx'), 'function');
    assert.equal(type('fi'), undefined);
    assert.equal(type('missing'), undefined);
  });

  test('library mode keeps qualified names and allows mappings', () => {
    assert.equal(type('own', 'library'), 'C.Own');
    assert.equal(type('m', 'library'), 'mapping(address => uint256)');
  });

  test('integer expressions', () => {
    const scope = { file: '/w/Main.sol', contract: c };
    assert.equal(arrayLength(ws, scope, '(1 << 4) | 0x0f'), 31n);
    assert.equal(arrayLength(ws, scope, '1_000 * 2e3 / 4 % 7'), 4n);
    assert.equal(arrayLength(ws, scope, 'uint8(K) ** 2'), 9n);
    assert.equal(arrayLength(ws, scope, '1 / 0'), undefined);
    assert.equal(arrayLength(ws, scope, 'K +'), undefined);
  });
});

describe('contractSelectors', () => {
  const { ws, unit, contract } = workspace(`
interface IFace { function ping(uint) external; function named() external view returns (uint); }
abstract contract Base is IFace {
    uint public override named;
    function ping(uint) external virtual;
    function shared() public virtual {}
    function internalOne() internal {}
    function privateOne() private {}
    constructor() {}
    receive() external payable {}
    fallback() external {}
    modifier m() { _; }
}
contract Facet is Base {
    mapping(address => mapping(Color => Far[])) public deep;
    Wad[3] public wads;
    uint private hidden;
    uint internal alsoHidden;
    function ping(uint x) external override {}
    function shared() public override {}
    function overload(IToken t) external {}
    function overload(Lib.InLib calldata l) external {}
    function broken(Missing m) external {}
}
library Store {
    struct Item { uint v; }
    function put(Item storage i, Color c) external {}
    function get(Item memory i) public pure returns (uint) { return i.v; }
    function hiddenLib() internal {}
}`);

  const sigs = (name: string) =>
    contractSelectors(ws, { file: unit.file, contract: contract(name) }).map((e) => e.signature);

  test('external/public functions including inherited, overrides once, getters with nested parameters', () => {
    assert.deepEqual(sigs('Facet').sort(), [
      'deep(address,uint8,uint256)',
      'named()',
      'overload((address))',
      'overload(address)',
      'ping(uint256)',
      'shared()',
      'wads(uint256)',
    ]);
  });

  test('an override is attributed to the most-derived declaration', () => {
    const entries = contractSelectors(ws, { file: unit.file, contract: contract('Facet') });
    const ping = entries.find((e) => e.signature === 'ping(uint256)')!;
    assert.equal(ping.declaredIn, 'Facet');
    assert.equal(ping.selector, selectorOf('ping(uint256)'));
    assert.equal(ping.kind, 'function');
    const named = entries.find((e) => e.signature === 'named()')!;
    assert.equal(named.declaredIn, 'Base');
    assert.equal(named.kind, 'getter');
    const text = ws.text(unit.file)!;
    assert.equal(text.slice(ping.span.start, ping.span.end), 'ping');
  });

  test('a function whose type does not resolve is reported, not guessed', () => {
    const r = contractSelectorsDetailed(ws, { file: unit.file, contract: contract('Facet') });
    assert.deepEqual(
      r.unresolved.map((u) => [u.name, u.declaredIn]),
      [['broken', 'Facet']],
    );
  });

  test('libraries list their external/public functions with library signatures', () => {
    assert.deepEqual(sigs('Store').sort(), ['get(Store.Item)', 'put(Store.Item storage,Color)']);
  });

  test('the selector is keccak256 of the canonical signature', () => {
    assert.equal(selectorOf('transfer(address,uint256)'), '0xa9059cbb');
    const entries = contractSelectors(ws, { file: unit.file, contract: contract('Store') });
    for (const e of entries) assert.equal(e.selector, selectorOf(e.signature));
  });

  test('results follow edits (memoised per workspace version)', () => {
    const before = sigs('Facet');
    assert.equal(
      contractSelectors(ws, { file: unit.file, contract: contract('Facet') }),
      contractSelectors(ws, { file: unit.file, contract: contract('Facet') }),
    );
    const u2 = ws.setFile(
      '/w/Main.sol',
      ws.text('/w/Main.sol')!.replace('function overload(IToken t)', 'function overload(IToken t, uint8 n)'),
    );
    const facet = u2.contracts.find((c) => c.name === 'Facet')!;
    const after = contractSelectors(ws, { file: u2.file, contract: facet }).map((e) => e.signature);
    assert.ok(before.includes('overload(address)'));
    assert.ok(after.includes('overload(address,uint8)') && !after.includes('overload(address)'));
  });
});
