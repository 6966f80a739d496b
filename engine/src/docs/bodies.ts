/**
 * Function bodies for the documentation (docs/): the full AST of one file from `@solidity-parser/parser`, off
 * the typing path (our declaration-level parser skips bodies; documents and the map need what a body reads,
 * writes and calls). Guarded like every parse: a file above `MAX_BODY_PARSE_CHARS` is not parsed, a parse that
 * throws (the tolerant mode still throws on `uint y = ;`) is caught, and either way the file is reported as
 * not parsed, never thrown at the caller.
 */
import { parse } from '@solidity-parser/parser';
import type {
  ASTNode,
  ContractDefinition,
  FunctionDefinition,
  ModifierDefinition,
  SourceUnit,
} from '@solidity-parser/parser/dist/src/ast-types';

/** Larger files are not parsed (the full parser takes ~0.35 ms per line: 300,000 characters is seconds). */
export const MAX_BODY_PARSE_CHARS = 300_000;

export type BodyNode = ASTNode;
export type FunctionNode = FunctionDefinition | ModifierDefinition;

/** One contract, library or interface of a parsed file. */
export interface ParsedContract {
  name: string;
  kind: string;
  node: ContractDefinition;
  functions: FunctionNode[];
}

export interface ParsedFile {
  contracts: ParsedContract[];
  /** Free functions at file level. */
  freeFunctions: FunctionDefinition[];
}

export type BodyParse = { ok: true; file: ParsedFile } | { ok: false; reason: string };

/** The full AST of `text`, or why it could not be had. Never throws. */
export function parseBodies(text: string): BodyParse {
  if (text.length > MAX_BODY_PARSE_CHARS)
    return { ok: false, reason: `larger than ${MAX_BODY_PARSE_CHARS} characters: function bodies not read` };
  let unit: SourceUnit & { errors?: { message: string }[] };
  try {
    unit = parse(text, { tolerant: true, range: true, loc: false });
  } catch (e) {
    return { ok: false, reason: `function bodies could not be parsed: ${firstLine(e)}` };
  }
  const contracts: ParsedContract[] = [];
  const freeFunctions: FunctionDefinition[] = [];
  for (const child of unit.children ?? []) {
    if (child.type === 'ContractDefinition') {
      const functions = child.subNodes.filter(
        (n): n is FunctionNode => n.type === 'FunctionDefinition' || n.type === 'ModifierDefinition',
      );
      contracts.push({ name: child.name, kind: child.kind, node: child, functions });
    } else if (child.type === 'FunctionDefinition') freeFunctions.push(child);
  }
  const errors = unit.errors ?? [];
  if (errors.length && contracts.length === 0)
    return { ok: false, reason: `function bodies could not be parsed: ${errors[0].message}` };
  return { ok: true, file: { contracts, freeFunctions } };
}

function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0].slice(0, 200);
}

/** The child nodes of an AST node (every property holding a node or a list of nodes), in source order. */
export function childrenOf(node: BodyNode): BodyNode[] {
  const out: BodyNode[] = [];
  for (const [k, v] of Object.entries(node)) {
    if (k === 'range' || k === 'loc' || k === 'comments') continue;
    if (Array.isArray(v)) {
      for (const x of v) if (isNode(x)) out.push(x);
    } else if (isNode(v)) out.push(v);
  }
  return out;
}

function isNode(v: unknown): v is BodyNode {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}
