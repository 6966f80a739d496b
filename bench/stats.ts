import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { p50: q(0.5), p95: q(0.95), min: s[0], max: s[s.length - 1] };
}

export const fmt = (ms: number) => ms.toFixed(ms < 10 ? 2 : 1);

export function repoRoot(): string {
  if (process.env.DIAMOND_REPO_ROOT) return process.env.DIAMOND_REPO_ROOT;
  let d = __dirname;
  while (!existsSync(join(d, 'package.json')) || existsSync(join(d, 'bench', 'package.json'))) {
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return d;
}

/**
 * Each timing function (returns its own ms) `warmup` times, then `runs` rounds calling each once in turn, so
 * background load hits them alike. One array of times per function.
 */
export async function interleaved(
  fns: (() => Promise<number>)[],
  runs: number,
  warmup: number,
): Promise<number[][]> {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
  const out = fns.map((): number[] => []);
  for (let i = 0; i < runs; i++) for (const [k, fn] of fns.entries()) out[k].push(await fn());
  return out;
}

/** `label  median X ms  (min Y, max Z)`. */
export const summary = (label: string, xs: number[]): string => {
  const s = stats(xs);
  return `${label}median ${fmt(s.p50)} ms  (min ${fmt(s.min)}, max ${fmt(s.max)})`;
};

/** The ratio line every benchmark with a target ends with; sets the exit code (1 when missed). */
export function reportRatio(label: string, ratio: number, target: number): void {
  const met = ratio <= target;
  console.log(`  ${label} ${ratio.toFixed(2)}x (target <= ${target}x): ${met ? 'met' : 'NOT met'}`);
  process.exitCode = met ? 0 : 1;
}

/** Runs a benchmark's main; a throw prints and exits 1. */
export function runBenchmark(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
