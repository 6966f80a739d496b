/** The custom requests of protocol/requests.ts, answered from every project's analysis. */
import type {
  AnalysisStats,
  InferenceOverview,
  InferredConfig,
  LocalContract,
  LocalNamespace,
  ResolvedSelector,
  ResolveSelectorsParams,
  SourceLocation,
} from '../../../protocol/requests';
import { inferredConfigText, type Span } from '../../../engine';
import { toRange } from '../convert';
import type { ServerContext } from '../context';
import type { Project } from '../project/project';

function location(ctx: ServerContext, project: Project, file: string, span: Span): SourceLocation {
  const idx = project.lineIndex(file);
  const zero = { line: 0, character: 0 };
  return {
    uri: ctx.uris.uriOf(file),
    range: idx ? toRange(idx, span.start, span.end) : { start: zero, end: zero },
  };
}

function flushed(ctx: ServerContext): Project[] {
  const all = ctx.projects.all();
  for (const p of all) p.flush();
  return all;
}

export function contracts(ctx: ServerContext): { contracts: LocalContract[] } {
  const out: LocalContract[] = [];
  for (const p of flushed(ctx)) {
    for (const c of p.service.contractSelectors()) {
      out.push({
        name: c.name,
        uri: ctx.uris.uriOf(c.file),
        isFacet: c.isFacet,
        functions: c.functions.map((f) => ({
          selector: f.selector,
          signature: f.signature,
          location: location(ctx, p, f.file, f.span),
        })),
      });
    }
  }
  return { contracts: out };
}

export function resolveSelectors(
  ctx: ServerContext,
  params: ResolveSelectorsParams,
): { results: ResolvedSelector[] } {
  const wanted = new Map<string, ResolvedSelector>();
  for (const s of params?.selectors ?? []) {
    if (typeof s !== 'string') continue;
    const sel = s.toLowerCase();
    if (!wanted.has(sel)) wanted.set(sel, { selector: sel, signature: null, contracts: [] });
  }
  for (const p of flushed(ctx)) {
    // Facets first: an on-chain selector is most likely implemented by a facet.
    const cs = p.service
      .contractSelectors()
      .filter((c) => c.kind === 'contract')
      .sort((a, b) => Number(b.isFacet) - Number(a.isFacet));
    for (const c of cs) {
      for (const f of c.functions) {
        const r = wanted.get(f.selector);
        if (!r) continue;
        r.signature ??= f.signature;
        r.contracts.push({ name: c.name, location: location(ctx, p, f.file, f.span) });
      }
    }
  }
  return { results: [...wanted.values()] };
}

export function namespaces(ctx: ServerContext): { namespaces: LocalNamespace[] } {
  const out: LocalNamespace[] = [];
  // A library imported by several projects is listed once, by the project owning its file when one does.
  const seen = new Set<string>();
  const all = flushed(ctx).flatMap((p) => p.service.namespaces().map((n) => ({ p, n })));
  const owned = all.filter(({ p, n }) => ctx.projects.forFile(n.file) === p);
  for (const { p, n } of [...owned, ...all]) {
    const key = `${n.file}\0${n.span.start}\0${n.slot}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      id: n.id ?? null,
      scheme: n.scheme,
      slot: n.slot,
      owner: n.owner,
      struct: n.struct ?? null,
      location: location(ctx, p, n.file, n.span),
    });
  }
  return { namespaces: out };
}

export function analysisStats(ctx: ServerContext): AnalysisStats {
  let files = 0;
  let contractCount = 0;
  let facets = 0;
  let findings = 0;
  for (const p of flushed(ctx)) {
    files += p.fileCount;
    const cs = p.service.contractSelectors();
    contractCount += cs.length;
    facets += cs.filter((c) => c.isFacet).length;
    findings += p.findings.filter((f) => ctx.projects.publishes(p, f.file)).length;
  }
  return { files, contracts: contractCount, facets, findings };
}

/** The outermost project's inferred config (the workspace folder's): what `diamond init` writes. */
export function inferredConfig(ctx: ServerContext): InferredConfig | null {
  const top = flushed(ctx)
    .filter((p) => p.root !== undefined)
    .sort((a, b) => a.root!.length - b.root!.length)[0];
  if (!top) return null;
  const overview = top.service.diamonds();
  const diamonds = overview.diamonds.filter((d) => d.facets.length > 0 && !d.ownFile);
  return {
    folder: top.root!,
    text: inferredConfigText(overview),
    diamonds: diamonds.length,
    facets: diamonds.reduce((n, d) => n + d.facets.length, 0),
  };
}

/** `diamond/inference`: every project's diamonds, notes and unresolved imports (the status bar item). */
export function inference(ctx: ServerContext): InferenceOverview {
  const projects: InferenceOverview['projects'] = [];
  for (const p of flushed(ctx)) {
    if (p.root === undefined) continue;
    const overview = p.service.diamonds();
    const unresolved = p.service
      .incompleteness()
      .unresolvedImports.filter((u) => ctx.projects.publishes(p, u.file));
    projects.push({
      folder: p.root,
      diamonds: overview.diamonds
        // A test file opened as its own diamond is that file's business, not the project's inference.
        .filter((d) => !d.ownFile && (d.facets.length > 0 || d.source === 'config'))
        .map((d) => ({
          name: d.name,
          source: d.source,
          ...(d.evidence && { evidence: d.evidence }),
          ...(d.proxy && { proxy: d.proxy.name }),
          facets: d.facets.map((f) => ({
            name: f.name,
            path: f.path,
            ...(f.registeredBy !== undefined && { registeredBy: f.registeredBy }),
          })),
        })),
      notes: overview.notes,
      unresolvedImports: unresolved.map((u) => ({
        uri: ctx.uris.uriOf(u.file),
        path: u.path,
        line: p.lineIndex(u.file)?.positionAt(u.start).line ?? 0,
      })),
    });
  }
  return { projects };
}
