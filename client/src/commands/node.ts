/** Diamond: Start Local Node / Stop Local Node. */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { NodeStartError, type RunningNode } from '../local-node';

export const startNode = (ctx: Ctx) => async (): Promise<RunningNode | undefined> => {
  const already = ctx.node.running;
  if (already) {
    void vscode.window.showInformationMessage(`The local node is already running at ${already.url}.`);
    return already;
  }
  const port = ctx.settings().nodePort;
  let node: RunningNode;
  try {
    node = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Diamond: starting the local node',
        cancellable: true,
      },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return ctx.node.start(port, abort.signal);
      },
    );
  } catch (err) {
    if (err instanceof NodeStartError && err.cancelled) return undefined;
    throw err;
  }
  // The explorer follows the node through LocalNodeController.onDidChange (extension.ts).
  const deploy = 'Deploy DLOOP Diamond';
  const connect = 'Connect to Diamond…';
  void vscode.window
    .showInformationMessage(
      node.ownedByUs
        ? `Local node running at ${node.url} (chain ${node.chainId}).`
        : `A node already answers at ${node.url} (chain ${node.chainId}): Diamond commands use it.`,
      deploy,
      connect,
    )
    .then((picked) => {
      if (picked === deploy) void vscode.commands.executeCommand('diamond.deploy');
      if (picked === connect) void vscode.commands.executeCommand('diamond.connect');
    });
  return node;
};

export const stopNode = (ctx: Ctx) => async (): Promise<void> => {
  const node = ctx.node.running;
  if (!node) {
    void vscode.window.showInformationMessage('No local node is running.');
    return;
  }
  await ctx.node.stop();
  void vscode.window.showInformationMessage(
    node.ownedByUs
      ? `Local node at ${node.url} stopped.`
      : `Diamond no longer uses the node at ${node.url}; it was not started by Diamond, so it keeps running.`,
  );
};
