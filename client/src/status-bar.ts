/** The status bar item: language server, local node, connected diamond (text from ./status-model.ts). */
import * as vscode from 'vscode';
import type { ExplorerController } from './explorer/controller';
import type { ServerConnection } from './language-client';
import type { LocalNodeController } from './local-node';
import { statusView, type StatusInput } from './status-model';

export function createStatusBar(
  server: ServerConnection,
  node: LocalNodeController,
  explorer: ExplorerController,
): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('diamond.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Diamond';
  item.command = 'diamond.showExplorer';
  const update = () => {
    const e = explorer.current;
    const input: StatusInput = {
      server: server.state,
      node: node.running,
      explorer:
        e.kind === 'connected'
          ? { kind: 'connected', address: e.view.diamond, chainId: e.view.chainId, rpcUrl: e.rpcUrl }
          : e.kind === 'disconnected'
            ? e
            : { kind: e.kind, address: e.address, rpcUrl: e.rpcUrl },
    };
    const view = statusView(input);
    item.text = view.text;
    item.tooltip = new vscode.MarkdownString(view.tooltip);
    item.backgroundColor =
      view.tone === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.accessibilityInformation = { label: view.tooltip.replace(/^- /gm, '').replace(/\n/g, '. ') };
  };
  update();
  item.show();
  const subscriptions = [
    server.onDidChangeState(update),
    node.onDidChange(update),
    explorer.onDidChangeState(update),
  ];
  return new vscode.Disposable(() => {
    for (const s of subscriptions) s.dispose();
    item.dispose();
  });
}
