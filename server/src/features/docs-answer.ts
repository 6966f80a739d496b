/**
 * The answers of `diamond/docs` and `diamond/map` from a project's docs model: the documentation files (engine
 * `docsFiles`), each compared with the project's docs folder (host/src/docs-output.ts), and one diamond's map as
 * SVG. The same functions run in the docs worker (docs-worker/worker.ts) and, without one, on the server's thread:
 * both answers are the same by construction (and by test).
 */
import { join } from 'node:path';
import { docsFiles, layoutMap, renderMapSvg, type DocsModel } from '../../../engine';
import { compareDocs, DEFAULT_DOCS_DIR } from '../../../host/src/docs-output';
import type { DocsParams, DocsResult, MapParams, MapResult } from '../../../protocol/requests';

/** The model with the client's live drift (the Facet Explorer computed it) when it sent one. */
export function withLive(model: DocsModel, params: DocsParams | MapParams): DocsModel {
  const out: DocsModel = { ...model };
  if (params.live && Array.isArray(params.live.differences)) out.live = params.live;
  return out;
}

export function docsAnswer(root: string, model: DocsModel, params: DocsParams): DocsResult {
  const format = params.format === 'json' ? 'json' : 'md';
  const files = docsFiles(withLive(model, params), format);
  const dir = join(root, DEFAULT_DOCS_DIR);
  const states = new Map(compareDocs(dir, files).map((s) => [s.name, s.state]));
  return {
    dir,
    files: files.map((f) => ({ ...f, state: states.get(f.name) as 'new' | 'changed' | 'same' })),
    leftovers: [...states].filter(([, s]) => s === 'leftover').map(([n]) => n),
    unparsed: model.unparsed,
  };
}

/** One diamond's map as SVG (the webview draws it; its nodes name their source). */
export function mapAnswer(root: string, model: DocsModel, params: MapParams): MapResult | null {
  const live = withLive(model, params);
  const diamonds = live.diamonds.map((d) => d.name);
  const diamond = diamonds.find((d) => d === params?.diamond) ?? diamonds[0];
  const layout = diamond !== undefined ? layoutMap(live, diamond) : undefined;
  if (!layout) return null;
  return { root, diamonds, diamond: layout.diamond, svg: renderMapSvg(layout) };
}
