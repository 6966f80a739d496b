/** Hover: canonical signature and selector of a function or getter, namespace and slot of a storage constant. */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { toRange } from '../convert';
import { projectFor, type ServerContext } from '../context';

export function hover(ctx: ServerContext, params: HoverParams): Hover | null {
  const at = projectFor(ctx, params.textDocument.uri);
  if (!at) return null;
  const idx = at.project.lineIndex(at.file);
  if (!idx) return null;
  const result = at.project.service.hover(at.file, idx.offsetAt(params.position));
  if (!result) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: result.contents },
    range: toRange(idx, result.span.start, result.span.end),
  };
}
