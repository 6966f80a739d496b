/**
 * Function bodies for the documentation (docs/): the full AST of one file from `@solidity-parser/parser`, off
 * the typing path (our declaration-level parser skips bodies; documents and the map need what a body reads,
 * writes and calls). Guarded like every parse: a file above `MAX_BODY_PARSE_CHARS` is not parsed, a parse that
 * throws (the tolerant mode still throws on `uint y = ;`) is caught, and either way the file is reported as
 * not parsed, never thrown at the caller.
 */
import type * as SolidityParser from '@solidity-parser/parser';
import type {
  ASTNode,
  ContractDefinition,
  FunctionDefinition,
  ModifierDefinition,
  SourceUnit,
} from '@solidity-parser/parser/dist/src/ast-types';

/**
 * The parser, loaded on the first body parse: its module initialisation (an ANTLR grammar deserialised) is ~10 ms
 * of every process that loads the engine, and only documents and the map parse bodies (BENCHMARKS.md, "Cold
 * open, the closest real thing").
 */
let parser: typeof SolidityParser | undefined;
function solidityParser(): typeof SolidityParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not with the engine
  return (parser ??= require('@solidity-parser/parser') as typeof SolidityParser);
}

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

/**
 * The parser's prediction rescans to the matching `)` at every bare parenthesis (one no name, keyword or
 * call stands before): measured ~20–70 ms a nesting level here, 3,000 levels never finish. A file is parsed
 * only while its bare parentheses nest at most MAX_BARE_DEPTH deep and the sum of their depths stays within
 * MAX_BARE_COST (real code: contracts/ and all of OpenZeppelin 5.x nest at most 3 deep, summed at most 65).
 */
export const MAX_BARE_DEPTH = 8;
export const MAX_BARE_COST = 400;

/** The depth and summed depth of bare parentheses, comments and strings skipped. */
export function bareNesting(text: string): { depth: number; cost: number } {
  const stack: boolean[] = [];
  let bare = 0;
  let depth = 0;
  let cost = 0;
  let prev = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const e = text.indexOf('\n', i);
      i = e < 0 ? text.length : e;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      i = j;
      prev = 'x';
      continue;
    }
    if (c === '(') {
      const isBare = !/[\w$)\]]/.test(prev);
      stack.push(isBare);
      if (isBare) {
        bare++;
        cost += bare;
        if (bare > depth) depth = bare;
      }
    } else if (c === ')') {
      if (stack.pop()) bare--;
    }
    if (!/\s/.test(c)) prev = c;
  }
  return { depth, cost };
}

/** The full AST of `text`, or why it could not be had. Never throws. */
export function parseBodies(text: string): BodyParse {
  if (text.length > MAX_BODY_PARSE_CHARS)
    return { ok: false, reason: `larger than ${MAX_BODY_PARSE_CHARS} characters: function bodies not read` };
  const nesting = bareNesting(text);
  if (nesting.depth > MAX_BARE_DEPTH || nesting.cost > MAX_BARE_COST)
    return {
      ok: false,
      reason: `parentheses nested ${nesting.depth} deep (summed depth ${nesting.cost}): too slow for the full parser, function bodies not read`,
    };
  let unit: SourceUnit & { errors?: { message: string }[] };
  try {
    unit = solidityParser().parse(text, { tolerant: true, range: true, loc: false });
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
