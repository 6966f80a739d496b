/**
 * What each function does to namespaced storage, from its body: which namespaces it reads and writes, directly
 * or through the internal functions, libraries and modifiers it calls, and which functions it calls through the
 * diamond (`IOther(address(this)).f()`, `this.f()`, `address(this).call(abi.encodeCall(IOther.f, …))`).
 *
 * A namespace is reached through its storage-pointer function (a function of the owning library returning the
 * namespace's struct as `storage`: `layout()`, `getStorage()`), through any function returning what such a call
 * returns, or (AppStorage) through a state variable of the struct. A local `storage` variable bound to a pointer
 * carries it; reading a field through it is a read, assigning, `delete`, `++`/`--`, `push`/`pop` through it a
 * write. A storage parameter is tracked as the parameter: the caller's argument decides the namespace.
 * Summaries are computed to a fixed point over the call graph (recursion is fine), at most MAX_ROUNDS rounds.
 */
import type { FunctionDefinition } from '@solidity-parser/parser/dist/src/ast-types';
import { childrenOf, type BodyNode, type FunctionNode } from './bodies';
import type { CodeContract, CodeIndex } from './code-index';

/** `n:<namespace index>` or `p:<parameter index>`. */
type Target = string;

export interface FunctionEffects {
  reads: Set<Target>;
  writes: Set<Target>;
  /** What a returned storage pointer points into. */
  returns: Set<Target>;
  /** Calls through the diamond: `<file>\0<contract>\0<function>\0<argument count>`. */
  diamondCalls: Set<string>;
  /** Libraries whose functions it calls (names), transitively. */
  libraries: Set<string>;
}

/** A namespace as the analysis finds its pointer: the owning contract and the struct's own name. */
export interface PointerSpec {
  owner: string;
  file: string;
  /** The struct's last name segment (`Layout` of `LibX.Layout`). */
  struct: string;
  appStorage: boolean;
}

const MAX_ROUNDS = 25;
const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '|=', '&=', '^=', '<<=', '>>=']);

interface FnCtx {
  fn: FunctionNode;
  /** The contract declaring it; undefined for a free function. */
  contract?: CodeContract;
  file: string;
}

const empty = (): FunctionEffects => ({
  reads: new Set(),
  writes: new Set(),
  returns: new Set(),
  diamondCalls: new Set(),
  libraries: new Set(),
});

const size = (e: FunctionEffects) =>
  e.reads.size + e.writes.size + e.returns.size + e.diamondCalls.size + e.libraries.size;

const lastSegment = (namePath: string) => namePath.slice(namePath.lastIndexOf('.') + 1);

export class EffectsAnalysis {
  private readonly summaries = new Map<FunctionNode, FunctionEffects>();
  private readonly ctxs = new Map<FunctionNode, FnCtx>();
  private readonly seeds = new Map<FunctionNode, Set<Target>>();
  /** Files with a function whose body could not be walked, and why. */
  readonly failed = new Map<string, string>();
  /** AppStorage state variables per contract: name → namespace targets. */
  private readonly stateRoots = new Map<CodeContract, Map<string, Set<Target>>>();

  constructor(
    readonly code: CodeIndex,
    private readonly pointers: readonly PointerSpec[],
  ) {}

