// Packages the extension into one .vsix per platform: dist/dloop-diamond-tools-<target>.vsix.
// Usage: node scripts/package.mjs [--all | --target <t> ... | --host] [--out-dir <dir>]
//                                 [--no-build] [--no-minify] [--no-verify]
// Targets (scripts/platforms.mjs TARGETS): linux-x64, linux-arm64, darwin-x64, darwin-arm64,
// win32-x64, alpine-x64, alpine-arm64. No target named: all of them. --host: this machine's only.
//
// What a .vsix must carry: the bundles in dist/ hold our code and every JavaScript dependency
// (ethers, the LSP libraries, solc-js's wrapper; Hardhat 3 with what its embedded node loads, as
// the ESM bundle dist/hardhat/hre.mjs), plus dist/soljson.js (solc's compiler, one file the
// wrapper requires beside the bundle). From node_modules only what scripts/build.mjs keeps external
// is shipped, with its closure: the napi loaders of Hardhat's native EDR and solidity-analyzer,
// taken from build.mjs's EXTERNAL list and from what the bundles import, so a new external is not
// forgotten. Their native optional packages are shipped for the target only: from this machine's
// node_modules when npm installed them here, else fetched from the npm registry at the version
// package-lock.json names (scripts/fetch-package.mjs, cached in .cache/npm-packages/).
// Type declarations, source maps, TypeScript sources and READMEs inside node_modules stay out.
//
// Why a staging folder (out/vsix-stage): vsce matches every file under its working folder against
// every ignore pattern, compiling each pattern per file; run at the repo root (with .tools/ and
// all of node_modules) that took 80 s. The stage holds only the top-level entries .vscodeignore
// re-includes plus the runtime closure, and vsce applies .vscodeignore there in about a second.
// Afterwards every .vsix is checked by scripts/verify-package.mjs (manifest target, the header of
// every native binary, every runtime module resolving inside it); the one for this machine is also
// unpacked and its bundles run: `diamond node` and `diamond build` (--no-verify skips that run).
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchPackage } from './fetch-package.mjs';
import { TARGETS, fitsPlatform, hostTarget, isPlatformPackage, lockedPackage } from './platforms.mjs';
import { runtimeRoots } from './runtime-modules.mjs';
import { describe, verifyVsix } from './verify-package.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

/** Where `npm run package` writes the .vsix for `target` (the e2e tests install the host's). */
export const vsixPath = (target, outDir = join(root, 'dist')) =>
  join(outDir, `dloop-diamond-tools-${target}.vsix`);
const STAGE = join(root, 'out', 'vsix-stage');
/** Files inside shipped packages that nothing loads at run time. */
const PRUNE_FILE = /(\.[cm]?ts|\.map|\.tsbuildinfo)$|^(readme|changelog|history)(\.|$)/i;
/** Folders at a package's root that nothing loads (deeper ones may be code). */
const PRUNE_DIR = /^(test|tests|__tests__|docs|\.github)$/i;
/** What a copied top-level folder never needs (a local Hardhat run inside contracts/). */
const SKIP_IN_TOP = /^(node_modules|artifacts|cache|\.diamond|\.git)$/;

const log = (msg) => process.stderr.write(`[package] ${msg}\n`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
  return r;
}

// ---- what the bundles load at run time ---------------------------------------------------

