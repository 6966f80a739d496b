/**
 * Declarations that may stand both inside a contract and at file level: functions, modifiers, state variables and
 * constants, structs, enums, UDVTs, events, errors, `using for`.
 */
import type {
  Docs,
  EnumDef,
  ErrorDef,
  EventDef,
  FunctionDef,
  FunctionKind,
  Param,
  StructDef,
  UdvtDef,
  UsingDirective,
  VariableDef,
} from './ast';
import type { Cursor } from './cursor';
import { isElementaryName, parseParamList, parsePath, parseType } from './parse-types';

function nameOrProblem(c: Cursor, what: string): { text: string; start: number; end: number } {
  const t = c.name();
  if (t) return t;
  c.problem(`Expected ${what} name`);
  const at = c.lastEnd();
  return { text: '', start: at, end: at };
}

/** `override` or `override(A, B.C)`: the listed paths. */
function parseOverride(c: Cursor): string[][] {
  c.i++; // override
  const paths: string[][] = [];
  if (!c.is('(')) return paths;
  c.i++;
  while (!c.done && !c.is(')')) {
    const p = parsePath(c);
    if (p) paths.push(p);
    if (!c.eat(',') && !p) break;
  }
  if (!c.eat(')')) c.problem("Expected ')' after override list");
  return paths;
}

/**
 * The first invalid token (a word holding a control or non-ASCII character) among the tokens consumed
 * since index `from`: a declaration holding one is unparsable (solc rejects it), so it contributes
 * nothing rather than a name cut at the bad character.
 */
function invalidTokenSince(
  c: Cursor,
  from: number,
): { text: string; start: number; end: number } | undefined {
  for (let k = from; k < c.i; k++) if (c.tokens[k].kind === 'invalid') return c.tokens[k];
  return undefined;
}

function invalidProblem(c: Cursor, t: { text: string; start: number; end: number }, what: string): void {
  c.problem(`Invalid character in ${JSON.stringify(t.text)}: the ${what} declaration is skipped`, {
    start: t.start,
    end: t.end,
  });
}

const VISIBILITY = new Set(['public', 'private', 'internal', 'external']);
const MUTABILITY = new Set(['pure', 'view', 'payable', 'constant', 'nonpayable']);

/**
 * `function` / `constructor` / `fallback` / `receive` / `modifier` headers; bodies skipped by brace matching.
 * Undefined (after consuming the whole declaration) when the header holds an invalid token.
 */
export function parseFunction(c: Cursor, kind: FunctionKind, docs: Docs): FunctionDef | undefined {
  const firstIndex = c.i;
  const first = c.next()!;
  const start = first.start;
  let name = '';
  let nameSpan = { start: first.start, end: first.end };
  if (kind === 'function' || kind === 'modifier') {
    const t = c.name();
    if (t) {
      name = t.text;
      nameSpan = { start: t.start, end: t.end };
    } else if (c.peek()?.kind === 'invalid') {
      c.i++; // the name's place: read on, so the parameters are not taken for the next declaration
    } else if (!c.is('(')) c.problem(`Expected ${kind} name`);
  }
  const fn: FunctionDef = {
    kind,
    name,
    nameSpan,
    span: { start, end: start },
    headerSpan: { start, end: start },
    params: [],
    returns: [],
    virtual: false,
    override: false,
    docs,
  };
  if (c.is('(')) fn.params = parseParamList(c);
  else if (kind !== 'modifier') c.problem("Expected '('");
  const modifiers: { path: string[]; span: { start: number; end: number } }[] = [];
  for (;;) {
    const t = c.peek();
    if (!t || c.is('{') || c.is(';') || c.is('}') || c.atDeclarationStart()) break;
    if (VISIBILITY.has(t.text)) {
      fn.visibility = t.text as FunctionDef['visibility'];
      c.i++;
    } else if (MUTABILITY.has(t.text)) {
      // `constant` on functions is pre-0.5 for `view`.
      fn.stateMutability = (t.text === 'constant' ? 'view' : t.text) as FunctionDef['stateMutability'];
      c.i++;
    } else if (t.text === 'virtual') {
      fn.virtual = true;
      c.i++;
    } else if (t.text === 'override') {
      fn.override = true;
      const paths = parseOverride(c);
      if (paths.length) fn.overrides = paths;
    } else if (t.text === 'returns') {
      c.i++;
      fn.returns = parseParamList(c);
    } else if (isElementaryName(t.text) || t.text === 'mapping') {
      // A type: the header was left unfinished and a variable declaration follows.
      break;
    } else if (c.isName()) {
      const mStart = t.start;
      const path = parsePath(c)!;
      if (c.is('(')) c.skipGroup();
      modifiers.push({ path, span: c.spanFrom(mStart) });
    } else {
      c.problem(`Unexpected '${t.text}' in ${kind} header`);
      c.i++;
    }
  }
  if (modifiers.length) fn.modifiers = modifiers;
  fn.headerSpan = c.spanFrom(start);
  const invalid = invalidTokenSince(c, firstIndex);
  const open = c.peek();
  if (open && c.is('{')) {
    if (!c.skipGroup())
      c.problem(`Unclosed body of ${kind} ${name}`.trimEnd(), { start: open.start, end: open.end });
    fn.bodySpan = c.spanFrom(open.start);
  } else if (!c.eat(';')) c.problem(`Expected '{' or ';' after ${kind} header`);
  fn.span = c.spanFrom(start);
  if (invalid) {
    invalidProblem(c, invalid, kind);
    return undefined;
  }
  return fn;
}

