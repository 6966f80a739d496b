// Fetches one npm package at an exact version into .cache/npm-packages/ (gitignored), for a
// platform this machine is not: `npm pack <name>@<version>` from the registry, checked against
// package-lock.json's integrity, unpacked beside the tarball. node_modules is never touched.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The folder holding the unpacked package (its package.json at the top). */
export function fetchPackage(repoRoot, { name, version, integrity }, log = () => {}) {
  const cache = join(repoRoot, '.cache', 'npm-packages');
  const base = `${name.replace('/', '+')}@${version}`;
  const dir = join(cache, base);
  if (existsSync(join(dir, 'package.json'))) return dir;
  mkdirSync(cache, { recursive: true });
  const t0 = Date.now();
  const r = spawnSync(
    'npm',
    ['pack', `${name}@${version}`, '--pack-destination', cache, '--json', '--silent'],
    {
      cwd: cache,
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
  if (r.status !== 0) throw new Error(`npm pack ${name}@${version} failed: ${r.stderr || r.error}`);
  const tarball = join(cache, JSON.parse(r.stdout)[0].filename);
  if (integrity) {
    const [algo, expected] = integrity.split('-');
    const actual = createHash(algo).update(readFileSync(tarball)).digest('base64');
    if (actual !== expected) {
      rmSync(tarball, { force: true });
      throw new Error(
        `${name}@${version}: the registry's tarball does not match package-lock.json's integrity`,
      );
    }
  }
  // Unpack next to the final folder and rename, so a half-unpacked package is never taken for a cached one.
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const x = spawnSync('tar', ['-xzf', tarball, '-C', partial, '--strip-components=1'], { encoding: 'utf8' });
  if (x.status !== 0) throw new Error(`cannot unpack ${tarball}: ${x.stderr}`);
  rmSync(tarball, { force: true });
  renameSync(partial, dir);
  log(`fetched ${name}@${version} from the npm registry (${Date.now() - t0} ms)`);
  return dir;
}
