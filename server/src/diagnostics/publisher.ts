/**
 * Publishes diagnostics per file, only where they changed: a duplicate appears in both facets'
 * files in the same pass, and a file whose findings went away gets an empty list (cleared).
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { UriMap } from '../convert';
import type { Project } from '../project/project';
import { configIssueDiagnostics, findingToDiagnostic } from './to-diagnostic';

export class DiagnosticsPublisher {
  /** What each project last published: uri → fingerprint of the diagnostics. */
  private readonly published = new Map<Project, Map<string, string>>();
  relatedInformation = true;

  constructor(
    private readonly connection: Connection,
    private readonly uris: UriMap,
  ) {}

  /** Publishes `project.findings` (and its config problems); returns how many files were sent. */
  publish(project: Project): number {
    const byUri = new Map<string, Diagnostic[]>();
    for (const f of project.findings) {
      const d = findingToDiagnostic(f, project, this.uris);
      if (!d) continue;
      if (!this.relatedInformation) delete d.relatedInformation;
      const uri = this.uris.uriOf(f.file);
      let list = byUri.get(uri);
      if (!list) byUri.set(uri, (list = []));
      list.push(d);
    }
    if (project.configIssue) {
      const uri = this.uris.uriOf(project.configIssue.file);
      byUri.set(uri, [...(byUri.get(uri) ?? []), ...configIssueDiagnostics(project.configIssue)]);
    }
    const before = this.published.get(project) ?? new Map<string, string>();
    const after = new Map<string, string>();
    let sent = 0;
    for (const [uri, diagnostics] of byUri) {
      diagnostics.sort(
        (a, b) =>
          a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
      );
      const fp = JSON.stringify(diagnostics);
      after.set(uri, fp);
      if (before.get(uri) !== fp) {
        void this.connection.sendDiagnostics({ uri, diagnostics });
        sent++;
      }
    }
    for (const uri of before.keys()) {
      if (!after.has(uri)) {
        void this.connection.sendDiagnostics({ uri, diagnostics: [] });
        sent++;
      }
    }
    this.published.set(project, after);
    return sent;
  }

  /** Clears everything a project published (its folder was removed). */
  clear(project: Project): void {
    for (const uri of this.published.get(project)?.keys() ?? []) {
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.published.delete(project);
  }
}
