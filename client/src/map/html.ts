/**
 * The diamond map webview's page and messages, vscode-free: the server's SVG inline (its colours are VS Code's
 * theme variables), a diamond picker when there are several, and a script that posts `open` when a node is
 * clicked (or activated with Enter) and `diamond` when another diamond is picked. What the page posts is
 * untrusted: `mapMessage` checks it, and `sourceOf` opens only files under the project root.
 */
import * as path from 'node:path';
import type { MapResult } from '../../../protocol/requests';

export type MapMessage = { type: 'open'; file: string; line: number } | { type: 'diamond'; name: string };

const escapeHtml = (t: string) => t.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function mapHtml(map: MapResult, opts: { nonce: string; cspSource: string }): string {
  const options = map.diamonds
    .map(
      (d) =>
        `<option value="${escapeHtml(d)}"${d === map.diamond ? ' selected' : ''}>${escapeHtml(d)}</option>`,
    )
    .join('');
  const picker =
    map.diamonds.length > 1
      ? `<label>Diamond <select id="diamond" aria-label="Diamond">${options}</select></label>`
      : `<span>${escapeHtml(map.diamond)}</span>`;
  // The SVG comes from our own server (its text escaped there); the page runs only the nonce'd script.
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${opts.cspSource} 'unsafe-inline'; script-src 'nonce-${opts.nonce}';">
<title>Diamond Map</title>
<style>
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); }
  header { margin: 8px 0 12px; display: flex; gap: 16px; align-items: center; }
  select { color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); border: 1px solid var(--vscode-dropdown-border); }
  .node { cursor: pointer; }
  .node:focus rect, .node:hover rect { stroke: var(--vscode-focusBorder); stroke-width: 2.5; }
</style></head>
<body>
<header><strong>Diamond map</strong>${picker}<span class="hint">Click a facet or a namespace to open its source.</span></header>
<main id="map">${map.svg}</main>
<script nonce="${opts.nonce}">
  const vscode = acquireVsCodeApi();
  for (const g of document.querySelectorAll('g.node[data-file]')) {
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    const open = () => vscode.postMessage({ type: 'open', file: g.dataset.file, line: Number(g.dataset.line) });
    g.addEventListener('click', open);
    g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') open(); });
  }
  const pick = document.getElementById('diamond');
  if (pick) pick.addEventListener('change', () => vscode.postMessage({ type: 'diamond', name: pick.value }));
</script>
</body></html>`;
}

/** A message from the page, or undefined when it is not one we send. */
export function mapMessage(m: unknown): MapMessage | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  if (
    o.type === 'open' &&
    typeof o.file === 'string' &&
    typeof o.line === 'number' &&
    Number.isInteger(o.line)
  )
    return { type: 'open', file: o.file, line: Math.max(1, o.line) };
  if (o.type === 'diamond' && typeof o.name === 'string') return { type: 'diamond', name: o.name };
  return undefined;
}

/** The absolute file a node names, when it lies under the project root (never `../` out of it). */
export function sourceOf(root: string, file: string): string | undefined {
  if (file === '' || path.isAbsolute(file)) return undefined;
  const abs = path.resolve(root, file);
  const rel = path.relative(root, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? abs : undefined;
}
