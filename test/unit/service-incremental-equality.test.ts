/**
 * The guard of every memo the service keeps across versions: after random edits across several files (functions
 * added and removed, imports, bases, contract names, AppStorage, namespace ids, a diamond contract's fallback,
 * broken syntax, files added and removed, the config changed), the service's findings, diamonds and namespaces
 * equal those of a fresh service given the same texts. Findings are asked for after some edits only, so a memo
 * also sees several files change between two passes. A failure names the seed and the edit.
 *
 * A chunk that cannot be parsed keeps its last good parse (syntax/parser.ts), so while one is broken the service
 * rightly differs from a fresh one: a workspace fed the same edits (the service's parser) tells those versions
 * apart, and they are edited through but not compared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig, type DiamondConfig } from '../../engine/src/config';
import { createAnalysisService } from '../../engine/src/service/create-service';
import { mulberry32 } from '../support/prng';
import { parseSource } from '../../engine/src/syntax/parser';
import { Workspace } from '../../engine/src/workspace';
import { HEADER } from './service-support';

const FILES: Record<string, string> = {
  'contracts/Diamond.sol': `${HEADER}
contract Diamond {
    fallback() external payable {
        address facet = address(0);
        assembly { let r := delegatecall(gas(), facet, 0, calldatasize(), 0, 0) }
    }
}
`,
  'contracts/libraries/LibAppStorage.sol': `${HEADER}
struct AppStorage { uint256 total; mapping(address => uint256) balances; }
library LibAppStorage {
    function s() internal pure returns (AppStorage storage ds) { assembly { ds.slot := 0 } }
}
`,
  'contracts/libraries/LibTypes.sol': `${HEADER}
library LibTypes {
    struct Trade { address maker; uint256 amount; }
    enum Side { Buy, Sell }
}
`,
  'contracts/libraries/LibNs.sol': `${HEADER}
library LibNs {
    bytes32 internal constant POSITION = keccak256("dloop.ns.a");
    struct Layout { uint256 x; address owner; }
    function layout() internal pure returns (Layout storage l) {
        bytes32 p = POSITION;
        assembly { l.slot := p }
    }
}
`,
  'contracts/libraries/LibNs2.sol': `${HEADER}
library LibNs2 {
    /// @custom:storage-location erc7201:dloop.ns.b
    struct Layout { uint256 y; }
    // keccak256(abi.encode(uint256(keccak256("dloop.ns.b")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 internal constant LOCATION = 0x0000000000000000000000000000000000000000000000000000000000000001;
    function layout() internal pure returns (Layout storage l) {
        assembly { l.slot := LOCATION }
    }
}
`,
  'contracts/facets/AFacet.sol': `${HEADER}
import {AppStorage} from "../libraries/LibAppStorage.sol";
import {LibTypes} from "../libraries/LibTypes.sol";
contract AFacet {
    AppStorage internal s;
    function a1() external pure returns (uint256) { return 1; }
    function trade(LibTypes.Trade calldata t) external pure returns (uint256) { return t.amount; }
}
`,
  'contracts/facets/BaseFacet.sol': `${HEADER}
import {LibNs} from "../libraries/LibNs.sol";
contract BaseFacet {
    function base1() external view returns (uint256) { return LibNs.layout().x; }
    function a1() external pure returns (uint256) { return 5; }
}
`,
  'contracts/facets/BFacet.sol': `${HEADER}
import {BaseFacet} from "./BaseFacet.sol";
import {LibNs2} from "../libraries/LibNs2.sol";
contract BFacet is BaseFacet {
    function b1() external view returns (uint256) { return LibNs2.layout().y; }
}
`,
  'contracts/facets/CFacet.sol': `${HEADER}
import {IThing} from "../interfaces/IThing.sol";
library LibErc165 { struct S { mapping(bytes4 => bool) supportedInterfaces; } }
contract CFacet {
    LibErc165.S internal e;
    function init() external { e.supportedInterfaces[type(IThing).interfaceId] = true; }
}
`,
  'contracts/interfaces/IThing.sol': `${HEADER}
interface IThing {
    function a1() external pure returns (uint256);
    function thing(uint256 v) external;
}
`,
  'other/OtherFacet.sol': `${HEADER}
contract OtherFacet {
    function other1() external {}
}
`,
  'other/facets/Other2Facet.sol': `${HEADER}
import "./Missing.sol";
import "../Types.sol";
contract Other2Facet {
    function other2() external {}
    function other3(Pair calldata p) external {}
}
`,
  'other/Types.sol': `${HEADER}
struct Pair { uint256 a; uint256 b; }
`,
  'test/TestFacet.t.sol': `${HEADER}
contract TestFacet {
    function a1() external pure returns (uint256) { return 2; }
}
`,
};

/**
 * A library outside the workspace (read through the host, like node_modules), declaring a namespace: it is in the
 * storage view's files only while some workspace file imports it (an edit adds and removes that import).
 */
