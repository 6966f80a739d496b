/**
 * Name resolution as solc scopes names, declaration level:
 * - inside a contract: its own members, then its bases' members (C3 order), then the file level;
 * - at file level: the file's own declarations, then its imports in order: `{A as B}` symbols, unit aliases
 *   (`import "x" as X` → X), and plain `import "x";` which brings in everything x sees at its file level
 *   (transitively, cycles cut);
 * - a qualified path continues through unit aliases (`X.S`) and contracts (`C.S`, inherited members included).
 */
import type { SourceUnit } from '../syntax/ast';
import { type ContractRef, type Declaration, ownMember, type Scope } from './declarations';

/** What lookup needs from the workspace (kept narrow so this file stays about scoping). */
export interface LookupHost {
  unit(file: string): SourceUnit | undefined;
  resolveImport(fromFile: string, importPath: string): string | undefined;
  linearize(ref: ContractRef): ContractRef[];
}

function fileOwn(file: string, u: SourceUnit, name: string): Declaration | undefined {
  for (const contract of u.contracts) if (contract.name === name) return { kind: 'contract', file, contract };
  for (const def of u.structs) if (def.name === name) return { kind: 'struct', file, def };
  for (const def of u.enums) if (def.name === name) return { kind: 'enum', file, def };
  for (const def of u.udvts) if (def.name === name) return { kind: 'udvt', file, def };
  for (const def of u.constants) if (def.name === name) return { kind: 'variable', file, def };
  for (const def of u.functions) if (def.name === name) return { kind: 'function', file, def };
  for (const def of u.errors ?? []) if (def.name === name) return { kind: 'error', file, def };
  for (const def of u.events ?? []) if (def.name === name) return { kind: 'event', file, def };
  return undefined;
}

/** `name` as seen at the top level of `file` (own declarations, then imports). */
export function visibleAtFileLevel(
  host: LookupHost,
  file: string,
  name: string,
  visited: Set<string> = new Set(),
): Declaration | undefined {
  // Each (file, name) is explored once per query: a second path to it can only find the same thing (or nothing),
  // and import cycles end here.
  const key = `${file}\0${name}`;
  if (visited.has(key)) return undefined;
  visited.add(key);
  const u = host.unit(file);
  if (!u) return undefined;
  const own = fileOwn(file, u, name);
  if (own) return own;
  for (const imp of u.imports) {
    if (imp.symbols) {
      const sym = imp.symbols.find((s) => (s.alias ?? s.name) === name);
      if (!sym) continue;
      const target = host.resolveImport(file, imp.path);
      const d = target ? visibleAtFileLevel(host, target, sym.name, visited) : undefined;
      if (d) return d;
    } else if (imp.unitAlias !== undefined) {
      if (imp.unitAlias !== name) continue;
      const target = host.resolveImport(file, imp.path);
      if (target) return { kind: 'unit', file: target };
    } else {
      const target = host.resolveImport(file, imp.path);
      const d = target ? visibleAtFileLevel(host, target, name, visited) : undefined;
      if (d) return d;
    }
  }
  return undefined;
}

/** A member of a contract, its own or inherited (most-derived first). */
export function memberOf(host: LookupHost, ref: ContractRef, name: string): Declaration | undefined {
  for (const c of host.linearize(ref)) {
    const d = ownMember(c.file, c.contract, name);
    if (d) return d;
  }
  return undefined;
}

export function lookupPath(host: LookupHost, scope: Scope, path: readonly string[]): Declaration | undefined {
  if (path.length === 0) return undefined;
  let d: Declaration | undefined;
  if (scope.contract) {
    const self = scope.contract;
    d = memberOf(host, { file: scope.file, contract: self }, path[0]);
    if (!d && self.name === path[0]) d = { kind: 'contract', file: scope.file, contract: self };
  }
  d ??= visibleAtFileLevel(host, scope.file, path[0]);
  for (let i = 1; i < path.length && d; i++) {
    if (d.kind === 'unit') d = visibleAtFileLevel(host, d.file, path[i]);
    else if (d.kind === 'contract') d = memberOf(host, { file: d.file, contract: d.contract }, path[i]);
    else d = undefined;
  }
  return d;
}
