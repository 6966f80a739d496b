/**
 * Diamond: Show Diamond Map — a webview drawing the project's diamond (the server's `diamond/map`: facets, the
 * namespaces they read and write, calls through the diamond, shared namespaces highlighted, laid out by dagre,
 * in the theme's colours). Clicking a node opens its source; the map is asked again after edits to Solidity
 * files (debounced), so it follows the code as you type; with a connected diamond the facets show the Facet
 * Explorer's drift, and the map follows the explorer. One panel: running the command again reveals it.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { MapRequest, type MapResult } from '../../../protocol/requests';
import type { Ctx } from '../ctx';
import { liveDocsOf } from '../docs';
import { mapHtml, mapMessage, sourceOf } from '../map/html';

const REFRESH_MS = 700;
let panel: vscode.WebviewPanel | undefined;

export const showMap = (ctx: Ctx) => async (): Promise<string | undefined> => {
  if (panel) {
    panel.reveal();
    return panel.title;
  }
  const uri = vscode.window.activeTextEditor?.document.uri.toString();
  let diamond: string | undefined;
  let last: MapResult | undefined;
  // The connected diamond's drift, as the Facet Explorer computed it (nothing recomputed here).
  const fetch = () => {
    const live = liveDocsOf(ctx.explorer.current);
    return ctx.server.request(MapRequest, {
      ...(uri && { uri }),
      ...(diamond && { diamond }),
      ...(live && { live }),
    });
  };
  const first = await fetch();
  if (!first)
    throw new Error('no diamond to draw: the language server found no facets (open a folder with a diamond)');
  const p = vscode.window.createWebviewPanel(
    'diamond.map',
    `Diamond Map: ${first.diamond}`,
    vscode.ViewColumn.Active,
    {
      enableScripts: true,
      localResourceRoots: [],
    },
  );
  panel = p;
  const render = (map: MapResult) => {
    last = map;
    p.title = `Diamond Map: ${map.diamond}`;
    p.webview.html = mapHtml(map, {
      nonce: randomBytes(16).toString('base64'),
      cspSource: p.webview.cspSource,
    });
  };
  render(first);
  const refresh = async () => {
    const map = await fetch();
    if (map && panel === p && (map.svg !== last?.svg || map.diamond !== last?.diamond)) render(map);
  };
  let timer: NodeJS.Timeout | undefined;
  const subscriptions = [
    p.webview.onDidReceiveMessage(async (raw: unknown) => {
      const m = mapMessage(raw);
      if (m?.type === 'diamond') {
        diamond = m.name;
        await refresh();
      } else if (m?.type === 'open' && last) {
        const file = sourceOf(last.root, m.file);
        if (!file) return;
        const line = Math.max(0, m.line - 1);
        await vscode.window.showTextDocument(vscode.Uri.file(file), {
          viewColumn: vscode.ViewColumn.Beside,
          selection: new vscode.Range(line, 0, line, 0),
        });
      }
    }),
    // Connected, disconnected, a new block with another routing: the map follows the explorer.
    ctx.explorer.onDidChangeState(() => {
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), REFRESH_MS);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId !== 'solidity' || e.contentChanges.length === 0) return;
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), REFRESH_MS);
    }),
  ];
  p.onDidDispose(() => {
    clearTimeout(timer);
    for (const s of subscriptions) s.dispose();
    if (panel === p) panel = undefined;
  });
  ctx.log.info(`map: ${first.diamond} (${first.diamonds.length} diamond(s))`);
  return p.title;
};