  /** Every function and modifier of `contracts` (and of what they call) analysed to the fixed point. */
  run(contracts: readonly CodeContract[]): void {
    const all = new Set<CodeContract>();
    for (const c of contracts) for (const l of this.code.linearize(c)) all.add(l);
    for (const c of all) this.register(c);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      // New functions are registered as calls reach them (libraries of other files): walk a snapshot.
      const known = this.ctxs.size;
      let changed = false;
      for (const [fn, ctx] of [...this.ctxs]) {
        const before = this.summaries.get(fn);
        let next: FunctionEffects;
        try {
          next = this.walk(ctx);
        } catch (e) {
          // A tree too deep to walk (a stack overflow): the function is reported, its effects unknown.
          next = empty();
          this.failed.set(ctx.file, e instanceof RangeError ? 'too deeply nested to analyse' : String(e));
        }
        if (!before || size(next) !== size(before)) changed = true;
        this.summaries.set(fn, next);
      }
      if (!changed && this.ctxs.size === known) break;
    }
  }

  /** The effects of a contract's externally callable functions (its own and inherited). */
  ofContract(c: CodeContract): FunctionEffects {
    const out = empty();
    for (const l of this.code.linearize(c))
      for (const fn of l.parsed.functions) {
        if (fn.type !== 'FunctionDefinition' || fn.isConstructor) continue;
        const callable =
          fn.visibility === 'external' || fn.visibility === 'public' || fn.isFallback || fn.isReceiveEther;
        if (callable) merge(out, this.summaries.get(fn));
      }
    return out;
  }

  /** The effects of each externally callable function of `c` (migrations are found per function). */
  perFunction(c: CodeContract): FunctionEffects[] {
    return this.code
      .linearize(c)
      .flatMap((l) => l.parsed.functions)
      .filter(
        (fn): fn is FunctionDefinition =>
          fn.type === 'FunctionDefinition' &&
          !fn.isConstructor &&
          (fn.visibility === 'external' || fn.visibility === 'public'),
      )
      .map((fn) => this.summaries.get(fn) ?? empty());
  }

  private register(c: CodeContract): void {
    if (this.stateRoots.has(c)) return;
    const roots = new Map<string, Set<Target>>();
    this.stateRoots.set(c, roots);
    for (const n of c.parsed.node.subNodes as BodyNode[]) {
      if (n.type !== 'StateVariableDeclaration') continue;
      for (const v of n.variables) {
        if (v.isDeclaredConst || v.isImmutable || !v.name || v.typeName?.type !== 'UserDefinedTypeName')
          continue;
        const name = lastSegment(v.typeName.namePath);
        const hit = this.pointers.flatMap((p, i) => (p.appStorage && p.struct === name ? [`n:${i}`] : []));
        if (hit.length) roots.set(v.name, new Set(hit));
      }
    }
    for (const fn of c.parsed.functions) this.addFunction(fn, { fn, contract: c, file: c.file });
  }

  private addFunction(fn: FunctionNode, ctx: FnCtx): void {
    if (this.ctxs.has(fn)) return;
    this.ctxs.set(fn, ctx);
    this.summaries.set(fn, empty());
    const seed = new Set<Target>();
    const returns = fn.type === 'FunctionDefinition' ? (fn.returnParameters ?? []) : [];
    for (const r of returns) {
      if (r.storageLocation !== 'storage' || r.typeName?.type !== 'UserDefinedTypeName') continue;
      const struct = lastSegment(r.typeName.namePath);
      this.pointers.forEach((p, i) => {
        const own = ctx.contract && ctx.contract.name === p.owner && ctx.contract.file === p.file;
        // AppStorage's pointer (`LibAppStorage.diamondStorage()`) may live in any library.
        if (p.struct === struct && (own || (p.appStorage && hasAssembly(fn)))) seed.add(`n:${i}`);
      });
    }
    if (seed.size) this.seeds.set(fn, seed);
  }

  /** One pass over a function's body with the current summaries of what it calls. */
  private walk(ctx: FnCtx): FunctionEffects {
    const out = empty();
    for (const t of this.seeds.get(ctx.fn) ?? []) out.returns.add(t);
    const env = new Map<string, Set<Target>>();
    const locals = new Set<string>();
    for (const c of ctx.contract ? this.code.linearize(ctx.contract) : []) {
      this.register(c);
      for (const [k, v] of this.stateRoots.get(c)!) if (!env.has(k)) env.set(k, v);
    }
    (ctx.fn.parameters ?? []).forEach((p, i) => {
      if (p.name) {
        if (p.storageLocation === 'storage') {
          env.set(p.name, new Set([`p:${i}`]));
          locals.add(p.name);
        } else env.delete(p.name);
      }
    });
    const storageReturns: string[] = [];
    if (ctx.fn.type === 'FunctionDefinition')
      for (const r of ctx.fn.returnParameters ?? [])
        if (r.name && r.storageLocation === 'storage') {
          env.set(r.name, new Set());
          locals.add(r.name);
          storageReturns.push(r.name);
        }
    const w = new Walker(this, ctx, env, out, locals);
    if (ctx.fn.type === 'FunctionDefinition') for (const m of ctx.fn.modifiers ?? []) w.modifier(m);
    if (ctx.fn.body) w.visit(ctx.fn.body);
    for (const r of storageReturns) for (const t of env.get(r) ?? []) out.returns.add(t);
    return out;
  }

  /** The functions a call expression can reach, with the arguments their parameters receive. */
  callees(
    ctx: FnCtx,
    callee: BodyNode,
    argc: number,
  ): { fn: FunctionNode; bound?: BodyNode; library?: string }[] {
    const byName = (fns: FunctionNode[], name: string) => {
      const named = fns.filter((f) => f.name === name);
      const fit = named.filter((f) => (f.parameters ?? []).length === argc);
      return fit.length ? fit : named;
    };
    const inContract = (c: CodeContract, name: string) =>
      byName(c.parsed.functions, name).map((fn) => {
        this.addFunction(fn, { fn, contract: c, file: c.file });
        return { fn, library: c.kind === 'library' ? c.name : undefined };
      });
    if (callee.type === 'Identifier') {
      if (ctx.contract) {
        for (const c of this.code.linearize(ctx.contract)) {
          const hit = inContract(c, callee.name);
          if (hit.length) return hit;
        }
      }
      return byName(this.code.freeFunctions(ctx.file), callee.name).map((fn) => {
        this.addFunction(fn, { fn, file: ctx.file });
        return { fn };
      });
    }
    if (callee.type !== 'MemberAccess') return [];
    const base = callee.expression;
    if (base.type === 'Identifier') {
      if (base.name === 'super' && ctx.contract) {
        for (const c of this.code.linearize(ctx.contract).slice(1)) {
          const hit = inContract(c, callee.memberName);
          if (hit.length) return hit;
        }
        return [];
      }
      const target = this.code.lookup({ file: ctx.file, def: ctx.contract?.def }, [base.name]);
      if (target) {
        const lin = ctx.contract ? this.code.linearize(ctx.contract) : [];
        // `Lib.f()` and `Base.f()` run in this context; `IOther.f` is no call by itself.
        if (target.kind === 'library' || lin.includes(target)) {
          this.register(target);
          return inContract(target, callee.memberName);
        }
        return [];
      }
    }
    // `x.f(...)` with `using L for T`: `L.f(x, ...)`.
    for (const lib of this.usings(ctx)) {
      const hit = byName(lib.parsed.functions, callee.memberName).filter(
        (f) => (f.parameters ?? []).length === argc + 1,
      );
      if (hit.length) {
        this.register(lib);
        return hit.map((fn) => ({ fn, bound: base, library: lib.name }));
      }
    }
    return [];
  }

  private usings(ctx: FnCtx): CodeContract[] {
    const out: CodeContract[] = [];
    const add = (scope: { file: string; def?: CodeContract['def'] }, libraryName: string | null) => {
      if (!libraryName) return;
      const lib = this.code.lookup(scope, libraryName.split('.'));
      if (lib && !out.includes(lib)) out.push(lib);
    };
    for (const c of ctx.contract ? this.code.linearize(ctx.contract) : [])
      for (const n of c.parsed.node.subNodes as BodyNode[])
        if (n.type === 'UsingForDeclaration') add({ file: c.file, def: c.def }, n.libraryName);
    return out;
  }

  /** A function's effects as the last round left them (empty before its first walk). */
  effectsOf(fn: FunctionNode): FunctionEffects {
    return this.summaries.get(fn) ?? empty();
  }
}

