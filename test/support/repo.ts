import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root: DIAMOND_REPO_ROOT when set (scripts/test.mjs sets it), else the nearest folder
 * above the running bundle that holds package.json and scripts/build.mjs (fixtures have package.json too).
 */
export function repoRoot(): string {
  if (process.env.DIAMOND_REPO_ROOT) return process.env.DIAMOND_REPO_ROOT;
  for (let d = __dirname; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'scripts', 'build.mjs'))) return d;
    if (dirname(d) === d) throw new Error(`no repository root above ${__dirname}`);
  }
}
