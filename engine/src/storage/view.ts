/**
 * What the storage analysis reads from the workspace, in the few shapes it needs. The workspace
 * adapter (workspace-view.ts) implements it; keeping the seam narrow lets the storage code stay
 * ignorant of import resolution and caching.
 */
import type { ContractDef, EnumDef, SourceUnit, StructDef, UdvtDef, VariableDef } from '../syntax/ast';

/** A contract, or the file level when `contract` is undefined. */
export interface Scope {
  file: string;
  contract?: ContractDef;
}

export type Resolved =
  | { kind: 'constant'; scope: Scope; def: VariableDef }
  | { kind: 'struct'; scope: Scope; def: StructDef }
  | { kind: 'enum'; scope: Scope; def: EnumDef }
  | { kind: 'udvt'; scope: Scope; def: UdvtDef }
  | { kind: 'contract'; scope: Scope & { contract: ContractDef } };

export interface StorageView {
  /** Every file the workspace holds, in a stable order. */
  files(): readonly string[];
  /** Whether the file is one of the workspace's own (not a dependency read only because it is imported). */
  isOwn(file: string): boolean;
  unit(file: string): SourceUnit | undefined;
  text(file: string): string | undefined;
  /** A name path as written in `scope` (inherited members, file level, imports, aliases). */
  resolve(scope: Scope, path: readonly string[]): Resolved | undefined;
  /** C3 linearisation, most-derived first (the contract itself first); undefined when unresolvable. */
  linearize(scope: Scope & { contract: ContractDef }): (Scope & { contract: ContractDef })[] | undefined;
  /** A value memoised for the view's current state (dropped when the workspace changes). */
  memo<T>(key: string, compute: () => T): T;
  /**
   * A value memoised per parsed object (a unit) for as long as it lives, across workspace changes
   * that leave it alone; `valid` rejects a stale one.
   */
  memoFor<T>(obj: object, key: string, compute: () => T, valid?: (value: T) => boolean): T;
}

/** A stable key for a declaration inside a scope: `file#Contract.name` or `file#name`. */
export function declKey(scope: Scope, name: string): string {
  return scope.contract ? `${scope.file}#${scope.contract.name}.${name}` : `${scope.file}#${name}`;
}

/** The name users read: `Contract.name` or `name`. */
export function qualified(scope: Scope, name: string): string {
  return scope.contract ? `${scope.contract.name}.${name}` : name;
}
