/**
 * Chain faults a real node does not produce on demand, from a fake JSON-RPC node on loopback
 * (support/fake-rpc.ts):
 * - a transaction that is never mined: its hash is reported at once, and the wait ends in
 *   TransactionTimeoutError naming the step, the hash, how long it waited and the journal (the workflow as VS
 *   Code runs it, with the dev account; the CLI with a key on chain 5 and `--tx-timeout`).
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect } from '../../chain/src/connect';
import { readJournal, TransactionTimeoutError } from '../../chain/src/journal';
import { txGate } from '../../chain/src/tx-gate';
import { deployDloopProject } from '../../chain/src/workflows/deploy-dloop';
import type { WorkflowProgress } from '../../chain/src/workflows/workflow';
import { runCli } from './support/cli';
import { repoRoot, tempWorkspace } from './support/env';
import { startFakeRpc, type FakeRpc } from './support/fake-rpc';

const ws = tempWorkspace('rpc-faults');
after(() => ws.cleanup());

// anvil's published dev key #1 and its address.
const KEY1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

function project(name: string): string {
  const root = join(ws.dir, name);
  cpSync(join(repoRoot(), 'contracts'), join(root, 'contracts'), { recursive: true });
  return root;
}

/** Rejects when `p` has not settled in `ms`: the test fails instead of hanging (not a wait for anything). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end in ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, guard]).finally(() => clearTimeout(timer));
}

describe('a transaction that is never mined', () => {
  let dev: FakeRpc;
  let five: FakeRpc;
  before(async () => {
    dev = await startFakeRpc({ chainId: 31337 });
    five = await startFakeRpc({ chainId: 5 });
  });
  after(async () => {
    await dev?.close();
    await five?.close();
  });

  test('the workflow (dev account): the hash at once, then TransactionTimeoutError naming step, hash, wait, journal', async () => {
    const root = project('never-mined');
    const connection = await connect(dev.url);
    const gate = await txGate(connection, {
      action: { title: 'Deploy', doing: 'Deploying' },
      key: { read: () => assert.fail('a local dev node needs no key'), describe: 'none' },
      confirmation: { ask: () => assert.fail('nothing to confirm'), hint: () => '' },
    });
    assert.ok(gate.ok);
    const progress: WorkflowProgress[] = [];
    let error: unknown;
    try {
      await within(
        deployDloopProject(
          { connection, root, signer: gate.signer, txTimeoutMs: 1500 },
          { onProgress: (p) => progress.push(p) },
        ),
        90_000,
        'the deploy',
      );
    } catch (err) {
      error = err;
    } finally {
      gate.signer.close();
    }
    assert.ok(error instanceof TransactionTimeoutError, `a TransactionTimeoutError, not ${String(error)}`);
    assert.equal(dev.sent.length, 1, 'one transaction was accepted, and nothing was sent after it');
    const [hash] = dev.sent;
    assert.equal(error.txHash, hash);
    assert.equal(error.step, 'Deploying DLOOPToken');
    assert.equal(error.contract, 'DLOOPToken');
    assert.ok(error.waitedMs >= 1500, `waited ${error.waitedMs} ms`);
    assert.ok(error.journalFile, 'the journal is named');
    for (const part of ['Deploying DLOOPToken', hash, 'not mined within', error.journalFile])
      assert.ok(error.message.includes(part), `the message names ${part}: ${error.message}`);
    assert.ok(
      progress.some((p) => p.message.includes(hash)),
      `the hash was reported as soon as it was known: ${progress.map((p) => p.message).join(' | ')}`,
    );
    const journal = readJournal(error.journalFile);
    assert.deepEqual(journal.pending.map((p) => [p.contract, p.txHash]), [['DLOOPToken', hash]], 'the journal says what is pending');
    assert.deepEqual(journal.created, []);
  });

  test('the CLI with a key on chain 5 and --tx-timeout 1: the hash on stderr, then the named timeout; exit 1; no key anywhere', async () => {
    const root = project('never-mined-5');
    const r = await runCli(
      ['deploy', '--rpc', five.url, '--root', root, '--yes-i-mean', '5', '--tx-timeout', '1'],
      { cwd: ws.dir, env: { ...ws.env, DIAMOND_PRIVATE_KEY: KEY1 }, timeoutMs: 90_000 },
    );
    assert.equal(r.code, 1, r.stderr);
    assert.equal(five.sent.length, 1, 'a signed transaction was broadcast');
    const [hash] = five.sent;
    const lines = r.stderr.trim().split('\n');
    const sentAt = lines.findIndex((l) => l.includes(`sent ${hash}`));
    assert.ok(sentAt >= 0, `the hash is printed as soon as it is known:\n${r.stderr}`);
    const last = lines.at(-1) ?? '';
    assert.ok(sentAt < lines.length - 1, 'before the error');
    for (const part of ['Deploying DLOOPToken', hash, 'not mined within 1 s', '.diamond/journal/5-'])
      assert.ok(last.includes(part), `the error names ${part}: ${last}`);
    const journalFile = /\S*\.diamond\/journal\/5-\S+\.jsonl/.exec(last)?.[0] ?? '';
    const text = readFileSync(journalFile, 'utf8');
    assert.ok(text.includes(ACCOUNT1.toLowerCase()) || text.includes(ACCOUNT1), 'the journal names the paying account');
    for (const out of [r.stdout, r.stderr, text]) assert.ok(!out.includes(KEY1.slice(2)), 'the key is never written');
  });

  test('--tx-timeout must be a whole number of seconds: a usage error, nothing sent', async () => {
    const before = five.calls.length;
    for (const bad of ['soon', '0', '-5', '1.5']) {
      const r = await runCli(['deploy', '--rpc', five.url, '--root', ws.dir, '--tx-timeout', bad], {
        cwd: ws.dir,
        env: ws.env,
      });
      assert.equal(r.code, 2, `${bad}: ${r.stderr}`);
      assert.match(r.stderr, /--tx-timeout/);
    }
    assert.equal(five.calls.length, before, 'refused before anything was asked of the node');
  });
});
