/**
 * DLOOP Diamond Tools: the VS Code extension's entry point. Wires the long-lived parts (output channel,
 * language client, local node, Facet Explorer, status bar, commands) and applies setting changes.
 * Analysis is the language server's; chain work is the chain module's. Nothing here computes either.
 */
import * as vscode from 'vscode';
import { readInterfaceSupport } from '../../chain/src/interface-support';
import { InterfaceIdsRequest } from '../../protocol/requests';
import { registerCommands } from './commands/table';
import { BuildStore, type Ctx } from './ctx';
import { ExplorerController } from './explorer/controller';
import { registerProposalsView } from './proposals/view';
import { explorerSources } from './explorer/sources';
import { ServerConnection } from './language-client';
import { forwardLiveDiamond } from './live-diamond';
import { LocalNodeController } from './local-node';
import { DiamondLogChannel } from './log-channel';
import { keysNeedingNodeRestart, readSettings, type DiamondSettings } from '../../shared/settings';
import { createStatusBar } from './status-bar';
import { createInferenceStatus } from './inference-status';

let stopAll: (() => Promise<void>) | undefined;

function loadSettings(channel: DiamondLogChannel): DiamondSettings {
  const config = vscode.workspace.getConfiguration('diamond');
  const { settings, problems } = readSettings((key) => config.get(key));
  for (const p of problems) channel.log.warn(p);
  return settings;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const channel = new DiamondLogChannel(vscode.window.createOutputChannel('Diamond'));
  context.subscriptions.push(channel);
  let settings = loadSettings(channel);
  channel.configure(settings);
  const log = channel.log;
  log.info(
    `DLOOP Diamond Tools ${context.extension.packageJSON.version} activating (VS Code ${vscode.version})`,
  );

  const server = new ServerConnection(
    context.asAbsolutePath('dist/server.js'),
    channel,
    vscode.Uri.joinPath(context.globalStorageUri, 'compile-cache').fsPath,
  );
  const node = new LocalNodeController(context.asAbsolutePath('dist/cli.js'), context.extensionPath, log);
  const builds = new BuildStore();
  const explorer = new ExplorerController(explorerSources(server, builds), log);
  const buildDiagnostics = vscode.languages.createDiagnosticCollection('diamond-build');
  const ctx: Ctx = {
    extension: context,
    log,
    channel,
    server,
    node,
    explorer,
    buildDiagnostics,
    builds,
    settings: () => settings,
    rpcUrl: () => node.running?.url ?? settings.rpcUrl,
  };
  context.subscriptions.push(server, explorer, buildDiagnostics, ...registerCommands(ctx));
  context.subscriptions.push(registerProposalsView(ctx));
  context.subscriptions.push(createStatusBar(server, node, explorer));
  context.subscriptions.push(createInferenceStatus(server));
  context.subscriptions.push(
    forwardLiveDiamond(explorer, server, {
      ids: async () => (await server.request(InterfaceIdsRequest))?.interfaces.map((i) => i.id),
      read: (rpcUrl, address, ids) => readInterfaceSupport({ rpcUrl, address, ids }),
      warn: (message) => log.warn(message),
    }),
  );

  context.subscriptions.push(
    node.onDidChange((running, unexpected) => {
      void vscode.commands.executeCommand('setContext', 'diamond.nodeRunning', running !== undefined);
      const url = ctx.rpcUrl();
      if (explorer.connectedTo && explorer.connectedTo.rpcUrl !== url) void explorer.moveTo(url);
      // Stopped on purpose: the tree says the RPC is gone, without a notification about what the user just did.
      else if (!running && !unexpected) void explorer.refresh(false);
      if (unexpected) void nodeDied(ctx);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('diamond')) return;
      settings = loadSettings(channel);
      channel.configure(settings);
      if (e.affectsConfiguration('diamond.rpcUrl')) void explorer.moveTo(ctx.rpcUrl());
      const restart = keysNeedingNodeRestart((k) => e.affectsConfiguration(k));
      if (restart.length && node.running?.ownedByUs) void offerNodeRestart(ctx, restart);
    }),
    refreshOnSave(explorer),
    // The server started in Restricted Mode runs no processes on the workspace: restart it with trust.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void server.restart()),
  );

  stopAll = async () => {
    await Promise.allSettled([node.stop(), server.stop()]);
  };

  // Not awaited: activation must not wait for the server; a failure is logged and shown in the status bar.
  server.start().catch((err) => {
    void vscode.window
      .showErrorMessage(
        `The diamond language server did not start: ${err instanceof Error ? err.message : err}`,
        'Show Output',
      )
      .then((picked) => picked && channel.show(true));
  });
}

export async function deactivate(): Promise<void> {
  await stopAll?.();
  stopAll = undefined;
}

async function nodeDied(ctx: Ctx): Promise<void> {
  const start = 'Start Local Node';
  const output = 'Show Output';
  const picked = await vscode.window.showWarningMessage(
    'The local node stopped unexpectedly.',
    start,
    output,
  );
  if (picked === start) await vscode.commands.executeCommand('diamond.startNode');
  if (picked === output) ctx.channel.show(true);
}

async function offerNodeRestart(ctx: Ctx, keys: string[]): Promise<void> {
  const restart = 'Restart Local Node';
  const picked = await vscode.window.showInformationMessage(
    `${keys.join(', ')} applies when the local node starts. The running node keeps its chain state until then.`,
    restart,
  );
  if (picked !== restart) return;
  await vscode.commands.executeCommand('diamond.stopNode');
  await vscode.commands.executeCommand('diamond.startNode');
}

/** A saved facet can change drift markers (local-only selectors): re-read, at most once per second. */
function refreshOnSave(explorer: ExplorerController): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sub = vscode.workspace.onDidSaveTextDocument((doc) => {
    if (doc.languageId !== 'solidity' || !explorer.connectedTo) return;
    clearTimeout(timer);
    timer = setTimeout(() => void explorer.refresh(false), 1000);
  });
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    sub.dispose();
  });
}
