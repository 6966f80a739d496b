/**
 * The diamond map webview's page and messages (vscode-free): the server's SVG inline with every node
 * clickable, the CSP's nonce on the only script, untrusted messages checked, and sources opened only under the
 * project root.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mapHtml, mapMessage, sourceOf } from '../../client/src/map/html';
import { layoutMap } from '../../engine/src/docs/map-layout';
import { renderMapSvg } from '../../engine/src/docs/render-svg';
import type { DocsModel } from '../../engine/src/docs/model';

const model: DocsModel = {
  namespaces: [
    {
      id: 'x.storage.a.v1',
      slot: '0x' + '1'.repeat(64),
      scheme: 'keccak',
      library: 'LibA',
      struct: 'LibA.Layout',
      file: 'libraries/LibA.sol',
      line: 5,
      fields: [],
      complete: true,
      readBy: ['AFacet', 'BFacet'],
      writtenBy: ['AFacet'],
      previousVersion: null,
      migratedBy: [],
      extends: null,
    },
  ],
  diamonds: [
    {
      name: 'X',
      facets: [
        { name: 'AFacet', file: 'facets/AFacet.sol', line: 3, libraries: ['LibA'] },
        { name: 'BFacet', file: 'facets/BFacet.sol', line: 4, libraries: ['LibA'] },
      ],
      selectors: [
        { selector: '0x12345678', signature: 'a()', facet: 'AFacet', file: 'facets/AFacet.sol', line: 6 },
      ],
    },
  ],
  dependencies: [
    { from: 'AFacet', to: 'x.storage.a.v1', kind: 'reads' },
    { from: 'AFacet', to: 'x.storage.a.v1', kind: 'writes' },
    { from: 'BFacet', to: 'x.storage.a.v1', kind: 'reads' },
    { from: 'BFacet', to: 'AFacet', kind: 'calls' },
  ],
  unparsed: [],
};

describe('diamond map webview (vscode-free part)', () => {
  test('the page holds the laid-out SVG, nodes naming their sources, one nonce-d script', () => {
    const layout = layoutMap(model, 'X')!;
    assert.deepEqual(
      layout.edges.map((e) => `${e.from} ${e.kind} ${e.to}`),
      [
        'facet:AFacet reads-writes ns:x.storage.a.v1',
        'facet:BFacet calls facet:AFacet',
        'facet:BFacet reads ns:x.storage.a.v1',
      ],
    );
    assert.ok(layout.nodes.find((n) => n.id === 'ns:x.storage.a.v1')!.shared);
    const html = mapHtml(
      { root: '/p', diamonds: ['X', 'Y <b>'], diamond: 'X', svg: renderMapSvg(layout) },
      { nonce: 'abc', cspSource: 'vscode-resource:' },
    );
    assert.match(html, /script-src 'nonce-abc'/);
    assert.equal(html.match(/<script/g)!.length, 1);
    assert.match(html, /<script nonce="abc">/);
    assert.match(html, /data-id="facet:AFacet" data-file="facets\/AFacet\.sol" data-line="3"/);
    assert.match(
      html,
      /class="node namespace shared" data-id="ns:x\.storage\.a\.v1" data-file="libraries\/LibA\.sol"/,
    );
    assert.match(html, /<option value="Y &#60;b&#62;">/);
  });

  test('messages from the page are checked; sources stay under the root', () => {
    assert.deepEqual(mapMessage({ type: 'open', file: 'facets/A.sol', line: 3 }), {
      type: 'open',
      file: 'facets/A.sol',
      line: 3,
    });
    assert.equal(mapMessage({ type: 'open', file: 'a.sol', line: 'x' }), undefined);
    assert.equal(mapMessage({ type: 'run', command: 'rm' }), undefined);
    assert.equal(mapMessage(null), undefined);
    assert.deepEqual(mapMessage({ type: 'diamond', name: 'Y' }), { type: 'diamond', name: 'Y' });
    assert.equal(sourceOf('/p', 'facets/A.sol'), '/p/facets/A.sol');
    assert.equal(sourceOf('/p', '../etc/passwd'), undefined);
    assert.equal(sourceOf('/p', '/etc/passwd'), undefined);
    assert.equal(sourceOf('/p', ''), undefined);
  });
});
