/**
 * What the docs say a facet reads, writes and calls, on small projects built for each way code reaches a
 * namespace: a local storage pointer, a library's internal function, a storage parameter, `using L for`,
 * modifiers, AppStorage's `s`, calls through the diamond (`IOther(address(this)).f()`, `this.f()`,
 * `address(this).call(abi.encodeCall(...))`); and inputs the full parser chokes on, which must be reported
 * and never throw nor lose the rest.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_BODY_PARSE_CHARS } from '../../engine/src/docs/bodies';
import { docsFiles } from '../../engine/src/docs/docs-files';
import { HEADER, memoryService } from './service-support';

const LIB_A = `${HEADER}
library LibA {
  bytes32 constant POSITION = keccak256("test.storage.a.v1");
  struct Layout { uint256 total; mapping(address => uint256) owed; address admin; }
  function layout() internal pure returns (Layout storage l) { bytes32 p = POSITION; assembly { l.slot := p } }
  function credit(Layout storage l, address who, uint256 v) internal { l.owed[who] += v; }
  function peek(Layout storage l) internal view returns (uint256) { return l.total; }
  function admin() internal view returns (address) { return layout().admin; }
}
library LibB {
  bytes32 constant POSITION = keccak256("test.storage.b.v1");
  struct Layout { uint256 count; }
  function layout() internal pure returns (Layout storage l) { bytes32 p = POSITION; assembly { l.slot := p } }
}
`;

const deps = (files: Record<string, string>, config = {}) => {
  const { service } = memoryService(files, config);
  const model = service.docs();
  return { model, set: new Set(model.dependencies.map((d) => `${d.from} ${d.kind} ${d.to}`)) };
};

describe('docs: what a facet reaches', () => {
  test('pointers, library functions, storage parameters, using-for and modifiers', () => {
    const { set, model } = deps({
      'Libs.sol': LIB_A,
      'Facets.sol': `${HEADER}
import "./Libs.sol";
contract WriterFacet {
  using LibA for LibA.Layout;
  function viaPointer(uint256 v) external { LibA.Layout storage l = LibA.layout(); l.total = v; }
  function viaParameter(address who) external { LibA.credit(LibA.layout(), who, 1); }
  function viaUsing(address who) external { LibA.layout().credit(who, 2); }
}
contract ReaderFacet {
  modifier onlyAdmin() { require(msg.sender == LibA.admin()); _; }
  function guarded() external onlyAdmin { }
  function peekB() external view returns (uint256) { return LibB.layout().count; }
}
contract PointerOnlyFacet {
  // Forms a pointer and passes it to a view: reads, never writes.
  function peekA() external view returns (uint256) { LibA.Layout storage l = LibA.layout(); return LibA.peek(l); }
}
`,
    });
    assert.ok(set.has('WriterFacet writes test.storage.a.v1'));
    assert.ok(!set.has('WriterFacet reads test.storage.b.v1'));
    assert.ok(set.has('ReaderFacet reads test.storage.a.v1'), 'through the modifier and LibA.admin()');
    assert.ok(!set.has('ReaderFacet writes test.storage.a.v1'));
    assert.ok(set.has('ReaderFacet reads test.storage.b.v1'));
    assert.ok(set.has('PointerOnlyFacet reads test.storage.a.v1'));
    assert.ok(!set.has('PointerOnlyFacet writes test.storage.a.v1'));
    const a = model.namespaces.find((n) => n.id === 'test.storage.a.v1')!;
    assert.deepEqual(a.writtenBy, ['WriterFacet']);
    assert.deepEqual(a.readBy, ['PointerOnlyFacet', 'ReaderFacet', 'WriterFacet']);
    const writer = model.diamonds[0].facets.find((f) => f.name === 'WriterFacet')!;
    assert.deepEqual(writer.libraries, ['LibA']);
  });

  test('a function that only reads does not write, even through a compound expression', () => {
    const { set } = deps({
      'Libs.sol': LIB_A,
      'F.sol': `${HEADER}
import "./Libs.sol";
contract OnlyReadsFacet {
  function f(address who) external view returns (uint256) { return LibA.layout().owed[who] + LibA.layout().total; }
}
contract IncrementsFacet {
  function g() external { LibB.layout().count++; }
}
`,
    });
    assert.ok(set.has('OnlyReadsFacet reads test.storage.a.v1'));
    assert.ok(!set.has('OnlyReadsFacet writes test.storage.a.v1'));
    assert.ok(set.has('IncrementsFacet writes test.storage.b.v1'));
  });

  test('AppStorage: reads and writes through `s`', () => {
    const { set, model } = deps({
      'App.sol': `${HEADER}
struct AppStorage { uint256 a; address owner; }
contract CounterFacet {
  AppStorage internal s;
  function bump() external { s.a += 1; }
}
contract ViewFacet {
  AppStorage internal s;
  function a() external view returns (uint256) { return s.a; }
}
`,
    });
    const app = model.namespaces.find((n) => n.scheme === 'appstorage');
    assert.ok(app, 'AppStorage documented');
    const key = app.id ?? app.slot;
    assert.ok(set.has(`CounterFacet writes ${key}`));
    assert.ok(set.has(`ViewFacet reads ${key}`));
    assert.ok(!set.has(`ViewFacet writes ${key}`));
    assert.deepEqual(
      app.fields.map((f) => [f.name, f.slot]),
      [
        ['a', '0x' + '0'.repeat(64)],
        ['owner', '0x' + '0'.repeat(63) + '1'],
      ],
    );
  });

  test('calls through the diamond resolve by selector to the facet exposing it', () => {
    const { set } = deps({
      'Calls.sol': `${HEADER}
interface IPricing { function price(uint256 id) external view returns (uint256); function price(uint256 id, bool fresh) external view returns (uint256); }
interface IFees { function fee() external view returns (uint256); }
contract PricingFacet { function price(uint256 id) external view returns (uint256) { return id; } }
contract FreshPricingFacet { function price(uint256 id, bool fresh) external view returns (uint256) { return fresh ? id : 0; } }
contract FeeFacet { function fee() external pure returns (uint256) { return 1; } }
contract TradeFacet {
  function quote(uint256 id) external view returns (uint256) { return IPricing(address(this)).price(id); }
  function charge() external returns (bool ok) { (ok, ) = address(this).call(abi.encodeCall(IFees.fee, ())); }
}
contract SelfFacet {
  function a() public view returns (uint256) { return this.b(); }
  function b() public pure returns (uint256) { return 2; }
}
`,
    });
    assert.ok(set.has('TradeFacet calls PricingFacet'), [...set].join('\n'));
    assert.ok(!set.has('TradeFacet calls FreshPricingFacet'), 'the one-argument overload only');
    assert.ok(set.has('TradeFacet calls FeeFacet'));
    // `this.b()` goes through the diamond to the facet itself: not a dependency on another facet.
    assert.ok(![...set].some((d) => d.startsWith('SelfFacet calls')));
  });
});

describe('docs: inputs the full parser chokes on', () => {
  test(
    'a syntax error, a huge file and deep nesting are reported, never thrown, and the rest is documented',
    { timeout: 120_000 },
    () => {
      const deep = '('.repeat(3000) + '1' + ')'.repeat(3000);
      const long = Array.from({ length: 2000 }, () => 'x').join(' + ');
      const huge = `${HEADER}contract HugeFacet {\n${'// filler line of comment text\n'.repeat(Math.ceil(MAX_BODY_PARSE_CHARS / 30))}}\n`;
      const { service } = memoryService({
        'Libs.sol': LIB_A,
        'Good.sol': `${HEADER}
import "./Libs.sol";
contract GoodFacet { function f() external { LibB.layout().count = 1; } }
`,
        'Broken.sol': `${HEADER}
contract BrokenFacet { function g() external { uint y = ; x. ; if (x > ) { } returns ( } }
`,
        'Deep.sol': `${HEADER}contract DeepFacet { function h() external pure returns (uint256) { return ${deep}; } }\n`,
        'Huge.sol': huge,
        'Long.sol': `${HEADER}contract LongFacet { function k(uint256 x) external pure returns (uint256) { return ${long}; } }\n`,
      });
      const t0 = Date.now();
      const model = service.docs();
      assert.ok(Date.now() - t0 < 60_000);
      const unparsed = new Map(model.unparsed.map((u) => [u.file, u.reason]));
      assert.match(unparsed.get('Huge.sol') ?? '', /larger than/);
      assert.match(unparsed.get('Deep.sol') ?? '', /nested \d+ deep/);
      assert.ok(unparsed.has('Broken.sol') || !model.dependencies.some((d) => d.from === 'BrokenFacet'));
      assert.ok(model.dependencies.some((d) => d.from === 'GoodFacet' && d.kind === 'writes'));
      // The documents still render, and name what could not be read.
      const md = docsFiles(model, 'md').find((f) => f.name === 'dependencies.md')!.text;
      assert.match(md, /Huge\.sol/);
    },
  );
});
