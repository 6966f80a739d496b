/** Shared by the chain tests: repo root, a private temp dir, and Hardhat confined to it. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
export { repoRoot } from '../../support/repo';
import { repoRoot } from '../../support/repo';

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

/** `<dir>/<name>` holding a copy of the bundled DLOOP contracts/; committed to git when asked (a layout baseline). */
export function dloopProject(dir: string, name: string, withGit = false): string {
  const root = join(dir, name);
  cpSync(join(repoRoot(), 'contracts'), join(root, 'contracts'), { recursive: true });
  if (withGit) {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: root });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'contracts');
  }
  return root;
}
