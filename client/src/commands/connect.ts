/** Diamond: Connect to Diamond… / Disconnect / Refresh Facet Explorer / Show Facet Explorer. */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { isAddress, recentDeployments, type RecentDeployment } from '../deployments';
import type { ExplorerState } from '../explorer/model';
import { shortHex } from '../explorer/model';
import { recordRoots } from '../project-root';
import { coerceRpcUrl } from '../../../shared/settings';
import { redactUrl } from '../../../chain/src/redact';

type Pick = vscode.QuickPickItem & { deployment?: RecentDeployment; enter?: true };

async function chooseAddress(ctx: Ctx, rpcUrl: string): Promise<string | undefined> {
  const recent = recentDeployments(recordRoots(), ctx.log);
  const items: Pick[] = recent.map((d) => ({
    label: `$(symbol-structure) ${shortHex(d.diamond)}`,
    description: `chain ${d.chainId} · ${new Date(d.timestamp).toLocaleString()}`,
    detail: `${d.facets.length} facets${d.facets.length ? `: ${d.facets.join(', ')}` : ''} · ${vscode.workspace.asRelativePath(d.file)}`,
    deployment: d,
  }));
  if (items.length) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({
    label: '$(edit) Enter address…',
    detail: `A diamond on the chain at ${redactUrl(rpcUrl)}`,
    enter: true,
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Connect the Facet Explorer to a diamond',
    placeHolder: recent.length ? 'Recent deployments of this workspace' : 'No deployments recorded yet',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (picked.deployment) return picked.deployment.diamond;
  const typed = await vscode.window.showInputBox({
    title: 'Diamond address',
    prompt: `The diamond's address on the chain at ${redactUrl(rpcUrl)}`,
    placeHolder: '0x…',
    ignoreFocusOut: true,
    validateInput: (v) => (isAddress(v) ? undefined : 'An address is 0x followed by 40 hex digits.'),
  });
  return typed?.trim();
}

/**
 * Arguments (for walkthroughs, notifications and tests): an address, or `{ address, rpcUrl }`.
 * Without one the user picks from recent deployments or types an address.
 */
export const connectDiamond =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<ExplorerState | undefined> => {
    const given =
      typeof arg === 'string'
        ? { address: arg }
        : (arg as { address?: unknown; rpcUrl?: unknown } | undefined);
    // Arguments can come from command links: an RPC URL is taken only if it is one.
    const rpcUrl = coerceRpcUrl(given?.rpcUrl) ?? ctx.rpcUrl();
    const address =
      typeof given?.address === 'string' && isAddress(given.address)
        ? given.address
        : await chooseAddress(ctx, rpcUrl);
    if (!address) return undefined;
    void vscode.commands.executeCommand('diamond.showExplorer');
    return ctx.explorer.connect({ address, rpcUrl });
  };

export const disconnectDiamond = (ctx: Ctx) => (): void => ctx.explorer.disconnect();

export const refreshExplorer = (ctx: Ctx) => async (): Promise<ExplorerState> => {
  if (!ctx.explorer.connectedTo) {
    void vscode.window.showInformationMessage(
      'No diamond is connected: use "Diamond: Connect to Diamond…" first.',
    );
  }
  return ctx.explorer.refresh(true);
};

export const showExplorer = () => async (): Promise<void> => {
  await vscode.commands.executeCommand('diamond.facetExplorer.focus');
};
