/**
 * `npm run package` for every platform, as a release would: one .vsix per target, each with its
 * TargetPlatform, carrying that platform's native packages only (fetched from the npm registry for
 * the platforms this machine is not), each accepted by scripts/verify-package.mjs, and vsce printing
 * no warning (the JavaScript is bundled: Hardhat and solc-js's wrapper are in dist/, not shipped as
 * node_modules). Then the verifier itself: a package with a binary of another platform planted in it
 * (same file name, only the header tells), a missing native module, a missing runtime module or file
 * of the bundles, another platform's package, a Mach-O universal binary lacking the CPU, or a
 * manifest naming another target is refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../support/repo';

const root = repoRoot();
/** Each target a release ships, with the native packages it must carry (and no other platform's of their families). */
const NATIVE: Record<string, string[]> = {
  'linux-x64': ['@nomicfoundation/edr-linux-x64-gnu', '@nomicfoundation/solidity-analyzer-linux-x64-gnu'],
  'linux-arm64': [
    '@nomicfoundation/edr-linux-arm64-gnu',
    '@nomicfoundation/solidity-analyzer-linux-arm64-gnu',
  ],
  'darwin-x64': ['@nomicfoundation/edr-darwin-x64', '@nomicfoundation/solidity-analyzer-darwin-x64'],
  'darwin-arm64': ['@nomicfoundation/edr-darwin-arm64', '@nomicfoundation/solidity-analyzer-darwin-arm64'],
  'win32-x64': ['@nomicfoundation/edr-win32-x64-msvc', '@nomicfoundation/solidity-analyzer-win32-x64-msvc'],
  'alpine-x64': ['@nomicfoundation/edr-linux-x64-musl', '@nomicfoundation/solidity-analyzer-linux-x64-musl'],
  'alpine-arm64': [
    '@nomicfoundation/edr-linux-arm64-musl',
    '@nomicfoundation/solidity-analyzer-linux-arm64-musl',
  ],
};
/** vsce's "you should bundle your extension" warning: more files or .js files than these. */
const VSCE_MAX_FILES = 5000;
const VSCE_MAX_JS = 100;
/** Every target a release ships (scripts/platforms.mjs TARGETS must name the same). */
const TARGETS = Object.keys(NATIVE);
const PLATFORM_FAMILY = /^(@nomicfoundation\/(edr|solidity-analyzer)-|@esbuild\/|fsevents$)/;

let out = '';
/** What scripts/package.mjs printed on stderr (vsce's warnings among it). */
let packageLog = '';
const vsix = (target: string) => join(out, `dloop-diamond-tools-${target}.vsix`);

function run(args: string[], timeout = 120_000) {
  return spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * 1024 * 1024,
  });
}
const verify = (input: string, target: string) =>
  run(['scripts/verify-package.mjs', input, '--target', target]);

