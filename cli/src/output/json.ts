/** `--json`: exactly {"findings":[{rule, severity, file, line, column, endLine, endColumn, message, related}]}. */
import type { FindingRecord } from './records';

export function formatJson(records: readonly FindingRecord[]): string {
  const findings = records.map((r) => ({
    rule: r.rule,
    severity: r.severity,
    file: r.file,
    line: r.line,
    column: r.column,
    endLine: r.endLine,
    endColumn: r.endColumn,
    message: r.message,
    related: r.related.map((x) => ({ file: x.file, line: x.line, message: x.message })),
  }));
  return JSON.stringify({ findings }, null, 2) + '\n';
}
