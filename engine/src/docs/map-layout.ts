/**
 * The diamond map's geometry: one diamond's facets and the namespaces they touch, laid out by dagre (the kept
 * layout library, not hand-placed), left to right: facets, then namespaces. Read and write edges go facet →
 * namespace, calls through the diamond facet → facet. A namespace two or more facets touch is `shared`.
 * The same layout is drawn as SVG by `diamond docs` (render-svg.ts) and by the map webview. With a connected
 * diamond (`model.live`, the Facet Explorer's drift), each facet says whether the chain routes it as the sources
 * do (`drift` and a count in its detail), and facets only the chain routes are drawn too. Deterministic: nodes
 * and edges go in sorted, coordinates are rounded to tenths.
 */
import dagre from '@dagrejs/dagre';
import { compareText, namespaceKey, type DocsModel } from './model';

export interface MapNode {
  id: string;
  kind: 'facet' | 'namespace';
  label: string;
  /** A second line: a namespace's library, a facet's selector count (and, when connected, its drift). */
  detail: string;
  shared: boolean;
  /** Connected: the chain routes this facet's selectors otherwise than the sources (or only the chain has it). */
  drift: boolean;
  /** Relative to the project root; line 1-based (clicking a node opens it). */
  file: string;
  line: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MapEdge {
  from: string;
  to: string;
  kind: 'reads' | 'writes' | 'reads-writes' | 'calls';
  points: { x: number; y: number }[];
}

export interface MapLayout {
  diamond: string;
  /** Connected: the chain and diamond, with how many selectors match the sources and how many differ. */
  live?: { chainId: number; address: string; same: number; differences: number };
  width: number;
  height: number;
  nodes: MapNode[];
  edges: MapEdge[];
}

/** Width of a label in the map's font (monospace 12px, ~7.2px a character). */
const CHAR = 7.2;
const NODE_H = 42;
const PAD = 24;

const round = (v: number) => Math.round(v * 10) / 10;

/** The layout of diamond `name` of the model (undefined when the model has no such diamond). */
export function layoutMap(model: DocsModel, name: string): MapLayout | undefined {
  const d = model.diamonds.find((x) => x.name === name);
  if (!d) return undefined;
  const facets = new Map(d.facets.map((f) => [f.name, f]));
  const deps = model.dependencies.filter((x) => facets.has(x.from));
  const byKey = new Map(model.namespaces.map((n) => [namespaceKey(n), n]));
  const touched = new Map<string, Set<string>>();
  for (const dep of deps)
    if (dep.kind !== 'calls') touched.set(dep.to, (touched.get(dep.to) ?? new Set()).add(dep.from));

  const count = new Map<string, number>();
  for (const s of d.selectors) count.set(s.facet, (count.get(s.facet) ?? 0) + 1);
  const live = model.live;
  // Per facet (the local one, or the chain's name or address of it), the selectors that differ.
  const differ = new Map<string, number>();
  for (const x of live?.differences ?? []) differ.set(x.facet, (differ.get(x.facet) ?? 0) + 1);
  const liveDetail = (name: string) => {
    if (!live) return '';
    const k = differ.get(name) ?? 0;
    return k ? ` · ${k} differ on chain` : ' · as on chain';
  };
  const nodes: Omit<MapNode, 'x' | 'y'>[] = [];
  for (const f of [...facets.values()].sort((a, b) => compareText(a.name, b.name))) {
    const n = count.get(f.name) ?? 0;
    const detail = `${n} selector${n === 1 ? '' : 's'}${liveDetail(f.name)}`;
    nodes.push(box(`facet:${f.name}`, 'facet', f.name, detail, false, f.file, f.line, differ.has(f.name)));
  }
  // What only the chain routes (a facet no local source is, or an address the explorer could not name); a
  // local-only difference of a facet of another diamond is not this map's.
  const chainOnly = new Map<string, number>();
  for (const x of live?.differences ?? [])
    if (!facets.has(x.facet) && x.drift.includes('on-chain-only'))
      chainOnly.set(x.facet, (chainOnly.get(x.facet) ?? 0) + 1);
  for (const name of [...chainOnly.keys()].sort(compareText)) {
    const k = chainOnly.get(name)!;
    const detail = `on chain only · ${k} selector${k === 1 ? '' : 's'}`;
    nodes.push(box(`chain:${name}`, 'facet', name, detail, false, '', 0, true));
  }
  for (const key of [...touched.keys()].sort(compareText)) {
    const ns = byKey.get(key);
    nodes.push(
      box(
        `ns:${key}`,
        'namespace',
        key,
        ns?.library ?? '',
        touched.get(key)!.size > 1,
        ns?.file ?? '',
        ns?.line ?? 0,
        false,
      ),
    );
  }

  const edges = new Map<string, MapEdge['kind']>();
  for (const dep of deps) {
    if (dep.kind === 'calls') {
      if (facets.has(dep.to)) edges.set(`facet:${dep.from}\0facet:${dep.to}`, 'calls');
      continue;
    }
    const k = `facet:${dep.from}\0ns:${dep.to}`;
    const had = edges.get(k);
    edges.set(k, had && had !== dep.kind ? 'reads-writes' : dep.kind);
  }

  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 120, marginx: PAD, marginy: PAD });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  const sortedEdges = [...edges].sort(([a], [b]) => compareText(a, b));
  for (const [k, kind] of sortedEdges) {
    const [from, to] = k.split('\0');
    // A call puts the callee one rank right of its caller; it weighs nothing in the ordering.
    g.setEdge(from, to, kind === 'calls' ? { minlen: 1, weight: 0 } : { weight: 1 });
  }
  dagre.layout(g);
  const graph = g.graph();
  const laid: MapNode[] = nodes.map((n) => {
    const p = g.node(n.id);
    return { ...n, x: round(p.x ?? 0), y: round(p.y ?? 0) };
  });
  const laidEdges: MapEdge[] = sortedEdges.map(([k, kind]) => {
    const [from, to] = k.split('\0');
    const e = g.edge(from, to);
    return {
      from,
      to,
      kind,
      points: (e?.points ?? []).map((p: { x: number; y: number }) => ({ x: round(p.x), y: round(p.y) })),
    };
  });
  return {
    diamond: d.name,
    ...(live && {
      live: {
        chainId: live.chainId,
        address: live.address,
        same: live.same,
        differences: live.differences.length,
      },
    }),
    width: round(graph.width ?? 0),
    height: round(graph.height ?? 0),
    nodes: laid,
    edges: laidEdges,
  };
}

function box(
  id: string,
  kind: MapNode['kind'],
  label: string,
  detail: string,
  shared: boolean,
  file: string,
  line: number,
  drift: boolean,
): Omit<MapNode, 'x' | 'y'> {
  const width = round(Math.max(label.length, detail.length) * CHAR + 24);
  return { id, kind, label, detail, shared, drift, file, line, width, height: NODE_H };
}
