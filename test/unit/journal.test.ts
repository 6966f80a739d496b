/**
 * The transaction journal (chain/src/journal.ts) as a file: one fsynced JSON line per event, read back with
 * what was created and what is still pending; a line torn by a crash mid-write is left out, not fatal.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Journal, readJournal } from '../../chain/src/journal';

const tmp = mkdtempSync(join(tmpdir(), 'diamond-journal-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const H1 = '0x' + '11'.repeat(32);
const H2 = '0x' + '22'.repeat(32);
const A1 = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const FROM = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const at = '2026-11-21T10:00:00.000Z';

test('every line is on disk as soon as it is appended; created and pending follow the events', () => {
  const dir = join(tmp, 'a');
  const j = Journal.open(dir, { workflow: 'test', chainId: 5, from: FROM });
  assert.match(j.file, /\/5-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.jsonl$/);
  j.append({ event: 'sent', step: 'Deploying A', contract: 'A', txHash: H1, nonce: 0, address: A1, at });
  assert.deepEqual(
    readJournal(j.file).pending.map((p) => p.txHash),
    [H1],
    'sent, not mined: pending',
  );
  assert.deepEqual(readJournal(j.file).created, []);
  j.append({
    event: 'mined',
    step: 'Deploying A',
    contract: 'A',
    txHash: H1,
    address: A1,
    blockNumber: 1,
    at,
  });
  j.append({ event: 'sent', step: 'Calling A', contract: 'A', txHash: H2, nonce: 1, at });
  const read = readJournal(j.file);
  assert.deepEqual(read.created, [{ contract: 'A', address: A1, txHash: H1 }]);
  assert.deepEqual(
    read.pending.map((p) => p.txHash),
    [H2],
  );
  assert.deepEqual(j.created(), read.created, 'in memory as on disk');
  j.end({ event: 'failed', error: 'boom' });
  j.end({ event: 'failed', error: 'again' });
  const lines = readFileSync(j.file, 'utf8').trim().split('\n');
  assert.equal(lines.length, 5, 'header, three steps, one end');
  assert.deepEqual(JSON.parse(lines[0]), {
    ...JSON.parse(lines[0]),
    journal: 1,
    workflow: 'test',
    chainId: 5,
    from: FROM,
  });
  assert.throws(() => j.append({ event: 'failed', at }), /closed/);
  assert.doesNotThrow(() => JSON.parse(lines[4]));
});

test('two journals opened at once get two files', () => {
  const dir = join(tmp, 'b');
  const a = Journal.open(dir, { workflow: 'test', chainId: 1, from: FROM });
  const b = Journal.open(dir, { workflow: 'test', chainId: 1, from: FROM });
  assert.notEqual(a.file, b.file);
  a.end({ event: 'finished' });
  b.end({ event: 'finished' });
  assert.equal(readdirSync(dir).length, 2);
});

test('a line torn by a crash mid-write is left out; the lines before it are read', () => {
  const j = Journal.open(join(tmp, 'c'), { workflow: 'test', chainId: 1, from: FROM });
  j.append({
    event: 'mined',
    step: 'Deploying A',
    contract: 'A',
    txHash: H1,
    address: A1,
    blockNumber: 1,
    at,
  });
  appendFileSync(j.file, '{"event":"sent","step":"Deploy');
  const read = readJournal(j.file);
  assert.equal(read.lines.length, 2);
  assert.deepEqual(
    read.created.map((c) => c.address),
    [A1],
  );
});
