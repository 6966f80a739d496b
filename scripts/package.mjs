// Packages the extension into out/dloop-diamond-tools.vsix.
// Usage: node scripts/package.mjs [--no-build] [--no-minify] [--no-verify] [--target <vsce target>]
//
// What the .vsix must carry: the bundles in dist/ hold our code and every pure-JS dependency
// (ethers, the LSP libraries, the parser) except the packages scripts/build.mjs keeps external
// (hardhat with its native EDR, solc): those are loaded from node_modules at run time, so the
// .vsix ships them with their whole dependency closure, taken from build.mjs's EXTERNAL list and
// from what the bundles require, so a new external is not forgotten. Native optional packages
// are kept only for the target platform, which makes the .vsix platform-specific
// (`--target linux-x64` here). Type declarations, source maps, TypeScript sources and READMEs
// inside node_modules stay out.
//
// Why a staging folder (out/vsix-stage): vsce matches every file under its working folder against
// every ignore pattern, compiling each pattern per file; run at the repo root (with .tools/ and
// all of node_modules) that took 80 s. The stage holds only the top-level entries .vscodeignore
// re-includes plus the runtime closure, and vsce applies .vscodeignore there in about a second.
// Afterwards the .vsix is unpacked and hardhat/hre and solc are loaded from it (--no-verify skips).
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
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
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

export const VSIX_PATH = join(root, 'out', 'dloop-diamond-tools.vsix');
const STAGE = join(root, 'out', 'vsix-stage');
/** Provided by the editor, never packaged. */
const HOST_MODULES = new Set(['vscode']);
/** Files inside shipped packages that nothing loads at run time. */
const PRUNE_FILE = /(\.[cm]?ts|\.map|\.tsbuildinfo)$|^(readme|changelog|history)(\.|$)/i;
/** Folders at a package's root that nothing loads (deeper ones may be code: hardhat has a `test` plugin). */
const PRUNE_DIR = /^(test|tests|__tests__|docs|\.github)$/i;
/**
 * esbuild's install script copies the platform binary to esbuild/bin/esbuild for its CLI; the JS
 * API that tsx (Hardhat's TypeScript loader) calls runs @esbuild/<platform>/bin/esbuild instead.
 */
const DROP = new Set(['node_modules/esbuild/bin/esbuild']);
/** What a copied top-level folder never needs (a local Hardhat run inside contracts/). */
const SKIP_IN_TOP = /^(node_modules|artifacts|cache|\.diamond|\.git)$/;

const log = (msg) => process.stderr.write(`[package] ${msg}\n`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
  return r;
}

// ---- platform -----------------------------------------------------------------------------

function isMusl() {
  if (process.platform !== 'linux') return false;
  const header = process.report?.getReport()?.header ?? {};
  return !header.glibcVersionRuntime;
}

/** vsce's target name for this machine (alpine-* for musl Linux). */
function hostTarget() {
  return `${isMusl() ? 'alpine' : process.platform}-${process.arch}`;
}

/** npm's os/cpu/libc fields: a list of allowed values, or of `!denied` ones. */
function allows(list, value) {
  if (!Array.isArray(list) || list.length === 0 || value === undefined) return true;
  if (list.includes(`!${value}`)) return false;
  const allowed = list.filter((v) => !v.startsWith('!'));
  return allowed.length === 0 || allowed.includes(value);
}

/**
 * napi-rs style binaries named `<pkg>-<os>-<arch>[-<abi>]` that declare no os/cpu fields
 * (@nomicfoundation/solidity-analyzer-*): npm installs all of them, the name says which one runs.
 */
const NAMED_PLATFORM =
  /-(darwin|linux|win32|freebsd|android|openbsd|sunos)-(x64|arm64|ia32|arm|riscv64|ppc64|s390x)(?:-(gnu|musl|msvc|gnueabihf|musleabihf))?$/;

