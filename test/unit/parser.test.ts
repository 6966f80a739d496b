/** The declaration parser on well-formed code: every declaration form, types, spans and docs. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ContractDef, FunctionDef, TypeName } from '../../engine/src/syntax/ast';
import { parseSource } from '../../engine/src/syntax/parser';
import { repoRoot as findRepoRoot } from '../support/repo';

const F = '/ws/a.sol';

function fn(c: ContractDef, name: string): FunctionDef {
  const f = c.functions.find((x) => x.name === name);
  assert.ok(f, `function ${name}`);
  return f;
}

/** A readable rendering of a type, to compare whole shapes at once. */
function show(t: TypeName): string {
  switch (t.kind) {
    case 'elementary':
      return t.name;
    case 'user':
      return t.path.join('.');
    case 'array':
      return `${show(t.base)}[${t.length ?? ''}]`;
    case 'mapping':
      return `mapping(${show(t.key)}${t.keyName ? ' ' + t.keyName : ''} => ${show(t.value)}${t.valueName ? ' ' + t.valueName : ''})`;
    case 'function':
      return `function(${t.params.map((p) => show(p.type)).join(',')})${t.visibility ? ' ' + t.visibility : ''}${t.stateMutability ? ' ' + t.stateMutability : ''}${t.returns.length ? ` returns(${t.returns.map((p) => show(p.type)).join(',')})` : ''}`;
  }
}

describe('parseSource: imports and pragmas', () => {
  const src = [
    '// SPDX-License-Identifier: MIT',
    'pragma solidity ^0.8.24;',
    'pragma abicoder v2;',
    'import "./A.sol";',
    'import "./B.sol" as B;',
    "import * as C from './C.sol';",
    'import {X, Y as Z} from "@lib/D.sol";',
    'import {W} from "./E.sol";',
  ].join('\n');
  const u = parseSource(F, src);

  test('every import form', () => {
    assert.deepEqual(
      u.imports.map((i) => ({
        path: i.path,
        alias: i.unitAlias,
        symbols: i.symbols?.map((s) => [s.name, s.alias]),
      })),
      [
        { path: './A.sol', alias: undefined, symbols: undefined },
        { path: './B.sol', alias: 'B', symbols: undefined },
        { path: './C.sol', alias: 'C', symbols: undefined },
        {
          path: '@lib/D.sol',
          alias: undefined,
          symbols: [
            ['X', undefined],
            ['Y', 'Z'],
          ],
        },
        { path: './E.sol', alias: undefined, symbols: [['W', undefined]] },
      ],
    );
    assert.deepEqual(u.problems, []);
  });

  test('spans point at the path string and the whole directive', () => {
    const d = u.imports[3];
    assert.equal(src.slice(d.pathSpan.start, d.pathSpan.end), '"@lib/D.sol"');
    assert.equal(src.slice(d.span.start, d.span.end), 'import {X, Y as Z} from "@lib/D.sol";');
    const y = d.symbols![1];
    assert.equal(src.slice(y.span.start, y.span.end), 'Y as Z');
  });

  test('pragmas', () => {
    assert.deepEqual(
      u.pragmas!.map((p) => p.text),
      ['solidity ^0.8.24', 'abicoder v2'],
    );
  });
});

describe('parseSource: contracts', () => {
  const src = `
/// @title Base
abstract contract Base is IThing, Lib.Other(1, "x") {
    function f() external virtual;
}
interface IThing { function g(uint) external; }
library L { function h() internal {} }
contract Laid layout at 0x10 * 2 is Base { }
contract Plain {}
`;
  const u = parseSource(F, src);

  test('kinds, abstract, bases with arguments', () => {
    assert.deepEqual(
      u.contracts.map((c) => [c.kind, c.abstract, c.name, c.bases.map((b) => [b.path.join('.'), b.args])]),
      [
        [
          'contract',
          true,
          'Base',
          [
            ['IThing', undefined],
            ['Lib.Other', '1, "x"'],
          ],
        ],
        ['interface', false, 'IThing', []],
        ['library', false, 'L', []],
        ['contract', false, 'Laid', [['Base', undefined]]],
        ['contract', false, 'Plain', []],
      ],
    );
    assert.deepEqual(u.problems, []);
  });

  test('contract spans, body span, name span and docs', () => {
    const base = u.contracts[0];
    assert.equal(src.slice(base.nameSpan.start, base.nameSpan.end), 'Base');
    assert.ok(src.slice(base.span.start, base.span.end).startsWith('abstract contract Base'));
    assert.ok(src.slice(base.span.start, base.span.end).endsWith('virtual;\n}'));
    assert.equal(src.slice(base.bodySpan!.start, base.bodySpan!.end).at(0), '{');
    assert.equal(base.docs, '/// @title Base');
    assert.equal(u.contracts[4].docs, undefined);
  });
});