const EXTERNAL = new Map([
  [
    '/ws/node_modules/ext/LibExt.sol',
    `${HEADER}
library LibExt {
    bytes32 internal constant EXT_STORAGE_POSITION = keccak256("ext.storage");
    struct Layout { uint256 z; }
    function layout() internal pure returns (Layout storage l) {
        bytes32 p = EXT_STORAGE_POSITION;
        assembly { l.slot := p }
    }
}
`,
  ],
]);

/** Functions the edits add: duplicates of other facets' selectors, a collision pair, struct parameters, fresh ones. */
const FUNCTIONS = [
  '    function a1() external pure returns (uint256) { return 3; }\n',
  '    function b1() external pure returns (uint256) { return 3; }\n',
  '    function base1() external pure returns (uint256) { return 3; }\n',
  '    function other1() external {}\n',
  '    function thing(uint256 v) external {}\n',
  '    function burn(uint256 amount) external {}\n',
  '    function collate_propagate_storage(bytes16 x) external {}\n',
  '    function trade(LibTypes.Trade calldata t) external pure returns (uint256) { return 0; }\n',
  '    function side(LibTypes.Side s) external {}\n',
  '    function fresh(uint8 a) external {}\n',
  '    uint256 public counter;\n',
  '    function init2() external { e.supportedInterfaces[0x01ffc9a7] = true; }\n',
];
const IMPORTS = [
  'import {LibTypes} from "../libraries/LibTypes.sol";\n',
  'import {AppStorage} from "../libraries/LibAppStorage.sol";\n',
  'import {BaseFacet} from "./BaseFacet.sol";\n',
  'import "./Missing.sol";\n',
  'import {LibNs} from "../libraries/LibNs.sol";\n',
  'import {LibExt} from "ext/LibExt.sol";\n',
];
/** Whole-text rewrites that switch a property back and forth. */
const SWAPS: [string, string][] = [
  ['"dloop.ns.a"', '"dloop.ns.c"'],
  ['"dloop.ns.a"', '"dloop.ns.b"'],
  ['erc7201:dloop.ns.b', 'erc7201:dloop.ns.a'],
  ['contract BFacet is BaseFacet', 'contract BFacet'],
  ['contract AFacet {', 'contract AFacet is BaseFacet {'],
  ['contract AFacet', 'contract AFacetRenamed'],
  ['contract OtherFacet', 'abstract contract OtherFacet'],
  ['delegatecall(', 'staticcall('],
  ['    AppStorage internal s;\n', ''],
  ['contract BaseFacet', 'contract BaseThing'],
  ['interface IThing', 'interface IThingRenamed'],
  ['function thing(uint256 v)', 'function thing(uint128 v)'],
  ['struct Trade { address maker; uint256 amount; }', 'struct Trade { address maker; uint128 amount; }'],
  // What an unresolved import hides follows another file: Pair resolves, or is hidden by "./Missing.sol".
  ['struct Pair', 'struct Pear'],
];
const NEW_FILE = 'contracts/facets/NewFacet.sol';
const NEW_TEXT = `${HEADER}
import {AppStorage} from "../libraries/LibAppStorage.sol";
contract NewFacet {
    AppStorage internal s;
    function a1() external pure returns (uint256) { return 4; }
}
`;
const CONFIGS: Partial<DiamondConfig>[] = [{}, { exclude: ['other/**'] }, { sharedSelectors: ['a1()'] }];

