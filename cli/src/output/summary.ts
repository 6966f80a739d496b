/**
 * What `diamond check` says about what it looked at: the diamonds it found (configured or inferred) and their
 * facets, what the inference could not decide, and the files it read. `--json` prints it as `summary`; the text
 * output ends with it (stderr). Zero facets is said plainly, with the hint to configure: never "no problems found".
 */
import type { DiamondSummary } from '../../../engine';
import { escapeControls } from './escape';
import type { FindingRecord } from './records';

/** `summary` of `diamond check --json`. Other fields (what could not be resolved) may join it. */
export interface CheckSummary {
  /** .sol files analysed (production code, plus files named on the command line). */
  files: number;
  /** Files outside the default scope (tests, mocks, scripts, lib/), read only for imports. */
  outOfScope: number;
  diamonds: {
    name: string;
    /** Facet names; `path.sol:Name` (relative to the project root) where two facets share a name. */
    facets: string[];
    proxy?: string;
    folder?: string;
    source: DiamondSummary['source'];
    evidence?: string;
    /** Facet (as named in `facets`) → the deploy script, deployment record or deploy config registering it. */
    registeredBy?: Record<string, string>;
  }[];
  /** What the diamond inference could not decide, and how to pin it. */
  notes: string[];
}

const v = (s: string) => escapeControls(s, 'escape');

function facetName(f: DiamondSummary['facets'][number]): string {
  return f.repeated ? `${f.path}:${f.name}` : f.name;
}

export function checkSummary(
  files: number,
  outOfScope: number,
  overviews: readonly { diamonds: readonly DiamondSummary[]; notes: readonly string[] }[],
): CheckSummary {
  return {
    files,
    outOfScope,
    diamonds: overviews
      .flatMap((o) => o.diamonds)
      // A test file opened as its own diamond is the editor's business; `check` reads what ships.
      .filter((d) => !d.ownFile && (d.facets.length > 0 || d.source === 'config' || overviews.length === 1))
      .map((d) => ({
        name: d.name,
        facets: d.facets.map(facetName),
        ...(d.proxy && { proxy: d.proxy.name }),
        ...(d.folder !== undefined && { folder: d.folder }),
        source: d.source,
        ...(d.evidence && { evidence: d.evidence }),
        ...registrationsOf(d),
      })),
    notes: [...new Set(overviews.flatMap((o) => o.notes))],
  };
}

function registrationsOf(d: DiamondSummary): { registeredBy?: Record<string, string> } {
  const registered = d.facets.filter((f) => f.registeredBy !== undefined);
  if (registered.length === 0) return {};
  return { registeredBy: Object.fromEntries(registered.map((f) => [facetName(f), f.registeredBy!])) };
}

export function facetCount(summary: CheckSummary): number {
  return summary.diamonds.reduce((n, d) => n + d.facets.length, 0);
}

/** The text block: one line per diamond with every facet, the notes, then the closing line. */
export function summaryText(
  summary: CheckSummary,
  records: readonly FindingRecord[],
  /** Something was not seen (unreadable files, unresolved imports): never a bare "no problems found". */
  partial = false,
): string {
  let out = '';
  const facets = facetCount(summary);
  for (const d of summary.diamonds) {
    if (d.facets.length === 0) continue;
    const how = d.source === 'inferred' && d.evidence ? ` (inferred: ${d.evidence})` : '';
    const proxy = d.proxy ? `, diamond contract ${d.proxy}` : '';
    out += `diamond ${v(d.name)}${how}${proxy}: ${d.facets.length} facet(s): ${d.facets.map(v).join(', ')}\n`;
  }
  // A note the diamond-inference rule reported is said there, once; one it did not (rule off) is said here.
  const said = new Set(records.filter((r) => r.rule === 'diamond-inference').map((r) => r.message));
  for (const n of summary.notes) if (!said.has(n)) out += `note: ${v(n)}\n`;
  const count = (s: string) => records.filter((r) => r.severity === s).length;
  const scope = summary.outOfScope
    ? ` (${summary.outOfScope} test/mock/script/lib file(s) read for imports only)`
    : '';
  const seen = `${summary.files} file(s)${scope}, ${summary.diamonds.filter((d) => d.facets.length).length} diamond(s), ${facets} facet(s)`;
  if (facets === 0) {
    out +=
      `no facets recognised in ${summary.files} file(s)${scope}: the selector and AppStorage checks had nothing to compare. ` +
      'Name the facets in diamond.config.json ("diamond init" writes one to edit)\n';
  }
  if (records.length === 0 && partial) out += `nothing reported in what could be seen: ${seen}\n`;
  else if (records.length === 0)
    out += facets === 0 ? `no storage problems found: ${seen}\n` : `no problems found: ${seen}\n`;
  else
    out += `${records.length} problem(s): ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info; ${seen}\n`;
  return out;
}
