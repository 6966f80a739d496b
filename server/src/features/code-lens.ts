/**
 * Code lenses `0x12345678 · transfer(address,uint256)` above each external/public function of a
 * facet. Clicking copies the selector (the client's `diamond.copySelector` command).
 */
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { toRange } from '../convert';
import { projectFor, type ServerContext } from '../context';

export const COPY_SELECTOR_COMMAND = 'diamond.copySelector';

export function codeLenses(ctx: ServerContext, params: CodeLensParams): CodeLens[] {
  const at = projectFor(ctx, params.textDocument.uri);
  if (!at) return [];
  const idx = at.project.lineIndex(at.file);
  if (!idx) return [];
  return at.project.service.codeLenses(at.file).map((lens) => ({
    range: toRange(idx, lens.span.start, lens.span.end),
    command: {
      title: lens.title,
      command: COPY_SELECTOR_COMMAND,
      arguments: [lens.selector, lens.signature],
    },
  }));
}
