// The one bundler script. Builds the product bundles into dist/ and, with --tests, every
// test/**/*.test.ts (and bench/*.ts) into out/ so node's test runner can run them.
// Usage: node scripts/build.mjs [--tests] [--watch] [--minify]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
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
  // The full Solidity parser (~0.8 MB), loaded by the other bundles on their first body parse (LAZY below).
  { in: 'node_modules/@solidity-parser/parser/dist/index.cjs.js', out: 'dist/solidity-parser' },
];

/**
 * Packages the product bundles do not carry: each is its own bundle in dist/ (ENTRIES), required from beside the
 * running bundle where the code loads it on first use, so starting the language server or the CLI neither reads
 * nor compiles it (BENCHMARKS.md, "Cold open, the closest real thing"). Builds of tests resolve them normally.
 */
const LAZY = [{ request: '@solidity-parser/parser', bundle: './solidity-parser.js' }];

/**
 * One copy of the LSP protocol in the language server: our protocol/requests.ts imports the top-level
 * vscode-languageserver-protocol, vscode-languageserver its own nested copy (a patch version apart; the request
 * objects are only method names and types). Our imports resolve to the nested copy when there is one: ~0.3 MB
 * less to read and compile at every start.
 */
const ONE_PROTOCOL = {
  name: 'one-protocol',
  setup(build) {
    const nestedDir = join(root, 'node_modules', 'vscode-languageserver');
    if (!exists('node_modules/vscode-languageserver/node_modules/vscode-languageserver-protocol')) return;
    build.onResolve({ filter: /^vscode-languageserver-protocol(\/.*)?$/ }, async (r) => {
      // vscode-languageserver's own imports already resolve to its nested copy.
      if (r.pluginData?.oneProtocol || r.importer.startsWith(nestedDir + sep)) return undefined;
      return build.resolve(r.path, {
        kind: r.kind,
        resolveDir: nestedDir,
        pluginData: { oneProtocol: true },
      });
    });
  },
};

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

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Leaves each asset's require as written, resolved beside the bundle (dist/) at run time. */
const assetsPlugin = {
  name: 'assets',
  setup(build) {
    for (const a of ASSETS) {
      const filter = new RegExp(`^${escapeRegExp(a.request)}$`);
      build.onResolve({ filter }, (r) =>
        a.importer.test(r.importer) ? { path: a.request, external: true } : undefined,
      );
    }
  },
};

/** Turns each LAZY package's require into a require of its own bundle beside the running one. */
const lazyPlugin = {
  name: 'lazy',
  setup(build) {
    for (const l of LAZY)
      build.onResolve({ filter: new RegExp(`^${escapeRegExp(l.request)}$`) }, () => ({
        path: l.bundle,
        external: true,
      }));
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
      // A LAZY package's own bundle carries it; the server carries one copy of the protocol.
      plugins: [
        assetsPlugin,
        ...(LAZY.some((l) => e.in.includes(l.request)) ? [] : [lazyPlugin]),
        ...(e.out === 'dist/server' ? [ONE_PROTOCOL] : []),
      ],
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
