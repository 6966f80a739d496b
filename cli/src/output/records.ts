/** Findings as the CLI prints them: files relative to cwd, 1-based lines and columns, sorted. */
import { relative, sep } from 'node:path';
import type { Finding, LineIndex, RuleId, Severity } from '../../../engine';

export interface FindingRecord {
  rule: RuleId;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  related: { file: string; line: number; message: string }[];
}

/** A path relative to cwd with '/' separators (stable across platforms in JSON and SARIF). */
export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}

export function toRecords(
  findings: readonly Finding[],
  cwd: string,
  lines: (file: string) => LineIndex | undefined,
): FindingRecord[] {
  const pos = (file: string, offset: number) => {
    const p = lines(file)?.positionAt(offset) ?? { line: 0, character: 0 };
    return { line: p.line + 1, column: p.character + 1 };
  };
  const records = findings.map((f): FindingRecord => {
    const s = pos(f.file, f.start);
    const e = pos(f.file, f.end);
    return {
      rule: f.rule,
      severity: f.severity,
      file: displayPath(cwd, f.file),
      line: s.line,
      column: s.column,
      endLine: e.line,
      endColumn: e.column,
      message: f.message,
      related: f.related.map((r) => ({
        file: displayPath(cwd, r.file),
        line: pos(r.file, r.start).line,
        message: r.message,
      })),
    };
  });
  return records.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}
