// What the dist/ bundles load at run time outside themselves: packages from node_modules (the
// externals scripts/build.mjs declares and the imports left in the bundles) and files beside them
// (solc's soljson.js). scripts/package.mjs ships the packages' closure; scripts/verify-package.mjs
// checks each package and file resolves inside the package.
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Provided by the editor, never packaged. */
export const HOST_MODULES = new Set(['vscode']);

export const packageName = (spec) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];

/** The bundles under `distDir` (subfolders too: dist/hardhat/hre.mjs). */
function bundleFiles(distDir) {
  const out = [];
  for (const name of readdirSync(distDir)) {
    const p = join(distDir, name);
    if (statSync(p).isDirectory()) out.push(...bundleFiles(p));
    else if (/\.[cm]?js$/.test(name)) out.push(p);
  }
  return out;
}

/**
 * Every import a bundle makes, read by esbuild's parser (static `import`/`export … from`,
 * `require()` and `import()` with a literal): text in strings, such as an error message that
 * shows an import, is not one. Nothing is resolved or written.
 */
function importsOf(file) {
  const { metafile } = esbuild.buildSync({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    logLevel: 'silent',
    external: ['*'],
  });
  return Object.values(metafile.inputs).flatMap((input) => input.imports);
}

/**
 * Packages a bundled dependency tries to load inside a try/catch and works without: not shipped
 * when not installed, and not required of a package. Each with who probes for it.
 */
export const OPTIONAL_PROBES = new Map([
  ['supports-color', "debug (follow-redirects' logger, in solc's wrapper) for coloured output"],
]);

/**
 * What the bundles in `distDir` load: `packages`, the names of non-builtin bare imports, and
 * `files`, relative requests as `{bundle, request}` (paths relative to `distDir`).
 */
export function bundleImports(distDir) {
  const builtins = new Set(builtinModules);
  const packages = new Set();
  const files = [];
  for (const file of bundleFiles(distDir)) {
    // soljson.js is emscripten output that requires only Node built-ins; its 9 MB need no parse.
    if (/soljson\.js$/.test(file)) continue;
    for (const { path } of importsOf(file)) {
      if (path.startsWith('.')) files.push({ bundle: relative(distDir, file), request: path });
      else if (!path.startsWith('node:') && !builtins.has(path) && !builtins.has(packageName(path)))
        packages.add(packageName(path));
    }
  }
  return { packages, files };
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
  // '@nomicfoundation/edr/*' is a subpath of a package listed anyway.
  return new Set(names.filter((n) => !n.includes('*')).map(packageName));
}

/**
 * Every package the bundles in `distDir` load from node_modules, minus what the editor provides
 * and the optional probes.
 */
export function runtimeRoots(repoRoot, distDir, imports = bundleImports(distDir)) {
  return new Set(
    [...buildExternals(repoRoot), ...imports.packages].filter(
      (n) => !HOST_MODULES.has(n) && !OPTIONAL_PROBES.has(n),
    ),
  );
}
