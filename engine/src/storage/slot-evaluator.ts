/**
 * Evaluates slot constants and traced `.slot :=` expressions in their scopes, resolving names
 * through the workspace view. Memoised per instance (one analysis pass); cycles evaluate to
 * undefined.
 */
import { BoundedMemo, detach } from '../memo';
import type { ContractDef, FunctionDef, VariableDef } from '../syntax/ast';
import { tokenize, type Token } from '../syntax/tokenizer';
import { evaluateInteger, evaluateSlot, type ConstantLookup, type SlotValue } from '../constants/evaluate';
import type { SlotAssignment } from './slot-trace';
import { declKey, type Scope, type StorageView } from './view';

export interface ConstantRef {
  scope: Scope;
  def: VariableDef;
}

export interface ConstantValue extends SlotValue {
  /** Set when the initializer is just another constant's name: the constant it stands for. */
  alias?: ConstantRef;
}

export interface TracedSlot {
  value?: SlotValue;
  /** The constant the slot comes from, when it is one (aliases followed). */
  constant?: ConstantRef;
}

/**
 * Values of initializers that reference no name, by text (they cannot change). A pure function of
 * the text, so shared by every pass; bounded, with keys and ids detached from the file texts.
 */
const closedValues = new BoundedMemo<SlotValue | undefined>(1024, (v) =>
  v?.id === undefined ? v : { ...v, id: detach(v.id) },
);

/** `slot()` helpers are followed this deep (`_getStorage()` → `_storageSlot()` → constant). */
const MAX_HELPER_DEPTH = 3;

export class SlotEvaluator {
  private readonly memo = new Map<string, ConstantValue | undefined>();
  private readonly busy = new Set<string>();

  constructor(private readonly view: StorageView) {}

  constant(scope: Scope, def: VariableDef): ConstantValue | undefined {
    const key = declKey(scope, def.name);
    if (this.memo.has(key)) return this.memo.get(key);
    if (this.busy.has(key) || !def.initializer) return undefined;
    this.busy.add(key);
    let result: ConstantValue | undefined;
    try {
      const text = def.initializer.text;
      if (closedValues.has(text)) {
        result = closedValues.peek(text);
        return result;
      }
      const toks = tokenize(text).tokens;
      const path = barePath(withoutCasts(toks));
      const target = path && this.resolveConstant(scope, path);
      if (target) {
        const v = this.constant(target.scope, target.def);
        result = v && { ...v, alias: v.alias ?? target };
      } else {
        result = this.evaluate(scope, text, toks);
      }
    } finally {
      this.busy.delete(key);
      this.memo.set(key, result);
    }
    return result;
  }

  /** The value of a traced `.slot :=` and the constant it comes from. */
  traced(scope: Scope, fn: FunctionDef, a: SlotAssignment): TracedSlot {
    return this.expression(scope, a.expr, MAX_HELPER_DEPTH, fn);
  }

  private expression(scope: Scope, written: Token[], depth: number, fn?: FunctionDef): TracedSlot {
    // `bytes32(POSITION)`, `sslot.wrap(SLOT)`: the same slot as the constant inside, the same namespace.
    const toks = withoutCasts(written);
    const path = barePath(toks);
    if (path) {
      const c = this.resolveConstant(scope, path);
      if (!c) return {};
      const v = this.constant(c.scope, c.def);
      return { value: v, constant: v?.alias ?? c };
    }
    const call = helperCall(toks);
    if (call && depth > 0) {
      const helper = this.helper(scope, call, fn);
      if (helper) return this.expression(helper.scope, helper.expr, depth - 1);
      return {};
    }
    return { value: this.evaluate(scope, undefined, toks) };
  }

  /**
   * Evaluates with names resolved in `scope`. An expression that named nothing depends on its text
   * alone: its value is kept across passes (keyed by the text).
   */
  private evaluate(scope: Scope, text: string | undefined, toks: Token[]): SlotValue | undefined {
    if (text !== undefined && closedValues.has(text)) return closedValues.peek(text);
    let named = false;
    const names = this.lookup(scope);
    const value = evaluateSlot(toks, (p) => {
      named = true;
      return names(p);
    });
    return text !== undefined && !named ? closedValues.set(text, value) : value;
  }

