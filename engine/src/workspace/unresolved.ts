/**
 * What an unresolved import hides. An import that does not resolve (the normal state of a fresh clone before
 * `forge install` / `npm install`) takes with it every name it would have declared: a base contract (its
 * functions and state are then not analysed), a parameter type (the function has no selector), a state
 * variable's type. Each such name is attributed to the import that would have declared it: the one listing it
 * (`import {A} from`), the one aliased as its first segment (`import "x" as X`), else every plain `import "x"`
 * of the file that did not resolve.
 */
import type { ContractDef, ImportDirective, TypeName } from '../syntax/ast';
import type { ContractRef } from './declarations';
import type { Workspace } from './workspace';

export interface HiddenName {
  /** The name as written (`Ownable`, `IERC20.Params`). */
  name: string;
  what: 'base' | 'function' | 'state';
  /** The contract whose base, function or state variable it is. */
  contract: string;
  /** The base specifier, function or variable name. */
  span: { start: number; end: number };
}

export interface UnresolvedImport {
  file: string;
  directive: ImportDirective;
  /** The paths looked at, in order. */
  tried: string[];
  /** Names of the file that only this import (or, for `shared`, one of several) could declare. */
  hidden: HiddenName[];
  /** How many other plain imports of the file did not resolve either (the hidden names may be theirs). */
  shared: number;
}

/**
 * The imports of `file` that do not resolve, with what each hides. Kept with the file's parse while nothing it can
 * see changed (its import closure; a file appearing or new remappings change the structure): an edit elsewhere
 * does not resolve every file's imports again.
 */
export function unresolvedImports(ws: Workspace, file: string): UnresolvedImport[] {
  const unit = ws.unit(file);
  if (!unit) return [];
  return ws.cachedFor(
    unit,
    'unresolved',
    () => ({ stamp: ws.epochs.stamp(file), result: compute(ws, file) }),
    (known) => ws.epochs.fresh(known.stamp),
  ).result;
}

function compute(ws: Workspace, file: string): UnresolvedImport[] {
  const missing = ws.imports(file).filter((r) => r.file === undefined);
  if (missing.length === 0) return [];
  const out: UnresolvedImport[] = missing.map(({ directive }) => ({
    file,
    directive,
    tried: ws.candidates(file, directive.path),
    hidden: [],
    shared: 0,
  }));
  const plain = out.filter((u) => !u.directive.symbols && u.directive.unitAlias === undefined);
  for (const u of plain) u.shared = plain.length - 1;
  const owners = (first: string): UnresolvedImport[] => {
    const named = out.filter(
      (u) =>
        u.directive.unitAlias === first || u.directive.symbols?.some((s) => (s.alias ?? s.name) === first),
    );
    return named.length ? named : plain;
  };
  const hide = (path: readonly string[], h: Omit<HiddenName, 'name'>) => {
    for (const u of owners(path[0])) u.hidden.push({ name: path.join('.'), ...h });
  };
  const unit = ws.unit(file);
  for (const contract of unit?.contracts ?? []) {
    const ref: ContractRef = { file, contract };
    for (const b of contract.bases) {
      if (!ws.lookup({ file }, b.path)) hide(b.path, { what: 'base', contract: contract.name, span: b.span });
    }
    for (const fn of contract.functions) {
      if (fn.kind !== 'function' || !isExternal(fn.visibility, contract)) continue;
      const first = fn.params.flatMap((p) => unresolvedNames(ws, ref, p.type))[0];
      if (first) hide(first, { what: 'function', contract: contract.name, span: fn.nameSpan });
    }
    for (const v of contract.stateVars) {
      if (v.constant) continue;
      const first = unresolvedNames(ws, ref, v.type)[0];
      if (first) hide(first, { what: 'state', contract: contract.name, span: v.nameSpan });
    }
  }
  return out;
}

function isExternal(visibility: string | undefined, owner: ContractDef): boolean {
  const vis = visibility ?? (owner.kind === 'interface' ? 'external' : 'public');
  return vis === 'external' || vis === 'public';
}

/** The user-defined type names in `t` that do not resolve in the contract's scope. */
function unresolvedNames(ws: Workspace, ref: ContractRef, t: TypeName): string[][] {
  switch (t.kind) {
    case 'user':
      return ws.lookup({ file: ref.file, contract: ref.contract }, t.path) ? [] : [t.path];
    case 'array':
      return unresolvedNames(ws, ref, t.base);
    case 'mapping':
      return [...unresolvedNames(ws, ref, t.key), ...unresolvedNames(ws, ref, t.value)];
    default:
      return [];
  }
}
