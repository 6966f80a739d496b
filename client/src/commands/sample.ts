/**
 * Diamond: Open DLOOP Sample — copies the bundled DLOOP diamond (`contracts/` in the extension) into a
 * folder the user picks and opens it. A copy, so edits (the walkthrough's "edit a facet") never touch the
 * extension's own files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

/** `<parent>/dloop-diamond`, or `-2`, `-3`… when taken: never copies over existing files. */
export function freeFolder(parent: string, base = 'dloop-diamond'): string {
  for (let i = 1; ; i++) {
    const candidate = path.join(parent, i === 1 ? base : `${base}-${i}`);
    if (!fs.existsSync(candidate)) return candidate;
  }
}

export const openSample = (ctx: Ctx) => async (): Promise<string | undefined> => {
  const source = ctx.extension.asAbsolutePath('contracts');
  if (!fs.existsSync(source)) throw new Error(`the bundled sample is missing from the extension (${source})`);
  const picked = await vscode.window.showOpenDialog({
    title: 'Where should the DLOOP sample be copied?',
    openLabel: 'Copy Sample Here',
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
  });
  if (!picked?.[0]) return undefined;
  const target = freeFolder(picked[0].fsPath);
  fs.mkdirSync(target, { recursive: true });
  fs.cpSync(source, path.join(target, 'contracts'), { recursive: true });
  // The language server reads diamond.config.json at the folder root; the sample's one says which facets
  // form the diamond (RewardsV2Facet is an upgrade, not a second Rewards facet).
  const config = path.join(target, 'contracts', 'diamond.config.json');
  if (fs.existsSync(config)) fs.renameSync(config, path.join(target, 'diamond.config.json'));
  fs.writeFileSync(path.join(target, '.gitignore'), '.diamond/cache/\n');
  ctx.log.info(`DLOOP sample copied to ${target}`);
  const hasWorkspace = (vscode.workspace.workspaceFolders ?? []).length > 0;
  await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(target), {
    forceNewWindow: hasWorkspace,
  });
  return target;
};