describe('parseSource: functions', () => {
  const src = `
contract C is A, B {
    constructor(uint256 x) A(x) B() payable {}
    fallback(bytes calldata input) external payable returns (bytes memory) { return input; }
    receive() external payable {}
    modifier only(address who) { _; }
    modifier bare { _; }
    function transfer(address to, uint amount) public virtual override(A, B) only(to) bare returns (bool ok, uint256) {
        if (amount > 0) { emit X({a: 1}); }
        string memory s = "}";
        return (true, 1);
    }
    function view_(bytes32[2] calldata, address payable p) external view returns (uint) { return 0; }
    function noBody() external pure;
    function old() constant returns (uint) { return 1; }
}`;
  const c = parseSource(F, src).contracts[0];

  test('kinds and names', () => {
    assert.deepEqual(
      c.functions.map((f) => [f.kind, f.name]),
      [
        ['constructor', ''],
        ['fallback', ''],
        ['receive', ''],
        ['modifier', 'only'],
        ['modifier', 'bare'],
        ['function', 'transfer'],
        ['function', 'view_'],
        ['function', 'noBody'],
        ['function', 'old'],
      ],
    );
  });

  test('header: params with locations, returns, visibility, mutability, virtual, override list, modifiers', () => {
    const t = fn(c, 'transfer');
    assert.deepEqual(
      t.params.map((p) => [show(p.type), p.name, p.location]),
      [
        ['address', 'to', undefined],
        ['uint', 'amount', undefined],
      ],
    );
    assert.deepEqual(
      t.returns.map((p) => [show(p.type), p.name]),
      [
        ['bool', 'ok'],
        ['uint256', undefined],
      ],
    );
    assert.equal(t.visibility, 'public');
    assert.equal(t.stateMutability, undefined);
    assert.equal(t.virtual, true);
    assert.equal(t.override, true);
    assert.deepEqual(t.overrides, [['A'], ['B']]);
    assert.deepEqual(
      t.modifiers!.map((m) => m.path.join('.')),
      ['only', 'bare'],
    );
    const v = fn(c, 'view_');
    assert.deepEqual(
      v.params.map((p) => [show(p.type), p.name, p.location]),
      [
        ['bytes32[2]', undefined, 'calldata'],
        ['address payable', 'p', undefined],
      ],
    );
    assert.equal(v.stateMutability, 'view');
    assert.equal(fn(c, 'old').stateMutability, 'view');
    const ctor = c.functions[0];
    assert.equal(ctor.stateMutability, 'payable');
    assert.deepEqual(
      ctor.modifiers!.map((m) => m.path.join('.')),
      ['A', 'B'],
    );
    assert.deepEqual(
      c.functions[1].params.map((p) => p.location),
      ['calldata'],
    );
  });

  test('bodies are skipped by brace matching (strings and nested blocks do not confuse it)', () => {
    const t = fn(c, 'transfer');
    const body = src.slice(t.bodySpan!.start, t.bodySpan!.end);
    assert.ok(body.startsWith('{\n        if (amount > 0)'));
    assert.ok(body.endsWith('return (true, 1);\n    }'));
    assert.equal(
      src.slice(t.headerSpan.start, t.headerSpan.end).trim().endsWith('returns (bool ok, uint256)'),
      true,
    );
    assert.equal(src.slice(t.nameSpan.start, t.nameSpan.end), 'transfer');
    const nb = fn(c, 'noBody');
    assert.equal(nb.bodySpan, undefined);
    assert.ok(src.slice(nb.span.start, nb.span.end).endsWith('pure;'));
  });
});

