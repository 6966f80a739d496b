/** Type names and parameter lists. Every function returns what it could read and records what it could not. */
import type { Param, TypeName } from './ast';
import type { Cursor } from './cursor';

const ELEMENTARY =
  /^(address|bool|string|bytes|byte|uint(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)?|int(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)?|bytes([1-9]|[12][0-9]|3[0-2])|u?fixed(\d+x\d+)?)$/;

export function isElementaryName(word: string): boolean {
  return ELEMENTARY.test(word);
}

const LOCATIONS = new Set(['memory', 'storage', 'calldata']);

/** True when the cursor stands on something that can begin a type name. */
export function atTypeStart(c: Cursor): boolean {
  const t = c.peek();
  if (!t || t.kind !== 'ident') return false;
  if (t.text === 'mapping') return c.is('(', 1);
  if (t.text === 'function') return c.is('(', 1);
  return isElementaryName(t.text) || c.isName();
}

/** `ident(.ident)*` — returns the path, or undefined when the cursor is not on a name. */
export function parsePath(c: Cursor): string[] | undefined {
  const first = c.name();
  if (!first) return undefined;
  const path = [first.text];
  while (c.is('.') && c.peek(1)?.kind === 'ident') {
    c.i++;
    path.push(c.next()!.text);
  }
  return path;
}

function parseMapping(c: Cursor, start: number): TypeName {
  c.i++; // mapping
  c.expect('(');
  const key = parseType(c);
  const keyName = c.is('=>') ? undefined : c.name()?.text;
  c.expect('=>');
  const value = parseType(c);
  const valueName = c.is(')') ? undefined : c.name()?.text;
  if (!c.eat(')')) {
    c.problem("Expected ')' closing the mapping");
    while (!c.done && !c.is(')') && !c.is(';') && !c.is('{') && !c.is('}') && !c.atDeclarationStart()) c.i++;
    c.eat(')');
  }
  const missing = { kind: 'elementary' as const, name: '', span: { start: c.lastEnd(), end: c.lastEnd() } };
  const t: TypeName = {
    kind: 'mapping',
    key: key ?? missing,
    value: value ?? missing,
    span: c.spanFrom(start),
  };
  if (keyName) t.keyName = keyName;
  if (valueName) t.valueName = valueName;
  return t;
}

function parseFunctionType(c: Cursor, start: number): TypeName {
  c.i++; // function
  const params = parseParamList(c);
  let visibility: 'external' | 'internal' | undefined;
  let stateMutability: 'pure' | 'view' | 'payable' | undefined;
  let returns: Param[] = [];
  for (;;) {
    if (c.is('external') || c.is('internal')) visibility = c.next()!.text as 'external' | 'internal';
    else if (c.is('pure') || c.is('view') || c.is('payable'))
      stateMutability = c.next()!.text as 'pure' | 'view' | 'payable';
    else if (c.is('returns') && c.is('(', 1)) {
      c.i++;
      returns = parseParamList(c);
    } else break;
  }
  const t: TypeName = { kind: 'function', params, returns, span: c.spanFrom(start) };
  if (visibility) t.visibility = visibility;
  if (stateMutability) t.stateMutability = stateMutability;
  return t;
}

/** Parses a type name (with array suffixes); undefined (nothing consumed) when none starts here. */
export function parseType(c: Cursor): TypeName | undefined {
  if (!atTypeStart(c)) return undefined;
  const first = c.peek()!;
  const start = first.start;
  let type: TypeName;
  if (first.text === 'mapping') type = parseMapping(c, start);
  else if (first.text === 'function') type = parseFunctionType(c, start);
  else if (isElementaryName(first.text)) {
    c.i++;
    let name = first.text;
    if (name === 'address' && c.is('payable')) {
      c.i++;
      name = 'address payable';
    }
    type = { kind: 'elementary', name, span: c.spanFrom(start) };
  } else {
    type = { kind: 'user', path: parsePath(c)!, span: c.spanFrom(start) };
  }
  while (c.is('[')) {
    const open = c.next()!;
    let depth = 0;
    let closed = false;
    while (!c.done) {
      if (c.is('[') || c.is('(')) depth++;
      else if (c.is(']') || c.is(')')) {
        if (depth === 0) {
          closed = c.is(']');
          break;
        }
        depth--;
      } else if (c.is(';') || c.is('{') || c.is('}') || c.atDeclarationStart()) break;
      c.i++;
    }
    const lengthText = c.slice(open.end, c.here().start);
    if (closed) c.i++;
    else c.problem("Expected ']'");
    type = { kind: 'array', base: type, span: c.spanFrom(start) };
    if (lengthText) type.length = lengthText;
  }
  return type;
}

/** Skips a broken parameter up to the `,` or `)` that ends it (nested groups skipped). */
function skipParam(c: Cursor): void {
  while (!c.done && !c.is(',') && !c.is(')')) {
    if (c.is(';') || c.is('{') || c.is('}') || c.atDeclarationStart()) return;
    if (c.is('(') || c.is('[')) {
      if (!c.skipGroup()) return;
      continue;
    }
    c.i++;
  }
}

function parseParam(c: Cursor): Param | undefined {
  const startTok = c.peek();
  const type = parseType(c);
  if (!type || !startTok) return undefined;
  const p: Param = { type, span: { start: startTok.start, end: startTok.end } };
  for (;;) {
    const t = c.peek();
    if (t && LOCATIONS.has(t.text)) {
      p.location = t.text as Param['location'];
      c.i++;
    } else if (c.is('indexed')) {
      p.indexed = true;
      c.i++;
    } else break;
  }
  const name = c.name();
  if (name) p.name = name.text;
  p.span = c.spanFrom(startTok.start);
  return p;
}

/**
 * `( p1, p2, ... )`. Without a `(` at the cursor, records a problem and returns []. An unclosed list stops at
 * `{`, `;`, `}` or a declaration start so it never swallows what follows.
 */
export function parseParamList(c: Cursor): Param[] {
  const params: Param[] = [];
  if (!c.eat('(')) {
    c.problem("Expected '('");
    return params;
  }
  for (;;) {
    if (c.eat(')')) return params;
    if (c.done || c.is('{') || c.is(';') || c.is('}') || c.atDeclarationStart()) {
      c.problem("Expected ')'");
      return params;
    }
    const before = c.i;
    const p = parseParam(c);
    if (p) params.push(p);
    else c.problem('Expected a parameter type');
    if (c.eat(',')) continue;
    if (c.is(')')) continue;
    if (p) c.problem("Expected ',' or ')'");
    skipParam(c);
    c.eat(',');
    if (c.i === before) c.i++;
  }
}
