/**
 * Facet registrations in the editor: the server reads what deploy scripts, deployment records and deploy configs
 * register, and reads them again when one of those files changes (workspace/didChangeWatchedFiles); the hover on a
 * facet and `diamond/inference` name the registering file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import type { InferenceOverview } from '../../protocol/requests';
import { repoRoot, TestClient, uriOf } from './lsp-client';

const FIXTURE = join(repoRoot(), 'test/fixtures/workspaces/real-world/registered');

test('a changed deploy script is read again: registering and unregistering a facet changes its findings', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-lsp-registered-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const client = new TestClient({ diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } });
  try {
    await client.initialize(dir);
    const vaultPath = join(dir, 'contracts/facets/Vault.sol');
    const vault = uriOf(vaultPath);
    const script = join(dir, 'scripts/deploy.js');
    const scriptText = readFileSync(script, 'utf8');
    const vaultDuplicates = () => client.diagnosticsOf(vault, 'duplicate-selector').length;
    // Vault (not named *Facet) is a facet because scripts/deploy.js cuts it: ping() collides with Swapper's.
    await client.waitFor('Vault registered by the script', () => vaultDuplicates() > 0, 60_000);
    const text = readFileSync(vaultPath, 'utf8');
    const before = text.slice(0, text.indexOf('contract Vault') + 'contract Va'.length).split('\n');
    const hoverVault = async () =>
      JSON.stringify(
        (
          (await client.conn.sendRequest('textDocument/hover', {
            textDocument: { uri: vault },
            position: { line: before.length - 1, character: before[before.length - 1].length },
          })) as Hover | null
        )?.contents ?? '',
      );
    assert.match(await hoverVault(), /Registered by `scripts\/deploy\.js`/);
    const registeredBy = async () => {
      const o = (await client.conn.sendRequest('diamond/inference')) as InferenceOverview;
      return o.projects.flatMap((p) => p.diamonds.flatMap((d) => d.facets)).find((f) => f.name === 'Vault')
        ?.registeredBy;
    };
    assert.equal(await registeredBy(), 'scripts/deploy.js');

    // The script no longer cuts Vault: it is not a facet, its conflict goes.
    writeFileSync(script, scriptText.replace("'Vault'", "'Nothing'"));
    client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(script), type: 2 }],
    });
    await client.waitFor('Vault no longer registered', () => vaultDuplicates() === 0);
    assert.equal(await registeredBy(), undefined);
    assert.doesNotMatch(await hoverVault(), /Registered by/);

    // Cut again: back.
    writeFileSync(script, scriptText);
    client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(script), type: 2 }],
    });
    await client.waitFor('Vault registered again', () => vaultDuplicates() > 0);
    assert.equal(await registeredBy(), 'scripts/deploy.js');
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(client.errorLogs, []);
});