/**
 * State variable or (file-level) constant: `type specifiers name [= initializer];`.
 * Returns undefined, after skipping the statement, when no type or no name can be read.
 */
export function parseVariable(c: Cursor, docs: Docs): VariableDef | undefined {
  const firstIndex = c.i;
  const startTok = c.peek()!;
  const type = parseType(c);
  if (!type) {
    c.problem(`Unexpected '${startTok.text}'`);
    c.skipStatement();
    return undefined;
  }
  const v: Partial<VariableDef> & { constant: boolean; immutable: boolean } = {
    constant: false,
    immutable: false,
  };
  for (;;) {
    const t = c.peek();
    if (!t) break;
    if (t.text === 'public' || t.text === 'private' || t.text === 'internal') {
      v.visibility = t.text;
      c.i++;
    } else if (t.text === 'constant') {
      v.constant = true;
      c.i++;
    } else if (t.text === 'immutable') {
      v.immutable = true;
      c.i++;
    } else if (t.text === 'override') {
      v.overrides = parseOverride(c);
    } else if (t.text === 'transient' && c.isName(1)) {
      v.transient = true;
      c.i++;
    } else break;
  }
  const name = c.name();
  if (!name) {
    const bad = c.peek()?.kind === 'invalid' ? c.peek()! : invalidTokenSince(c, firstIndex);
    if (bad) invalidProblem(c, bad, 'variable');
    else c.problem('Expected a variable name');
    c.skipStatement();
    return undefined;
  }
  const def: VariableDef = {
    name: name.text,
    nameSpan: { start: name.start, end: name.end },
    span: { start: startTok.start, end: name.end },
    type,
    constant: v.constant,
    immutable: v.immutable,
    docs,
  };
  if (v.visibility) def.visibility = v.visibility;
  if (v.transient) def.transient = true;
  if (v.overrides) def.overrides = v.overrides;
  if (c.eat('=')) {
    const first = c.peek();
    const from = first ? first.start : c.lastEnd();
    // Skip the expression to the `;` but keep it out of the initializer text.
    while (!c.done && !c.is(';') && !c.is('}') && !c.atDeclarationStart()) {
      if (c.is('(') || c.is('[') || c.is('{')) {
        if (!c.skipGroup()) break;
      } else c.i++;
    }
    const to = Math.max(from, c.lastEnd());
    def.initializer = { text: c.slice(from, to), span: { start: from, end: to } };
    if (!def.initializer.text) c.problem('Expected an initializer expression');
  }
  c.endStatement('variable declaration');
  def.span = c.spanFrom(startTok.start);
  const invalid = invalidTokenSince(c, firstIndex);
  if (invalid) {
    invalidProblem(c, invalid, 'variable');
    return undefined;
  }
  return def;
}

export function parseStruct(c: Cursor, docs: Docs): StructDef {
  const start = c.next()!.start;
  const name = nameOrProblem(c, 'struct');
  const def: StructDef = {
    name: name.text,
    nameSpan: { start: name.start, end: name.end },
    span: { start, end: start },
    members: [],
    docs,
  };
  if (!c.expect('{')) {
    c.skipStatement();
  } else {
    for (;;) {
      if (c.eat('}')) break;
      if (c.done || c.atDeclarationStart()) {
        c.problem(`Unclosed struct ${def.name}`);
        break;
      }
      const mStart = c.peek()!.start;
      const type = parseType(c);
      const mName = type ? c.name() : undefined;
      if (type && mName) def.members.push({ name: mName.text, type, span: c.spanFrom(mStart) });
      else c.problem('Expected a struct member');
      if (!c.eat(';')) {
        if (type && mName) c.problem("Expected ';' after struct member");
        const before = c.i;
        c.skipStatement();
        if (c.i === before && c.is('}') === false && !c.done && !c.atDeclarationStart()) c.i++;
      }
    }
  }
  def.span = c.spanFrom(start);
  return def;
}