/** One function body's walk: the local storage variables and what the body does through them. */
class Walker {
  constructor(
    private readonly an: EffectsAnalysis,
    private readonly ctx: FnCtx,
    private readonly env: Map<string, Set<Target>>,
    private readonly out: FunctionEffects,
    private readonly locals: Set<string>,
  ) {}

  modifier(m: { name: string; arguments: BodyNode[] | null }): void {
    const args = m.arguments ?? [];
    const callees = this.an
      .callees(this.ctx, { type: 'Identifier', name: m.name } as BodyNode, args.length)
      .filter((c) => c.fn.type === 'ModifierDefinition');
    for (const c of callees) this.apply(c.fn, args, c.library);
    for (const a of args) this.visit(a);
  }

  visit(node: BodyNode | null | undefined): void {
    if (!node) return;
    switch (node.type) {
      case 'VariableDeclarationStatement': {
        const vars = node.variables as (BodyNode | null)[];
        for (const v of vars) {
          if (v?.type !== 'VariableDeclaration' || !v.name) continue;
          if (v.storageLocation === 'storage') {
            this.locals.add(v.name);
            const init = vars.length === 1 ? node.initialValue : null;
            this.env.set(v.name, init ? this.rootsOf(init) : new Set());
          } else {
            this.locals.delete(v.name);
            this.env.delete(v.name);
          }
        }
        const pointer =
          vars.length === 1 &&
          vars[0]?.type === 'VariableDeclaration' &&
          vars[0].storageLocation === 'storage';
        if (pointer) this.pointer(node.initialValue);
        else this.visit(node.initialValue);
        return;
      }
      case 'BinaryOperation':
        if (ASSIGN.has(node.operator)) return this.assign(node.left, node.right, node.operator);
        break;
      case 'UnaryOperation':
        if (node.operator === '++' || node.operator === '--' || node.operator === 'delete')
          return this.write(node.subExpression, node.operator !== 'delete');
        break;
      case 'FunctionCall':
        return this.call(node);
      case 'MemberAccess':
        for (const t of this.rootsOf(node.expression)) this.out.reads.add(t);
        break;
      case 'IndexAccess':
        for (const t of this.rootsOf(node.base)) this.out.reads.add(t);
        break;
      case 'ReturnStatement': {
        const fn = this.ctx.fn;
        const storage =
          fn.type === 'FunctionDefinition' &&
          (fn.returnParameters ?? []).some((r) => r.storageLocation === 'storage');
        if (storage && node.expression) {
          for (const t of this.rootsOf(node.expression)) this.out.returns.add(t);
          return this.pointer(node.expression);
        }
        break;
      }
      case 'InlineAssemblyStatement':
        return;
    }
    for (const c of childrenOf(node)) this.visit(c);
  }

