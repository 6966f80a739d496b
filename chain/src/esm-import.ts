/**
 * Loading ESM-only packages (Hardhat 3) from our CommonJS bundles. esbuild rewrites a literal
 * `import()` into `require()` for CJS output, which fails on ESM-only packages; a Function-built
 * import is left alone and runs Node's real ESM loader.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const nativeImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

/**
 * Resolves `specifier` from the first base folder whose node_modules holds it (our bundle's
 * folder first: the extension ships its own Hardhat), then imports it as ESM.
 */
export async function importEsm<T>(specifier: string, bases: readonly string[]): Promise<T> {
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
