// The platforms a .vsix is built for, and which npm packages fit which one. Shared by
// scripts/package.mjs (what to ship) and scripts/verify-package.mjs (what a package must carry).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * vsce target names we ship: every VS Code target with a native Hardhat EDR build on npm
 * (@nomicfoundation/edr-*; alpine-* are served by its -musl builds). EDR has no win32-arm64 nor linux-armhf build.
 */
export const TARGETS = [
  'linux-x64',
  'linux-arm64',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64',
  'alpine-x64',
  'alpine-arm64',
];

/** npm's view of a vsce target: os, cpu and (Linux only) libc. */
export function targetParts(target) {
  const [os, arch] = target.split('-');
  if (!os || !arch) throw new Error(`not a target: ${target}`);
  const platform = os === 'alpine' ? 'linux' : os;
  const libc = platform !== 'linux' ? undefined : os === 'alpine' ? 'musl' : 'glibc';
  return { platform, arch, libc };
}

function isMusl() {
  if (process.platform !== 'linux') return false;
  const header = process.report?.getReport()?.header ?? {};
  return !header.glibcVersionRuntime;
}

/** vsce's target name for this machine (alpine-* for musl Linux). */
export function hostTarget() {
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

/** Does a package (its package.json, or its package-lock entry plus `name`) run on `target`? */
export function fitsPlatform(pkg, target) {
  const { platform, arch, libc } = targetParts(target);
  const declared = pkg.os || pkg.cpu || pkg.libc;
  const named = NAMED_PLATFORM.exec(pkg.name ?? '');
  if (!declared && named) {
    const abi = named[3];
    const libcOk = platform !== 'linux' || !abi || abi.startsWith(libc === 'musl' ? 'musl' : 'gnu');
    return named[1] === platform && named[2] === arch && libcOk;
  }
  return allows(pkg.os, platform) && allows(pkg.cpu, arch) && allows(pkg.libc, libc);
}

/** Is this package platform-specific at all (declares os/cpu/libc, or is named for a platform)? */
export function isPlatformPackage(pkg) {
  return Boolean(pkg.os || pkg.cpu || pkg.libc || NAMED_PLATFORM.test(pkg.name ?? ''));
}

/**
 * package-lock.json's entry for a top-level package (version, integrity, os/cpu/libc): what npm
 * would install for another platform, known without installing it. Undefined when not locked.
 */
export function lockedPackage(repoRoot, name) {
  const file = join(repoRoot, 'package-lock.json');
  if (!existsSync(file)) return undefined;
  lockCache[file] ??= JSON.parse(readFileSync(file, 'utf8'));
  const entry = lockCache[file].packages?.[`node_modules/${name}`];
  return entry ? { name, ...entry } : undefined;
}
const lockCache = {};
