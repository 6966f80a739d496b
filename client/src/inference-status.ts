/**
 * The inference status bar item: the diamonds and facets the server found and the imports it could not follow
 * (text and tooltip from ./inference-status-model.ts), asked again (`diamond/inference`) after each analysis
 * pass the server announces (`diamond/analysisDone`). Clicking it offers Create diamond.config.json.
 */
import * as vscode from 'vscode';
import { AnalysisDoneNotification, InferenceRequest } from '../../protocol/requests';
import { inferenceStatusView } from './inference-status-model';
import type { ServerConnection } from './language-client';

export function createInferenceStatus(server: ServerConnection): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('diamond.inference', vscode.StatusBarAlignment.Left, 9);
  item.name = 'Diamond: inferred diamonds';
  item.command = 'diamond.createConfig';
  /** One request at a time; a pass announced meanwhile asks once more when it returns. */
  let inFlight = false;
  let again = false;
  const refresh = async (): Promise<void> => {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      do {
        again = false;
        const overview = await server.request(InferenceRequest);
        if (!overview) {
          item.hide();
          continue;
        }
        const view = inferenceStatusView(overview);
        item.text = view.text;
        item.tooltip = new vscode.MarkdownString(view.tooltip);
        item.backgroundColor =
          view.tone === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
        item.accessibilityInformation = { label: view.text.replace(/\$\([^)]*\)\s*/g, '') };
        item.show();
      } while (again);
    } finally {
      inFlight = false;
    }
  };
  const subscriptions = [
    server.onNotification(AnalysisDoneNotification, () => void refresh()),
    server.onDidChangeState((s) => (s === 'running' ? void refresh() : item.hide())),
  ];
  return new vscode.Disposable(() => {
    for (const s of subscriptions) s.dispose();
    item.dispose();
  });
}
