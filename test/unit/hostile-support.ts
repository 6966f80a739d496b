/** Shared by the hostile-input tests: the hostile-redos fixture's facet, with any namespace id. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './service-support';

/** 37 a's then b: the classic catastrophic input for (a+)+$ (the id in the hostile-redos fixture). */
export const SLOW_ID = 'a'.repeat(37) + 'b';

/** The hostile-redos fixture's facet (a storage library and a facet using it) with another namespace id. */
export function storageLib(id: string): string {
  const file = join(repoRoot(), 'test', 'fixtures', 'workspaces', 'hostile-redos', 'facets', 'SlowFacet.sol');
  return readFileSync(file, 'utf8').split(SLOW_ID).join(id);
}
