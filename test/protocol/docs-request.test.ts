/**
 * `diamond/docs` over LSP on a copy of contracts/: the server answers with the files `diamond docs` writes,
 * each compared with the project's docs/diamond (new, then the same once written), the connected diamond's
 * drift (as the client sends it) in the selector registry.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeDocs } from '../../host/src/docs-output';
import type { DocsParams, DocsResult } from '../../protocol/requests';
import { repoRoot, TestClient, uriOf } from './lsp-client';

test('diamond/docs: the documentation as files, compared with docs/diamond, with the live drift', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'diamond-docs-lsp-'));
  const folder = join(tmp, 'dloop');
  cpSync(join(repoRoot(), 'contracts'), folder, { recursive: true });
  const client = new TestClient({ diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } });
  try {
    await client.initialize(folder);
    await client.waitFor('the folder analysed', () => client.analyses.some((a) => a.folder !== null), 60_000);
    const params: DocsParams = {
      format: 'md',
      uri: uriOf(join(folder, 'facets/RewardsFacet.sol')),
      live: {
        chainId: 31337,
        address: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
        same: 52,
        differences: [{ selector: '0xdeadbeef', signature: null, facet: '0x1234', drift: ['on-chain-only'] }],
      },
    };
    const first = (await client.conn.sendRequest('diamond/docs', params)) as DocsResult;
    assert.equal(first.dir, join(folder, 'docs/diamond'));
    assert.deepEqual(
      first.files.map((f) => [f.name, f.state]),
      [
        ['dependencies.md', 'new'],
        ['map-dloop-after-the-rewards-v2-upgrade.svg', 'new'],
        ['map-dloop.svg', 'new'],
        ['selectors.md', 'new'],
        ['storage-map.md', 'new'],
      ],
    );
    const selectors = first.files.find((f) => f.name === 'selectors.md')!.text;
    assert.match(selectors, /## On chain 31337: `0x5fbdb2315678afecb367f032d93f642f64180aa3`/);
    assert.match(selectors, /\| `0xdeadbeef` \| — \| `0x1234` \| on chain, in no local facet \|/);
    assert.match(first.files.find((f) => f.name === 'storage-map.md')!.text, /dloop\.storage\.rewards\.v2/);
    writeDocs(first.dir, first.files);
    const second = (await client.conn.sendRequest('diamond/docs', params)) as DocsResult;
    assert.ok(second.files.every((f) => f.state === 'same'));
    // Without the live drift the registry differs from what was written: the client would ask before replacing.
    const offline = (await client.conn.sendRequest('diamond/docs', { format: 'md' })) as DocsResult;
    assert.equal(offline.files.find((f) => f.name === 'selectors.md')!.state, 'changed');
    assert.equal(offline.dir, first.dir);
  } finally {
    await client.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  assert.deepEqual(client.errorLogs, []);
});
