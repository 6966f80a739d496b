/**
 * Diamond: Create diamond.config.json — writes the configuration the language server inferred (the diamonds, their
 * facets, their diamond contracts; what `diamond init` writes) into the workspace folder's project root and opens
 * it to edit. Never overwrites one that exists: that one is opened instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { InferredConfigRequest } from '../../../protocol/requests';
import type { Ctx } from '../ctx';

export const createConfig = (ctx: Ctx) => async (): Promise<string | undefined> => {
  const inferred = await ctx.server.request(InferredConfigRequest);
  if (!inferred) throw new Error('the language server has no project open (open a folder with .sol files)');
  const file = path.join(inferred.folder, 'diamond.config.json');
  if (fs.existsSync(file)) {
    void vscode.window.showInformationMessage(`${file} exists: opened it to edit.`);
  } else {
    fs.writeFileSync(file, inferred.text, { flag: 'wx' });
    ctx.log.info(`wrote ${file}: ${inferred.diamonds} diamond(s), ${inferred.facets} facet(s) as inferred`);
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file));
  return file;
};
