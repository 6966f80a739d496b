/** Shared by the chain tests: repo root, a private temp dir, and Hardhat confined to it. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function repoRoot(): string {
  if (process.env.DIAMOND_REPO_ROOT) return process.env.DIAMOND_REPO_ROOT;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'chain'))) return dir;
    if (dirname(dir) === dir) throw new Error('repo root not found above ' + __dirname);
  }
}

export const fixture = (...parts: string[]): string =>
  join(repoRoot(), 'test', 'fixtures', 'chain', ...parts);

/** A temp dir removed by the returned cleanup. Also points Hardhat's XDG folders inside it. */
export function tempWorkspace(prefix: string): { dir: string; env: NodeJS.ProcessEnv; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `diamond-${prefix}-`));
  const env = { XDG_CONFIG_HOME: join(dir, 'xdg-config'), XDG_CACHE_HOME: join(dir, 'xdg-cache') };
  Object.assign(process.env, env);
  return {
    dir,
    env: { ...process.env, ...env },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50)); // poll interval, not a fixed wait
  }
}