describe('parseSource: state variables and types', () => {
  const src = `
contract V {
    uint public constant A = 1 + 2;
    address public immutable owner;
    uint256 private transient lock;
    uint256 internal override(Base) counted;
    mapping(address owner => mapping(uint256 => bool) allowed) public nested;
    mapping(bytes32 => S.T[]) internal byId;
    uint8[2][] grid = [[1, 2]];
    Lib.Inner.S[LEN * 2] deep;
    function (uint256) external view returns (bool) public cb;
    function (address) internal pure fnInternal;
    fixed f1;
    ufixed128x18 f2;
    bytes4 sel = bytes4(keccak256("x(uint256)"));
    uint transient;
}`;
  const u = parseSource(F, src);
  const vars = u.contracts[0].stateVars;
  const byName = (n: string) => vars.find((v) => v.name === n)!;

  test('types of every shape', () => {
    assert.deepEqual(
      vars.map((v) => [v.name, show(v.type)]),
      [
        ['A', 'uint'],
        ['owner', 'address'],
        ['lock', 'uint256'],
        ['counted', 'uint256'],
        ['nested', 'mapping(address owner => mapping(uint256 => bool) allowed)'],
        ['byId', 'mapping(bytes32 => S.T[])'],
        ['grid', 'uint8[2][]'],
        ['deep', 'Lib.Inner.S[LEN * 2]'],
        ['cb', 'function(uint256) external view returns(bool)'],
        ['fnInternal', 'function(address) internal pure'],
        ['f1', 'fixed'],
        ['f2', 'ufixed128x18'],
        ['sel', 'bytes4'],
        ['transient', 'uint'],
      ],
    );
    assert.deepEqual(u.problems, []);
  });

  test('specifiers', () => {
    assert.equal(byName('A').constant, true);
    assert.equal(byName('A').visibility, 'public');
    assert.equal(byName('owner').immutable, true);
    assert.equal(byName('lock').transient, true);
    assert.equal(byName('lock').visibility, 'private');
    assert.deepEqual(byName('counted').overrides, [['Base']]);
    assert.equal(byName('transient').transient, undefined, '`transient` is also a valid variable name');
    assert.equal(byName('cb').visibility, 'public');
  });

  test('initializer text and span', () => {
    const a = byName('A');
    assert.equal(a.initializer!.text, '1 + 2');
    assert.equal(src.slice(a.initializer!.span.start, a.initializer!.span.end), '1 + 2');
    assert.equal(byName('sel').initializer!.text, 'bytes4(keccak256("x(uint256)"))');
    assert.equal(byName('grid').initializer!.text, '[[1, 2]]');
    assert.equal(byName('owner').initializer, undefined);
  });
});

describe('parseSource: structs, enums, UDVTs, events, errors, using', () => {
  const src = `
contract T {
    struct S { uint a; mapping(address => uint) m; Inner[] list; }
    enum E { A, B, C }
    type Price is uint128;
    event Moved(address indexed from, uint amount) anonymous;
    event Plain(S s);
    error Bad(uint code, string why);
    using SafeMath for uint256;
    using {add, sub as -} for Price global;
    using L for *;
}`;
  const c = parseSource(F, src).contracts[0];

  test('members', () => {
    assert.deepEqual(
      c.structs[0].members.map((m) => [m.name, show(m.type)]),
      [
        ['a', 'uint'],
        ['m', 'mapping(address => uint)'],
        ['list', 'Inner[]'],
      ],
    );
    assert.deepEqual(c.enums[0].members, ['A', 'B', 'C']);
    assert.equal(show(c.udvts[0].underlying), 'uint128');
    assert.equal(c.udvts[0].name, 'Price');
    assert.deepEqual(
      c.events.map((e) => [e.name, e.anonymous, e.params.map((p) => [p.name, p.indexed])]),
      [
        [
          'Moved',
          true,
          [
            ['from', true],
            ['amount', undefined],
          ],
        ],
        ['Plain', undefined, [['s', undefined]]],
      ],
    );
    assert.deepEqual(
      c.errors!.map((e) => [e.name, e.params.map((p) => show(p.type))]),
      [['Bad', ['uint', 'string']]],
    );
    assert.deepEqual(
      c.usings.map((x) => [x.library.join('.'), x.functions?.map((p) => p.join('.')), x.forType, x.global]),
      [
        ['SafeMath', undefined, 'uint256', undefined],
        ['', ['add', 'sub'], 'Price', true],
        ['L', undefined, '*', undefined],
      ],
    );
  });
});

