/**
 * Plan benchmark: a diamond routing 1,008 selectors (10 generated facets × 100 functions plus cut/loupe/
 * ownership) on the embedded Hardhat node, one facet edited (every body changed: a Replace of its 100
 * selectors). Times, interleaved:
 *   - the loupe read: our readLoupe (names by runtime code, signatures, drift, owner) and one bare facets() call;
 *   - planUpgrade with the build at hand (as "Diamond: Plan Upgrade" runs it, after its compile in the worker):
 *     the project model and analysis, the loupe, the planner, predicted addresses, calldata, validation.
 * Target: plan median <= 1.2x the readLoupe median. Run: node out/bench/upgrade-plan.js
 * (bench/upgrade-plan-profile.ts profiles the same rounds.)
 */
import { checkBenchPlan, setUpPlanBench } from './upgrade-plan-setup';
import { fmt, interleaved, reportRatio, runBenchmark, stats, summary } from './stats';

// 101 rounds: the two medians are ~15 ms apart by ~2 ms, and on a shared VM 15 rounds' medians moved by more
// than that from run to run (1.19–1.35x on the same build).
const RUNS = Number(process.env.BENCH_RUNS ?? 101);
const WARMUP = 3;
const TARGET = 1.2;

async function main(): Promise<void> {
  const bench = await setUpPlanBench();
  try {
    const firstPlan = await bench.plan();
    const [bareMs, loupeMs, planMs] = await interleaved([bench.bare, bench.loupe, bench.plan], RUNS, WARMUP);
    const replaced = checkBenchPlan(bench.lastPlan());
    const ratio = stats(planMs).p50 / stats(loupeMs).p50;
    console.log(
      `plan against a ${bench.selectors()}-selector diamond (embedded Hardhat node): ${replaced} replaced, ${RUNS} runs each`,
    );
    console.log(summary('  bare facets() eth_call   ', bareMs));
    console.log(summary('  readLoupe                ', loupeMs));
    console.log(summary('  planUpgrade              ', planMs));
    console.log(`  planUpgrade first call   ${fmt(firstPlan)} ms`);
    reportRatio('ratio plan/readLoupe', ratio, TARGET);
  } finally {
    await bench.stop();
  }
}

runBenchmark(main);
