/**
 * `diamond/docs`: the project's documentation as files (engine `docs()` → `docsFiles`), each compared with
 * the project's docs folder (host/src/docs-output.ts), for the client to write. The connected diamond's drift
 * comes from the client (the Facet Explorer computed it) and goes into the selector registry as given.
 */
import { join } from 'node:path';
import { docsFiles, layoutMap, renderMapSvg, type DocsModel } from '../../../engine';
import { compareDocs, DEFAULT_DOCS_DIR } from '../../../host/src/docs-output';
import type { DocsParams, DocsResult, MapParams, MapResult } from '../../../protocol/requests';
import { projectFor, type ServerContext } from '../context';
import type { Project } from '../project/project';

/** The project the docs are for: the one owning `uri`, else the outermost project that has a diamond's facets. */
function docsProject(ctx: ServerContext, uri: string | undefined): Project | undefined {
  const owner = uri !== undefined ? projectFor(ctx, uri)?.project : undefined;
  if (owner?.root !== undefined) return owner;
  const rooted = ctx.projects
    .all()
    .filter((p) => p.root !== undefined)
    .sort((a, b) => a.root!.length - b.root!.length);
  for (const p of rooted) p.flush();
  return rooted.find((p) => p.service.diamonds().diamonds.some((d) => d.facets.length > 0)) ?? rooted[0];
}

/** The docs model of the project `params` name, with the client's live drift when it sent one. */
function modelFor(
  ctx: ServerContext,
  params: DocsParams | MapParams,
): { project: Project & { root: string }; model: DocsModel } | undefined {
  const project = docsProject(ctx, typeof params?.uri === 'string' ? params.uri : undefined);
  if (project?.root === undefined) return undefined;
  project.flush();
  const model: DocsModel = { ...project.service.docs() };
  if (params.live && Array.isArray(params.live.differences)) model.live = params.live;
  return { project: project as Project & { root: string }, model };
}

export function docs(ctx: ServerContext, params: DocsParams): DocsResult | null {
  const found = modelFor(ctx, params);
  if (!found) return null;
  const { project, model } = found;
  const format = params.format === 'json' ? 'json' : 'md';
  const files = docsFiles(model, format);
  const dir = join(project.root, DEFAULT_DOCS_DIR);
  const states = new Map(compareDocs(dir, files).map((s) => [s.name, s.state]));
  return {
    dir,
    files: files.map((f) => ({ ...f, state: states.get(f.name) as 'new' | 'changed' | 'same' })),
    leftovers: [...states].filter(([, s]) => s === 'leftover').map(([n]) => n),
    unparsed: model.unparsed,
  };
}

/** One diamond's map as SVG (the webview draws it; its nodes name their source). */
export function diamondMap(ctx: ServerContext, params: MapParams): MapResult | null {
  const found = modelFor(ctx, params);
  if (!found) return null;
  const { project, model } = found;
  const diamonds = model.diamonds.map((d) => d.name);
  const diamond = diamonds.find((d) => d === params?.diamond) ?? diamonds[0];
  const layout = diamond !== undefined ? layoutMap(model, diamond) : undefined;
  if (!layout) return null;
  return { root: project.root, diamonds, diamond: layout.diamond, svg: renderMapSvg(layout) };
}
