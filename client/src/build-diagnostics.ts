/**
 * solc messages from "Build Facets" → diagnostics for the `diamond-build` collection, grouped by file.
 * Pure: the command turns these into vscode.Diagnostics. Kept apart from the language server's findings
 * (their own collection), so a build never erases analysis results and vice versa.
 */
import * as path from 'node:path';
import type { CompilerMessage } from '../../chain/src/compile-types';

export interface BuildDiagnostic {
  severity: 'error' | 'warning';
  /** 0-based, UTF-16: LSP/VS Code positions. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  code?: string;
}

export interface BuildDiagnostics {
  /** Absolute path → diagnostics in that file. */
  byFile: Map<string, BuildDiagnostic[]>;
  /** Messages solc gave without a file (e.g. "no sources"): the command shows them in the notification. */
  unplaced: CompilerMessage[];
}

export function toBuildDiagnostics(root: string, messages: readonly CompilerMessage[]): BuildDiagnostics {
  const byFile = new Map<string, BuildDiagnostic[]>();
  const unplaced: CompilerMessage[] = [];
  for (const m of messages) {
    if (!m.file || m.line === undefined || m.column === undefined) {
      unplaced.push(m);
      continue;
    }
    const file = path.resolve(root, m.file);
    const start = { line: m.line - 1, character: m.column - 1 };
    // solc gives a start/end span; we know the start's line and column. A span that runs past its first
    // line is cut at that line's end by VS Code, which still marks the right place.
    const length = m.start !== undefined && m.end !== undefined ? Math.max(1, m.end - m.start) : 1;
    const list = byFile.get(file) ?? [];
    list.push({
      severity: m.severity,
      range: { start, end: { line: start.line, character: start.character + length } },
      message: m.message,
      code: m.code,
    });
    byFile.set(file, list);
  }
  return { byFile, unplaced };
}

export function summariseBuild(
  contracts: number,
  messages: readonly CompilerMessage[],
  cached: boolean,
): string {
  const errors = messages.filter((m) => m.severity === 'error').length;
  const warnings = messages.length - errors;
  if (errors > 0)
    return `Build failed: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`;
  return `Built ${contracts} contract${contracts === 1 ? '' : 's'}${cached ? ' (unchanged, from cache)' : ''}${
    warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''
  }.`;
}
