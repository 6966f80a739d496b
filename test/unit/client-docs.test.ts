/**
 * The vscode-free part of "Diamond: Generate Documentation": the Facet Explorer's drift turned into the docs'
 * live section (nothing recomputed: the explorer's own view of a loupe reading), and the overwrite question.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { docsLiveOf } from '../../chain/src/loupe-drift';
import type { LoupeView } from '../../chain/src/loupe-types';
import { docsSummary, docsWritePlan, liveDocsOf, overwriteQuestion } from '../../client/src/docs';
import { toExplorerLoupe } from '../../client/src/explorer/loupe-adapter';
import type { DocsResult } from '../../protocol/requests';

const DIAMOND = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const loupe: LoupeView = {
  rpcUrl: 'http://127.0.0.1:8545',
  chainId: 31337,
  diamond: DIAMOND,
  owner: null,
  facets: [
    {
      address: '0x00000000000000000000000000000000000000c0',
      name: 'CoreFacet',
      nameSource: 'bytecode',
      codeHash: null,
      changed: true,
      selectors: [{ selector: '0x8456cb59', signature: 'pause()', signatureSource: 'local', drift: null }],
    },
    {
      address: '0x00000000000000000000000000000000000000f0',
      name: 'FeeFacet',
      nameSource: 'bytecode',
      codeHash: null,
      changed: false,
      selectors: [
        { selector: '0x11111111', signature: 'fee()', signatureSource: 'local', drift: null },
        { selector: '0xdeadbeef', signature: null, signatureSource: null, drift: 'on-chain-only' },
      ],
    },
  ],
  localOnly: [{ selector: '0x12345678', signature: 'bridge(uint256)', contract: 'BridgeFacet' }],
  drift: [],
  driftChecked: true,
};

describe('Generate Documentation (vscode-free part)', () => {
  test("the live section is the explorer's drift, selector by selector", () => {
    assert.equal(liveDocsOf({ kind: 'disconnected' }), undefined);
    const live = liveDocsOf({
      kind: 'connected',
      rpcUrl: loupe.rpcUrl,
      loupe,
      view: toExplorerLoupe(loupe),
      resolved: new Map(),
    })!;
    assert.equal(live.chainId, 31337);
    assert.equal(live.address, DIAMOND);
    assert.equal(live.same, 1, 'fee() is routed as the local facets have it');
    assert.deepEqual(
      live.differences.map((d) => [d.selector, d.facet, d.drift.join('+')]),
      [
        ['0x12345678', 'BridgeFacet', 'local-only'],
        ['0x8456cb59', 'CoreFacet', 'changed'],
        ['0xdeadbeef', 'FeeFacet', 'on-chain-only'],
      ],
    );
    // What `diamond docs --rpc` writes for the same loupe read (the CLI reads no explorer view).
    assert.deepEqual(live, docsLiveOf(loupe));
  });

  test('asks before replacing files that differ; new files need no question', () => {
    const result: DocsResult = {
      dir: '/p/docs/diamond',
      files: [
        { name: 'a.md', text: '', state: 'new' },
        { name: 'b.md', text: '', state: 'changed' },
        { name: 'c.md', text: '', state: 'same' },
      ],
      leftovers: ['map-old.svg'],
      unparsed: [],
    };
    const plan = docsWritePlan(result);
    assert.match(
      overwriteQuestion(plan, 'docs/diamond')!,
      /Replace 2 files in docs\/diamond .*b\.md, map-old\.svg \(removed/,
    );
    assert.equal(
      docsSummary(plan, 'docs/diamond'),
      'Documentation written to docs/diamond: 1 new, 1 updated, 1 unchanged, 1 removed.',
    );
    const fresh = docsWritePlan({ ...result, files: [result.files[0]], leftovers: [] });
    assert.equal(overwriteQuestion(fresh, 'docs/diamond'), undefined);
  });
});
