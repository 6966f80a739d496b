/**
 * The struct-log traces a simulation reads for mapping preimages, parsed off the caller's thread
 * (chain/src/simulation/trace-preimages.ts, the dist/trace-worker.js bundle), on a real Hardhat node with the
 * DLOOP diamond: the execute transaction of the Rewards v1 → v2 upgrade run by hand (a trace of megabytes) gives
 * the same preimages in the worker as on this thread and as the trace functions read directly; a simulation that
 * always reads the traces names the same storage (fields, mapping entries) with the worker as without it, and as
 * from the keys the transactions showed.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { threadId } from 'node:worker_threads';
import { connect, type ChainConnection } from '../../chain/src/connect';
import type { StructLog } from '../../chain/src/simulation/dev-chain';
import type { SimulationNamespace } from '../../chain/src/simulation/storage-layout';
import { preimagesFromStack, preimagesOf } from '../../chain/src/simulation/trace';
import { tracePreimages } from '../../chain/src/simulation/trace-preimages';
import { simulateUpgrade } from '../../chain/src/workflows/upgrade-simulate';
import {
  rewardsV2Plan,
  startDloopSimulation,
  upgradeByHand,
  type SimDloop,
  type SimNode,
} from './helpers/sim-fixture';
import { repoRoot } from './support/env';

const WORKER = join(repoRoot(), 'dist', 'trace-worker.js');
const sorted = (m: Map<string, string> | [string, string][]) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));

describe('struct-log traces read in a worker (embedded Hardhat node, DLOOP Rewards v1 → v2)', () => {
  let sim: SimNode;
  let fx: SimDloop;
  let conn: ChainConnection;
  let namespaces: SimulationNamespace[];

  before(async () => {
    ({ sim, fx, namespaces } = await startDloopSimulation('trace-worker'));
    conn = await connect(sim.url);
  });
  after(() => sim?.close());

  test('the execute transaction’s trace: the same preimages in the worker, on this thread, and read directly', async () => {
    const plan = await rewardsV2Plan(fx, { multiplierBps: 15_000, deployer: fx.deployer.address });
    const rpc = sim.rpc;
    const snap = await rpc.request<string>('evm_snapshot');
    try {
      const hash = await upgradeByHand(fx, plan);

      // What the simulation read before: the trace parsed here, by the trace functions themselves.
      const trace = await rpc.request<{ structLogs: StructLog[] }>('debug_traceTransaction', [
        hash,
        { disableStorage: true },
      ]);
      const bytes = JSON.stringify(trace).length;
      assert.ok(bytes > 1_000_000, `a large trace (${bytes} bytes, ${trace.structLogs.length} steps)`);
      const direct = new Map<string, string>();
      const { missed } = preimagesFromStack(trace.structLogs, direct);
      if (missed) {
        const withMemory = await rpc.request<{ structLogs: StructLog[] }>('debug_traceTransaction', [
          hash,
          { enableMemory: true, disableStorage: true },
        ]);
        preimagesOf(withMemory.structLogs, direct);
      }
      assert.ok(direct.size > 10, `preimages found (${direct.size})`);

      const here = new Map<string, string>();
      const onThread = await tracePreimages({ url: sim.url, hash }, here, { workerPath: false });
      const there = new Map<string, string>();
      const inWorker = await tracePreimages({ url: sim.url, hash }, there, { workerPath: WORKER });
      assert.equal(onThread.threadId, threadId, 'workerPath false: this thread');
      assert.notEqual(inWorker.threadId, threadId, 'the worker bundle: another thread');
      assert.deepEqual(sorted(there), sorted(direct));
      assert.deepEqual(sorted(here), sorted(direct));
      assert.equal(inWorker.missed, missed);
    } finally {
      assert.equal(await rpc.request('evm_revert', [snap]), true);
    }
  });

  test('a simulation reading every trace in the worker names the same storage as on this thread and from the keys', async () => {
    const plan = await rewardsV2Plan(fx, { multiplierBps: 15_000, deployer: fx.deployer.address });
    const run = (over: Parameters<typeof simulateUpgrade>[0] extends infer I ? Partial<I> : never) =>
      simulateUpgrade({ connection: conn, plan, artifacts: fx.build.artifacts, namespaces, ...over });
    const worker = await run({ alwaysTrace: true, traceWorkerPath: WORKER });
    const thread = await run({ alwaysTrace: true, traceWorkerPath: false });
    const keys = await run({});
    assert.equal(worker.ok, true, worker.failure?.reason);
    assert.ok(
      worker.storage.some((r) => r.field?.startsWith('accounts[')),
      'a mapping entry (accounts[bob]) among the rows',
    );
    assert.ok(
      worker.storage.every((r) => r.namespace !== null),
      'every written slot named',
    );
    assert.deepEqual(worker.storage, thread.storage);
    assert.deepEqual(worker.storage, keys.storage);
  });
});