  /** A storage pointer being formed (not read): only what its indexes and calls read counts. */
  private pointer(node: BodyNode | null | undefined): void {
    if (!node) return;
    switch (node.type) {
      case 'IndexAccess':
        this.visit(node.index);
        return this.pointer(node.base);
      case 'MemberAccess':
        return this.pointer(node.expression);
      case 'Identifier':
        return;
      case 'Conditional':
        this.visit(node.condition);
        this.pointer(node.trueExpression);
        return this.pointer(node.falseExpression);
      case 'TupleExpression':
        for (const c of node.components as (BodyNode | null)[]) this.pointer(c);
        return;
      default:
        return this.visit(node);
    }
  }

  private assign(left: BodyNode, right: BodyNode, op: string): void {
    if (left.type === 'Identifier' && op === '=' && this.isStorageLocal(left.name)) {
      this.env.set(left.name, this.rootsOf(right));
      return this.pointer(right);
    }
    this.write(left, op !== '=');
    this.visit(right);
  }

  /** A local `storage` variable (AppStorage's `s` is a state variable: `s = …` is no rebinding). */
  private isStorageLocal(name: string): boolean {
    return this.locals.has(name);
  }

  private write(target: BodyNode, alsoRead: boolean): void {
    if (target.type === 'TupleExpression') {
      for (const c of target.components as (BodyNode | null)[]) if (c) this.write(c, alsoRead);
      return;
    }
    const roots = target.type === 'Identifier' ? new Set<Target>() : this.rootsOf(target);
    for (const t of roots) {
      this.out.writes.add(t);
      if (alsoRead) this.out.reads.add(t);
    }
    this.pointer(target);
  }

  private call(node: BodyNode & { type: 'FunctionCall' }): void {
    const callee = node.expression;
    const args = node.arguments;
    if (callee.type === 'MemberAccess') {
      const name = callee.memberName;
      if (name === 'push' || name === 'pop') {
        const roots = this.rootsOf(callee.expression);
        if (roots.size) {
          for (const t of roots) this.out.writes.add(t);
          this.pointer(callee.expression);
          for (const a of args) this.visit(a);
          return;
        }
      }
      const through = this.diamondTarget(callee.expression);
      if (through) {
        this.out.diamondCalls.add(`${through.file}\0${through.name}\0${name}\0${args.length}`);
        for (const a of args) this.visit(a);
        return;
      }
      if (
        (name === 'call' || name === 'staticcall' || name === 'delegatecall') &&
        this.isSelf(callee.expression)
      )
        for (const a of args) this.encodedCall(a);
    }
    const callees = this.an.callees(this.ctx, callee, args.length);
    for (const c of callees) this.apply(c.fn, c.bound ? [c.bound, ...args] : args, c.library);
    if (callee.type === 'MemberAccess') {
      if (callees.some((c) => c.bound)) this.pointer(callee.expression);
      else this.visit(callee.expression);
    } else if (callee.type !== 'Identifier') this.visit(callee);
    for (const a of args) if (a.type !== 'Identifier') this.visit(a);
  }