/** Node's lookup: the nearest node_modules/<name> walking up from `fromDir`, not above the repo. */
function findPackage(name, fromDir) {
  for (let d = fromDir; ; d = dirname(d)) {
    const p = join(d, 'node_modules', name);
    if (existsSync(join(p, 'package.json'))) return p;
    if (!d.startsWith(root) || d === root || dirname(d) === d) return undefined;
  }
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/**
 * The packages needed to load `names` on `target`: `{dest, src}` with `dest` the folder inside the
 * package (node_modules/...) and `src` where it comes from. Required dependencies come from this
 * machine's node_modules; an optional native one that fits the target comes from there when it is
 * installed, else from the npm registry at package-lock.json's version (fetch-package.mjs).
 */
export function dependencyClosure(names, target) {
  const seen = new Map();
  const missing = [];
  const visit = (src, dest) => {
    if (seen.has(dest)) return;
    seen.set(dest, src);
    const pkg = readJson(join(src, 'package.json'));
    const required = Object.keys(pkg.dependencies ?? {});
    const optional = Object.keys(pkg.optionalDependencies ?? {}).filter((d) => !required.includes(d));
    const from = src.startsWith(root) ? src : root;
    for (const dep of required) {
      const at = findPackage(dep, from);
      if (at) visit(at, relativeDest(at));
      else missing.push(`${dep} (needed by ${pkg.name})`);
    }
    for (const dep of optional) {
      const at = findPackage(dep, from);
      if (at) {
        if (fitsPlatform(readJson(join(at, 'package.json')), target)) visit(at, relativeDest(at));
        continue;
      }
      // Not installed here (another platform's build): the lockfile says which platform it is for.
      const locked = lockedPackage(root, dep);
      if (locked && isPlatformPackage(locked) && fitsPlatform(locked, target)) {
        visit(fetchPackage(root, locked, log), `node_modules/${dep}`);
      }
    }
  };
  for (const name of names) {
    const at = findPackage(name, root);
    // A bundle may probe for a package it can live without (try { require('x') } catch {}):
    // what is not installed here cannot be shipped, and the bundle already works without it.
    if (!at) log(`warning: '${name}' is referenced by the bundles but not installed: not packaged`);
    else visit(at, relativeDest(at));
  }
  if (missing.length) throw new Error(`runtime packages not installed: ${missing.join(', ')}`);
  return [...seen].map(([dest, src]) => ({ dest, src })).sort((a, b) => (a.dest < b.dest ? -1 : 1));
}

const relativeDest = (at) => relative(root, at).split('\\').join('/');

// ---- the stage ---------------------------------------------------------------------------

/** Top-level names that some `!pattern` of .vscodeignore can re-include. */
function whitelistedTopLevel(ignoreText) {
  const firsts = ignoreText
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('!'))
    .map((l) => l.slice(1).split('/')[0]);
  const asRegExp = (glob) =>
    new RegExp(
      `^${glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
  const patterns = firsts.map(asRegExp);
  return readdirSync(root).filter((name) => name !== 'node_modules' && patterns.some((re) => re.test(name)));
}

function stage(closure, roots) {
  rmSync(STAGE, { recursive: true, force: true });
  mkdirSync(STAGE, { recursive: true });
  const ignoreText = readFileSync(join(root, '.vscodeignore'), 'utf8');
  for (const name of whitelistedTopLevel(ignoreText)) {
    cpSync(join(root, name), join(STAGE, name), {
      recursive: true,
      filter: (src) =>
        src === join(root, name) ||
        !(SKIP_IN_TOP.test(src.split(/[\\/]/).pop() ?? '') || src.endsWith('.vsix')),
    });
  }
  // The shipped manifest names what the .vsix carries: vsce runs `npm list` on it in the stage.
  const manifest = readJson(join(root, 'package.json'));
  manifest.dependencies = Object.fromEntries(
    [...roots].sort().map((n) => [n, readJson(join(root, 'node_modules', n, 'package.json')).version]),
  );
  delete manifest.devDependencies;
  delete manifest.scripts;
  writeFileSync(join(STAGE, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const { dest, src: from } of closure) {
    cpSync(from, join(STAGE, dest), {
      recursive: true,
      filter: (src) => {
        if (src === from) return true;
        const name = src.split(/[\\/]/).pop() ?? '';
        if (statSync(src).isDirectory()) {
          return name !== 'node_modules' && !(dirname(src) === from && PRUNE_DIR.test(name));
        }
        return !PRUNE_FILE.test(name);
      },
    });
  }
  writeFileSync(
    join(STAGE, '.vscodeignore'),
    `${ignoreText}\n# Added by scripts/package.mjs: the staged runtime closure.\n!node_modules/**\n`,
  );
}

// ---- the .vsix ---------------------------------------------------------------------------

