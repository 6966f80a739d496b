/** What a name resolves to. Every declaration knows the file it stands in and, for members, its contract. */
import type {
  ContractDef,
  EnumDef,
  ErrorDef,
  EventDef,
  FunctionDef,
  StructDef,
  UdvtDef,
  VariableDef,
} from '../syntax/ast';

/** A contract, interface or library and the file it is declared in. */
export interface ContractRef {
  file: string;
  contract: ContractDef;
}

/** Where a name is looked up: a file's top level, or inside a contract (own, inherited, then file level). */
export interface Scope {
  file: string;
  contract?: ContractDef;
}

interface Member<K extends string, D> {
  kind: K;
  file: string;
  def: D;
  /** The contract declaring it; undefined at file level. */
  container?: ContractDef;
}

export type Declaration =
  | { kind: 'contract'; file: string; contract: ContractDef }
  /** `import "x.sol" as X;` / `import * as X from "x.sol";`: X names the unit. */
  | { kind: 'unit'; file: string }
  | Member<'struct', StructDef>
  | Member<'enum', EnumDef>
  | Member<'udvt', UdvtDef>
  /** State variables and constants (file-level constants have no container). */
  | Member<'variable', VariableDef>
  | Member<'function', FunctionDef>
  | Member<'event', EventDef>
  | Member<'error', ErrorDef>;

export type MemberDeclaration = Exclude<Declaration, { kind: 'contract' } | { kind: 'unit' }>;

/** The declaration named `name` among a contract's own members (types first), or undefined. */
export function ownMember(file: string, contract: ContractDef, name: string): MemberDeclaration | undefined {
  const container = contract;
  for (const def of contract.structs) if (def.name === name) return { kind: 'struct', file, def, container };
  for (const def of contract.enums) if (def.name === name) return { kind: 'enum', file, def, container };
  for (const def of contract.udvts) if (def.name === name) return { kind: 'udvt', file, def, container };
  for (const def of contract.stateVars)
    if (def.name === name) return { kind: 'variable', file, def, container };
  for (const def of contract.functions)
    if (def.name === name && (def.kind === 'function' || def.kind === 'modifier'))
      return { kind: 'function', file, def, container };
  for (const def of contract.events) if (def.name === name) return { kind: 'event', file, def, container };
  for (const def of contract.errors ?? [])
    if (def.name === name) return { kind: 'error', file, def, container };
  return undefined;
}
