/**
 * The diamond map as a standalone SVG (what `diamond docs` writes beside the Markdown): facets on the left,
 * the namespaces they touch on the right, writes as solid arrows, reads dashed, calls through the diamond
 * dotted; a namespace two or more facets touch is drawn in the accent colour. Colours are CSS variables
 * with fallbacks: VS Code's theme colours inside a webview, a light palette anywhere else.
 */
import type { MapLayout, MapNode } from './map-layout';

const STYLE = `
  .bg { fill: var(--vscode-editor-background, #ffffff); }
  .node rect { fill: var(--vscode-editorWidget-background, #f3f3f3); stroke: var(--vscode-editorWidget-border, #8a8a8a); stroke-width: 1; }
  .facet rect { rx: 6; }
  .namespace rect { rx: 14; }
  .shared rect { stroke: var(--vscode-charts-orange, #d18616); stroke-width: 2.5; }
  .drift rect { stroke: var(--vscode-charts-yellow, #b89500); stroke-width: 2.5; stroke-dasharray: 6 3; }
  .label { font: 12px monospace; fill: var(--vscode-editor-foreground, #1f1f1f); }
  .detail { font: 10px monospace; fill: var(--vscode-descriptionForeground, #6b6b6b); }
  .edge { fill: none; stroke-width: 1.4; }
  .writes, .reads-writes { stroke: var(--vscode-charts-red, #c72e2e); }
  .reads { stroke: var(--vscode-charts-blue, #1a73c8); stroke-dasharray: 5 3; }
  .calls { stroke: var(--vscode-charts-purple, #7b3fbf); stroke-dasharray: 2 3; }
  .arrow-writes, .arrow-reads-writes { fill: var(--vscode-charts-red, #c72e2e); }
  .arrow-reads { fill: var(--vscode-charts-blue, #1a73c8); }
  .arrow-calls { fill: var(--vscode-charts-purple, #7b3fbf); }
  .legend { font: 11px monospace; fill: var(--vscode-descriptionForeground, #6b6b6b); }
`;

const KINDS = ['writes', 'reads', 'reads-writes', 'calls'] as const;
const LEGEND_H = 40;
/** The line under the map that says what the connected diamond routes (only when connected). */
const LIVE_H = 15;

export function escapeXml(t: string): string {
  return t.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const num = (v: number) => String(Math.round(v * 10) / 10);

function nodeSvg(n: MapNode): string {
  const x = n.x - n.width / 2;
  const y = n.y - n.height / 2;
  const cls = ['node', n.kind, ...(n.shared ? ['shared'] : []), ...(n.drift ? ['drift'] : [])].join(' ');
  const where = n.file ? ` — ${n.file}:${n.line}` : '';
  const title = `${n.label}${n.detail ? ` (${n.detail})` : ''}${n.shared ? ': shared' : ''}${where}`;
  return [
    `  <g class="${cls}" data-id="${escapeXml(n.id)}" data-file="${escapeXml(n.file)}" data-line="${n.line}">`,
    `    <title>${escapeXml(title)}</title>`,
    `    <rect x="${num(x)}" y="${num(y)}" width="${num(n.width)}" height="${num(n.height)}"/>`,
    `    <text class="label" x="${num(n.x)}" y="${num(n.y - 3)}" text-anchor="middle">${escapeXml(n.label)}</text>`,
    `    <text class="detail" x="${num(n.x)}" y="${num(n.y + 12)}" text-anchor="middle">${escapeXml(n.detail)}</text>`,
    '  </g>',
  ].join('\n');
}

export function renderMapSvg(layout: MapLayout): string {
  const w = Math.max(layout.width, 520);
  const h = layout.height + LEGEND_H + (layout.live ? LIVE_H : 0);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(w)}" height="${num(h)}" viewBox="0 0 ${num(w)} ${num(h)}" role="img" aria-label="${escapeXml(`Diamond map: ${layout.diamond}`)}">`,
    `  <title>${escapeXml(`Diamond map: ${layout.diamond}`)}</title>`,
    `  <style>${STYLE}  </style>`,
    '  <defs>',
    ...KINDS.map(
      (k) =>
        `    <marker id="arrow-${k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow-${k}" d="M0,0 L10,5 L0,10 z"/></marker>`,
    ),
    '  </defs>',
    `  <rect class="bg" x="0" y="0" width="${num(w)}" height="${num(h)}"/>`,
  );
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${num(p.x)},${num(p.y)}`).join(' ');
    out.push(
      `  <path class="edge ${e.kind}" d="${d}" marker-end="url(#arrow-${e.kind})"><title>${escapeXml(`${e.from.replace(/^\w+:/, '')} ${e.kind} ${e.to.replace(/^\w+:/, '')}`)}</title></path>`,
    );
  }
  for (const n of layout.nodes) out.push(nodeSvg(n));
  const ly = layout.height + 16;
  out.push(
    `  <text class="legend" x="${PAD_X}" y="${num(ly)}">solid red: writes (and reads) · dashed blue: reads</text>`,
    `  <text class="legend" x="${PAD_X}" y="${num(ly + 15)}">dotted purple: calls through the diamond · orange: shared namespace</text>`,
    ...(layout.live
      ? [
          `  <text class="legend live" x="${PAD_X}" y="${num(ly + 30)}">${escapeXml(
            `connected: ${layout.live.address} on chain ${layout.live.chainId}: ${layout.live.same} selector(s) as the sources, ${layout.live.differences} differ (dashed yellow)`,
          )}</text>`,
        ]
      : []),
    '</svg>',
    '',
  );
  return out.join('\n');
}

const PAD_X = 24;
