// Packages the extension into out/dloop-diamond-tools.vsix.
// Usage: node scripts/package.mjs [--no-build] [--no-minify] [--target <vsce target>]
//
// What the .vsix must carry: the bundles in dist/ hold our code and every pure-JS dependency
// (ethers, the LSP libraries, the parser) except the packages scripts/build.mjs keeps external
// (hardhat and its native EDR, solc): those are loaded from node_modules at run time, so the
// .vsix ships them with their whole dependency closure. The closure is derived from what the
// bundles actually require, so a new external cannot be forgotten. Native optional packages
// are kept only for the target platform, which is why the .vsix is platform-specific
// (`--target linux-x64` on this machine). Type declarations, source maps, TypeScript sources and
// READMEs inside node_modules stay out.
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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
const IGNORE_OUT = join(root, 'out', 'vsix.ignore');
/** Provided by the editor, never packaged. */
const HOST_MODULES = new Set(['vscode']);
/** Files inside shipped packages that nothing loads at run time. */
const PRUNE = '!(*.ts|*.mts|*.cts|*.map|*.tsbuildinfo|README*|Readme*|readme*|CHANGELOG*|HISTORY*)';

const log = (msg) => process.stderr.write(`[package] ${msg}\n`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
  return r;
}

// ---- platform -----------------------------------------------------------------------------

function libc() {
  if (process.platform !== 'linux') return undefined;
  const header = /** @type {{ glibcVersionRuntime?: string }} */ (process.report?.getReport()?.header ?? {});
  return header.glibcVersionRuntime ? 'glibc' : 'musl';
}

/** vsce's target name for this machine (alpine-* for musl Linux). */
function hostTarget() {
  const os = process.platform === 'linux' && libc() === 'musl' ? 'alpine' : process.platform;
  return `${os}-${process.arch}`;
}

/** npm's os/cpu/libc fields: a list of allowed values, or of `!denied` ones. */
function allows(list, value) {
  if (!Array.isArray(list) || list.length === 0 || value === undefined) return true;
  const denied = list.filter((v) => v.startsWith('!')).map((v) => v.slice(1));
  const allowed = list.filter((v) => !v.startsWith('!'));
  if (denied.includes(value)) return false;
  return allowed.length === 0 || allowed.includes(value);
}

function fitsPlatform(pkg, target) {
  const [os, arch] = target.split('-');
  const platform = os === 'alpine' ? 'linux' : os;
  const lib = platform !== 'linux' ? undefined : os === 'alpine' ? 'musl' : 'glibc';
  return allows(pkg.os, platform) && allows(pkg.cpu, arch) && allows(pkg.libc, lib);
}

// ---- what the bundles load at run time ---------------------------------------------------

/** Bare module specifiers that the dist bundles require or import at run time. */
export function runtimeRequires(distDir) {
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const found = new Set();
  for (const name of readdirSync(distDir)) {
    if (!/\.c?js$/.test(name)) continue;
    const text = readFileSync(join(distDir, name), 'utf8');
    for (const m of text.matchAll(/\b(?:require|import)\s*\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
      const spec = m[1];
      if (builtins.has(spec) || spec.startsWith('node:')) continue;
      found.add(spec);
    }
  }
  return [...found].sort();
}

const packageName = (spec) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];

/** Node's lookup: the nearest node_modules/<name> walking up from `fromDir`. */
function findPackage(name, fromDir) {
  for (let d = fromDir; ; d = dirname(d)) {
    const p = join(d, 'node_modules', name);
    if (existsSync(join(p, 'package.json'))) return p;
    if (dirname(d) === d || d === dirname(root)) return undefined;
  }
}

/** Package folders (relative to the repo root) needed to load `names`, optional natives filtered by target. */
export function dependencyClosure(names, target) {
  const seen = new Map();
  const missing = [];
  const visit = (dir) => {
    if (seen.has(dir)) return;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    seen.set(dir, pkg);
    const required = Object.keys(pkg.dependencies ?? {});
    const optional = Object.keys(pkg.optionalDependencies ?? {});
    for (const dep of new Set([...required, ...optional])) {
      const isOptional = optional.includes(dep) && !required.includes(dep);
      const at = findPackage(dep, dir);
      if (!at) {
        if (!isOptional) missing.push(`${dep} (needed by ${pkg.name})`);
        continue;
      }
      if (isOptional) {
        const depPkg = JSON.parse(readFileSync(join(at, 'package.json'), 'utf8'));
        if (!fitsPlatform(depPkg, target)) continue;
      }
      visit(at);
    }
  };
  for (const name of names) {
    const at = findPackage(name, root);
    // A bundle may probe for a package it can live without (try { require('x') } catch {}):
    // what is not installed here cannot be shipped, and the bundle already works without it.
    if (!at) log(`warning: the bundles mention '${name}', which is not installed: not packaged`);
    else visit(at);
  }
  if (missing.length) throw new Error(`runtime packages not installed: ${missing.join(', ')}`);
  return [...seen.keys()].map((d) => relative(root, d).split('\\').join('/')).sort();
}

// ---- the .vsix ---------------------------------------------------------------------------

function listVsix(file) {
  const r = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`cannot list ${file}: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

function main() {
  const target = option('--target') ?? hostTarget();
  if (!flag('--no-build')) {
    run(process.execPath, ['scripts/build.mjs', ...(flag('--no-minify') ? [] : ['--minify'])]);
  }
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, 'extension.js')))
    throw new Error('dist/extension.js missing: nothing to package');

  const specs = runtimeRequires(dist).filter((s) => !HOST_MODULES.has(packageName(s)));
  const roots = [...new Set(specs.map(packageName))];
  const closure = dependencyClosure(roots, target);
  log(
    `runtime packages the bundles load: ${roots.join(', ') || '(none)'}; closure ${closure.length} packages`,
  );

  const base = readFileSync(join(root, '.vscodeignore'), 'utf8');
  const generated = closure.map((dir) => `!${dir}/**/${PRUNE}`);
  mkdirSync(dirname(IGNORE_OUT), { recursive: true });
  writeFileSync(
    IGNORE_OUT,
    `${base}\n# Generated by scripts/package.mjs for ${target}: runtime packages and their dependencies.\n${generated.join('\n')}\n`,
  );

  const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
  const t0 = Date.now();
  run(process.execPath, [
    vsce,
    'package',
    '--out',
    VSIX_PATH,
    '--target',
    target,
    '--ignoreFile',
    IGNORE_OUT,
    '--allow-missing-repository',
    '--skip-license',
    '--no-update-package-json',
    '--no-git-tag-version',
  ]);

  // Check the result instead of trusting the patterns: every runtime package must be inside.
  const entries = listVsix(VSIX_PATH);
  const inside = new Set(entries);
  const absent = closure.filter((dir) => !inside.has(`extension/${dir}/package.json`));
  if (!inside.has('extension/dist/extension.js')) absent.unshift('dist/extension.js');
  if (absent.length) throw new Error(`the .vsix lacks: ${absent.join(', ')}`);
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