type Texts = Map<string, string>;

function service(texts: Texts, config: Partial<DiamondConfig>) {
  const s = createAnalysisService({ readFile: (f) => texts.get(f) ?? EXTERNAL.get(f) }, { root: '/ws' });
  s.setConfig({ ...defaultConfig(), ...config });
  for (const [f, t] of texts) s.updateFile(f, t);
  return s;
}

/** Whether every file's incremental parse equals a parse from scratch (no chunk kept from an older text). */
function sameParses(parsed: Workspace, texts: Texts): boolean {
  for (const [f, t] of texts)
    if (JSON.stringify(parsed.unit(f)) !== JSON.stringify(parseSource(f, t))) return false;
  return true;
}

function snapshot(s: ReturnType<typeof service>) {
  return { findings: s.findings(), diamonds: s.diamonds(), namespaces: s.namespaces() };
}

/** One random edit of the texts: returns what it did (for the failure message) and the files it touched. */
function randomEdit(
  texts: Texts,
  random: () => number,
): { what: string; removed?: string; changed?: string } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const files = [...texts.keys()];
  const file = pick(files);
  const text = texts.get(file)!;
  const r = random();
  if (r < 0.05) {
    if (texts.has(`/ws/${NEW_FILE}`)) {
      texts.delete(`/ws/${NEW_FILE}`);
      return { what: `remove ${NEW_FILE}`, removed: `/ws/${NEW_FILE}` };
    }
    texts.set(`/ws/${NEW_FILE}`, NEW_TEXT);
    return { what: `add ${NEW_FILE}`, changed: `/ws/${NEW_FILE}` };
  }
  let next = text;
  let what: string;
  if (r < 0.4) {
    // A function (or state variable) inserted before a contract's closing brace.
    const closes = [...text.matchAll(/^}\n/gm)].map((m) => m.index);
    const at = pick(closes);
    const fn = pick(FUNCTIONS);
    next = text.slice(0, at) + fn + text.slice(at);
    what = `insert ${fn.trim()}`;
  } else if (r < 0.55) {
    // A one-line member removed.
    const lines = [...text.matchAll(/^ {4}(function|uint256 public)[^\n]*\n/gm)];
    if (!lines.length) return randomEdit(texts, random);
    const m = pick(lines);
    next = text.slice(0, m.index) + text.slice(m.index + m[0].length);
    what = `remove ${m[0].trim()}`;
  } else if (r < 0.65) {
    const imports = [...text.matchAll(/^import [^\n]*\n/gm)];
    if (random() < 0.5 && imports.length) {
      const m = pick(imports);
      next = text.slice(0, m.index) + text.slice(m.index + m[0].length);
      what = `remove ${m[0].trim()}`;
    } else {
      const imp = pick(IMPORTS);
      const at = text.indexOf('\n', text.indexOf('pragma')) + 1;
      next = text.slice(0, at) + imp + text.slice(at);
      what = `add ${imp.trim()}`;
    }
  } else if (r < 0.85) {
    // A swap in a file that has either side of it (picked among those, so every swap happens).
    const [a, b] = pick(SWAPS);
    const holders = files.filter((f) => texts.get(f)!.includes(a) || (b !== '' && texts.get(f)!.includes(b)));
    if (!holders.length) return randomEdit(texts, random);
    const at = pick(holders);
    const t = texts.get(at)!;
    texts.set(at, t.includes(a) ? t.replace(a, b) : t.replace(b, a));
    return { what: `${at}: swap ${a} / ${b}`, changed: at };
  } else if (r < 0.93) {
    // Half-typed code: an expression cut short inside a body, or an unclosed parameter list.
    const at = text.lastIndexOf('}', text.length - 3);
    const junk = pick(['uint y = ;', 'x.', 'if (x > ) {', 'function broken(uint a', '{{']);
    next = text.slice(0, at) + junk + text.slice(at);
    what = `junk ${junk}`;
  } else {
    // A few characters deleted anywhere.
    const at = Math.floor(random() * text.length);
    const n = 1 + Math.floor(random() * 6);
    next = text.slice(0, at) + text.slice(at + n);
    what = `delete ${JSON.stringify(text.slice(at, at + n))} at ${at}`;
  }
  texts.set(file, next);
  return { what: `${file}: ${what}`, changed: file };
}