  /** An integer constant expression written in `scope` (an array length); undefined when it is not one. */
  integer(scope: Scope, text: string): bigint | undefined {
    return evaluateInteger(text, this.lookup(scope));
  }

  /** Constant names as `scope` sees them, each evaluated in its own scope. */
  private lookup(scope: Scope): ConstantLookup {
    return (p) => {
      const c = this.resolveConstant(scope, p);
      return c && this.constant(c.scope, c.def);
    };
  }

  private resolveConstant(scope: Scope, path: readonly string[]): ConstantRef | undefined {
    const r = this.view.resolve(scope, path);
    return r?.kind === 'constant' ? { scope: r.scope, def: r.def } : undefined;
  }

  /**
   * A parameterless function called as the slot (`bytes32 slot = _storageSlot();`) whose body is
   * `return EXPR;`. Unqualified names follow the linearisation, so overrides are honoured.
   */
  private helper(
    scope: Scope,
    path: string[],
    from?: FunctionDef,
  ): { scope: Scope; expr: Token[] } | undefined {
    let owners: (Scope & { contract: ContractDef })[] = [];
    const name = path[path.length - 1];
    if (path.length === 1 && scope.contract) {
      owners = this.view.linearize({ file: scope.file, contract: scope.contract }) ?? [
        { file: scope.file, contract: scope.contract },
      ];
    } else if (path.length > 1) {
      const r = this.view.resolve(scope, path.slice(0, -1));
      if (r?.kind === 'contract') owners = [r.scope];
    }
    for (const owner of owners) {
      const fn = owner.contract.functions.find((f) => f.name === name && f.params.length === 0 && f.bodySpan);
      if (!fn || fn === from) continue;
      const text = this.view.text(owner.file);
      if (text === undefined) return undefined;
      const body = tokenize(text, fn.bodySpan!.start, fn.bodySpan!.end).tokens;
      // `{ return EXPR ; }` and nothing else.
      if (body.length < 5 || body[1].text !== 'return' || body[body.length - 2].text !== ';')
        return undefined;
      return { scope: owner, expr: body.slice(2, -2) };
    }
    return undefined;
  }
}

/** `A` / `L.A` / `Alias.L.A` and nothing else. */
function barePath(toks: Token[]): string[] | undefined {
  if (toks.length === 0 || toks.length % 2 === 0) return undefined;
  const path: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (i % 2 === 0 ? t.kind !== 'ident' : t.text !== '.') return undefined;
    if (i % 2 === 0) path.push(t.text);
  }
  return path;
}

/** `f()` / `L.f()`: a path followed by an empty argument list. */
function helperCall(toks: Token[]): string[] | undefined {
  if (toks.length < 3 || toks[toks.length - 2].text !== '(' || toks[toks.length - 1].text !== ')')
    return undefined;
  return barePath(toks.slice(0, -2));
}

/** Conversions that keep a slot's value: `bytes32(x)`, `uint256(x)`, `T.wrap(x)`, `T.unwrap(x)`. */
const SLOT_CASTS = new Set(['bytes32', 'uint256', 'uint']);

/** The argument of value-keeping conversions around an expression (nested ones too). */
function withoutCasts(toks: Token[]): Token[] {
  for (;;) {
    const open = isCast(toks);
    if (open < 0 || toks[toks.length - 1].text !== ')' || closing(toks, open) !== toks.length - 1)
      return toks;
    toks = toks.slice(open + 1, -1);
  }
}

/** Index of the `(` after a cast's name, or -1. */
function isCast(toks: Token[]): number {
  if (toks.length >= 4 && SLOT_CASTS.has(toks[0].text) && toks[1].text === '(') return 1;
  const wrap = toks[2]?.text;
  if (
    toks.length >= 6 &&
    toks[0].kind === 'ident' &&
    toks[1].text === '.' &&
    (wrap === 'wrap' || wrap === 'unwrap')
  )
    return toks[3].text === '(' ? 3 : -1;
  return -1;
}

/** The index of the `)` closing the `(` at `open`. */
function closing(toks: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    if (toks[i].text === '(') depth++;
    else if (toks[i].text === ')' && --depth === 0) return i;
  }
  return -1;
}
