/**
 * Hover on a field of a namespace's struct through the language server (dist/server.js over stdio): the field's
 * absolute slot, byte offset and size, as the engine lays it out (equal to solc's storageLayout by
 * test/unit/storage-slots-solc.test.ts). The fixture's slot constant ends in `ff`, so the second field's slot
 * carries into the next byte: the hover shows the sum, not the constant with `+1` appended.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { repoRoot, TestClient, uriOf } from './lsp-client';

test('hover on a namespace field: its slot, offset and size', async () => {
  const dir = join(repoRoot(), 'test', 'fixtures', 'workspaces', 'erc7201');
  const file = join(dir, 'libraries', 'LibRewardsStorage.sol');
  const text = readFileSync(file, 'utf8');
  const client = new TestClient({ diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } });
  try {
    await client.initialize(dir);
    client.open(uriOf(file), text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('mapping(address => uint256) claimed'));
    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: uriOf(file) },
      position: { line, character: lines[line].indexOf('claimed') },
    })) as Hover | null;
    assert.ok(hover, 'a hover');
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*Storage field\*\* `claimed` · `mapping\(address => uint256\)`/);
    const root = BigInt(/STORAGE_LOCATION = (0x[0-9a-f]{64})/.exec(text)![1]);
    assert.ok(value.includes(`slot: \`0x${(root + 1n).toString(16).padStart(64, '0')}\``), value);
    assert.match(value, /offset: 0 · 32 bytes/);
    assert.deepEqual(hover.range?.start.line, line);
  } finally {
    await client.stop();
  }
  assert.deepEqual(client.errorLogs, []);
});
