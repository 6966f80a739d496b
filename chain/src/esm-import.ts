/**
 * Loading ESM-only packages (Hardhat 3) from our CommonJS bundles. esbuild rewrites a literal
 * `import()` into `require()` for CJS output, which fails on ESM-only packages; a Function-built
 * import is left alone and runs Node's real ESM loader.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const nativeImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

/**
 * ESM bundles scripts/build.mjs writes beside our bundles (its ESM_ENTRIES), by the specifier they
 * replace: the packaged extension carries these, not the packages' node_modules.
 */
const BUNDLED_ESM: Readonly<Record<string, string>> = { 'hardhat/hre': 'hardhat/hre.mjs' };

/**
 * Imports `specifier` as ESM: its bundle beside the running bundle (dist/ of the extension or the
 * CLI; never a file of the user's project), else the package from the first base folder whose
 * node_modules holds it (tests and the source tree run unbundled).
 */
export async function importEsm<T>(specifier: string, bases: readonly string[]): Promise<T> {
  const bundled = BUNDLED_ESM[specifier] && join(__dirname, BUNDLED_ESM[specifier]);
  if (bundled && existsSync(bundled)) return (await nativeImport(pathToFileURL(bundled).href)) as T;
  const tried: string[] = [];
  for (const base of bases) {
    try {
      const file = createRequire(join(base, 'noop.js')).resolve(specifier);
      return (await nativeImport(pathToFileURL(file).href)) as T;
    } catch (err) {
      if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
      tried.push(base);
    }
  }
  throw new Error(`Cannot find ${specifier} from ${tried.join(', ')}`);
}
