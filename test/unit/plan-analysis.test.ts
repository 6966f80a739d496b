/**
 * The analysis kept between plans (chain/src/plan-analysis.ts): the same project gets the same analysis back with
 * every file's current text (an edit, a new file and a removed file all show), and a changed config or remapping
 * list gets a new one. Selectors are checked against keccak256 of the signatures written here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { id } from 'ethers';
import { planAnalysis } from '../../chain/src/plan-analysis';
import { defaultConfig } from '../../engine';

const ROOT = '/virtual/plan-analysis';
const facet = (name: string, fn: string) =>
  `// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\ncontract ${name} {\n    function ${fn}() external {}\n}\n`;
const sel = (sig: string) => id(sig).slice(0, 10);

describe('planAnalysis', () => {
  test('reused for the same project; edits, new and removed files show; a new config gets a new analysis', () => {
    const disk = new Map([
      [`${ROOT}/A.sol`, facet('AFacet', 'one')],
      [`${ROOT}/B.sol`, facet('BFacet', 'two')],
    ]);
    const inputs = () => ({
      root: ROOT,
      remappings: [],
      config: defaultConfig(),
      files: [...disk.keys()],
      read: (f: string) => disk.get(f),
    });
    const selectorsOf = (s: ReturnType<typeof planAnalysis>) =>
      Object.fromEntries(s.contractSelectors().map((c) => [c.name, c.functions.map((f) => f.selector)]));

    const first = planAnalysis(inputs());
    assert.deepEqual(selectorsOf(first), { AFacet: [sel('one()')], BFacet: [sel('two()')] });

    disk.set(`${ROOT}/A.sol`, facet('AFacet', 'three'));
    disk.delete(`${ROOT}/B.sol`);
    disk.set(`${ROOT}/C.sol`, facet('CFacet', 'four'));
    const second = planAnalysis(inputs());
    assert.equal(second, first, 'the same analysis, updated');
    assert.deepEqual(selectorsOf(second), { AFacet: [sel('three()')], CFacet: [sel('four()')] });

    second.setBaseline(new Map([[`${ROOT}/A.sol`, facet('AFacet', 'one')]]));
    second.setBaseline(undefined);

    const third = planAnalysis({ ...inputs(), config: { ...defaultConfig(), namespacePattern: '^x$' } });
    assert.notEqual(third, first, 'another config: another analysis');
    assert.deepEqual(selectorsOf(third), { AFacet: [sel('three()')], CFacet: [sel('four()')] });
  });
});
