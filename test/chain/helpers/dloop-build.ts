/**
 * One solc-js compile of `contracts/` (optimizer on) shared by every DLOOP chain test.
 * compileProject caches it in a temp folder: the cache file holds a hash of every source, so an
 * edited contract recompiles and an unchanged tree is read back in milliseconds, across processes.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProject } from '../../../chain/src/compile';
import { hasErrors, type Artifact } from '../../../chain/src/compile-types';
import { artifactLookupFrom } from '../../../chain/src/dloop/artifacts';
import type { ArtifactLookup } from '../../../chain/src/dloop/types';
import { repoRoot } from '../support/env';

export interface DloopBuild {
  artifacts: Artifact[];
  lookup: ArtifactLookup;
  /** solc's `evm.methodIdentifiers` of a contract as '0x…' selectors: the ground truth for selectors. */
  methodIdentifiers(contractName: string): Map<string, string>;
  /** Wall time of this process's build (a cache hit is a few ms). */
  ms: number;
  cached: boolean;
}

export const DLOOP_SOLC_CACHE_DIR = join(tmpdir(), 'dloop-diamond-tools-tests', 'dloop-contracts-solc');

let building: Promise<DloopBuild> | undefined;

export function buildDloop(): Promise<DloopBuild> {
  building ??= (async () => {
    const t0 = Date.now();
    const result = await compileProject({
      root: join(repoRoot(), 'contracts'),
      optimizer: true,
      cacheDir: DLOOP_SOLC_CACHE_DIR,
    });
    if (hasErrors(result)) {
      throw new Error(result.errors.map((e) => e.formatted).join('\n'));
    }
    const artifacts = result.contracts;
    const lookup = artifactLookupFrom(artifacts);
    return {
      artifacts,
      lookup,
      ms: Date.now() - t0,
      cached: result.cached === true,
      methodIdentifiers(contractName) {
        const a = artifacts.find((x) => x.name === contractName);
        if (!a) throw new Error(`no artifact ${contractName}`);
        return new Map(Object.entries(a.methodIdentifiers).map(([sig, id]) => [sig, `0x${id}`]));
      },
    };
  })();
  return building;
}