function fitsPlatform(pkg, target) {
  const [os, arch] = target.split('-');
  const platform = os === 'alpine' ? 'linux' : os;
  const libc = platform !== 'linux' ? undefined : os === 'alpine' ? 'musl' : 'glibc';
  const declared = pkg.os || pkg.cpu || pkg.libc;
  const named = NAMED_PLATFORM.exec(pkg.name ?? '');
  if (!declared && named) {
    const abi = named[3];
    const libcOk = platform !== 'linux' || !abi || abi.startsWith(libc === 'musl' ? 'musl' : 'gnu');
    return named[1] === platform && named[2] === arch && libcOk;
  }
  return allows(pkg.os, platform) && allows(pkg.cpu, arch) && allows(pkg.libc, libc);
}

// ---- what the bundles load at run time ---------------------------------------------------

const packageName = (spec) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];

/** Package names of literal require()/import() calls in the dist bundles that are not Node builtins. */
export function bundleRequires(distDir) {
  const builtins = new Set(builtinModules);
  const found = new Set();
  for (const name of readdirSync(distDir)) {
    if (!/\.c?js$/.test(name)) continue;
    const text = readFileSync(join(distDir, name), 'utf8');
    for (const m of text.matchAll(/\b(?:require|import)\s*\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
      if (m[1].startsWith('node:') || builtins.has(m[1]) || builtins.has(packageName(m[1]))) continue;
      found.add(packageName(m[1]));
    }
  }
  return found;
}

/**
 * Package names scripts/build.mjs leaves external. Some are loaded through a Function-built
 * import() (chain/src/esm-import.ts) that no scan of the bundles can see, so the list is the truth.
 */
export function buildExternals() {
  const text = readFileSync(join(root, 'scripts/build.mjs'), 'utf8');
  const m = /const EXTERNAL\s*=\s*\[([^\]]*)\]/.exec(text);
  if (!m) throw new Error('cannot find EXTERNAL in scripts/build.mjs');
  const names = [...m[1].matchAll(/'([^']+)'|"([^"]+)"/g)].map((x) => x[1] ?? x[2]);
  // 'hardhat/*' and '@nomicfoundation/*' are subpaths and scopes of packages shipped anyway.
  return new Set(names.filter((n) => !n.includes('*')).map(packageName));
}

