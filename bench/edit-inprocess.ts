/**
 * The edit path in one process, without LSP: the engine service fed the bench workspace (workspace-gen.ts), then
 * per toggle `updateFile` of the big facet and `findings()`, each timed in CPU time (process.cpuUsage: what the
 * edit costs, not when the scheduler ran it). What `--cpu-prof` is run on to see where an edit's time goes, and
 * the in-process before/after of BENCHMARKS.md. Not part of `npm run bench` (it has no yardstick); run it as
 * `node out/bench/edit-inprocess.js` after `node scripts/build.mjs --tests`.
 *
 * Env: BENCH_FACETS (default "100,500"), BENCH_WORKLOADS (default "duplicate,cross-file"), BENCH_EDITS (default
 * 400, after BENCH_WARMUP = 50 untimed ones), BENCH_ENGINE (another build of engine/index.ts as CommonJS, for A/B).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as engine from '../engine';
import { CROSS_FILE_DUPLICATE, writeWorkspace } from './workspace-gen';
import { fmt, stats } from './stats';

const EDITS = Number(process.env.BENCH_EDITS ?? 400);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);
type Engine = Pick<typeof engine, 'createAnalysisService'>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const impl: Engine = process.env.BENCH_ENGINE ? require(process.env.BENCH_ENGINE) : engine;

const cpuMs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

function sources(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const sub of ['facets', 'libraries'])
    for (const f of readdirSync(join(dir, sub)))
      if (f.endsWith('.sol')) texts.set(join(dir, sub, f), readFileSync(join(dir, sub, f), 'utf8'));
  return texts;
}

function run(facets: number, workload: string) {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-inproc-'));
  try {
    const ws = writeWorkspace(dir, facets, workload === 'cross-file');
    const texts = sources(dir);
    const service = impl.createAnalysisService({ readFile: (f) => texts.get(f) }, { root: dir });
    const t0 = process.cpuUsage();
    for (const [f, t] of texts) service.updateFile(f, t);
    const indexMs = cpuMs(t0);
    const t1 = process.cpuUsage();
    service.findings();
    const firstFindingsMs = cpuMs(t1);
    const without = texts.get(ws.big)!;
    const close = without.lastIndexOf('}');
    const insertion =
      workload === 'cross-file'
        ? CROSS_FILE_DUPLICATE
        : '    function area1Value() external pure returns (uint256) { return 1; }\n';
    const withFn = without.slice(0, close) + insertion + without.slice(close);
    const update: number[] = [];
    const findings: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < WARMUP + EDITS; i++) {
      const text = i % 2 === 0 ? withFn : without;
      texts.set(ws.big, text);
      const a = process.cpuUsage();
      service.updateFile(ws.big, text);
      const u = cpuMs(a);
      const b = process.cpuUsage();
      const n = service.findings().filter((f) => f.rule === 'duplicate-selector' && f.file === ws.big).length;
      const f = cpuMs(b);
      if (n > 0 !== (i % 2 === 0)) throw new Error(`edit ${i}: ${n} duplicates`);
      if (i < WARMUP) continue;
      update.push(u);
      findings.push(f);
      total.push(u + f);
    }
    const line = (label: string, xs: number[]) => {
      const s = stats(xs);
      return `${label} p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  p99 ${fmt(s.p99)}  max ${fmt(s.max)}`;
    };
    console.log(
      `${workload}, ${facets} facets (${EDITS} edits, cpu ms; index ${fmt(indexMs)}, first findings ${fmt(firstFindingsMs)})`,
    );
    console.log(`  ${line('updateFile', update)}`);
    console.log(`  ${line('findings  ', findings)}`);
    console.log(`  ${line('edit      ', total)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
for (const facets of (process.env.BENCH_FACETS ?? '100,500').split(',').map(Number))
  for (const workload of (process.env.BENCH_WORKLOADS ?? 'duplicate,cross-file').split(','))
    run(facets, workload);
