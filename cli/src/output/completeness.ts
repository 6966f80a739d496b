/**
 * What `diamond check` could not see, counted over every project: the unresolved imports of the files checked,
 * the facets' functions without a selector and their bases that do not resolve. `--json` prints the counts in
 * `summary`; the text output ends with a line saying it; `--strict` exits 1 on it.
 */
import type { LoadedProjects } from '../project';

export interface Completeness {
  unresolvedImports: number;
  skippedFunctions: number;
  unresolvedBases: number;
}

export function completenessOf(loaded: LoadedProjects): Completeness {
  const imports = new Set<string>();
  const functions = new Set<string>();
  const bases = new Set<string>();
  for (const p of loaded.projects) {
    const c = p.service.incompleteness();
    for (const u of c.unresolvedImports) if (p.files.has(u.file)) imports.add(`${u.file}@${u.start}`);
    for (const f of c.skippedFunctions) functions.add(`${f.file}#${f.contract}.${f.name}`);
    for (const b of c.unresolvedBases) bases.add(`${b.file}#${b.contract}:${b.base}`);
  }
  return { unresolvedImports: imports.size, skippedFunctions: functions.size, unresolvedBases: bases.size };
}

export function isIncomplete(c: Completeness): boolean {
  return c.unresolvedImports > 0 || c.skippedFunctions > 0 || c.unresolvedBases > 0;
}

/** The closing line's part about what was not seen; empty when everything resolved. */
export function completenessLine(c: Completeness): string {
  if (!isIncomplete(c)) return '';
  const parts = [
    `${c.unresolvedImports} unresolved import(s)`,
    `${c.skippedFunctions} facet function(s) without a selector`,
    `${c.unresolvedBases} unresolved base contract(s)`,
  ];
  return (
    `incomplete: ${parts.join(', ')}; what they declare was not checked ` +
    '(see the unresolved-import warnings for the likely fix; --strict fails on this)\n'
  );
}
