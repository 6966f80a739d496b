/**
 * What a marketplace reviewer checks in package.json, against the code: `engines.vscode` is the oldest VS Code
 * the e2e tests run (code-server's), every package the product code imports is a runtime dependency (and every
 * runtime dependency is one the product loads: bench- and test-only packages stay in devDependencies), and the
 * listing has its icon, licence, categories, keywords and a changelog section for the release.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../support/repo';

const root = repoRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** The folders whose code ships in dist/ (scripts/build.mjs ENTRIES and what they import). */
const PRODUCT = ['shared', 'engine', 'host', 'chain', 'server', 'client', 'cli', 'protocol'];
/** Provided by the editor. */
const HOST = new Set(['vscode']);

function tsFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (/\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const packageName = (spec: string) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];

/** Packages imported (statically, `import type` excluded, or by require/import()) by the product code. */
function productImports(): Map<string, string> {
  const builtins = new Set(builtinModules);
  const found = new Map<string, string>();
  const patterns = [
    /^\s*import\s+(?!type\b)[^'"]*?from\s+['"]([^'"./][^'"]*)['"]/gm,
    /^\s*export\s+(?!type\b)[^'"]*?from\s+['"]([^'"./][^'"]*)['"]/gm,
    /\b(?:require|import)\(\s*['"]([^'"./][^'"]*)['"]\s*\)/g,
  ];
  for (const dir of PRODUCT) {
    for (const file of tsFiles(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const re of patterns) {
        for (const m of text.matchAll(re)) {
          const name = packageName(m[1]);
          if (m[1].startsWith('node:') || builtins.has(name) || HOST.has(name)) continue;
          if (!found.has(name)) found.set(name, file.slice(root.length + 1));
        }
      }
    }
  }
  // Packages bundled as ESM and loaded through a Function-built import() (chain/src/esm-import.ts), which the
  // patterns above cannot see: scripts/build.mjs ESM_ENTRIES lists them.
  const build = readFileSync(join(root, 'scripts/build.mjs'), 'utf8');
  const esm = /const ESM_ENTRIES\s*=\s*\[([^\]]*)\]/.exec(build)?.[1] ?? '';
  for (const [, spec] of esm.matchAll(/\bin:\s*'([^']+)'/g)) {
    const name = packageName(spec);
    if (!found.has(name)) found.set(name, 'scripts/build.mjs ESM_ENTRIES');
  }
  // What the bundles leave external is loaded at run time: ours to declare, unless a bundled dependency
  // declares it (EDR's and solidity-analyzer's native loaders, which Hardhat's code imports).
  const dependencyOf = (name: string) =>
    Object.keys(pkg.dependencies).some((dep) => {
      const file = join(root, 'node_modules', dep, 'package.json');
      return existsSync(file) && name in (JSON.parse(readFileSync(file, 'utf8')).dependencies ?? {});
    });
  const external = /const EXTERNAL\s*=\s*\[([^\]]*)\]/.exec(build)?.[1] ?? '';
  for (const [, spec] of external.matchAll(/'([^']+)'/g)) {
    const name = packageName(spec);
    if (!spec.includes('*') && !HOST.has(name) && !found.has(name) && !dependencyOf(name))
      found.set(name, 'scripts/build.mjs EXTERNAL');
  }
  return found;
}

describe('release manifest', () => {
  test('engines.vscode is the VS Code the end-to-end tests run (code-server 4.X.Y is VS Code 1.X.Y)', () => {
    const script = readFileSync(join(root, 'scripts/ensure-code-server.mjs'), 'utf8');
    const codeServer = /CODE_SERVER_VERSION\s*=\s*'(\d+)\.(\d+)\.(\d+)'/.exec(script);
    assert.ok(codeServer, 'CODE_SERVER_VERSION in scripts/ensure-code-server.mjs');
    let tested = `1.${codeServer[2]}.${codeServer[3]}`;
    const installed = join(root, '.tools/code-server/node_modules/code-server/lib/vscode/package.json');
    if (existsSync(installed)) tested = JSON.parse(readFileSync(installed, 'utf8')).version;
    assert.equal(pkg.engines.vscode, `^${tested}`);
    const types = String(pkg.devDependencies['@types/vscode']).replace(/^\^/, '');
    const [tMinor] = types.split('.').slice(1).map(Number);
    assert.ok(tMinor <= Number(tested.split('.')[1]), `@types/vscode ${types} is not newer than ${tested}`);
  });

  test('every package the product imports is a runtime dependency, and no runtime dependency is unused', () => {
    const imports = productImports();
    const runtime = new Set(Object.keys(pkg.dependencies));
    const undeclared = [...imports].filter(([name]) => !runtime.has(name)).map(([n, f]) => `${n} (${f})`);
    assert.deepEqual(undeclared, [], 'imported by product code but not in dependencies');
    const unused = [...runtime].filter((name) => !imports.has(name));
    assert.deepEqual(unused, [], 'in dependencies but never imported by product code (devDependencies?)');
  });

  test('the listing: icon, licence, categories, keywords, repository, a changelog section', () => {
    assert.ok(existsSync(join(root, pkg.icon)), pkg.icon);
    assert.match(readFileSync(join(root, pkg.icon)).subarray(1, 4).toString('latin1'), /PNG/);
    assert.ok(existsSync(join(root, 'LICENSE')));
    assert.match(readFileSync(join(root, 'LICENSE'), 'utf8'), new RegExp(`${pkg.license} License`, 'i'));
    assert.ok(pkg.categories.length >= 1 && pkg.categories.length <= 3, 'one to three categories');
    assert.ok(pkg.keywords.length >= 5 && pkg.keywords.length <= 30, 'five to thirty keywords');
    assert.match(pkg.repository.url, /^https:\/\//);
    const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')}\\b`, 'm'));
  });

  test('README images are files of the repository (vsce makes them https URLs of it) or https URLs', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]);
    assert.ok(images.length > 0);
    for (const src of images) {
      if (/^https:\/\//.test(src)) continue;
      assert.doesNotMatch(src, /^[a-z]+:/i, `${src}: only https images render in the marketplace`);
      assert.ok(existsSync(join(root, src)), `${src} is not in the repository`);
      assert.doesNotMatch(src, /\.svg$/i, `${src}: vsce refuses SVG images in README`);
    }
  });
});
