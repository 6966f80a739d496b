/**
 * Context-menu commands of the Facet Explorer: Copy Selector, Copy Address, Open Source.
 * From a menu they get the tree node; from the palette they use the explorer's selection.
 */
import * as vscode from 'vscode';
import type { SourceLocation } from '../../../protocol/requests';
import type { Ctx } from '../ctx';
import type { ExplorerNode } from '../explorer/model';

function target(ctx: Ctx, arg: unknown): ExplorerNode | undefined {
  if (arg && typeof arg === 'object' && 'kind' in arg && 'id' in arg) return arg as ExplorerNode;
  return ctx.explorer.view.selection[0];
}

/** Copies a node's selector or address (the palette variant uses the explorer's selection). */
function copyField(field: 'selector' | 'address', hint: string) {
  return (ctx: Ctx) =>
    async (arg?: unknown): Promise<string | undefined> => {
      const value = target(ctx, arg)?.[field];
      if (!value) {
        void vscode.window.showInformationMessage(hint);
        return undefined;
      }
      await vscode.env.clipboard.writeText(value);
      vscode.window.setStatusBarMessage(`Copied ${field} ${value}`, 3000);
      return value;
    };
}

export const copySelector = copyField(
  'selector',
  'Select a function in the Facet Explorer to copy its selector.',
);
export const copyAddress = copyField(
  'address',
  'Select the diamond or a deployed facet in the Facet Explorer.',
);

function isLocation(arg: unknown): arg is SourceLocation {
  return (
    !!arg && typeof arg === 'object' && typeof (arg as SourceLocation).uri === 'string' && 'range' in arg
  );
}

/** A SourceLocation (tree click) or a node (context menu / palette). */
export const openSource =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<vscode.TextEditor | undefined> => {
    const location = isLocation(arg) ? arg : target(ctx, arg)?.location;
    if (!location) {
      void vscode.window.showInformationMessage(
        'No local source implements this. Is the facet in this workspace, and has the language server indexed it?',
      );
      return undefined;
    }
    const { start, end } = location.range;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(location.uri));
    return vscode.window.showTextDocument(doc, {
      selection: new vscode.Range(start.line, start.character, end.line, end.character),
      preview: true,
    });
  };
