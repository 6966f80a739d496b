/**
 * Diamond: Generate Documentation — asks the language server for the project's documentation (`diamond/docs`:
 * storage map, selector registry with the connected diamond's drift, facet dependencies, diamond maps) and
 * writes it to docs/diamond under the project root, as `diamond docs` does. New files are written at once;
 * replacing files that differ asks first (a modal naming them). It only writes docs: allowed untrusted.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeDocs } from '../../../host/src/docs-output';
import { DocsRequest } from '../../../protocol/requests';
import type { Ctx } from '../ctx';
import { docsSummary, docsWritePlan, liveDocsOf, overwriteQuestion } from '../docs';

export const generateDocs = (ctx: Ctx) => async (): Promise<string | undefined> => {
  const uri = vscode.window.activeTextEditor?.document.uri.toString();
  const live = liveDocsOf(ctx.explorer.current);
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'Diamond: reading function bodies for the documentation…',
    },
    () => ctx.server.request(DocsRequest, { format: 'md', ...(uri && { uri }), ...(live && { live }) }),
  );
  if (!result) throw new Error('the language server has no project open (open a folder with .sol files)');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const shown = folder ? path.relative(folder, result.dir) || '.' : result.dir;
  const plan = docsWritePlan(result);
  const question = overwriteQuestion(plan, shown);
  if (question) {
    const pick = await vscode.window.showWarningMessage(question, { modal: true }, 'Replace');
    if (pick !== 'Replace') return undefined;
  }
  writeDocs(result.dir, result.files);
  for (const u of result.unparsed) ctx.log.warn(`docs: ${u.file}: ${u.reason}`);
  ctx.log.info(`docs: ${docsSummary(plan, result.dir)}`);
  const open = 'Open Storage Map';
  void vscode.window.showInformationMessage(docsSummary(plan, shown), open).then((a) => {
    if (a === open)
      void vscode.commands.executeCommand(
        'markdown.showPreview',
        vscode.Uri.file(path.join(result.dir, 'storage-map.md')),
      );
  });
  return result.dir;
};
