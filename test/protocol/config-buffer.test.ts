/**
 * diamond.config.json is validated as you type (issue "faults and hostile input", item 8), through the real
 * server over stdio: an unsaved edit with a problem is reported on the config file at once (the last good config
 * stays in force); fixing the edit clears it and the analysis follows the buffer's config; closing the editor
 * without saving goes back to the file on disk. The disk file is never written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, TestClient, uriOf, type Settings } from './lsp-client';

const settings: Settings = { diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } };

test('an unsaved diamond.config.json: its problems as you type, then the analysis under the buffer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-lsp-config-buffer-'));
  cpSync(join(repoRoot(), 'test', 'fixtures', 'workspaces', 'duplicate'), dir, { recursive: true });
  const configPath = join(dir, 'diamond.config.json');
  const onDisk = '{ "rules": { "duplicate-selector": "error" } }\n';
  writeFileSync(configPath, onDisk);
  const config = uriOf(configPath);
  const token = uriOf(join(dir, 'facets', 'TokenFacet.sol'));
  const legacy = uriOf(join(dir, 'facets', 'LegacyFacet.sol'));
  const severities = () =>
    [token, legacy].map((u) => client.diagnosticsOf(u, 'duplicate-selector').map((d) => d.severity)).flat();

  const client = new TestClient(structuredClone(settings));
  try {
    await client.initialize(dir);
    await client.waitFor(
      'the duplicate, as the file on disk says (error)',
      () => severities().join() === '1,1',
    );

    client.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: config, languageId: 'json', version: 1, text: onDisk },
    });
    client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: config, version: 2 },
      contentChanges: [{ text: '{ "rules": { "duplicate-selector": 7 } }\n' }],
    });
    await client.waitFor(
      'the problem of the unsaved edit on the config file',
      () => client.diagnosticsOf(config, 'config').length === 1,
    );
    assert.match(String(client.diagnosticsOf(config, 'config')[0].message), /duplicate-selector/);
    assert.equal(severities().join(), '1,1', 'the last good config stays in force');

    client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: config, version: 3 },
      contentChanges: [{ text: '{ "rules": { "duplicate-selector": "warning" } }\n' }],
    });
    await client.waitFor(
      'the problem cleared and the duplicate reported under the buffer (warning)',
      () => client.diagnosticsOf(config).length === 0 && severities().join() === '2,2',
    );
    assert.equal(readFileSync(configPath, 'utf8'), onDisk, 'nothing was saved');

    client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: config } });
    await client.waitFor('closed unsaved: the disk file again (error)', () => severities().join() === '1,1');
    assert.deepEqual(client.errorLogs, [], 'no handler failed');
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