/** Node's lookup: the nearest node_modules/<name> walking up from `fromDir` (inside the repo). */
function findPackage(name, fromDir) {
  for (let d = fromDir; ; d = dirname(d)) {
    const p = join(d, 'node_modules', name);
    if (existsSync(join(p, 'package.json'))) return p;
    if (d === root || dirname(d) === d) return undefined;
  }
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Package folders (relative to the repo root) needed to load `names`; optional natives filtered by target. */
export function dependencyClosure(names, target) {
  const seen = new Set();
  const missing = [];
  const visit = (dir) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const pkg = readJson(join(dir, 'package.json'));
    const required = Object.keys(pkg.dependencies ?? {});
    const optional = Object.keys(pkg.optionalDependencies ?? {}).filter((d) => !required.includes(d));
    for (const dep of required) {
      const at = findPackage(dep, dir);
      if (at) visit(at);
      else missing.push(`${dep} (needed by ${pkg.name})`);
    }
    for (const dep of optional) {
      const at = findPackage(dep, dir);
      if (at && fitsPlatform(readJson(join(at, 'package.json')), target)) visit(at);
    }
  };
  for (const name of names) {
    const at = findPackage(name, root);
    // A bundle may probe for a package it can live without (try { require('x') } catch {}):
    // what is not installed here cannot be shipped, and the bundle already works without it.
    if (!at) log(`warning: '${name}' is referenced by the bundles but not installed: not packaged`);
    else visit(at);
  }
  if (missing.length) throw new Error(`runtime packages not installed: ${missing.join(', ')}`);
  return [...seen].map((d) => relative(root, d).split('\\').join('/')).sort();
}

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
      filter: (src) => src === join(root, name) || !SKIP_IN_TOP.test(src.split(/[\\/]/).pop() ?? ''),
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
  for (const dir of closure) {
    const from = join(root, dir);
    cpSync(from, join(STAGE, dir), {
      recursive: true,
      filter: (src) => {
        if (src === from) return true;
        if (DROP.has(relative(root, src).split('\\').join('/'))) return false;
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
  const absent = closure.filter((dir) => !inside.has(`extension/${dir}/package.json`));
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
 * Unpacks the .vsix and, from its dist/ as the chain code does, loads solc and hardhat/hre and
 * serves one JSON-RPC call from an EDR node (the native package for the target is there).
 */
function verifyLoads(file) {
  const dir = mkdtempSync(join(tmpdir(), 'dloop-vsix-'));
  try {
    const r = spawnSync('unzip', ['-q', file, 'extension/*', '-d', dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cannot unpack ${file}: ${r.stderr}`);
    const dist = join(dir, 'extension', 'dist');
    const probe = `
      const { createRequire } = require('node:module');
      const { pathToFileURL } = require('node:url');
      const req = createRequire(${JSON.stringify(join(dist, 'noop.js'))});
      (async () => {
        const solc = req('solc');
        const { createHardhatRuntimeEnvironment } = await import(pathToFileURL(req.resolve('hardhat/hre')).href);
        const hre = await createHardhatRuntimeEnvironment(
          { networks: { probe: { type: 'edr-simulated', chainId: 31337 } } }, {}, ${JSON.stringify(join(dir, 'extension'))});
        const server = await hre.network.createServer('probe', '127.0.0.1', 0);
        const { port } = await server.listen();
        const res = await fetch('http://127.0.0.1:' + port, { method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }) });
        const { result } = await res.json();
        await server.close();
        if (Number(result) !== 31337) throw new Error('EDR node answered eth_chainId ' + result);
        console.log('solc ' + solc.version() + '; hardhat/hre EDR node answered chainId ' + Number(result));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    // Run outside the repo so nothing resolves from the repo's own node_modules; Hardhat's
    // config and cache writes go to the temp folder.
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: join(dir, 'xdg-config'),
      XDG_CACHE_HOME: join(dir, 'xdg-cache'),
    };
    const v = spawnSync(process.execPath, ['-e', probe], {
      cwd: dir,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (v.status !== 0) throw new Error(`the unpacked .vsix cannot load its runtime packages:\n${v.stderr}`);
    log(`verified from the unpacked .vsix: ${v.stdout.trim()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const target = option('--target') ?? hostTarget();
  if (!flag('--no-build')) {
    run(process.execPath, ['scripts/build.mjs', ...(flag('--no-minify') ? [] : ['--minify'])]);
  }
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, 'extension.js')))
    throw new Error('dist/extension.js missing: nothing to package');

  const roots = new Set([...buildExternals(), ...bundleRequires(dist)].filter((n) => !HOST_MODULES.has(n)));
  const closure = dependencyClosure(roots, target);
  log(
    `runtime packages: ${[...roots].join(', ')}; with dependencies ${closure.length} packages for ${target}`,
  );
  stage(closure, roots);

  const t0 = Date.now();
  run(
    process.execPath,
    [
      join(root, 'node_modules/@vscode/vsce/vsce'),
      'package',
      '--out',
      VSIX_PATH,
      '--target',
      target,
      '--allow-missing-repository',
      '--skip-license',
    ],
    { cwd: STAGE, stdio: ['ignore', 'ignore', 'inherit'] },
  );

  // Check the result instead of trusting the patterns; a .vsix that fails is not left for the e2e tests.
  let entries;
  try {
    entries = checkVsix(VSIX_PATH, closure);
    if (!flag('--no-verify')) verifyLoads(VSIX_PATH);
  } catch (err) {
    rmSync(VSIX_PATH, { force: true });
    throw err;
  }
  rmSync(STAGE, { recursive: true, force: true });
  const size = statSync(VSIX_PATH).size;
  log(
    `${relative(root, VSIX_PATH)}: ${(size / 1024 / 1024).toFixed(1)} MiB, ${entries.length} files, ` +
      `target ${target}, vsce ${Date.now() - t0} ms`,
  );
  process.stdout.write(VSIX_PATH + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main();
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
