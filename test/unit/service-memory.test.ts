/**
 * The service retains no memory per edit. Thousands of edits go through createAnalysisService and
 * the heap left after a full GC at edit 500 is compared with the heap at edit 3000: the caches may
 * fill up to their bounds, but nothing may grow with the number of edits. Before the fix, typing a
 * new namespace id or contract name kept each old text version of the file alive (~the file's size
 * per keystroke, through cache keys cut from the text), i.e. 100+ MiB over these edits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retainedHeap, typedAt } from './memory-support';
import { HEADER, memoryService, only } from './service-support';

const MiB = 1024 * 1024;
const FIRST = 500;
const LAST = 3000;
/**
 * Allowed growth between the two readings: the bounded memos (selectors, ERC-7201 slots, constant
 * values) may still be filling up. A leak of one text version per edit would be ~30 MiB here.
 */
const BOUND = 4 * MiB;

/** A facet of ~`lines` lines in the style of real ones (custom errors, named arguments, storage). */
function bigFacet(lines: number, tail = ''): string {
  const out = [
    HEADER,
    'import {LibBig} from "./LibBig.sol";',
    '',
    'contract BigFacet {',
    '    error NotAllowed(address who, uint256 amount);',
  ];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `    /// @notice Moves funds for position ${i}.`,
      `    function move${i}(address to, uint256 amount) external returns (uint256) {`,
      `        LibBig.Layout storage s = LibBig.layout();`,
      `        if (to == address(0)) revert NotAllowed({who: to, amount: amount});`,
      `        s.balances[to] += amount;`,
      `        return s.balances[to];`,
      `    }`,
    );
  }
  return `${out.join('\n')}\n${tail}}\n`;
}

const LIB = `${HEADER}
library LibBig {
    /// @custom:storage-location erc7201:dloop.storage.big
    struct Layout { mapping(address => uint256) balances; }
    bytes32 internal constant POSITION = keccak256(abi.encode(uint256(keccak256("dloop.storage.big")) - 1)) & ~bytes32(uint256(0xff));
    function layout() internal pure returns (Layout storage l) {
        bytes32 p = POSITION;
        assembly { l.slot := p }
    }
}
`;

function workspace() {
  const files: Record<string, string> = { 'LibBig.sol': LIB, 'BigFacet.sol': bigFacet(400) };
  for (let n = 0; n < 20; n++) {
    files[`Area${n}Facet.sol`] =
      `${HEADER}\ncontract Area${n}Facet {\n    function area${n}Value() external pure returns (uint256) { return ${n}; }\n}\n`;
  }
  return memoryService(files);
}

/** Runs `edit(i)` for i = 1..LAST and returns the retained heap after edits FIRST and LAST. */
function heapAcross(edit: (i: number) => void): { first: number; last: number } {
  let first = 0;
  for (let i = 1; i <= LAST; i++) {
    edit(i);
    if (i === FIRST) first = retainedHeap();
  }
  return { first, last: retainedHeap() };
}

const fmt = (bytes: number) => `${(bytes / MiB).toFixed(2)} MiB`;

test('alternating edits (the benchmark: add and remove a duplicate function) retain no memory', () => {
  const w = workspace();
  const dup = '    function area1Value() external pure returns (uint256) { return 1; }\n';
  const { first, last } = heapAcross((i) => {
    const adding = i % 2 === 1;
    w.edit('BigFacet.sol', bigFacet(400, adding ? dup : ''));
    const dups = only(w.service.findings(), 'duplicate-selector').length;
    assert.equal(dups > 0, adding, `edit ${i}: the duplicate comes and goes with the edit`);
    w.service.namespaces();
  });
  console.log(`alternating: heap after GC ${fmt(first)} at edit ${FIRST}, ${fmt(last)} at edit ${LAST}`);
  assert.ok(last - first < BOUND, `heap grew by ${fmt(last - first)} between edits ${FIRST} and ${LAST}`);
});

test('typing new names, namespace ids, constants and contracts, and files coming and going, retain no memory', () => {
  const w = workspace();
  let tmp: string | undefined;
  const { first, last } = heapAcross((i) => {
    w.edit('BigFacet.sol', bigFacet(400, typedAt(i)));
    if (i % 5 === 0) {
      // A file created and the previous one deleted.
      if (tmp) w.service.removeFile(w.key(tmp));
      tmp = `Tmp${i}Facet.sol`;
      w.edit(tmp, `${HEADER}\ncontract Tmp${i}Facet {\n    function tmp${i}() external {}\n}\n`);
    }
    const names = w.service.contractSelectors().map((c) => c.name);
    assert.ok(names.includes(`Typed${i}Facet`), `edit ${i}: the typed contract is analysed`);
    w.service.findings();
    assert.ok(
      w.service.namespaces().some((n) => n.id === `dloop.storage.typed${i}`),
      `edit ${i}: the typed namespace is found`,
    );
  });
  console.log(`typing: heap after GC ${fmt(first)} at edit ${FIRST}, ${fmt(last)} at edit ${LAST}`);
  assert.ok(last - first < BOUND, `heap grew by ${fmt(last - first)} between edits ${FIRST} and ${LAST}`);
});
