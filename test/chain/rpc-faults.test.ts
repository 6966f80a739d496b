/**
 * Chain faults a real node does not produce on demand, from a fake JSON-RPC node on loopback
 * (support/fake-rpc.ts):
 * - a transaction that is never mined: its hash is reported at once, and the wait ends in
 *   TransactionTimeoutError naming the step, the hash, how long it waited and the journal (the workflow as VS
 *   Code runs it, with the dev account; the CLI with a key on chain 5 and `--tx-timeout`);
 * - a malformed eth_chainId reply (not hex, null, a JSON number, more than a safe integer, zero, a JSON-RPC
 *   reply with neither result nor error): RpcProtocolError from connect, one line from every CLI command
 *   that connects (deploy and loupe exit 1, check --rpc exit 2 as for an unreachable RPC), never an internal
 *   error.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, RpcProtocolError } from '../../chain/src/connect';
import { readJournal, TransactionTimeoutError } from '../../chain/src/journal';
import { txGate } from '../../chain/src/tx-gate';
import { deployDloopProject } from '../../chain/src/workflows/deploy-dloop';
import type { WorkflowProgress } from '../../chain/src/workflows/workflow';
import { runCli } from './support/cli';
import { dloopProject, tempWorkspace } from './support/env';
import { startFakeRpc, type FakeRpc } from './support/fake-rpc';

const ws = tempWorkspace('rpc-faults');
after(() => ws.cleanup());

// anvil's published dev key #1 and its address.
const KEY1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

const project = (name: string): string => dloopProject(ws.dir, name);

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
    assert.deepEqual(
      journal.pending.map((p) => [p.contract, p.txHash]),
      [['DLOOPToken', hash]],
      'the journal says what is pending',
    );
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
    assert.ok(
      text.includes(ACCOUNT1.toLowerCase()) || text.includes(ACCOUNT1),
      'the journal names the paying account',
    );
    for (const out of [r.stdout, r.stderr, text])
      assert.ok(!out.includes(KEY1.slice(2)), 'the key is never written');
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

describe('a malformed eth_chainId reply', () => {
  const DIAMOND = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
  const cases: { name: string; answer: unknown; shown: string }[] = [
    { name: 'not hex', answer: '0xzz', shown: '"0xzz"' },
    { name: 'null', answer: null, shown: 'null' },
    { name: 'a JSON number', answer: 5, shown: '5' },
    { name: 'a huge value', answer: '0x' + 'f'.repeat(40), shown: `"0x${'f'.repeat(40)}"` },
    { name: 'zero', answer: '0x0', shown: '"0x0"' },
    { name: 'an empty string', answer: '', shown: '""' },
    { name: 'no result at all', answer: { raw: { jsonrpc: '2.0' } }, shown: 'no result' },
  ];
  const empty = join(ws.dir, 'empty-project');
  mkdirSync(empty, { recursive: true });
  // `check` needs something to check before it connects.
  const checked = join(ws.dir, 'one-facet');
  mkdirSync(checked, { recursive: true });
  writeFileSync(
    join(checked, 'PingFacet.sol'),
    '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\ncontract PingFacet { function ping() external {} }\n',
  );

  for (const c of cases) {
    test(`${c.name}: RpcProtocolError, one line from deploy, loupe and check; no stack`, async () => {
      const fake = await startFakeRpc({ chainId: 1, override: { eth_chainId: c.answer } });
      try {
        const expected = `${fake.url} answered eth_chainId with ${c.shown}, not a chain id`;
        await assert.rejects(connect(fake.url), (err: unknown) => {
          assert.ok(err instanceof RpcProtocolError, `RpcProtocolError, not ${String(err)}`);
          assert.equal(err.message, expected);
          return true;
        });
        const runs: { args: string[]; code: number; prefix: string }[] = [
          { args: ['deploy', '--rpc', fake.url, '--root', empty], code: 1, prefix: 'diamond deploy: ' },
          {
            args: ['loupe', '--rpc', fake.url, '--address', DIAMOND, '--root', empty],
            code: 1,
            prefix: 'diamond loupe: ',
          },
          {
            args: ['check', checked, '--rpc', fake.url, '--address', DIAMOND],
            code: 2,
            prefix: 'diamond check: cannot read the live diamond: ',
          },
        ];
        for (const run of runs) {
          const r = await runCli(run.args, { cwd: ws.dir, env: ws.env });
          const lines = r.stderr.split('\n').filter((l) => l && !/^(Connected|Reading|Compil)/.test(l));
          assert.equal(r.code, run.code, `${run.args[0]}: ${r.stderr}`);
          assert.ok(
            lines.includes(`${run.prefix}${expected}`),
            `${run.args[0]}: one line naming the reply:\n${r.stderr}`,
          );
          assert.ok(
            !/internal error|\n\s+at /.test(r.stderr),
            `${run.args[0]}: no stack trace:\n${r.stderr}`,
          );
        }
        assert.equal(fake.sent.length, 0, 'nothing was sent');
      } finally {
        await fake.close();
      }
    });
  }
});
