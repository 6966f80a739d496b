/**
 * `--format sarif`: SARIF 2.1.0, what GitHub code scanning and most CI dashboards ingest.
 * Paths are relative to %SRCROOT% (the cwd); columns are UTF-16 code units (SARIF's default columnKind).
 */
import { pathToFileURL } from 'node:url';
import { ruleDocUrl, RULES, type Severity } from '../../../engine';
import type { FindingRecord } from './records';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/**
 * A '/'-separated relative path as a relative URI reference: each segment percent-encoded on its own, so
 * `#`, `?`, `%`, `:` and the like in a folder name stay part of the path instead of starting a fragment,
 * a query or a scheme (encodeURI leaves `#` and `?` alone).
 */
export function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function formatSarif(records: readonly FindingRecord[], cwd: string, toolVersion: string): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const location = (file: string, region: Record<string, number>) => ({
    physicalLocation: { artifactLocation: { uri: relativeUri(file), uriBaseId: '%SRCROOT%' }, region },
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'diamond',
            fullName: 'DLOOP Diamond Tools',
            version: toolVersion,
            informationUri: 'https://github.com/dloop/diamond-tools',
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.title },
              helpUri: ruleDocUrl(r.id),
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith('/') ? cwd : cwd + '/').href } },
        results: records.map((r) => ({
          ruleId: r.rule,
          ruleIndex: ruleIndex.get(r.rule),
          level: LEVEL[r.severity],
          message: { text: r.message },
          locations: [
            location(r.file, {
              startLine: r.line,
              startColumn: r.column,
              endLine: r.endLine,
              endColumn: r.endColumn,
            }),
          ],
          relatedLocations: r.related.map((x, i) => ({
            id: i + 1,
            ...location(x.file, { startLine: x.line }),
            message: { text: x.message },
          })),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
