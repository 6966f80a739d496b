/**
 * `diamond/docs` and `diamond/map`: the project's documentation files (each compared with its docs folder) and
 * one diamond's map, answered by the docs worker (docs-worker/client.ts) off the server's thread, so the
 * full-body parses never delay diagnostics. Map requests while typing are latest-wins per diamond. Without the
 * worker's bundle (code bundled another way) they are answered here, by the same functions (docs-answer.ts).
 * The connected diamond's drift comes from the client (the Facet Explorer computed it) and goes in as given.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DocsRequest,
  MapRequest,
  type DocsParams,
  type DocsResult,
  type MapParams,
  type MapResult,
} from '../../../protocol/requests';
import { projectFor, type ServerContext } from '../context';
import { DocsWorkerClient, type Cancellation } from '../docs-worker/client';
import { guardAsync } from '../guard';
import type { Project } from '../project/project';
import { docsAnswer, mapAnswer } from './docs-answer';

/** The project the docs are for: the one owning `uri`, else the outermost project that has a diamond's facets. */
function docsProject(ctx: ServerContext, uri: unknown): (Project & { root: string }) | undefined {
  const owner = typeof uri === 'string' ? projectFor(ctx, uri)?.project : undefined;
  if (owner?.root !== undefined) return owner as Project & { root: string };
  const rooted = ctx.projects
    .all()
    .filter((p): p is Project & { root: string } => p.root !== undefined)
    .sort((a, b) => a.root.length - b.root.length);
  for (const p of rooted) p.flush();
  return rooted.find((p) => p.service.diamonds().diamonds.some((d) => d.facets.length > 0)) ?? rooted[0];
}

/** `diamond/docs` on the server's thread (no worker; and what the worker's answer must equal). */
export function docs(ctx: ServerContext, params: DocsParams): DocsResult | null {
  const project = docsProject(ctx, params?.uri);
  if (!project) return null;
  project.flush();
  return docsAnswer(project.root, project.service.docs(), params);
}

/** `diamond/map` on the server's thread. */
export function diamondMap(ctx: ServerContext, params: MapParams): MapResult | null {
  const project = docsProject(ctx, params?.uri);
  if (!project) return null;
  project.flush();
  return mapAnswer(project.root, project.service.docs(), params);
}

/** Wires both requests: to the docs worker beside this bundle when it is there, else on this thread. */
export function registerDocs(
  ctx: ServerContext,
  script = join(__dirname, 'docs-worker.js'),
): { dispose(): void } {
  const roots = () => ctx.projects.all().flatMap((p) => (p.root !== undefined ? [p.root] : []));
  const worker = existsSync(script) ? new DocsWorkerClient(script, ctx.log, roots) : undefined;
  if (!worker)
    ctx.log.warn(`[docs] no docs worker at ${script}: docs and maps are built on the server's thread`);
  const offThread = async (
    params: DocsParams | MapParams,
    what: 'docs' | 'map',
    token: Cancellation,
  ): Promise<DocsResult | MapResult | null> => {
    const project = docsProject(ctx, params?.uri);
    if (!project) return null;
    const job =
      what === 'docs'
        ? { kind: 'docs' as const, params: params as DocsParams }
        : { kind: 'map' as const, params: params as MapParams };
    // While typing the map is asked again after each edit: only the latest matters.
    const key = what === 'map' ? `${project.root}\0${(params as MapParams).diamond ?? ''}` : undefined;
    return (await worker!.run(project, job, { key, token })) ?? null;
  };
  ctx.connection.onRequest(
    DocsRequest.method,
    guardAsync(ctx.log, DocsRequest.method, null, async (p: DocsParams, token: Cancellation) =>
      worker ? ((await offThread(p, 'docs', token)) as DocsResult | null) : docs(ctx, p),
    ),
  );
  ctx.connection.onRequest(
    MapRequest.method,
    guardAsync(ctx.log, MapRequest.method, null, async (p: MapParams, token: Cancellation) =>
      worker ? ((await offThread(p, 'map', token)) as MapResult | null) : diamondMap(ctx, p),
    ),
  );
  return { dispose: () => worker?.dispose() };
}
