// The one bundler script. Builds the product bundles into dist/ and, with --tests, every
// test/**/*.test.ts (and bench/*.ts) into out/ so node's test runner can run them.
// Usage: node scripts/build.mjs [--tests] [--watch] [--minify]
import * as esbuild from 'esbuild';
import { readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));

/** Product bundles: entry → output. Add a line here for a new bundle. */
export const ENTRIES = [
  { in: 'client/src/extension.ts', out: 'dist/extension' },
  { in: 'server/src/server.ts', out: 'dist/server' },
  { in: 'cli/src/cli.ts', out: 'dist/cli', banner: '#!/usr/bin/env node' },
  { in: 'chain/src/compile-worker.ts', out: 'dist/compile-worker' },
];

/** Loaded at run time from node_modules: native code, ESM-only or very large packages. */
const EXTERNAL = ['vscode', 'hardhat', 'hardhat/*', '@nomicfoundation/*', 'solc', 'solc/*'];

function walk(dir, pred, out = []) {
  let names = [];
  try { names = readdirSync(dir); } catch { return out; }
  for (const name of names) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

const exists = (p) => { try { statSync(join(root, p)); return true; } catch { return false; } };

async function run() {
  const builds = [];
  for (const e of ENTRIES) {
    if (!exists(e.in)) continue;
    builds.push({
      ...common,
      entryPoints: [e.in],
      outfile: e.out + '.js',
      external: EXTERNAL,
      minify: args.has('--minify'),
      banner: e.banner ? { js: e.banner } : undefined,
    });
  }
  if (args.has('--tests')) {
    const tests = walk(join(root, 'test'), (p) => p.endsWith('.test.ts'))
      .concat(walk(join(root, 'bench'), (p) => p.endsWith('.ts') && !p.endsWith('.d.ts')))
      .map((p) => relative(root, p));
    if (tests.length) {
      mkdirSync(join(root, 'out'), { recursive: true });
      builds.push({ ...common, entryPoints: tests, outdir: 'out', outbase: '.', packages: 'external' });
    }
  }
  if (args.has('--watch')) {
    for (const b of builds) (await esbuild.context(b)).watch();
    console.log('[build] watching');
    return;
  }
  const t0 = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`[build] ${builds.length} build(s) in ${Date.now() - t0} ms`);
}

run().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
