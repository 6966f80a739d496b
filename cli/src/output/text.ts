/** `file:line:col severity rule message`, one finding a line; related places indented below it. */
import { escapeControls } from './escape';
import type { FindingRecord } from './records';

/** Values from sources (paths, messages naming ids) escaped, line breaks included: one finding, one line. */
const v = (s: string) => escapeControls(s, 'escape');

export function formatText(records: readonly FindingRecord[]): string {
  let out = '';
  for (const r of records) {
    out += `${v(r.file)}:${r.line}:${r.column} ${r.severity} ${r.rule} ${v(r.message)}\n`;
    for (const rel of r.related) out += `  ${v(rel.file)}:${rel.line}: ${v(rel.message)}\n`;
  }
  return out;
}
