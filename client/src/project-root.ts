/** Which workspace folder a build or deploy works on, and the unsaved Solidity buffers under it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { upgradeHistoryDir } from '../../chain/src/upgrade-history';

/** The only folder, else the active editor's folder, else the user's pick; undefined when there is none. */
export async function pickProjectRoot(purpose: string): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) {
    const open = 'Open DLOOP Sample';
    const picked = await vscode.window.showErrorMessage(
      `${purpose} needs a folder with Solidity sources. Open one, or copy the bundled DLOOP sample.`,
      open,
    );
    if (picked === open) await vscode.commands.executeCommand('diamond.openSample');
    return undefined;
  }
  if (folders.length === 1) return folders[0].uri.fsPath;
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeFolder = active && vscode.workspace.getWorkspaceFolder(active);
  if (activeFolder?.uri.scheme === 'file') return activeFolder.uri.fsPath;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: `Folder for ${purpose}` });
  return picked?.uri.fsPath;
}

/** Unsaved `.sol` editors under `root` (absolute path → text): compile what the user sees, not the disk. */
export function unsavedSolidity(root: string): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || doc.uri.scheme !== 'file' || !doc.uri.fsPath.endsWith('.sol')) continue;
    const rel = path.relative(root, doc.uri.fsPath);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) sources[doc.uri.fsPath] = doc.getText();
  }
  return sources;
}

const fileFolders = () =>
  (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);

/**
 * Folders holding a DLOOP project the deploy routine takes (`<root>/contracts/Diamond.sol`): a workspace
 * folder, or the parent of a workspace folder that is itself the `contracts/` folder (the bundled sample
 * opened directly).
 */
export function dloopRoots(): string[] {
  const roots = new Set<string>();
  for (const folder of fileFolders()) {
    if (fs.existsSync(path.join(folder, 'contracts', 'Diamond.sol'))) roots.add(folder);
    else if (path.basename(folder) === 'contracts' && fs.existsSync(path.join(folder, 'Diamond.sol'))) {
      roots.add(path.dirname(folder));
    }
  }
  return [...roots];
}

/** Where deployment records (`.diamond/deployments/`) may live: the workspace folders and the DLOOP roots. */
export function recordRoots(): string[] {
  return [...new Set([...fileFolders(), ...dloopRoots()])];
}

/**
 * The project folder whose upgrade history (`.diamond/upgrades/`) knows this diamond: proposals are recorded in
 * the root the plan was made in (the DLOOP root above an opened `contracts/`), which need not be the workspace
 * folder. undefined when none does.
 */
export function upgradeHistoryRoot(chainId: number, diamond: string): string | undefined {
  return recordRoots().find((r) => fs.existsSync(upgradeHistoryDir(r, chainId, diamond)));
}
