/**
 * The cost of an edit in a 100-facet workspace: only the edited facet's selectors are recomputed,
 * editing a shared library recomputes exactly its importers, and an edit → findings round stays a
 * few milliseconds (measured and printed; the bound asserted is loose because the machine is shared).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEADER, memoryService, only } from './service-support';

const FACETS = 100;

function facet(n: number, extra = ''): string {
  return `${HEADER}
import {LibShared} from "./LibShared.sol";

contract Area${n}Facet {
    error Area${n}Failed(uint256 code);
    function area${n}Value() external pure returns (uint256) { return ${n}; }
    function area${n}Set(LibShared.Item calldata item) external pure returns (uint256) {
        if (item.amount == 0) revert Area${n}Failed({code: item.amount});
        return item.amount;
    }
    function area${n}Owner(address who) external pure returns (bool) { return who != address(0); }
${extra}}
`;
}

const LIB = `${HEADER}
library LibShared {
    struct Item { uint256 amount; address token; }
    bytes32 internal constant POSITION = keccak256("dloop.storage.shared.v1");
}
`;

function workspace() {
  const files: Record<string, string> = {
    'LibShared.sol': LIB,
    'Lonely.sol': `${HEADER}\ncontract LonelyFacet { function lonely() external {} }\n`,
  };
  for (let i = 0; i < FACETS; i++) files[`Area${i}Facet.sol`] = facet(i);
  return memoryService(files);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('an edit in one facet recomputes that facet only, and costs a few ms', () => {
  const w = workspace();
  assert.deepEqual(w.service.findings(), []);
  const before = w.service.stats.selectorComputations;
  assert.ok(before >= FACETS, `every facet computed once at start (${before})`);

  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    const adding = i % 2 === 0;
    // Adding area1Value() to facet 7 duplicates facet 1's function; removing it clears that.
    const extra = adding ? '    function area1Value() external pure returns (uint256) { return 1; }\n' : '';
    const c0 = w.service.stats.selectorComputations;
    const t = performance.now();
    w.edit('Area7Facet.sol', facet(7, extra));
    const findings = w.service.findings();
    times.push(performance.now() - t);
    assert.equal(only(findings, 'duplicate-selector').length, adding ? 2 : 0, `edit ${i}`);
    assert.equal(w.service.stats.selectorComputations - c0, 1, `edit ${i} recomputed only Area7Facet`);
  }
  const med = median(times.slice(4));
  console.log(
    `edit → findings in a ${FACETS}-facet workspace: median ${med.toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms`,
  );
  assert.ok(med < 50, `median ${med.toFixed(1)} ms`);
});

test('an edit in a shared library recomputes exactly the facets importing it', () => {
  const w = workspace();
  w.service.findings();
  const c0 = w.service.stats.selectorComputations;
  w.edit('LibShared.sol', LIB.replace('address token;', 'address token; uint64 deadline;'));
  w.service.findings();
  assert.equal(w.service.stats.selectorComputations - c0, FACETS, 'every importer, not LonelyFacet');
  // The struct grew, so the tuple in every area<N>Set signature changed.
  const sel = w.service.contractSelectors().find((c) => c.name === 'Area3Facet')!;
  assert.ok(sel.functions.some((f) => f.signature === 'area3Set((uint256,address,uint64))'));
});

test('a function added to or removed from one facet does not run discovery again; a renamed facet does', () => {
  const w = workspace();
  w.service.findings();
  const runs = w.service.stats.discoveryRuns;
  for (let i = 0; i < 10; i++) {
    w.edit(
      'Area7Facet.sol',
      facet(
        7,
        i % 2 === 0 ? '    function area1Value() external pure returns (uint256) { return 1; }\n' : '',
      ),
    );
    assert.equal(only(w.service.findings(), 'duplicate-selector').length, i % 2 === 0 ? 2 : 0, `edit ${i}`);
  }
  assert.equal(w.service.stats.discoveryRuns, runs, 'the evidence over every contract was the same');
  // A facet renamed out of the *Facet convention is no facet: discovery has to run, and its duplicate goes.
  w.edit(
    'Area7Facet.sol',
    facet(7, '    function area1Value() external pure returns (uint256) { return 1; }\n').replace(
      'contract Area7Facet',
      'contract Area7Thing',
    ),
  );
  assert.deepEqual(only(w.service.findings(), 'duplicate-selector'), []);
  assert.equal(w.service.stats.discoveryRuns, runs + 1);
});