describe('parseSource: file-level declarations', () => {
  const src = `
uint256 constant MAX = 10;
bytes32 constant SLOT = keccak256("a.b");
type Amount is uint96;
struct P { uint x; }
enum Color { Red }
error Oops();
event Happened(uint n);
function helper(uint a) pure returns (uint) { return a; }
using {helper} for uint global;
contract After {}
`;
  const u = parseSource(F, src);

  test('every file-level kind', () => {
    assert.deepEqual(
      u.constants.map((v) => [v.name, v.constant, v.initializer?.text]),
      [
        ['MAX', true, '10'],
        ['SLOT', true, 'keccak256("a.b")'],
      ],
    );
    assert.deepEqual(
      [u.udvts, u.structs, u.enums, u.errors!, u.events!, u.functions].map((l) => l.map((d) => d.name)),
      [['Amount'], ['P'], ['Color'], ['Oops'], ['Happened'], ['helper']],
    );
    assert.equal(u.usings!.length, 1);
    assert.deepEqual(
      u.contracts.map((c) => c.name),
      ['After'],
    );
    assert.deepEqual(u.problems, []);
  });
});

describe('parseSource: docs', () => {
  const src = `pragma solidity ^0.8.0;

// unrelated, separated by a blank line

/// @notice NatSpec line one
/// @dev line two
contract A {
    uint a; // trailing comment belongs to a
    uint b;

    /**
     * @custom:storage-location erc7201:dloop.storage.x.v1
     */
    struct Layout { uint x; }

    // plain comment
    /* block */
    function f() external {}

    // far away

    function g() external {}
}`;
  const c = parseSource(F, src).contracts[0];

  test('contiguous comments directly above, NatSpec and plain, markers kept', () => {
    assert.equal(c.docs, '/// @notice NatSpec line one\n/// @dev line two');
    assert.equal(
      c.structs[0].docs,
      '/**\n     * @custom:storage-location erc7201:dloop.storage.x.v1\n     */',
    );
    assert.equal(fn(c, 'f').docs, '// plain comment\n    /* block */');
  });

  test('a blank line or a trailing comment does not attach', () => {
    assert.equal(fn(c, 'g').docs, undefined);
    assert.equal(c.stateVars.find((v) => v.name === 'b')!.docs, undefined);
    assert.equal(c.stateVars.find((v) => v.name === 'a')!.docs, undefined);
  });
});

describe('real code', () => {
  test('OpenZeppelin 5.x, contracts/ and the fixtures parse without a single problem', () => {
    const root = findRepoRoot();
    const files: string[] = [];
    const walk = (d: string) => {
      if (!existsSync(d)) return;
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith('.sol')) files.push(p);
      }
    };
    for (const d of ['node_modules/@openzeppelin/contracts', 'contracts', 'test/fixtures/selectors'])
      walk(join(root, d));
    assert.ok(files.length > 250, `${files.length} files`);
    let functions = 0;
    const t0 = performance.now();
    for (const f of files) {
      const u = parseSource(f, readFileSync(f, 'utf8'));
      assert.deepEqual(u.problems, [], f);
      for (const c of u.contracts) functions += c.functions.length;
    }
    console.log(
      `[parser] ${files.length} real files, ${functions} functions, ${(performance.now() - t0).toFixed(0)} ms`,
    );
    assert.ok(functions > 2000);
  });
});
