// What the dist/ bundles load at run time from node_modules: the externals scripts/build.mjs
// declares and the literal require()/import() calls left in the bundles. scripts/package.mjs ships
// their closure; scripts/verify-package.mjs checks each resolves inside the package.
import { builtinModules } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Provided by the editor, never packaged. */
export const HOST_MODULES = new Set(['vscode']);

export const packageName = (spec) =>
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
export function buildExternals(repoRoot) {
  const text = readFileSync(join(repoRoot, 'scripts/build.mjs'), 'utf8');
  const m = /const EXTERNAL\s*=\s*\[([^\]]*)\]/.exec(text);
  if (!m) throw new Error('cannot find EXTERNAL in scripts/build.mjs');
  const names = [...m[1].matchAll(/'([^']+)'|"([^"]+)"/g)].map((x) => x[1] ?? x[2]);
  // 'hardhat/*' and '@nomicfoundation/*' are subpaths and scopes of packages shipped anyway.
  return new Set(names.filter((n) => !n.includes('*')).map(packageName));
}

/** Everything the bundles in `distDir` load from node_modules, minus what the editor provides. */
export function runtimeRoots(repoRoot, distDir) {
  return new Set(
    [...buildExternals(repoRoot), ...bundleRequires(distDir)].filter((n) => !HOST_MODULES.has(n)),
  );
}
