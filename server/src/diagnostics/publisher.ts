/**
 * Publishes diagnostics per file, only where they changed: a duplicate appears in both facets'
 * files in the same pass, and a file whose findings went away gets an empty list (cleared).
 * Each project contributes the diagnostics of the files it reports on; a file's list is the merge of
 * every project's contribution, so one project's pass never wipes what another published (files change
 * hands when a diamond.config.json is created or deleted).
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { UriMap } from '../convert';
import type { Project } from '../project/project';
import { configIssueDiagnostics, findingToDiagnostic } from './to-diagnostic';

export class DiagnosticsPublisher {
  /** What each project last contributed: uri → its diagnostics. */
  private readonly contributions = new Map<Project, Map<string, Diagnostic[]>>();
  /** Fingerprint of the list last sent per uri (absent: nothing, or an empty list). */
  private readonly sent = new Map<string, string>();
  relatedInformation = true;

  constructor(
    private readonly connection: Connection,
    private readonly uris: UriMap,
  ) {}

  /**
   * Publishes `project.findings` in the files `reports` accepts, and its config problems; returns how
   * many files were sent.
   */
  publish(project: Project, reports: (file: string) => boolean): number {
    const byUri = new Map<string, Diagnostic[]>();
    for (const f of project.findings) {
      if (!reports(f.file)) continue;
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
    const before = this.contributions.get(project);
    this.contributions.set(project, byUri);
    return this.send(new Set([...(before?.keys() ?? []), ...byUri.keys()]));
  }

  /** Withdraws everything a project published (its folder or its config was removed). */
  clear(project: Project): number {
    const before = this.contributions.get(project);
    this.contributions.delete(project);
    return this.send(new Set(before?.keys() ?? []));
  }

  private send(uris: Iterable<string>): number {
    let sent = 0;
    for (const uri of uris) {
      const seen = new Set<string>();
      const diagnostics: Diagnostic[] = [];
      for (const byUri of this.contributions.values()) {
        for (const d of byUri.get(uri) ?? []) {
          const key = JSON.stringify(d);
          if (seen.has(key)) continue;
          seen.add(key);
          diagnostics.push(d);
        }
      }
      diagnostics.sort(
        (a, b) =>
          a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
      );
      const fp = JSON.stringify(diagnostics);
      if ((this.sent.get(uri) ?? '[]') === fp) continue;
      if (diagnostics.length) this.sent.set(uri, fp);
      else this.sent.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics });
      sent++;
    }
    return sent;
  }
}
