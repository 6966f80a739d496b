// The one bundler script. Builds the product bundles into dist/ and, with --tests, every
// test/**/*.test.ts (and bench/*.ts) into out/ so node's test runner can run them.
// Usage: node scripts/build.mjs [--tests] [--watch] [--minify]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));

/** Product bundles: entry → output. Add a line here for a new bundle. */
export const ENTRIES = [
  { in: 'client/src/extension.ts', out: 'dist/extension' },
  { in: 'server/src/server.ts', out: 'dist/server' },
  { in: 'cli/src/cli.ts', out: 'dist/cli', banner: '#!/usr/bin/env node' },
  { in: 'chain/src/compile-worker.ts', out: 'dist/compile-worker' },
  { in: 'server/src/docs-worker/worker.ts', out: 'dist/docs-worker' },
  { in: 'chain/src/simulation/trace-worker.ts', out: 'dist/trace-worker' },
];

/**
 * ESM bundles of ESM-only packages, which our CommonJS bundles load at run time through
 * chain/src/esm-import.ts (BUNDLED_ESM names the same files). Hardhat 3: what the embedded node
 * loads (`hardhat/hre`, its built-in plugins behind literal dynamic imports) in one file. Beside it
 * a package.json with Hardhat's name and version: Hardhat reads its version (the node's
 * web3_clientVersion) from the package.json nearest its own code.
 */
export const ESM_ENTRIES = [{ in: 'hardhat/hre', out: 'dist/hardhat/hre', pkg: 'hardhat' }];

/**
 * Loaded at run time from node_modules: the editor's API and native code (EDR's and
 * solidity-analyzer's napi loaders, which pick the platform's .node package). scripts/package.mjs
 * ships these with their closure for the target platform.
 */
const EXTERNAL = [
  'vscode',
  '@nomicfoundation/edr',
  '@nomicfoundation/edr/*',
  '@nomicfoundation/solidity-analyzer',
];

/**
 * Files copied beside the bundles and loaded by a relative require from them: solc-js's compiler,
 * one 9 MB emscripten file, which its wrapper (bundled) requires as './soljson.js'.
 */
const ASSETS = [
  {
    from: 'solc/soljson.js',
    to: 'dist/soljson.js',
    request: './soljson.js',
    importer: /[\\/]solc[\\/]index\.js$/,
  },
];

/** Leaves each asset's require as written, resolved beside the bundle (dist/) at run time. */
const assetsPlugin = {
  name: 'assets',
  setup(build) {
    for (const a of ASSETS) {
      const filter = new RegExp(`^${a.request.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
      build.onResolve({ filter }, (r) =>
        a.importer.test(r.importer) ? { path: a.request, external: true } : undefined,
      );
    }
  },
};

const requireHere = createRequire(join(root, 'package.json'));

function copyAssets() {
  for (const a of ASSETS) {
    mkdirSync(join(root, dirname(a.to)), { recursive: true });
    copyFileSync(requireHere.resolve(a.from), join(root, a.to));
  }
  for (const e of ESM_ENTRIES) {
    const { name, version, license } = JSON.parse(
      readFileSync(requireHere.resolve(`${e.pkg}/package.json`), 'utf8'),
    );
    const note = `bundled by scripts/build.mjs from ${name}@${version}`;
    mkdirSync(join(root, dirname(e.out)), { recursive: true });
    writeFileSync(
      join(root, dirname(e.out), 'package.json'),
      JSON.stringify({ name, version, license, private: true, description: note }, null, 2) + '\n',
    );
  }
}

function walk(dir, pred, out = []) {
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
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

const exists = (p) => {
  try {
    statSync(join(root, p));
    return true;
  } catch {
    return false;
  }
};

async function run() {
  const builds = [];
  for (const e of ENTRIES) {
    if (!exists(e.in)) continue;
    builds.push({
      ...common,
      entryPoints: [e.in],
      outfile: e.out + '.js',
      external: EXTERNAL,
      plugins: [assetsPlugin],
      minify: args.has('--minify'),
      banner: e.banner ? { js: e.banner } : undefined,
    });
  }
  for (const e of ESM_ENTRIES) {
    builds.push({
      ...common,
      format: 'esm',
      entryPoints: [e.in],
      outfile: e.out + '.mjs',
      external: EXTERNAL,
      minify: args.has('--minify'),
      // Hardhat's errors are named after their class (this.name = this.constructor.name).
      keepNames: true,
      // Its CommonJS dependencies require Node built-ins: give the ESM file a require.
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
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
  copyAssets();
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
