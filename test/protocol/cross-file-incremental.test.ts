/**
 * Incremental analysis across files, over LSP: a function toggled in an open facet duplicates the selector of a
 * facet that is never opened, through struct parameters declared in a third file. Every toggle must update both
 * files' diagnostics, and an edit of the struct file (which changes both selectors) must show on both
 * sides alike: the per-contract selector lists the server reuses across edits may never answer for a stale import.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CROSS_FILE_DUPLICATE, writeWorkspace } from '../../bench/workspace-gen';
import { TestClient, uriOf } from './lsp-client';

const settings = { diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } };
const DUP = 'duplicate-selector';

test('a toggled duplicate updates the unopened facet each time; a struct edit reaches it too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-cross-file-'));
  const client = new TestClient(settings);
  try {
    const ws = writeWorkspace(dir, 20, true);
    const big = uriOf(ws.big);
    const settle = uriOf(ws.settle!);
    const lib = uriOf(join(dir, 'libraries', 'LibTypes.sol'));
    const without = readFileSync(ws.big, 'utf8');
    const lines = without.split('\n');
    const close = lines.lastIndexOf('}');
    const withFn = [...lines.slice(0, close), CROSS_FILE_DUPLICATE.trimEnd(), ...lines.slice(close)].join(
      '\n',
    );

    await client.initialize(dir);
    client.open(big, without);
    await client.waitFor('the first analysis', () => client.analyses.length > 0);
    assert.deepEqual(client.diagnosticsOf(settle, DUP), [], 'no duplicate before the toggle');

    const both = (present: boolean) => () =>
      client.diagnosticsOf(big, DUP).length > 0 === present &&
      client.diagnosticsOf(settle, DUP).length > 0 === present;
    let version = 1;
    for (let i = 0; i < 6; i++) {
      const adding = i % 2 === 0;
      client.change(big, adding ? withFn : without, ++version);
      await client.waitFor(`toggle ${i}: duplicate ${adding ? 'on' : 'off'} in both files`, both(adding));
    }
    client.change(big, withFn, ++version);
    await client.waitFor('the duplicate in both files', both(true));
    const settleDiag = client.diagnosticsOf(settle, DUP)[0];
    assert.match(
      String(settleDiag.message),
      /settle\(\(address,uint256,\(address,uint96\)\[2\],bytes32\),\(address,uint96\)\[\]\)/,
    );

    // The struct file changes: both signatures change alike (still duplicates), with the new tuple.
    const libText = readFileSync(join(dir, 'libraries', 'LibTypes.sol'), 'utf8');
    client.open(lib, libText.replace('uint96 weight;', 'uint128 weight;'));
    await client.waitFor('the new tuple on the unopened facet', () =>
      client.diagnosticsOf(settle, DUP).some((d) => String(d.message).includes('(address,uint128)[]')),
    );
    // Closing the struct file's editor brings back its disk text, and the old tuple.
    client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: lib } });
    await client.waitFor('the old tuple again', () =>
      client.diagnosticsOf(settle, DUP).some((d) => String(d.message).includes('(address,uint96)[]')),
    );
    client.change(big, without, ++version);
    await client.waitFor('no duplicate in either file', both(false));
    assert.deepEqual(client.errorLogs, []);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
