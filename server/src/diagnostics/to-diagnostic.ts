/** Engine findings and config problems as LSP diagnostics. */
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver';
import { ruleDocUrl, RULES_DOC_URL, type Finding, type Severity } from '../../../engine';
import { toRange, type UriMap } from '../convert';
import type { ConfigIssue, Project } from '../project/project';

export const DIAGNOSTIC_SOURCE = 'diamond';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function findingToDiagnostic(f: Finding, project: Project, uris: UriMap): Diagnostic | undefined {
  const idx = project.lineIndex(f.file);
  if (!idx) return undefined;
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of f.related) {
    const ri = project.lineIndex(r.file);
    if (ri)
      related.push({
        location: { uri: uris.uriOf(r.file), range: toRange(ri, r.start, r.end) },
        message: r.message,
      });
  }
  return {
    range: toRange(idx, f.start, f.end),
    severity: SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.rule,
    codeDescription: { href: ruleDocUrl(f.rule) },
    message: f.message,
    relatedInformation: related.length ? related : undefined,
  };
}

export function configIssueDiagnostics(issue: ConfigIssue): Diagnostic[] {
  // The config file is not in the project's text map when not open; index its text here.
  return issue.problems.map((p) => {
    const lines = issue.text.slice(0, p.start).split(/\r\n|\r|\n/);
    const endLines = issue.text.slice(0, p.end).split(/\r\n|\r|\n/);
    return {
      range: {
        start: { line: lines.length - 1, character: lines[lines.length - 1].length },
        end: { line: endLines.length - 1, character: endLines[endLines.length - 1].length },
      },
      severity: DiagnosticSeverity.Error,
      source: DIAGNOSTIC_SOURCE,
      code: 'config',
      codeDescription: { href: `${RULES_DOC_URL}#configuration` },
      message: `${p.message} (the last valid configuration stays in force)`,
    };
  });
}
