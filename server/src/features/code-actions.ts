/** Quick fixes: the mechanical fixes findings carry (e.g. the right ERC-7201 slot constant). */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver';
import { toRange } from '../convert';
import { projectFor, type ServerContext } from '../context';
import { DIAGNOSTIC_SOURCE } from '../diagnostics/to-diagnostic';

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function codeActions(ctx: ServerContext, params: CodeActionParams): CodeAction[] {
  if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k)))
    return [];
  const at = projectFor(ctx, params.textDocument.uri);
  if (!at) return [];
  const { project, file } = at;
  const idx = project.lineIndex(file);
  if (!idx) return [];
  const want = { start: idx.offsetAt(params.range.start), end: idx.offsetAt(params.range.end) };
  const actions: CodeAction[] = [];
  for (const f of project.findings) {
    if (f.file !== file || !f.fixes?.length || !overlaps(f, want)) continue;
    const range = toRange(idx, f.start, f.end);
    const diagnostic: Diagnostic = params.context.diagnostics.find(
      (d) =>
        d.code === f.rule &&
        d.source === DIAGNOSTIC_SOURCE &&
        d.range.start.line === range.start.line &&
        d.range.start.character === range.start.character,
    ) ?? { range, message: f.message, code: f.rule, source: DIAGNOSTIC_SOURCE };
    for (const fix of f.fixes) {
      const changes: Record<string, TextEdit[]> = {};
      let ok = true;
      for (const e of fix.edits) {
        const ei = project.lineIndex(e.file);
        if (!ei) {
          ok = false;
          break;
        }
        (changes[ctx.uris.uriOf(e.file)] ??= []).push({
          range: toRange(ei, e.start, e.end),
          newText: e.newText,
        });
      }
      if (!ok) continue;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred ?? f.fixes.length === 1,
        edit: { changes },
      });
    }
  }
  return actions;
}
