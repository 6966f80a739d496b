/**
 * What `diamond check` could not see, counted over every project: the unresolved imports of the files checked,
 * the facets' functions without a selector and their bases that do not resolve. `--json` prints the counts in
 * `summary`; the text output ends with a line saying it; `--strict` exits 1 on it. Also the ERC-165 claims of
 * interfaces the engine does not know (interface-incomplete could not check them): counted and named in
 * `summary.unknownInterfaces` and in a line of their own (not `--strict`: a claim is not missing code).
 */
import { relative } from 'node:path';
import type { LoadedProjects } from '../project';

export interface Completeness {
  unresolvedImports: number;
  skippedFunctions: number;
  unresolvedBases: number;
  unknownInterfaceClaims: number;
  /** Each as `<id or name> in <contract> (<path>:<line>)`, in file order. */
  unknownInterfaces: string[];
}

export function completenessOf(loaded: LoadedProjects): Completeness {
  const imports = new Set<string>();
  const functions = new Set<string>();
  const bases = new Set<string>();
  const claims = new Map<string, string>();
  for (const p of loaded.projects) {
    const c = p.service.incompleteness();
    for (const u of c.unresolvedImports) if (p.files.has(u.file)) imports.add(`${u.file}@${u.start}`);
    for (const f of c.skippedFunctions) functions.add(`${f.file}#${f.contract}.${f.name}`);
    for (const b of c.unresolvedBases) bases.add(`${b.file}#${b.contract}:${b.base}`);
    for (const u of c.unknownInterfaces) {
      const line = (p.lines(u.file)?.positionAt(u.start).line ?? 0) + 1;
      const path = relative(p.root, u.file).split('\\').join('/');
      claims.set(`${u.file}@${u.start}`, `${u.interface} in ${u.claimedIn} (${path}:${line})`);
    }
  }
  return {
    unresolvedImports: imports.size,
    skippedFunctions: functions.size,
    unresolvedBases: bases.size,
    unknownInterfaceClaims: claims.size,
    unknownInterfaces: [...claims.values()],
  };
}

export function isIncomplete(c: Completeness): boolean {
  return c.unresolvedImports > 0 || c.skippedFunctions > 0 || c.unresolvedBases > 0;
}

/** The closing lines' part about what was not seen; empty when everything resolved and every claim is known. */
export function completenessLine(c: Completeness): string {
  return incompleteLine(c) + unknownInterfacesLine(c);
}

const MAX_NAMED = 4;

function unknownInterfacesLine(c: Completeness): string {
  if (c.unknownInterfaceClaims === 0) return '';
  const named = c.unknownInterfaces.slice(0, MAX_NAMED).join(', ');
  const more =
    c.unknownInterfaces.length > MAX_NAMED ? ` and ${c.unknownInterfaces.length - MAX_NAMED} more` : '';
  return (
    `not checked: ${c.unknownInterfaceClaims} ERC-165 claim(s) of interfaces the engine does not know ` +
    `(${named}${more}); declare the interface in the workspace for interface-incomplete to check it\n`
  );
}

function incompleteLine(c: Completeness): string {
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
