import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), min: s[0], max: s[s.length - 1] };
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
