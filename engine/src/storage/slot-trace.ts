/**
 * Finds `p.slot := X` in a function body and what it places where: the slot expression (following
 * a local `bytes32 position = CONST;` or Yul `let position := CONST`) and the struct type of the
 * pointer (the function's `returns (Layout storage l)`, a storage parameter, or a local
 * `Layout storage l;`). Token scan only: bodies are never parsed, so this stays cheap and tolerant.
 */
import type { FunctionDef, Span } from '../syntax/ast';
import { tokenize, type Token } from '../syntax/tokenizer';

export interface SlotAssignment {
  /** The storage pointer's name (`l`, `$`, `ds`). */
  pointer: string;
  /** Struct type path of the pointer as written (`Layout`, `LibX.Layout`), when declared with one. */
  pointerType?: string[];
  /**
   * Tokens of the expression whose value is the slot: the local's initializer when the right-hand
   * side is a local variable, else the right-hand side itself (a constant name or a number).
   */
  expr: Token[];
  /** Where the expression stands (for findings and hovers). */
  exprSpan: Span;
  /** Where `p.slot := X` stands. */
  span: Span;
}

const isIdent = (t: Token | undefined): t is Token => t !== undefined && t.kind === 'ident';

/** Every `.slot :=` in the function body whose right-hand side is a name or a number. */
export function traceSlotAssignments(text: string, fn: FunctionDef): SlotAssignment[] {
  if (!fn.bodySpan) return [];
  // Cheap pre-check: most bodies have no `.slot` at all.
  const body = text.slice(fn.bodySpan.start, fn.bodySpan.end);
  if (!body.includes('.slot')) return [];
  const toks = tokenize(text, fn.bodySpan.start, fn.bodySpan.end).tokens;
  const out: SlotAssignment[] = [];
  for (let k = 1; k + 3 < toks.length; k++) {
    if (toks[k].text !== '.' || toks[k + 1].text !== 'slot' || toks[k + 2].text !== ':=') continue;
    const ptr = toks[k - 1];
    if (!isIdent(ptr) || toks[k - 2]?.text === '.') continue;
    const rhs = toks[k + 3];
    // A Yul call (`add(keccak256(0, 32), i)`) computes a dynamic slot: not a namespace.
    if (toks[k + 4]?.text === '(' || (rhs.kind !== 'ident' && rhs.kind !== 'number')) continue;
    let expr: Token[] = [rhs];
    if (rhs.kind === 'ident') expr = localValue(toks, k, rhs.text) ?? expr;
    out.push({
      pointer: ptr.text,
      pointerType: pointerType(toks, k, ptr.text, fn),
      expr,
      exprSpan: { start: expr[0].start, end: expr[expr.length - 1].end },
      span: { start: ptr.start, end: rhs.end },
    });
  }
  return out;
}

/**
 * The last value given to local `name` before token `before`: `name = expr;` (declaration or
 * assignment) or Yul `let name := x` / `name := x`. Undefined when it is not a local (a constant).
 */
function localValue(toks: Token[], before: number, name: string): Token[] | undefined {
  for (let j = before - 1; j >= 0; j--) {
    if (toks[j].text !== name || toks[j].kind !== 'ident' || toks[j - 1]?.text === '.') continue;
    const op = toks[j + 1]?.text;
    if (op === '=') {
      const expr: Token[] = [];
      let depth = 0;
      for (let m = j + 2; m < before; m++) {
        const t = toks[m];
        if (t.text === '(' || t.text === '[') depth++;
        else if (t.text === ')' || t.text === ']') depth--;
        if (depth === 0 && t.text === ';') return expr.length ? expr : undefined;
        expr.push(t);
      }
      return undefined;
    }
    if (op === ':=' && toks[j - 1]?.text !== '.') {
      const v = toks[j + 2];
      if (!v || toks[j + 3]?.text === '(') return undefined;
      return [v];
    }
  }
  return undefined;
}

/** The pointer's struct type: `returns (T storage p)`, a `T storage p` parameter, or a local `T storage p`. */
function pointerType(toks: Token[], before: number, name: string, fn: FunctionDef): string[] | undefined {
  for (const p of [...fn.returns, ...fn.params]) {
    if (p.name === name && p.location === 'storage') return p.type.kind === 'user' ? p.type.path : undefined;
  }
  for (let j = before - 1; j >= 1; j--) {
    if (toks[j].text !== name || toks[j - 1].text !== 'storage') continue;
    const path: string[] = [];
    let m = j - 2;
    while (isIdent(toks[m])) {
      path.unshift(toks[m].text);
      if (toks[m - 1]?.text !== '.') break;
      m -= 2;
    }
    return path.length ? path : undefined;
  }
  return undefined;
}

/**
 * `.slot :=` from a parameter (`function layout(sslot slot) … { $.slot := slot }`) places the struct at
 * whatever its callers pass: each call `layout(X)` in the same contract's other functions becomes an
 * assignment of `X` (solidstate's `ref()` → `ref(DEFAULT_STORAGE_SLOT)`). One level deep.
 */
export function traceThroughParameters(
  text: string,
  functions: readonly FunctionDef[],
  traces: readonly { fn: FunctionDef; a: SlotAssignment }[],
): { fn: FunctionDef; a: SlotAssignment }[] {
  const out: { fn: FunctionDef; a: SlotAssignment }[] = [];
  for (const { fn, a } of traces) {
    if (a.expr.length !== 1) continue;
    const index = fn.params.findIndex((p) => p.name === a.expr[0].text);
    if (index < 0) continue;
    for (const caller of functions) {
      if (caller === fn || !caller.bodySpan) continue;
      if (!text.slice(caller.bodySpan.start, caller.bodySpan.end).includes(fn.name)) continue;
      const toks = tokenize(text, caller.bodySpan.start, caller.bodySpan.end).tokens;
      for (const call of callsOf(toks, fn.name, fn.params.length)) {
        const expr = call.args[index];
        out.push({
          fn: caller,
          a: {
            ...a,
            expr,
            exprSpan: { start: expr[0].start, end: expr[expr.length - 1].end },
            span: call.span,
          },
        });
      }
    }
  }
  return out;
}

/** Calls `name(a, b, …)` (not `x.name(…)`) with `arity` non-empty arguments. */
function callsOf(toks: Token[], name: string, arity: number): { args: Token[][]; span: Span }[] {
  const out: { args: Token[][]; span: Span }[] = [];
  for (let k = 0; k + 1 < toks.length; k++) {
    if (toks[k].text !== name || toks[k + 1].text !== '(' || toks[k - 1]?.text === '.') continue;
    const args: Token[][] = [[]];
    let depth = 0;
    let m = k + 1;
    for (; m < toks.length; m++) {
      const t = toks[m].text;
      if (t === '(' || t === '[') depth++;
      else if (t === ')' || t === ']') depth--;
      if (depth === 0) break;
      if (depth === 1 && t === ',') args.push([]);
      else if (m > k + 1) args[args.length - 1].push(toks[m]);
    }
    if (m < toks.length && args.length === arity && args.every((x) => x.length > 0))
      out.push({ args, span: { start: toks[k].start, end: toks[m].end } });
  }
  return out;
}