export function parseEnum(c: Cursor, docs: Docs): EnumDef {
  const start = c.next()!.start;
  const name = nameOrProblem(c, 'enum');
  const def: EnumDef = {
    name: name.text,
    nameSpan: { start: name.start, end: name.end },
    span: { start, end: start },
    members: [],
  };
  if (docs !== undefined) def.docs = docs;
  if (!c.expect('{')) c.skipStatement();
  else {
    for (;;) {
      if (c.eat('}')) break;
      if (c.done || c.is(';') || c.is('{') || c.atDeclarationStart()) {
        c.problem(`Unclosed enum ${def.name}`);
        break;
      }
      const m = c.name();
      if (m) def.members.push(m.text);
      else {
        c.problem('Expected an enum member');
        c.i++;
      }
      if (!c.eat(',') && !c.is('}') && m) c.problem("Expected ',' or '}'");
    }
  }
  def.span = c.spanFrom(start);
  return def;
}

function parseParamsDecl(
  c: Cursor,
  what: string,
): { name: ReturnType<typeof nameOrProblem>; params: Param[] } {
  const name = nameOrProblem(c, what);
  const params = c.is('(') ? parseParamList(c) : (c.problem("Expected '('"), []);
  return { name, params };
}

export function parseEvent(c: Cursor, docs: Docs): EventDef {
  const start = c.next()!.start;
  const { name, params } = parseParamsDecl(c, 'event');
  const def: EventDef = {
    name: name.text,
    nameSpan: { start: name.start, end: name.end },
    span: { start, end: start },
    params,
  };
  if (c.eat('anonymous')) def.anonymous = true;
  if (docs !== undefined) def.docs = docs;
  c.endStatement('event');
  def.span = c.spanFrom(start);
  return def;
}

export function parseError(c: Cursor, docs: Docs): ErrorDef {
  const start = c.next()!.start;
  const { name, params } = parseParamsDecl(c, 'error');
  const def: ErrorDef = {
    name: name.text,
    nameSpan: { start: name.start, end: name.end },
    span: { start, end: start },
    params,
  };
  if (docs !== undefined) def.docs = docs;
  c.endStatement('error');
  def.span = c.spanFrom(start);
  return def;
}

/** `type Name is underlying;` */
export function parseUdvt(c: Cursor, docs: Docs): UdvtDef {
  const start = c.next()!.start;
  const name = nameOrProblem(c, 'type');
  c.expect('is');
  const at = c.lastEnd();
  let underlying = parseType(c);
  if (!underlying) {
    c.problem('Expected the underlying type');
    underlying = { kind: 'elementary', name: '', span: { start: at, end: at } };
  }
  const def: UdvtDef = {
    name: name.text,
    nameSpan: { start: name.start, end: name.end },
    span: { start, end: start },
    underlying,
  };
  if (docs !== undefined) def.docs = docs;
  c.endStatement('type definition');
  def.span = c.spanFrom(start);
  return def;
}

/** `using L for T [global];`, `using {f, g as +} for T [global];`, `using L for *;` */
export function parseUsing(c: Cursor): UsingDirective {
  const start = c.next()!.start;
  const u: UsingDirective = { library: [], span: { start, end: start } };
  if (c.is('{')) {
    c.i++;
    const fns: string[][] = [];
    while (!c.done && !c.is('}') && !c.is(';') && !c.atDeclarationStart()) {
      const p = parsePath(c);
      if (p) fns.push(p);
      else c.i++; // `as +` operators and commas
    }
    c.expect('}');
    u.functions = fns;
  } else {
    const p = parsePath(c);
    if (p) u.library = p;
    else c.problem('Expected a library name');
  }
  if (c.eat('for')) {
    const from = c.peek()?.start ?? c.lastEnd();
    if (!c.eat('*')) parseType(c);
    u.forType = c.slice(from, Math.max(from, c.lastEnd()));
  } else c.problem("Expected 'for'");
  if (c.eat('global')) u.global = true;
  c.endStatement('using directive');
  u.span = c.spanFrom(start);
  return u;
}