  /** `abi.encodeCall(I.f, …)` / `abi.encodeWithSelector(I.f.selector, …)` sent to `address(this)`. */
  private encodedCall(arg: BodyNode): void {
    if (arg.type !== 'FunctionCall' || arg.expression.type !== 'MemberAccess') return;
    const how = arg.expression.memberName;
    let ref = arg.arguments[0];
    if (how === 'encodeWithSelector' && ref?.type === 'MemberAccess' && ref.memberName === 'selector')
      ref = ref.expression;
    else if (how !== 'encodeCall') return;
    if (ref?.type !== 'MemberAccess' || ref.expression.type !== 'Identifier') return;
    const iface = this.an.code.lookup({ file: this.ctx.file, def: this.ctx.contract?.def }, [
      ref.expression.name,
    ]);
    if (!iface) return;
    const argc = how === 'encodeCall' ? tupleLength(arg.arguments[1]) : arg.arguments.length - 1;
    this.out.diamondCalls.add(`${iface.file}\0${iface.name}\0${ref.memberName}\0${argc}`);
  }

  /** `I(address(this))` or `this`: the diamond itself, as the contract `I` (or this facet). */
  private diamondTarget(e: BodyNode): { file: string; name: string } | undefined {
    if (e.type === 'Identifier' && e.name === 'this' && this.ctx.contract)
      return { file: this.ctx.contract.file, name: this.ctx.contract.name };
    if (e.type !== 'FunctionCall' || e.arguments.length !== 1 || e.expression.type !== 'Identifier')
      return undefined;
    if (!this.isSelf(e.arguments[0])) return undefined;
    const c = this.an.code.lookup({ file: this.ctx.file, def: this.ctx.contract?.def }, [e.expression.name]);
    return c ? { file: c.file, name: c.name } : undefined;
  }

  private isSelf(e: BodyNode): boolean {
    if (e.type === 'Identifier') return e.name === 'this';
    return (
      e.type === 'FunctionCall' &&
      (e.expression.type === 'ElementaryTypeName' || e.expression.type === 'Identifier') &&
      e.expression.name === 'address' &&
      e.arguments.length === 1 &&
      e.arguments[0].type === 'Identifier' &&
      e.arguments[0].name === 'this'
    );
  }

  /** A callee's effects at this call: its namespaces as they are, its parameters as the arguments' roots. */
  private apply(fn: FunctionNode, args: readonly BodyNode[], library: string | undefined): void {
    const s = this.an.effectsOf(fn);
    const map = (t: Target): Set<Target> => {
      if (t.startsWith('n:')) return new Set([t]);
      const a = args[Number(t.slice(2))];
      return a ? this.rootsOf(a) : new Set();
    };
    for (const t of s.reads) for (const m of map(t)) this.out.reads.add(m);
    for (const t of s.writes) for (const m of map(t)) this.out.writes.add(m);
    for (const c of s.diamondCalls) this.out.diamondCalls.add(c);
    for (const l of s.libraries) this.out.libraries.add(l);
    if (library) this.out.libraries.add(library);
  }

  /** The namespaces (and storage parameters) an expression's storage reference points into. */
  rootsOf(e: BodyNode | null | undefined): Set<Target> {
    if (!e) return new Set();
    switch (e.type) {
      case 'Identifier':
        return new Set(this.env.get(e.name) ?? []);
      case 'MemberAccess':
        return this.rootsOf(e.expression);
      case 'IndexAccess':
        return this.rootsOf(e.base);
      case 'TupleExpression':
        return e.components.length === 1 ? this.rootsOf(e.components[0] as BodyNode | null) : new Set();
      case 'Conditional':
        return new Set([...this.rootsOf(e.trueExpression), ...this.rootsOf(e.falseExpression)]);
      case 'FunctionCall': {
        const out = new Set<Target>();
        for (const c of this.an.callees(this.ctx, e.expression, e.arguments.length)) {
          const args = c.bound ? [c.bound, ...e.arguments] : e.arguments;
          for (const t of this.an.effectsOf(c.fn).returns) {
            if (t.startsWith('n:')) out.add(t);
            else for (const m of this.rootsOf(args[Number(t.slice(2))])) out.add(m);
          }
        }
        return out;
      }
      default:
        return new Set();
    }
  }
}

function hasAssembly(fn: FunctionNode): boolean {
  const stack: BodyNode[] = fn.body ? [fn.body] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'InlineAssemblyStatement') return true;
    stack.push(...childrenOf(n));
  }
  return false;
}

function tupleLength(e: BodyNode | undefined): number {
  if (!e) return 0;
  return e.type === 'TupleExpression' ? e.components.length : 1;
}

export function merge(into: FunctionEffects, from: FunctionEffects | undefined): void {
  if (!from) return;
  for (const k of ['reads', 'writes', 'returns', 'diamondCalls', 'libraries'] as const)
    for (const v of from[k]) into[k].add(v);
}
