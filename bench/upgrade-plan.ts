/**
 * Plan benchmark: a diamond routing 1,008 selectors (10 generated facets × 100 functions plus cut/loupe/
 * ownership) on the embedded Hardhat node, one facet edited (every body changed: a Replace of its 100
 * selectors). Times, interleaved:
 *   - the loupe read: our readLoupe (names by runtime code, signatures, drift, owner) and one bare facets() call;
 *   - planUpgrade with the build at hand (as "Diamond: Plan Upgrade" runs it, after its compile in the worker):
 *     the project model and analysis, the loupe, the planner, predicted addresses, calldata, validation.
 * Target: plan median <= 1.2x the readLoupe median. Run: node out/bench/upgrade-plan.js
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../chain/src/connect';
import { FACETS_SELECTOR, readLoupe } from '../chain/src/loupe';
import { startLocalNode } from '../chain/src/node';
import { RpcClient } from '../chain/src/rpc';
import type { UpgradePlan } from '../chain/src/upgrade-plan-types';
import { planUpgrade } from '../chain/src/workflows/upgrade-plan';
import {
  benchFacetSource,
  compileBenchProject,
  deployBenchDiamond,
  FACETS,
  writeBenchProject,
} from './bench-diamond';
import { fmt, interleaved, reportRatio, runBenchmark, stats, summary } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 3;
const TARGET = 1.2;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-bench-plan-'));
  process.env.XDG_CONFIG_HOME = join(dir, 'xdg-config');
  process.env.XDG_CACHE_HOME = join(dir, 'xdg-cache');
  const node = await startLocalNode({ port: 0, stateDir: join(dir, 'hh') });
  try {
    const root = writeBenchProject(join(dir, 'project'));
    const facets = [
      'DiamondCutFacet',
      'DiamondLoupeFacet',
      'OwnershipFacet',
      ...Array.from({ length: FACETS }, (_, k) => `BenchFacet${k}`),
    ];
    writeFileSync(
      join(root, 'diamond.config.json'),
      `${JSON.stringify({ diamonds: [{ name: 'Bench', facets }] }, null, 2)}\n`,
    );
    const deployed = await compileBenchProject(root);
    const diamond = await deployBenchDiamond(node.url, deployed.contracts);
    // The edit: BenchFacet0's bodies change, its selectors stay.
    writeFileSync(join(root, 'bench', 'BenchFacet0.sol'), benchFacetSource(0, 1));
    const edited = await compileBenchProject(root);
    const conn = await connect(node.url);
    const client = new RpcClient(node.url);

    const bare = async () => {
      const t = performance.now();
      const data = await client.request<string>('eth_call', [
        { to: diamond, data: FACETS_SELECTOR },
        'latest',
      ]);
      if (data.length < 1000) throw new Error('facets() returned too little');
      return performance.now() - t;
    };
    let selectors = 0;
    const loupe = async () => {
      const t = performance.now();
      const v = await readLoupe({ rpcUrl: node.url, address: diamond, artifacts: edited.contracts });
      selectors = v.facets.reduce((n, f) => n + f.selectors.length, 0);
      return performance.now() - t;
    };
    let last: UpgradePlan | undefined;
    const plan = async () => {
      const t = performance.now();
      last = await planUpgrade({
        connection: conn,
        address: diamond,
        root,
        compile: () => Promise.resolve(edited),
      });
      return performance.now() - t;
    };
    const firstPlan = await plan();
    const [bareMs, loupeMs, planMs] = await interleaved([bare, loupe, plan], RUNS, WARMUP);
    const replaced = last!.plan.selectors.filter((s) => s.action === 'replace').length;
    const errors = last!.findings.filter((f) => f.severity === 'error').map((f) => f.message);
    if (replaced !== 100 || errors.length)
      throw new Error(`unexpected plan: ${replaced} replaced; ${errors.join('; ')}`);
    const ratio = stats(planMs).p50 / stats(loupeMs).p50;
    console.log(
      `plan against a ${selectors}-selector diamond (embedded Hardhat node): ${replaced} replaced, ${RUNS} runs each`,
    );
    console.log(summary('  bare facets() eth_call   ', bareMs));
    console.log(summary('  readLoupe                ', loupeMs));
    console.log(summary('  planUpgrade              ', planMs));
    console.log(`  planUpgrade first call   ${fmt(firstPlan)} ms`);
    reportRatio('ratio plan/readLoupe', ratio, TARGET);
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBenchmark(main);
