/**
 * The node's clock after many simulations in a row (chain/src/simulation/restore.ts), on one embedded Hardhat
 * node behind a proxy that answers each request 40 ms later, so that every simulation of the DLOOP Rewards v2
 * upgrade through its ProtocolDAO (which advances the clock past the vote and the timelock) takes over a second,
 * as on a loaded machine. EDR's evm_revert moves the node's clock ahead by the whole seconds since the snapshot;
 * left uncorrected (1 s a simulation fell within the old 1 s tolerance) that adds up. After each simulation the
 * next block's timestamp must be where the node's clock would be without any simulation (read once before, plus
 * the wall time since, within the node's 1 s resolution and the time the check takes), and after them a block
 * mined at once has that time and the chain's clock then follows the wall clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect, type ChainConnection } from '../../chain/src/connect';
import type { SimulationNamespace } from '../../chain/src/simulation/storage-layout';
import { simulateUpgrade } from '../../chain/src/workflows/upgrade-simulate';
import { rewardsV2Plan, startDloopSimulation, type SimDloop, type SimNode } from './helpers/sim-fixture';
import { waitFor } from './support/env';
import { startRpcProxy, type RpcProxy } from './support/rpc-proxy';

const RUNS = 6;

describe('the node clock after simulations in a row (embedded Hardhat node, DLOOP through its ProtocolDAO)', () => {
  let sim: SimNode;
  let fx: SimDloop;
  const proxies: RpcProxy[] = [];
  let namespaces: SimulationNamespace[];

  before(async () => {
    ({ sim, fx, namespaces } = await startDloopSimulation('simulate-clock'));
  });
  after(async () => {
    for (const p of proxies) await p.close();
    await sim?.close();
  });

  const timestamp = async (tag: 'pending' | 'latest') =>
    Number(
      BigInt((await sim.rpc.request<{ timestamp: string }>('eth_getBlockByNumber', [tag, false])).timestamp),
    );

  // 12 ms: ~1.3 s a simulation (the revert 1 s ahead: within the old tolerance, so it added up);
  // 40 ms: ~3.5 s (set back, but to a fixed time the next simulations then left behind the clock).
  for (const latencyMs of [12, 40])
    test(`${RUNS} simulations of over a second (${latencyMs} ms a request): the next block's time follows the wall clock after each, and after them`, async () => {
      const proxy = await startRpcProxy(sim.url, undefined, undefined, latencyMs);
      proxies.push(proxy);
      const conn: ChainConnection = await connect(proxy.url);
      // The clock ahead of the last block, so the next block's time follows the clock (not last block + 1).
      await sim.rpc.request('evm_increaseTime', [3_600]);
      await sim.rpc.request('evm_mine');
      await waitFor('the clock to pass the last block', async () =>
        (await timestamp('pending')) > (await timestamp('latest')) + 1 ? true : undefined,
      );
      const plan = await rewardsV2Plan(fx, { multiplierBps: 15_000, deployer: fx.deployer.address });
      // The node's clock and the wall clock, read together (the node's second is whole: ±1 s).
      const t0 = Date.now();
      const p0 = await timestamp('pending');
      const t1 = Date.now();
      const window = () => ({
        lo: p0 + Math.floor((Date.now() - t1) / 1000) - 2,
        hi: p0 + Math.ceil((Date.now() - t0) / 1000) + 1,
      });
      const seen: string[] = [];
      let slow = 0;
      for (let i = 0; i < RUNS; i++) {
        const r = await simulateUpgrade({
          connection: conn,
          plan,
          artifacts: fx.build.artifacts,
          namespaces,
        });
        assert.ok(r.ok && r.restoreCheck.clock.checked, `simulation ${i + 1}`);
        if (r.totalMs > 1_000) slow++;
        const p = await timestamp('pending');
        const { lo, hi } = window();
        const c = r.restoreCheck.clock;
        seen.push(
          `${i + 1} (${r.totalMs} ms): next block +${p - p0} s at ${((Date.now() - t0) / 1000).toFixed(1)} s` +
            `${c.corrected ? `, was ${c.driftSeconds} s off` : ''}`,
        );
        assert.ok(
          p >= lo && p <= hi,
          `next block at +${p - p0} s, outside +${lo - p0}..+${hi - p0}: ${seen.join('; ')}`,
        );
      }
      assert.ok(slow >= RUNS - 1, `the simulations took over a second each (${seen.join('; ')})`);

      // A block mined now has that time; the chain's clock then follows the wall clock again (not a fixed time).
      await sim.rpc.request('evm_mine');
      const mined = await timestamp('latest');
      const { lo, hi } = window();
      assert.ok(mined >= lo && mined <= hi, `mined at +${mined - p0} s, outside +${lo - p0}..+${hi - p0}`);
      await waitFor('the next block time to move on with the clock', async () =>
        (await timestamp('pending')) >= mined + 2 ? true : undefined,
      );
    });
});