for (const seed of [1, 2, 3, 4, 5, 6]) {
  test(`after random edits the service equals a fresh one (seed ${seed})`, () => {
    const random = mulberry32(seed);
    const texts: Texts = new Map(Object.entries(FILES).map(([k, v]) => [`/ws/${k}`, v]));
    const pristine = new Map(texts);
    let config = CONFIGS[0];
    const live = service(texts, config);
    // The same edits through the service's parser, to tell which versions a fresh parse reads alike.
    const parsed = new Workspace({ readFile: (f) => texts.get(f) ?? EXTERNAL.get(f) });
    const update = (f: string, t: string) => {
      live.updateFile(f, t);
      parsed.setFile(f, t);
    };
    const remove = (f: string) => {
      live.removeFile(f);
      parsed.removeFile(f);
    };
    for (const [f, t] of texts) parsed.setFile(f, t);
    let compared = 0;
    let skipped = 0;
    const log: string[] = [];
    for (let i = 0; i < 250; i++) {
      if (random() < 0.03) {
        config = CONFIGS[Math.floor(random() * CONFIGS.length)];
        live.setConfig({ ...defaultConfig(), ...config });
        log.push(`config ${JSON.stringify(config)}`);
      } else {
        const e = randomEdit(texts, random);
        log.push(e.what);
        if (e.removed) remove(e.removed);
        if (e.changed) update(e.changed, texts.get(e.changed)!);
      }
      // Every so often back to the original texts: edits otherwise drift into files that say nothing.
      if (random() < 0.04) {
        for (const f of texts.keys()) if (!pristine.has(f)) remove(f);
        texts.clear();
        for (const [f, t] of pristine) {
          texts.set(f, t);
          update(f, t);
        }
        log.push('reset');
      }
      // Several edits between two passes, now and then.
      if (random() < 0.4) continue;
      if (!sameParses(parsed, texts)) {
        // Still asked: the memos must go through a broken version and come out right.
        live.findings();
        skipped++;
        continue;
      }
      compared++;
      assert.deepEqual(
        snapshot(live),
        snapshot(service(texts, config)),
        `seed ${seed}, edit ${i}; the last edits: ${log.slice(-4).join(' | ')}`,
      );
    }
    assert.ok(compared > 80, `compared ${compared} times (${skipped} versions kept an older parse)`);
  });
}

test('the workspace the edits start from has findings of every kind the memos feed', () => {
  const texts: Texts = new Map(Object.entries(FILES).map(([k, v]) => [`/ws/${k}`, v]));
  const s = service(texts, {});
  const rules = new Set(s.findings().map((f) => f.rule));
  // Without these the random edits would compare empty lists.
  for (const rule of ['duplicate-selector', 'unresolved-import', 'erc7201-slot-mismatch'] as const)
    assert.ok(rules.has(rule), `${rule} among ${[...rules].join(', ')}`);
  assert.ok(s.diamonds().diamonds.length >= 2, 'two diamonds inferred (contracts/ and other/)');
  assert.ok(s.namespaces().length >= 2, 'namespaces found');
});
