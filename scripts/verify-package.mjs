// Checks a platform .vsix without running it (only one platform can run here):
//  - the manifest's TargetPlatform is the target it was built for;
//  - every native binary it carries (any file with an ELF, Mach-O or PE header, whatever its name)
//    is for that OS and CPU (and libc on Linux);
//  - every module the bundles load at run time resolves inside the package, every file they
//    require beside them (dist/soljson.js) is there, and so does every dependency of every package
//    it carries resolve, including the native optional package that fits the target (EDR,
//    solidity-analyzer); no package for another platform is carried.
// Usage: node scripts/verify-package.mjs <file.vsix | unpacked folder> --target <target>
// Exit 1 with one line per problem; prints the size and the binaries on success.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binaryMismatch, fileBinaryPlatform } from './binary-platform.mjs';
import { fitsPlatform, isPlatformPackage, lockedPackage } from './platforms.mjs';
import { bundleImports, runtimeRoots } from './runtime-modules.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const slash = (p) => p.split(sep).join('/');

function walkFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walkFiles(p, out);
    else if (st.isFile()) out.push(p);
  }
  return out;
}

/** Node's lookup inside the package: the nearest node_modules/<name> from `fromDir` up to `top`. */
function resolveInside(name, fromDir, top) {
  for (let d = fromDir; ; d = dirname(d)) {
    const p = join(d, 'node_modules', name);
    if (existsSync(join(p, 'package.json'))) return p;
    if (d === top || dirname(d) === d) return undefined;
  }
}

/** Every package folder under `ext` (node_modules/<name>, node_modules/@scope/<name>, nested ones). */
function packageDirs(ext) {
  const out = [];
  const visit = (nm) => {
    if (!existsSync(nm)) return;
    for (const name of readdirSync(nm)) {
      const dirs = name.startsWith('@')
        ? readdirSync(join(nm, name)).map((n) => join(nm, name, n))
        : [join(nm, name)];
      for (const d of dirs) {
        if (!existsSync(join(d, 'package.json'))) continue;
        out.push(d);
        visit(join(d, 'node_modules'));
      }
    }
  };
  visit(join(ext, 'node_modules'));
  return out;
}

/** What an optional dependency is, for a platform check: its shipped package.json, the lockfile, its name. */
function optionalMeta(name, at) {
  if (at) return readJson(join(at, 'package.json'));
  return lockedPackage(repoRoot, name) ?? { name };
}

/**
 * Verifies an unpacked .vsix (the folder holding extension.vsixmanifest and extension/).
 * Returns `{problems, binaries, files}`; `problems` is empty for a good package.
 */
export function verifyUnpacked(dir, target) {
  const problems = [];
  const ext = join(dir, 'extension');
  const manifestFile = join(dir, 'extension.vsixmanifest');
  const manifest = existsSync(manifestFile) ? readFileSync(manifestFile, 'utf8') : '';
  const declared = /TargetPlatform="([^"]*)"/.exec(manifest)?.[1];
  if (declared !== target)
    problems.push(`manifest: TargetPlatform is ${declared ?? 'missing'}, expected ${target}`);

  const files = walkFiles(ext);
  const binaries = [];
  for (const file of files) {
    const info = fileBinaryPlatform(file, () => readFileSync(file));
    if (!info) continue;
    const rel = slash(relative(dir, file));
    binaries.push({ file: rel, info });
    const why = binaryMismatch(info, target);
    if (why) problems.push(`wrong-platform binary: ${rel}: ${why}`);
  }

  const dist = join(ext, 'dist');
  if (!existsSync(join(dist, 'extension.js'))) problems.push('missing: extension/dist/extension.js');
  else {
    const imports = bundleImports(dist);
    for (const name of runtimeRoots(repoRoot, dist, imports)) {
      if (!resolveInside(name, dist, ext))
        problems.push(`missing module: ${name} (loaded by the bundles in dist/)`);
    }
    for (const { bundle, request } of imports.files) {
      if (!existsSync(join(dist, dirname(bundle), request)))
        problems.push(
          `missing file: dist/${slash(join(dirname(bundle), request))} (required by dist/${slash(bundle)})`,
        );
    }
  }
  for (const at of packageDirs(ext)) {
    const pkg = readJson(join(at, 'package.json'));
    const where = slash(relative(ext, at));
    if (isPlatformPackage(pkg) && !fitsPlatform(pkg, target)) {
      problems.push(`wrong-platform package: ${where} (${pkg.name}) is not for ${target}`);
    }
    const required = Object.keys(pkg.dependencies ?? {});
    for (const dep of required) {
      if (!resolveInside(dep, at, ext)) problems.push(`missing module: ${dep} (a dependency of ${pkg.name})`);
    }
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
      if (required.includes(dep)) continue;
      const found = resolveInside(dep, at, ext);
      const meta = optionalMeta(dep, found);
      if (!found && isPlatformPackage(meta) && fitsPlatform(meta, target)) {
        problems.push(`missing native module: ${dep} (the ${target} build ${pkg.name} loads)`);
      }
    }
  }
  return { problems, binaries, files: files.length };
}

/** Unpacks `file` to a temp folder, verifies it, removes the folder. Adds `bytes` (the .vsix size). */
export function verifyVsix(file, target) {
  const dir = mkdtempSync(join(tmpdir(), 'dloop-verify-'));
  try {
    const r = spawnSync('unzip', ['-q', file, '-d', dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cannot unpack ${file}: ${r.stderr}`);
    return { ...verifyUnpacked(dir, target), bytes: statSync(file).size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line for the log: size, file count, binaries by format and arch. */
export function describe(result, target) {
  const bins = result.binaries.map(
    (b) =>
      `${b.file.split('/').pop()} (${[b.info.format, b.info.archs.join('+'), b.info.libc].filter(Boolean).join(' ')})`,
  );
  const size = result.bytes === undefined ? '' : `${(result.bytes / 1024 / 1024).toFixed(1)} MiB, `;
  return `${target}: ${size}${result.files} files, native: ${bins.join(', ') || 'none'}`;
}

function main() {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--target');
  const target = i >= 0 ? argv[i + 1] : undefined;
  const input = argv.find((a, j) => !a.startsWith('--') && argv[j - 1] !== '--target');
  if (!input || !target) {
    process.stderr.write(
      'usage: node scripts/verify-package.mjs <file.vsix | unpacked folder> --target <target>\n',
    );
    process.exit(2);
  }
  const path = resolve(input);
  const result = statSync(path).isDirectory() ? verifyUnpacked(path, target) : verifyVsix(path, target);
  for (const p of result.problems) process.stderr.write(`[verify] ${p}\n`);
  if (result.problems.length) process.exit(1);
  process.stdout.write(`[verify] ok ${describe(result, target)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
