/**
 * The server's face of the diamond inference on a real-world shape (two diamonds, tests, mocks, lib/): the
 * `diamond/inferredConfig` request that "Diamond: Create diamond.config.json" writes, the hover on a facet's name,
 * and diagnostics only within each diamond (the test harness gets its own file's, nothing crosses diamonds).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import type { InferenceOverview } from '../../protocol/requests';
import { repoRoot, TestClient, uriOf } from './lsp-client';

test('inferred config, facet hover and per-diamond diagnostics over LSP', async () => {
  const folder = join(repoRoot(), 'test/fixtures/workspaces/real-world/multi');
  const client = new TestClient({ diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } });
  try {
    await client.initialize(folder);
    await client.waitFor('the folder analysed', () => client.analyses.some((a) => a.folder !== null), 60_000);
    const inferred = (await client.conn.sendRequest('diamond/inferredConfig')) as {
      folder: string;
      text: string;
      diamonds: number;
      facets: number;
    };
    assert.equal(inferred.diamonds, 2);
    assert.equal(inferred.facets, 6);
    const config = JSON.parse(inferred.text) as {
      diamonds: { name: string; proxy?: string; facets: string[] }[];
    };
    assert.deepEqual(
      config.diamonds.map((d) => [d.name, d.proxy, d.facets.length]),
      [
        ['EthDiamond', 'EthDiamond', 3],
        ['polygon', undefined, 3],
      ],
    );
    const shop = join(folder, 'contracts/polygon/facets/ShopFacet.sol');
    const text = readFileSync(shop, 'utf8');
    const before = text.slice(0, text.indexOf('ShopFacet is') + 2).split('\n');
    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: uriOf(shop) },
      position: { line: before.length - 1, character: before[before.length - 1].length },
    })) as Hover;
    assert.match(JSON.stringify(hover.contents), /Facet\*\* of diamond \*\*polygon\*\*/);
    // buy(uint256) twice in polygon; the ethereum ItemsFacet's buy(uint256) is another diamond's.
    assert.equal(client.diagnosticsOf(uriOf(shop), 'duplicate-selector').length, 1);
    const ethItems = uriOf(join(folder, 'contracts/ethereum/facets/ItemsFacet.sol'));
    assert.equal(client.diagnosticsOf(ethItems, 'duplicate-selector').length, 0);
    // What the inference decided is said once, as information, at the project's first facet; nowhere else.
    const bridge = uriOf(join(folder, 'contracts/ethereum/facets/BridgeFacet.sol'));
    await client.waitFor(
      'the inference note',
      () => client.diagnosticsOf(bridge, 'diamond-inference').length > 0,
    );
    const [note] = client.diagnosticsOf(bridge, 'diamond-inference');
    assert.equal(note.severity, 3);
    assert.match(String(note.message), /^2 diamonds inferred .*Pin them in diamond\.config\.json/);
    for (const uri of [uriOf(shop), ethItems])
      assert.equal(client.diagnosticsOf(uri, 'diamond-inference').length, 0);
    // The status bar item's source: the diamonds, their facets, the note, nothing unresolved.
    const overview = (await client.conn.sendRequest('diamond/inference')) as InferenceOverview;
    assert.deepEqual(
      overview.projects.flatMap((p) => p.diamonds.map((d) => [d.name, d.facets.length])),
      [
        ['EthDiamond', 3],
        ['polygon', 3],
      ],
    );
    assert.equal(overview.projects[0].notes.length, 1);
    assert.deepEqual(overview.projects[0].unresolvedImports, []);
    // The test harness is its own diamond: its state variable is its own finding, its buy/shopName are not conflicts.
    const harness = uriOf(join(folder, 'test/ItemsFacet.t.sol'));
    assert.equal(client.diagnosticsOf(harness, 'duplicate-selector').length, 0);
  } finally {
    await client.stop();
  }
  assert.deepEqual(client.errorLogs, []);
});

test("a sub-project's foundry.toml remappings apply to its files in the editor, as in diamond check", async () => {
  const folder = join(repoRoot(), 'test/fixtures/workspaces/real-world/monorepo');
  const client = new TestClient({ diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } });
  try {
    await client.initialize(folder);
    const orders = uriOf(join(folder, 'packages/core/src/facets/OrdersFacet.sol'));
    // place((uint256,address)) twice: only visible when "@types/Order.sol" resolves through packages/core/foundry.toml.
    await client.waitFor(
      'the duplicate through the remapped struct',
      () => client.diagnosticsOf(orders, 'duplicate-selector').length > 0,
      60_000,
    );
    assert.match(
      String(client.diagnosticsOf(orders, 'duplicate-selector')[0].message),
      /place\(\(uint256,address\)\)/,
    );
    assert.equal(client.diagnosticsOf(orders, 'unresolved-import').length, 0);
    const overview = (await client.conn.sendRequest('diamond/inference')) as InferenceOverview;
    assert.deepEqual(
      overview.projects.flatMap((p) => p.unresolvedImports),
      [],
    );
  } finally {
    await client.stop();
  }
  assert.deepEqual(client.errorLogs, []);
});
