/**
 * The language server on the project-model fixture (the folder the VS Code Build Facets test compiles, see
 * test/chain/project-model.test.ts): it indexes the same four files the build compiles (not
 * app/.hidden/GhostFacet.sol) and resolves the import only diamond.config.json's remapping reaches (@cfg/)
 * and the one only the parent folder's remappings.txt reaches (@parent/, inherited by the nested app/).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AnalysisStats } from '../../protocol/requests';
import { repoRoot, TestClient, uriOf, type Settings } from './lsp-client';

const FIXTURE = join(repoRoot(), 'test', 'fixtures', 'workspaces', 'project-model');
const settings: Settings = { diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } };

test('the server analyses the files the build compiles, with the config and inherited remappings', async () => {
  const client = new TestClient(structuredClone(settings));
  try {
    await client.initialize(FIXTURE);
    const alpha = uriOf(join(FIXTURE, 'app', 'facets', 'AlphaFacet.sol'));
    const beta = uriOf(join(FIXTURE, 'app', 'facets', 'BetaFacet.sol'));
    const ghost = uriOf(join(FIXTURE, 'app', '.hidden', 'GhostFacet.sol'));
    // BetaFacet's ping() and pong() collide with what AlphaFacet inherits through @cfg/ and @parent/.
    const lines = (uri: string) =>
      client
        .diagnosticsOf(uri)
        .map((d) => `${String(d.code)} ${d.range.start.line}`)
        .sort();
    await client.waitFor('both remapped imports resolved', () => lines(beta).length === 2);
    // Every analysis of the first pass has been published by the time a later request is answered.
    const stats = (await client.conn.sendRequest('diamond/analysisStats')) as AnalysisStats;
    assert.deepEqual(lines(beta), ['duplicate-selector 5', 'duplicate-selector 9']);
    assert.deepEqual(
      client
        .diagnosticsOf(beta)
        .map((d) => /^(\w+\(\))/.exec(String(d.message))?.[1])
        .sort(),
      ['ping()', 'pong()'],
    );
    assert.equal(lines(alpha).length, 2);
    // The hidden facet is not indexed: its boo() collides with nothing, and it is not counted.
    assert.deepEqual(client.diagnosticsOf(ghost), []);
    assert.equal(stats.files, 4, JSON.stringify(stats));
  } finally {
    await client.stop();
  }
});
