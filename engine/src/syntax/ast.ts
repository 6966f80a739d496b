/**
 * Declaration-level syntax tree produced by our own tolerant parser.
 *
 * Why not @solidity-parser/parser on every keystroke: a full parse of an ~850-line facet takes
 * ~700 ms; diamond analysis needs declarations only (contracts, inheritance, function headers,
 * state variables, structs, constants, imports). Function bodies are kept as spans and scanned
 * on demand (storage pointer assignments).
 *
 * All positions are UTF-16 offsets into the file text (what JS strings index), end exclusive.
 */

export interface Span {
  start: number;
  end: number;
}

export type TypeName =
  | { kind: 'elementary'; name: string; span: Span } // as written: 'uint', 'address payable', 'bytes32', 'string'
  | { kind: 'user'; path: string[]; span: Span } // 'S', 'Lib.S', 'Alias.C.S'
  | { kind: 'array'; base: TypeName; length?: string; span: Span } // length: expression text, undefined for T[]
  | { kind: 'mapping'; key: TypeName; value: TypeName; span: Span }
  | {
      kind: 'function';
      params: Param[];
      returns: Param[];
      visibility?: 'external' | 'internal';
      span: Span;
    };

export interface Param {
  type: TypeName;
  name?: string;
  location?: 'memory' | 'storage' | 'calldata';
  span: Span;
}

/** Raw text of the comments (`///`, `/** *\/`, `//`, `/* *\/`) directly above a declaration, with markers kept. */
export type Docs = string | undefined;

export interface ImportDirective {
  /** The quoted path exactly as written. */
  path: string;
  pathSpan: Span;
  span: Span;
  /** `import "x.sol" as X;` or `import * as X from "x.sol";` */
  unitAlias?: string;
  /** `import {A, B as C} from "x.sol";` */
  symbols?: { name: string; alias?: string; span: Span }[];
}

export interface StructDef {
  name: string;
  nameSpan: Span;
  span: Span;
  members: { name: string; type: TypeName; span: Span }[];
  docs: Docs;
}

export interface EnumDef {
  name: string;
  nameSpan: Span;
  span: Span;
  members: string[];
}

export interface UdvtDef {
  name: string;
  nameSpan: Span;
  span: Span;
  underlying: TypeName;
}

export interface VariableDef {
  name: string;
  nameSpan: Span;
  span: Span;
  type: TypeName;
  visibility?: 'public' | 'internal' | 'private';
  constant: boolean;
  immutable: boolean;
  /** Initializer expression text and where it stands, if any. */
  initializer?: { text: string; span: Span };
  docs: Docs;
}

export type FunctionKind = 'function' | 'constructor' | 'fallback' | 'receive' | 'modifier';

export interface FunctionDef {
  kind: FunctionKind;
  /** '' for constructor/fallback/receive. */
  name: string;
  nameSpan: Span;
  /** From the first keyword to the end of the body (or the ';'). */
  span: Span;
  /** From the first keyword to just before the body '{' (or ';'). */
  headerSpan: Span;
  /** Including the braces; undefined for declarations without a body. */
  bodySpan?: Span;
  params: Param[];
  returns: Param[];
  visibility?: 'external' | 'public' | 'internal' | 'private';
  stateMutability?: 'pure' | 'view' | 'payable' | 'nonpayable';
  virtual: boolean;
  override: boolean;
  docs: Docs;
}

export interface EventDef {
  name: string;
  nameSpan: Span;
  span: Span;
  params: Param[];
}

export type ContractKind = 'contract' | 'interface' | 'library';

export interface ContractDef {
  kind: ContractKind;
  abstract: boolean;
  name: string;
  nameSpan: Span;
  span: Span;
  /** `is A, B(1), L.C` in order as written. */
  bases: { path: string[]; span: Span }[];
  functions: FunctionDef[];
  stateVars: VariableDef[];
  structs: StructDef[];
  enums: EnumDef[];
  udvts: UdvtDef[];
  events: EventDef[];
  /** `using L for T;` library paths (no effect on selectors; kept for navigation). */
  usings: { library: string[]; span: Span }[];
  docs: Docs;
}

export interface ParseProblem {
  message: string;
  span: Span;
}

export interface SourceUnit {
  /** Normalised absolute path with '/' separators (the engine's file key). */
  file: string;
  imports: ImportDirective[];
  contracts: ContractDef[];
  /** File-level declarations. */
  structs: StructDef[];
  enums: EnumDef[];
  udvts: UdvtDef[];
  constants: VariableDef[];
  functions: FunctionDef[];
  /** Problems the tolerant parser recovered from. Not user diagnostics: solc reports syntax. */
  problems: ParseProblem[];
}
