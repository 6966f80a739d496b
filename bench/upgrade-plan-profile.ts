/**
 * A CPU profile of the plan benchmark's rounds (not part of `npm run bench`): the same fixture as
 * bench/upgrade-plan.ts, then ROUNDS plans and ROUNDS loupe reads, each side profiled on its own with the
 * inspector's sampling profiler (every 100 µs). Prints per side the CPU time a round, then the functions by
 * inclusive time a round (a sample counts once for every function on its stack), each mapped through the
 * bundle's source map to its source file, and the time by owner (our modules, ethers, Hardhat/EDR, Node).
 * The embedded node serves from this process, so its work is in the profile too.
 * Run: node out/bench/upgrade-plan-profile.js  (BENCH_ROUNDS=300, BENCH_TOP=40, BENCH_PROFILE_OUT=dir for
 * the .cpuprofile files)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBenchPlan, setUpPlanBench } from './upgrade-plan-setup';
import { fmt, runBenchmark } from './stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const TOP = Number(process.env.BENCH_TOP ?? 40);

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const maps = new Map<string, SourceMap | null>();
function sourceOf(f: CallFrame): string {
  if (!f.url) return '';
  const path = f.url.startsWith('file:') ? fileURLToPath(f.url) : f.url;
  let map = maps.get(path);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(path, map);
  }
  const e = map?.findEntry(f.lineNumber, f.columnNumber) as { originalSource?: string } | undefined;
  const src = e?.originalSource ?? path;
  const at = src.search(/(chain|engine|host|bench|node_modules)\//);
  return at >= 0 ? src.slice(at) : src;
}

function ownerOf(source: string, fn: string): string {
  if (/^(chain|engine|host|bench)\//.test(source)) return 'ours';
  if (source.includes('node_modules/ethers') || source.includes('@noble')) return 'ethers';
  if (/hardhat|@nomicfoundation|edr/.test(source)) return 'hardhat/EDR';
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)' || fn === '(program)') return fn;
  return 'node';
}

/** Inclusive and self time per function and self time per owner, in ms a round. */
function summarise(label: string, p: Profile, rounds: number): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) => {
    const src = sourceOf(n.callFrame);
    return `${n.callFrame.functionName || '(anonymous)'}  ${src}`;
  };
  const inclusive = new Map<string, number>();
  const self = new Map<string, number>();
  const owners = new Map<string, number>();
  let busy = 0;
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000; // the time until the next sample, ms
    total += dt;
    const leaf = byId.get(p.samples[i])!;
    const owner = ownerOf(sourceOf(leaf.callFrame), leaf.callFrame.functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + dt);
    if (owner !== '(idle)') busy += dt;
    self.set(key(leaf), (self.get(key(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const k = key(byId.get(id)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  }
  const per = (ms: number) => fmt(ms / rounds);
  console.log(
    `\n${label}: ${rounds} rounds, ${per(total)} ms a round, of which busy (not idle) ${per(busy)} ms`,
  );
  console.log('  by owner (self time a round):');
  for (const [o, ms] of [...owners].sort((a, b) => b[1] - a[1]))
    console.log(`    ${per(ms).padStart(7)}  ${o}`);
  console.log(`  top ${TOP} by inclusive time a round (self):`);
  const rows = [...inclusive].filter(([k]) => !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]);
  for (const [k, ms] of rows.slice(0, TOP))
    console.log(`    ${per(ms).padStart(7)} (${per(self.get(k) ?? 0).padStart(6)})  ${k}`);
}

async function profiled(
  session: Session,
  fn: () => Promise<number>,
): Promise<{ profile: Profile; ms: number[] }> {
  const ms: number[] = [];
  await session.post('Profiler.start');
  for (let i = 0; i < ROUNDS; i++) ms.push(await fn());
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
  return { profile, ms };
}

async function main(): Promise<void> {
  const bench = await setUpPlanBench();
  const session = new Session();
  session.connect();
  try {
    for (let i = 0; i < 5; i++) {
      await bench.loupe();
      await bench.plan();
    }
    checkBenchPlan(bench.lastPlan());
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    const sides = { plan: await profiled(session, bench.plan), loupe: await profiled(session, bench.loupe) };
    for (const [name, { profile, ms }] of Object.entries(sides)) {
      const s = [...ms].sort((a, b) => a - b);
      console.log(`\n${name}: wall median ${fmt(s[s.length >> 1])} ms (min ${fmt(s[0])})`);
      summarise(name, profile, ROUNDS);
      if (process.env.BENCH_PROFILE_OUT)
        writeFileSync(join(process.env.BENCH_PROFILE_OUT, `${name}.cpuprofile`), JSON.stringify(profile));
    }
  } finally {
    session.disconnect();
    await bench.stop();
  }
}

runBenchmark(main);