function listVsix(file) {
  const r = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`cannot list ${file}: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

/** Paths the client resolves inside the installed extension (`asAbsolutePath('docs/rules.md')`). */
function extensionAssets() {
  const found = new Set();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/asAbsolutePath\(\s*['"]([^'"]+)['"]\s*\)/g))
          found.add(m[1]);
      }
    }
  };
  if (existsSync(join(root, 'client/src'))) walk(join(root, 'client/src'));
  return [...found].map((p) => p.replace(/^\.\//, ''));
}

/** The entries of the .vsix; throws when a runtime package, a bundle or an extension asset is missing. */
function checkVsix(file, closure) {
  const entries = listVsix(file);
  const inside = new Set(entries);
  const absent = closure.map((c) => c.dest).filter((dir) => !inside.has(`extension/${dir}/package.json`));
  for (const f of ['dist/extension.js', 'dist/server.js', 'package.json']) {
    if (!inside.has(`extension/${f}`)) absent.unshift(f);
  }
  // Files the extension opens from its own folder at run time: context.asAbsolutePath('…') literals.
  for (const rel of extensionAssets()) {
    if (!entries.some((e) => e === `extension/${rel}` || e.startsWith(`extension/${rel}/`))) absent.push(rel);
  }
  if (absent.length) throw new Error(`the .vsix lacks: ${absent.join(', ')} (see .vscodeignore)`);
  return entries;
}

/**
 * Unpacks the .vsix and runs its own bundles (scripts/smoke-unpacked.mjs): `diamond build` with
 * the bundled solc-js, `diamond node` with the bundled Hardhat and the target's native EDR.
 */
function verifyLoads(file) {
  const dir = mkdtempSync(join(tmpdir(), 'dloop-vsix-'));
  try {
    const r = spawnSync('unzip', ['-q', file, 'extension/*', '-d', dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cannot unpack ${file}: ${r.stderr}`);
    const v = spawnSync(process.execPath, [join(root, 'scripts/smoke-unpacked.mjs'), dir], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (v.status !== 0) throw new Error(`the unpacked .vsix cannot run its bundles:\n${v.stderr}`);
    log(`verified from the unpacked .vsix: ${v.stdout.trim()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A path as the log shows it: relative inside the repo, else absolute. */
const shown = (file) => (relative(root, file).startsWith('..') ? file : relative(root, file));

/** vsce's warnings (its WARNING blocks on stdout), so a release shows them instead of burying them. */
function vscePackage(out, target) {
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--out', out, '--target', target],
    { cwd: STAGE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`vsce package --target ${target} failed:\n${r.stdout}${r.stderr}`);
  return `${r.stdout}\n${r.stderr}`
    .split(/\n\s*\n/)
    .filter((block) => /\bWARNING\b/.test(block))
    .map((block) => block.replace(/\u001b\[[0-9;]*m/g, '').trim());
}

/** Stages, packages and verifies one target: its file, the verifier's result and vsce's warnings. */
function packageTarget(target, roots, outDir) {
  const file = vsixPath(target, outDir);
  const closure = dependencyClosure(roots, target);
  log(`${target}: runtime packages ${[...roots].join(', ')}; with dependencies ${closure.length} packages`);
  stage(closure, roots);
  const t0 = Date.now();
  const warnings = vscePackage(file, target);
  for (const w of warnings) log(`${target}: vsce ${w}`);
  // Check the result instead of trusting the patterns; a .vsix that fails is not left for the e2e tests.
  try {
    checkVsix(file, closure);
    const result = verifyVsix(file, target);
    if (result.problems.length) throw new Error(`${shown(file)}:\n  ${result.problems.join('\n  ')}`);
    if (!flag('--no-verify') && target === hostTarget()) verifyLoads(file);
    log(`${shown(file)}: ${describe(result, target)}, vsce ${Date.now() - t0} ms`);
    return { file, result, warnings };
  } catch (err) {
    rmSync(file, { force: true });
    throw err;
  } finally {
    rmSync(STAGE, { recursive: true, force: true });
  }
}

function main() {
  const named = argv.filter((a, i) => argv[i - 1] === '--target');
  const targets = flag('--host') ? [hostTarget()] : named.length && !flag('--all') ? named : TARGETS;
  for (const t of targets)
    if (!TARGETS.includes(t)) throw new Error(`unknown target ${t} (one of ${TARGETS.join(', ')})`);
  const outDir = resolve(option('--out-dir') ?? join(root, 'dist'));
  if (!flag('--no-build')) {
    run(process.execPath, ['scripts/build.mjs', ...(flag('--no-minify') ? [] : ['--minify'])]);
  }
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, 'extension.js')))
    throw new Error('dist/extension.js missing: nothing to package');
  mkdirSync(outDir, { recursive: true });
  const roots = runtimeRoots(root, dist);
  const done = targets.map((t) => packageTarget(t, roots, outDir));
  const warned = done.filter((d) => d.warnings.length).length;
  log(
    `${done.length} package(s) verified${warned ? `; vsce warned on ${warned} (above)` : ', no vsce warnings'}`,
  );
  for (const d of done) process.stdout.write(d.file + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main();
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
