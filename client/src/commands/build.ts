/** Diamond: Build Facets — solc-js in a worker thread, errors as `diamond-build` diagnostics. */
import * as vscode from 'vscode';
import { compileInWorker } from '../../../chain/src/compile-in-worker';
import { hasErrors, type CompileResult } from '../../../chain/src/compile-types';
import { summariseBuild, toBuildDiagnostics, type BuildDiagnostic } from '../build-diagnostics';
import type { Ctx } from '../ctx';
import { pickProjectRoot, unsavedSolidity } from '../project-root';

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
} as const;

/**
 * Compiles the workspace folder `root` off the extension host's thread; undefined when the user cancelled.
 * The chain module opens the project there (files, remappings, cache) bounded by the folder, as the
 * language server does, so a build sees what the analysis sees.
 */
export async function compileWithProgress(
  ctx: Ctx,
  root: string,
  title = 'Diamond: building facets',
): Promise<CompileResult | undefined> {
  const started = Date.now();
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return compileInWorker({
          root,
          top: root,
          sources: unsavedSolidity(root),
          onProgress: (p) => progress.report(p),
          signal: abort.signal,
        });
      },
    );
    ctx.log.info(
      `build ${root}: ${result.contracts.length} contracts, ${result.errors.length} messages, ` +
        `${Date.now() - started} ms${result.cached ? ' (cache)' : ''}`,
    );
    if (!hasErrors(result)) ctx.builds.set(root, result);
    return result;
  } catch (err) {
    if (err instanceof Error && err.name === 'AbortError') {
      ctx.log.info(`build ${root}: cancelled`);
      return undefined;
    }
    throw err;
  }
}

/** Replaces the `diamond-build` diagnostics with this build's messages (paths relative to `root`). */
export function publishBuild(ctx: Ctx, root: string, result: CompileResult): void {
  const { byFile, unplaced } = toBuildDiagnostics(root, result.errors);
  ctx.buildDiagnostics.clear();
  for (const [file, list] of byFile) {
    ctx.buildDiagnostics.set(vscode.Uri.file(file), list.map(toDiagnostic));
  }
  for (const m of unplaced) ctx.log.warn(`solc: ${m.formatted}`);
}

function toDiagnostic(d: BuildDiagnostic): vscode.Diagnostic {
  const r = d.range;
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
    d.message,
    SEVERITY[d.severity],
  );
  diagnostic.source = 'solc';
  if (d.code) diagnostic.code = d.code;
  return diagnostic;
}

export const buildFacets = (ctx: Ctx) => async (): Promise<CompileResult | undefined> => {
  const root = await pickProjectRoot('Build Facets');
  if (!root) return undefined;
  const result = await compileWithProgress(ctx, root);
  if (!result) return undefined;
  publishBuild(ctx, root, result);
  const summary = summariseBuild(result.contracts.length, result.errors, result.cached === true);
  if (hasErrors(result)) {
    const show = 'Show Problems';
    void vscode.window.showErrorMessage(summary, show).then((picked) => {
      if (picked === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  } else {
    void vscode.window.showInformationMessage(summary);
    // Names of facets on chain come from these artifacts: show the fresh ones.
    if (ctx.explorer.connectedTo) void ctx.explorer.refresh(false);
  }
  return result;
};