/** Entries of the .vsix (unzip -Z1). */
function entries(file: string): string[] {
  const r = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

/** Package names directly under extension/node_modules. */
function shippedPackages(file: string): Set<string> {
  const names = new Set<string>();
  for (const e of entries(file)) {
    const m = /^extension\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(e);
    if (m) names.add(m[1]);
  }
  return names;
}

/** Unpacks a .vsix into a fresh temp folder (removed after the suite). */
const unpacked: string[] = [];
function unpack(target: string): string {
  const dir = mkdtempSync(join(tmpdir(), `dloop-pkg-${target}-`));
  unpacked.push(dir);
  const r = spawnSync('unzip', ['-q', vsix(target), '-d', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return dir;
}

describe('platform packages', () => {
  before(() => {
    out = mkdtempSync(join(tmpdir(), 'dloop-packages-'));
    // Every target, into a temp folder (dist/'s packages, which the e2e tests install, stay as they are).
    const r = run(['scripts/package.mjs', '--all', '--out-dir', out], 900_000);
    assert.equal(r.status, 0, `scripts/package.mjs failed:\n${r.stderr}`);
    packageLog = r.stderr;
    process.stderr.write(
      r.stderr
        .split('\n')
        .filter((l) => / MiB, /.test(l))
        .join('\n') + '\n',
    );
  });
  after(() => {
    for (const d of [out, ...unpacked]) if (d) rmSync(d, { recursive: true, force: true });
  });

  test('one .vsix per target, each verified, its manifest naming its target', () => {
    assert.deepEqual(
      readdirSync(out)
        .filter((f) => f.endsWith('.vsix'))
        .sort(),
      TARGETS.map((t) => `dloop-diamond-tools-${t}.vsix`).sort(),
    );
    for (const target of TARGETS) {
      const r = verify(vsix(target), target);
      assert.equal(r.status, 0, `${target}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`ok ${target}: [0-9.]+ MiB`));
      const manifest = spawnSync('unzip', ['-p', vsix(target), 'extension.vsixmanifest'], {
        encoding: 'utf8',
      });
      assert.match(manifest.stdout, new RegExp(`TargetPlatform="${target}"`));
    }
  });

  test('vsce packages every target without a warning: the JavaScript is bundled', () => {
    // Each target's vsce output, as scripts/package.mjs relays it (a WARNING block per warning).
    const warnings = packageLog.split('\n').filter((l) => /vsce .*WARNING/.test(l));
    assert.deepEqual(warnings, [], 'vsce warned');
    for (const target of TARGETS) assert.match(packageLog, new RegExp(`${target}: runtime packages `));
    for (const target of TARGETS) {
      const files = entries(vsix(target)).filter((e) => e.startsWith('extension/'));
      const js = files.filter((e) => /\.js$/i.test(e));
      // Renaming is not bundling: .mjs and .cjs count too.
      const scripts = files.filter((e) => /\.[cm]?js$/i.test(e));
      assert.ok(
        files.length <= VSCE_MAX_FILES && js.length <= VSCE_MAX_JS,
        `${target}: ${files.length} files, ${js.length} .js`,
      );
      assert.ok(scripts.length <= VSCE_MAX_JS, `${target}: ${scripts.length} script files`);
      // Hardhat and solc-js run from the bundles in dist/ (soljson.js beside them), not from node_modules.
      const shipped = shippedPackages(vsix(target));
      for (const name of ['hardhat', 'solc', 'tsx', 'esbuild'])
        assert.ok(!shipped.has(name), `${target}: ships node_modules/${name}`);
      for (const f of ['dist/hardhat/hre.mjs', 'dist/hardhat/package.json', 'dist/soljson.js'])
        assert.ok(files.includes(`extension/${f}`), `${target}: lacks ${f}`);
    }
  });

  test("each carries exactly its platform's native packages", () => {
    for (const target of TARGETS) {
      const natives = [...shippedPackages(vsix(target))].filter((n) => PLATFORM_FAMILY.test(n)).sort();
      assert.deepEqual(natives, [...NATIVE[target]].sort(), target);
    }
  });

  test('the shipped manifest carries the release fields and no development scripts; README images are https', () => {
    const readme = spawnSync('unzip', ['-p', vsix('win32-x64'), 'extension/readme.md'], {
      encoding: 'utf8',
    }).stdout;
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]);
    assert.ok(images.length > 0);
    for (const src of images) assert.match(src, /^https:\/\//, `${src}: does not render from the package`);
    const r = spawnSync('unzip', ['-p', vsix('win32-x64'), 'extension/package.json'], { encoding: 'utf8' });
    const pkg = JSON.parse(r.stdout);
    assert.equal(pkg.devDependencies, undefined);
    assert.equal(pkg.scripts, undefined);
    assert.ok(pkg.icon && entries(vsix('win32-x64')).includes(`extension/${pkg.icon}`), 'icon packaged');
    assert.ok(
      entries(vsix('win32-x64')).some((e) => /^extension\/LICENSE(\.txt|\.md)?$/i.test(e)),
      'LICENSE packaged',
    );
  });

  test('a binary of another platform planted under the right name fails verification', () => {
    const dir = unpack('darwin-arm64');
    const file = join(dir, 'extension/node_modules/@nomicfoundation/edr-darwin-arm64/edr.darwin-arm64.node');
    assert.ok(existsSync(file));
    assert.equal(verify(dir, 'darwin-arm64').status, 0, 'the unpacked package verifies before the plant');
    cpSync(join(root, 'node_modules/@nomicfoundation/edr-linux-x64-gnu/edr.linux-x64-gnu.node'), file);
    const r = verify(dir, 'darwin-arm64');
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /wrong-platform binary: extension\/node_modules\/@nomicfoundation\/edr-darwin-arm64\/edr\.darwin-arm64\.node: elf linux\/x64/,
    );
  });

  test("a glibc build in the musl package's place fails verification (Alpine)", () => {
    const dir = unpack('alpine-x64');
    const file = join(
      dir,
      'extension/node_modules/@nomicfoundation/edr-linux-x64-musl/edr.linux-x64-musl.node',
    );
    assert.ok(existsSync(file));
    cpSync(join(root, 'node_modules/@nomicfoundation/edr-linux-x64-gnu/edr.linux-x64-gnu.node'), file);
    const r = verify(dir, 'alpine-x64');
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /edr\.linux-x64-musl\.node: elf linux\/x64 \(glibc\) links glibc, alpine-x64 has musl/,
    );
  });

  test('an executable of another CPU, hidden under a neutral name, fails verification', () => {
    const dir = unpack('win32-x64');
    // An arm64 PE (the header is all the verifier reads): machine 0xAA64 at PE+4.
    const pe = Buffer.alloc(512);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write('PE\0\0', 0x80, 'latin1');
    pe.writeUInt16LE(0xaa64, 0x84);
    writeFileSync(join(dir, 'extension/dist/helper.dat'), pe);
    const r = verify(dir, 'win32-x64');
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /wrong-platform binary: extension\/dist\/helper\.dat: pe win32\/arm64 has no x64 code/,
    );
  });

  test('a universal Mach-O without the CPU fails; with it, passes', () => {
    const dir = unpack('darwin-arm64');
    assert.equal(verify(dir, 'darwin-arm64').status, 0, 'the unpacked package verifies before the plant');
    const fat = (cpus: number[]) => {
      const b = Buffer.alloc(8 + cpus.length * 20);
      b.writeUInt32BE(0xcafebabe, 0);
      b.writeUInt32BE(cpus.length, 4);
      cpus.forEach((c, i) => b.writeUInt32BE(c, 8 + i * 20));
      return b;
    };
    const file = join(dir, 'extension/dist/helper.node');
    writeFileSync(file, fat([0x01000007])); // x86_64 only
    const bad = verify(dir, 'darwin-arm64');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /dist\/helper\.node: macho-fat darwin\/x64 has no arm64 code/);
    writeFileSync(file, fat([0x01000007, 0x0100000c]));
    assert.equal(verify(dir, 'darwin-arm64').status, 0);
  });

  test('a missing native module fails verification', () => {
    const dir = unpack('win32-x64');
    rmSync(join(dir, 'extension/node_modules/@nomicfoundation/edr-win32-x64-msvc'), { recursive: true });
    const r = verify(dir, 'win32-x64');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /missing native module: @nomicfoundation\/edr-win32-x64-msvc/);
  });

  test('a missing runtime module of the bundles fails verification', () => {
    const dir = unpack('linux-arm64');
    rmSync(join(dir, 'extension/node_modules/@nomicfoundation/solidity-analyzer'), { recursive: true });
    const r = verify(dir, 'linux-arm64');
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /missing module: @nomicfoundation\/solidity-analyzer \(loaded by the bundles in dist\/\)/,
    );
  });

  test("a missing file the bundles require beside them (solc's soljson.js) fails verification", () => {
    const dir = unpack('alpine-arm64');
    rmSync(join(dir, 'extension/dist/soljson.js'));
    const r = verify(dir, 'alpine-arm64');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /missing file: dist\/soljson\.js \(required by dist\/cli\.js\)/);
  });

  test("another platform's package fails verification, and so does a manifest naming another target", () => {
    const dir = unpack('linux-x64');
    const glibc = 'extension/node_modules/@nomicfoundation/solidity-analyzer-linux-x64-gnu';
    cpSync(
      join(dir, glibc),
      join(dir, 'extension/node_modules/@nomicfoundation/solidity-analyzer-linux-x64-musl'),
      {
        recursive: true,
      },
    );
    const pkgFile = join(
      dir,
      'extension/node_modules/@nomicfoundation/solidity-analyzer-linux-x64-musl/package.json',
    );
    writeFileSync(pkgFile, readFileSync(pkgFile, 'utf8').replace('linux-x64-gnu"', 'linux-x64-musl"'));
    const r = verify(dir, 'linux-x64');
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /wrong-platform package: node_modules\/@nomicfoundation\/solidity-analyzer-linux-x64-musl/,
    );

    const other = verify(unpack('darwin-x64'), 'darwin-arm64');
    assert.equal(other.status, 1);
    assert.match(other.stderr, /manifest: TargetPlatform is darwin-x64, expected darwin-arm64/);
    assert.match(other.stderr, /edr\.darwin-x64\.node: macho darwin\/x64 has no arm64 code/);
  });
});
