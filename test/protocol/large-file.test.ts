/**
 * A 5 MB Solidity document open and being edited: the server holds its edits until the editor is idle
 * (server/src/large-files.ts) so that requests on other files are not stuck behind re-parsing it on every
 * keystroke. Asserted here: a hover on a small file is answered after every edit of the large one, the
 * user is told once (window/showMessage naming the file and the limit), and once the edits stop the large
 * file is analysed with its latest text. Nothing is measured by time (timings: see the report/bench).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { TestClient, uriOf } from './lsp-client';

const HEADER = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\n';

/** ~`bytes` of generated facets; the first two both expose dup() (a duplicate-selector error). */
function bigSource(bytes: number): string {
  let out = HEADER;
  let i = 0;
  while (out.length < bytes) {
    out += `\n// notes ${i}\ncontract Gen${i}Facet {\n`;
    if (i < 2) out += `    function dup() external {}\n`;
    for (let k = 0; k < 20; k++)
      out += `    function f${i}_${k}(uint256 a, address b) external pure returns (uint256) {\n        uint256 sum = a + ${k};\n        return sum + uint256(uint160(b));\n    }\n`;
    out += '}\n';
    i++;
  }
  return out;
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

test(
  'a 5 MB document being edited: hovers on another file are answered; one notice; analysed when idle',
  { timeout: 240_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diamond-large-'));
    const small = join(dir, 'SmallFacet.sol');
    const smallText = `${HEADER}contract SmallFacet {\n    function transfer(address to, uint256 amount) external {}\n}\n`;
    writeFileSync(small, smallText);
    const big = join(dir, 'Big.sol');
    const client = new TestClient({ diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } });
    const notices: string[] = [];
    client.conn.onNotification('window/showMessage', (p: { message: string }) => {
      notices.push(p.message);
    });
    try {
      await client.initialize(dir);
      await client.waitFor('first analysis', () => client.analyses.length > 0, 60_000);
      client.open(uriOf(small), smallText, 1);

      let text = bigSource(5 * 1024 * 1024);
      client.open(uriOf(big), text, 1);
      const hoverSmall = () =>
        client.conn.sendRequest('textDocument/hover', {
          textDocument: { uri: uriOf(small) },
          position: { line: 3, character: 15 },
        }) as Promise<Hover | null>;

      // Typing in the large file (one character at a time near its top), a hover on the small one after each.
      let version = 1;
      const insert = (at: number, what: string) => {
        const pos = positionAt(text, at);
        text = text.slice(0, at) + what + text.slice(at);
        client.changeRange(uriOf(big), ++version, { start: pos, end: pos }, what);
      };
      // In the comment above the first generated contract.
      const typingAt = text.indexOf('// notes 0') + '// notes'.length;
      for (let n = 0; n < 12; n++) {
        insert(typingAt + n, 'x');
        const h = await hoverSmall();
        assert.ok(h, `hover answered after edit ${n + 1}`);
        assert.match((h.contents as { value: string }).value, /transfer\(address,uint256\)/);
        assert.match((h.contents as { value: string }).value, /0xa9059cbb/);
      }

      // The last edit renames one dup(): once idle, the large file is analysed with that text.
      await client.waitFor(
        'the duplicate in the large file reported',
        () => client.diagnosticsOf(uriOf(big), 'duplicate-selector').length === 2,
        120_000,
      );
      insert(text.indexOf('function dup()') + 'function dup'.length, 'Renamed');
      assert.ok(await hoverSmall());
      await client.waitFor(
        'the large file analysed with its latest text',
        () => client.diagnosticsOf(uriOf(big), 'duplicate-selector').length === 0,
        120_000,
      );

      // Told once, naming the file and the limit.
      assert.equal(notices.length, 1, notices.join('\n'));
      assert.match(notices[0], /Big\.sol/);
      assert.match(notices[0], /1 MiB/);
      assert.match(notices[0], /5\.0 MiB/);
      assert.deepEqual(client.errorLogs, []);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
