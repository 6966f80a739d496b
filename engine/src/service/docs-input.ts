/** The documentation model (docs/) of a service state: its diamonds, namespaces, layouts and selectors. */
import { buildDocsModel } from '../docs/build';
import type { BodyCache } from '../docs/code-index';
import type { DocsModel } from '../docs/model';
import type { StorageResult } from './storage-adapter';
import type { ServiceState } from './state';

export function docsOf(
  s: ServiceState,
  storage: StorageResult,
  bodyCache: BodyCache,
  cancelled?: () => boolean,
): DocsModel {
  const ref = (c: { file: string; contract: ServiceState['contracts'][number]['contract'] }) => ({
    file: c.file,
    def: c.contract,
  });
  return buildDocsModel({
    ws: s.ws,
    rel: (file) => s.evidence.rel(file),
    namespaces: storage.namespaces,
    layouts: storage.layouts(),
    // The facets of one file outside the scope (a test open in the editor) are not the project's diamond.
    diamonds: s.diamonds
      .filter((d) => !d.ownFile)
      .map((d) => ({ name: d.name, facets: d.facets.map(ref), ...(d.proxy && { proxy: ref(d.proxy) }) })),
    contracts: s.contracts.map(ref),
    selectorsOf: (c) => s.selectors.of({ file: c.file, contract: c.def }),
    bodyCache,
    ...(cancelled && { cancelled }),
  });
}
