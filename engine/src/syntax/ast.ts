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
  | { kind: 'mapping'; key: TypeName; value: TypeName; span: Span; keyName?: string; valueName?: string }
  | {
      kind: 'function';
      params: Param[];
      returns: Param[];
      visibility?: 'external' | 'internal';
      stateMutability?: 'pure' | 'view' | 'payable';
      span: Span;
    };

export interface Param {
  type: TypeName;
  name?: string;
  location?: 'memory' | 'storage' | 'calldata';
  /** Event parameters only. */
  indexed?: boolean;
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
  docs?: Docs;
}

export interface UdvtDef {
  name: string;
  nameSpan: Span;
  span: Span;
  underlying: TypeName;
  docs?: Docs;
}

export interface VariableDef {
  name: string;
  nameSpan: Span;
  span: Span;
  type: TypeName;
  visibility?: 'public' | 'internal' | 'private';
  constant: boolean;
  immutable: boolean;
  /** `uint transient x;` (EIP-1153 transient storage, Solidity >= 0.8.28). */
  transient?: boolean;
  /** `override` or `override(A, B)`: the listed base paths (empty for a bare `override`). */
  overrides?: string[][];
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
  /** `override(A, B)`: the listed base paths (empty for a bare `override` or none). */
  overrides?: string[][];
  /** Modifier invocations (and base constructor calls on constructors) in header order. */
  modifiers?: { path: string[]; span: Span }[];
  docs: Docs;
}

export interface EventDef {
  name: string;
  nameSpan: Span;
  span: Span;
  params: Param[];
  anonymous?: boolean;
  docs?: Docs;
}

export interface ErrorDef {
  name: string;
  nameSpan: Span;
  span: Span;
  params: Param[];
  docs?: Docs;
}

/** `using L for T;`, `using {f, g as +} for T global;`, `using L for *;` */
export interface UsingDirective {
  /** The library path; empty for the `{f, g}` form. */
  library: string[];
  /** Function paths of the `{f, g as +}` form. */
  functions?: string[][];
  /** The type text after `for` ('*' for all types). */
  forType?: string;
  global?: boolean;
  span: Span;
}

export type ContractKind = 'contract' | 'interface' | 'library';

export interface ContractDef {
  kind: ContractKind;
  abstract: boolean;
  name: string;
  nameSpan: Span;
  span: Span;
  /** `is A, B(1), L.C` in order as written (`args`: the text inside the parentheses, if any). */
  bases: { path: string[]; span: Span; args?: string }[];
  functions: FunctionDef[];
  stateVars: VariableDef[];
  structs: StructDef[];
  enums: EnumDef[];
  udvts: UdvtDef[];
  events: EventDef[];
  /** `using L for T;` library paths (no effect on selectors; kept for navigation). */
  usings: UsingDirective[];
  /** Custom errors (the parser always fills this; optional only for hand-built trees). */
  errors?: ErrorDef[];
  /** Where the body braces stand (`{` … `}`), when the contract has a body. */
  bodySpan?: Span;
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
  /** File-level errors, events (>= 0.8.22) and `using … for … global;` (the parser always fills these). */
  errors?: ErrorDef[];
  events?: EventDef[];
  usings?: UsingDirective[];
  /** `pragma …;` directives: the text after `pragma` up to `;`. */
  pragmas?: { text: string; span: Span }[];
  /** Problems the tolerant parser recovered from. Not user diagnostics: solc reports syntax. */
  problems: ParseProblem[];
  /**
   * Names of declarations (`Contract`, `Contract.member`, or file-level `name`) that the incremental parser kept
   * from the last good parse because the text around them is currently broken (see syntax/keep-last-good.ts).
   */
  kept?: string[];
}
