/**
 * Simulate benchmark: the Rewards v1 → v2 upgrade of the DLOOP diamond on the embedded Hardhat node, through
 * its ProtocolDAO (propose from alice, votes from alice and bob, past the vote end and the timelock, execute),
 * timed two ways on the same node, interleaved:
 *   - ours: simulateUpgrade (checks each step with eth_call first, state diffs and events per transaction,
 *     the loupe, the init frame, the storage written named per namespace, revert, and the restore check);
 *   - bare: an ethers script sending the same transactions (snapshot → deploy the two contracts → propose →
 *     castVote ×2 → evm_increaseTime + evm_mine → execute → evm_revert), nothing read back.
 * Target: ours median <= 1.5x bare median. Run: node out/bench/upgrade-simulate.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContractFactory, type TransactionReceipt } from 'ethers';
import { connect } from '../chain/src/connect';
import { projectNamespaces } from '../chain/src/project-namespaces';
import { namespaceLayouts } from '../chain/src/simulation/namespace-layouts';
import { simulateUpgrade, type SimulationResult } from '../chain/src/workflows/upgrade-simulate';
import { deploySimDloop, rewardsV2Plan, startSimNode } from '../test/chain/helpers/sim-fixture';
import { interleaved, repoRoot, reportRatio, runBenchmark, stats, summary } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 3;
const TARGET = 1.5;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-bench-simulate-'));
  process.env.XDG_CONFIG_HOME = join(dir, 'xdg-config');
  process.env.XDG_CACHE_HOME = join(dir, 'xdg-cache');
  const contracts = join(repoRoot(), 'contracts');
  const layouts = await namespaceLayouts({
    root: contracts,
    namespaces: projectNamespaces(contracts),
    cacheDir: join(dir, 'layouts'),
  });
  const sim = await startSimNode('bench-simulate');
  try {
    const fx = await deploySimDloop(sim);
    const conn = await connect(sim.url);
    const plan = await rewardsV2Plan(fx, { multiplierBps: 15_000, deployer: fx.deployer.address });
    const [alice, bob] = [fx.alice.address, fx.bob.address];
    const governance = {
      proposer: alice,
      votes: [
        { voter: alice, support: true },
        { voter: bob, support: true },
      ],
    };
    let last: SimulationResult | undefined;
    const ours = async () => {
      const t = performance.now();
      last = await simulateUpgrade({
        connection: conn,
        plan,
        artifacts: fx.build.artifacts,
        namespaces: layouts.namespaces,
        governance,
      });
      const ms = performance.now() - t;
      if (!last.ok) throw new Error(`simulation failed: ${last.failure?.reason}`);
      return ms;
    };
    const bare = async () => {
      const t = performance.now();
      const snap = await sim.rpc.request<string>('evm_snapshot');
      for (const d of plan.deploy) {
        const c = await new ContractFactory(d.artifact.abi, d.artifact.bytecode, fx.deployer).deploy();
        await c.waitForDeployment();
      }
      const dao = (s = fx.alice) => fx.at('ProtocolDAO', fx.deployment.governance, s);
      const receipt = await (
        await dao().propose(plan.cut, plan.init!.address, plan.init!.calldata, 'bench')
      ).wait();
      const created = (receipt as TransactionReceipt).logs
        .map((l) => dao().interface.parseLog(l))
        .find((e) => e?.name === 'ProposalCreated');
      const id = created!.args[0] as bigint;
      await (await dao(fx.alice).castVote(id, true)).wait();
      await (await dao(fx.bob).castVote(id, true)).wait();
      const p = await dao().getProposal(id);
      const now = (await sim.provider.getBlock('latest'))!.timestamp;
      await sim.rpc.request('evm_increaseTime', [Math.max(Number(p.voteEnd) + 1, Number(p.eta)) - now]);
      await sim.rpc.request('evm_mine');
      const executed = await (await dao(fx.alice).execute(id)).wait();
      if (executed?.status !== 1) throw new Error('the bare execute failed');
      if ((await sim.rpc.request('evm_revert', [snap])) !== true) throw new Error('evm_revert failed');
      return performance.now() - t;
    };
    const [bareMs, oursMs] = await interleaved([bare, ours], RUNS, WARMUP);
    const ratio = stats(oursMs).p50 / stats(bareMs).p50;
    const t = last!.timings;
    console.log(
      `simulate Rewards v1 → v2 through the ProtocolDAO (embedded Hardhat node): ${last!.steps.length} steps, ` +
        `${last!.storage.length} slots written, ${RUNS} runs each`,
    );
    console.log(summary('  bare ethers script   ', bareMs));
    console.log(summary('  simulateUpgrade      ', oursMs));
    console.log(
      `  last simulation: prepare ${t.prepareMs} ms, steps ${t.stepsMs} ms, traces ${t.collectMs} ms, revert and check ${t.restoreMs} ms`,
    );
    reportRatio('ratio', ratio, TARGET);
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBenchmark(main);
