/**
 * The language server retains no memory per edit: a facet is typed into (a new function, ERC-7201
 * id, constant and contract name each keystroke) through didChange, and the heap left after a full
 * GC, read with the debug-only `diamond/debug/memory` request (DIAMOND_DEBUG_MEMORY=1), may not grow
 * between edit 200 and edit 1200. Also: the probe is off unless the environment turns it on, and
 * DIAMOND_DEBUG_MEMORY_LOG=N logs the heap every N analyses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { typedAt } from '../unit/memory-support';
import { repoRoot, TestClient, uriOf } from './lsp-client';

const METHOD = 'diamond/debug/memory';
const MiB = 1024 * 1024;
const settings = { diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } };

interface Memory {
  heapUsed: number;
  heapTotal: number;
  rss: number;
}

/** Starts the server with `env` added to this process's environment (the client spawns with it). */
async function start(env: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const client = new TestClient(settings);
  process.env = saved;
  const dir = mkdtempSync(join(tmpdir(), 'diamond-memory-'));
  cpSync(join(repoRoot(), 'test', 'fixtures', 'workspaces', 'clean'), dir, { recursive: true });
  await client.initialize(dir);
  await client.waitFor('the first analysis', () => client.analyses.length > 0);
  return {
    client,
    dir,
    async close() {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
      assert.deepEqual(client.errorLogs, []);
    },
  };
}

/** A ~400-line facet followed by what has been typed so far. */
function facet(typed: string): string {
  const out = ['// SPDX-License-Identifier: MIT', 'pragma solidity ^0.8.24;', '', 'contract TypedFacet {'];
  for (let i = 0; out.length < 400; i++) {
    out.push(
      `    error Failed${i}(uint256 code);`,
      `    function step${i}(address to, uint256 amount) external pure returns (uint256) {`,
      `        if (to == address(0)) revert Failed${i}({code: amount});`,
      `        return amount + ${i};`,
      '    }',
    );
  }
  return `${out.join('\n')}\n${typed}}\n`;
}

test('the memory probe answers only when DIAMOND_DEBUG_MEMORY is set', async () => {
  const off = await start({});
  try {
    await assert.rejects(off.client.conn.sendRequest(METHOD), /Unhandled method/);
  } finally {
    await off.close();
  }
  const on = await start({ DIAMOND_DEBUG_MEMORY: '1' });
  try {
    const m = (await on.client.conn.sendRequest(METHOD)) as Memory;
    assert.ok(m.heapUsed > 0 && m.heapUsed <= m.heapTotal, JSON.stringify(m));
    assert.ok(m.rss > m.heapUsed, JSON.stringify(m));
  } finally {
    await on.close();
  }
});

test('typing into a facet through the server retains no memory (heap after GC, edits 200 → 1200)', async () => {
  const s = await start({ DIAMOND_DEBUG_MEMORY: '1', DIAMOND_DEBUG_MEMORY_LOG: '500' });
  const { client, dir } = s;
  try {
    const uri = uriOf(join(dir, 'facets', 'TypedFacet.sol'));
    client.open(uri, facet(''));
    await client.waitFor('analysis of the opened facet', () => client.analyses.length > 1);
    let first: Memory | undefined;
    for (let i = 1; i <= 1200; i++) {
      const done = client.analyses.length;
      client.change(uri, facet(typedAt(i)), i + 1);
      await client.waitFor(`analysis of edit ${i}`, () => client.analyses.length > done);
      if (i === 200) first = (await client.conn.sendRequest(METHOD)) as Memory;
    }
    const last = (await client.conn.sendRequest(METHOD)) as Memory;
    const grown = last.heapUsed - first!.heapUsed;
    console.log(
      `server heap after GC: ${(first!.heapUsed / MiB).toFixed(2)} MiB at edit 200, ` +
        `${(last.heapUsed / MiB).toFixed(2)} MiB at edit 1200; RSS ${(last.rss / MiB).toFixed(0)} MiB`,
    );
    // One retained text version per edit would be ~15 MiB over these 1000 edits.
    assert.ok(grown < 4 * MiB, `server heap grew by ${(grown / MiB).toFixed(2)} MiB`);
    assert.ok(
      client.logs.some((l) => /^\[memory\] after \d+ analyses: heap used [\d.]+ MiB after GC/.test(l)),
      'DIAMOND_DEBUG_MEMORY_LOG logs the heap',
    );
  } finally {
    await s.close();
  }
});
