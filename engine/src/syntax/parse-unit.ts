/**
 * The top-level loop (pragma, import, contracts, file-level declarations) and contract bodies, run over one slice
 * of the token stream. Never throws: every loop consumes at least one token per turn or stops.
 */
import type { ContractDef, ContractKind, ImportDirective, SourceUnit } from './ast';
import { Cursor } from './cursor';
import { docsAtCursor } from './docs';
import {
  parseEnum,
  parseError,
  parseEvent,
  parseFunction,
  parseStruct,
  parseUdvt,
  parseUsing,
  parseVariable,
} from './parse-members';
import { parsePath } from './parse-types';
import { type MemberCache, parseMemberCached } from './member-cache';

export function emptyUnit(file: string): SourceUnit {
  return {
    file,
    imports: [],
    contracts: [],
    structs: [],
    enums: [],
    udvts: [],
    constants: [],
    functions: [],
    errors: [],
    events: [],
    usings: [],
    pragmas: [],
    problems: [],
  };
}

function parseImport(c: Cursor): ImportDirective | undefined {
  const start = c.next()!.start; // import
  let unitAlias: string | undefined;
  let symbols: ImportDirective['symbols'];
  const pathTok = () => {
    const t = c.peek();
    if (t?.kind === 'string') return c.next()!;
    c.problem('Expected the import path string');
    return undefined;
  };
  let path: ReturnType<typeof pathTok>;
  if (c.peek()?.kind === 'string') {
    path = c.next()!;
    if (c.eat('as')) unitAlias = c.name()?.text ?? (c.problem('Expected an alias'), undefined);
  } else if (c.eat('*')) {
    c.expect('as');
    unitAlias = c.name()?.text ?? (c.problem('Expected an alias'), undefined);
    c.expect('from');
    path = pathTok();
  } else if (c.is('{')) {
    c.i++;
    symbols = [];
    while (!c.done && !c.is('}') && !c.is(';') && !c.atDeclarationStart()) {
      const t = c.name() ?? (c.peek()?.kind === 'ident' ? c.next() : undefined);
      if (!t) {
        if (!c.eat(',')) {
          c.problem(`Unexpected '${c.peek()!.text}' in import list`);
          c.i++;
        }
        continue;
      }
      const sym: NonNullable<ImportDirective['symbols']>[number] = {
        name: t.text,
        span: { start: t.start, end: t.end },
      };
      if (c.eat('as')) {
        const a = c.name();
        if (a) sym.alias = a.text;
        else c.problem('Expected an alias');
      }
      sym.span = c.spanFrom(t.start);
      symbols.push(sym);
      c.eat(',');
    }
    c.expect('}');
    c.expect('from');
    path = pathTok();
  } else {
    c.problem('Expected an import path');
  }
  c.endStatement('import');
  if (!path) return undefined;
  const imp: ImportDirective = {
    path: path.value,
    pathSpan: { start: path.start, end: path.end },
    span: c.spanFrom(start),
  };
  if (unitAlias) imp.unitAlias = unitAlias;
  if (symbols) imp.symbols = symbols;
  return imp;
}

/** A declaration the parser could read (undefined: unparsable, already reported as a problem). */
function pushDefined<T>(into: T[], item: T | undefined): void {
  if (item !== undefined) into.push(item);
}

/**
 * A declaration that may stand in a contract or at file level. Returns false when the token does not start one
 * (the caller decides: a state variable in a contract, a constant at file level).
 */
function parseSharedMember(c: Cursor, into: Members): boolean {
  const t = c.peek()!;
  const docs = docsAtCursor(c);
  switch (t.text) {
    case 'function':
      // `function (uint) external returns (uint) public cb;` is a variable of function type.
      if (c.is('(', 1)) return false;
      pushDefined(into.functions, parseFunction(c, 'function', docs));
      return true;
    case 'struct':
      into.structs.push(parseStruct(c, docs));
      return true;
    case 'enum':
      into.enums.push(parseEnum(c, docs));
      return true;
    case 'event':
      into.events.push(parseEvent(c, docs));
      return true;
    case 'using':
      into.usings.push(parseUsing(c));
      return true;
    case 'error':
      if (c.isName(1) && c.is('(', 2)) {
        into.errors.push(parseError(c, docs));
        return true;
      }
      return false;
    case 'type':
      if (c.isName(1) && c.is('is', 2)) {
        into.udvts.push(parseUdvt(c, docs));
        return true;
      }
      return false;
  }
  return false;
}

type Members = Pick<ContractDef, 'functions' | 'structs' | 'enums' | 'udvts' | 'events' | 'usings'> & {
  errors: NonNullable<ContractDef['errors']>;
};

function parseContractMember(c: Cursor, contract: ContractDef & Members): void {
  if (parseSharedMember(c, contract)) return;
  const t = c.peek()!;
  const docs = docsAtCursor(c);
  if (t.text === 'constructor' || t.text === 'modifier') {
    pushDefined(contract.functions, parseFunction(c, t.text, docs));
    return;
  }
  if ((t.text === 'fallback' || t.text === 'receive') && c.is('(', 1)) {
    pushDefined(contract.functions, parseFunction(c, t.text, docs));
    return;
  }
  if (t.text === ';') {
    c.i++;
    return;
  }
  const v = parseVariable(c, docs);
  if (v) contract.stateVars.push(v);
}

function parseContract(c: Cursor, members?: MemberCache): ContractDef {
  const docs = docsAtCursor(c);
  const start = c.peek()!.start;
  const abstract = !!c.eat('abstract');
  const kindTok = c.next();
  const kind = (kindTok?.text ?? 'contract') as ContractKind;
  const name = c.name();
  if (!name) c.problem(`Expected ${kind} name`);
  const at = c.lastEnd();
  const contract: ContractDef & Members = {
    kind,
    abstract,
    name: name?.text ?? '',
    nameSpan: name ? { start: name.start, end: name.end } : { start: at, end: at },
    span: { start, end: start },
    bases: [],
    functions: [],
    stateVars: [],
    structs: [],
    enums: [],
    udvts: [],
    events: [],
    usings: [],
    errors: [],
    docs,
  };
  // Header: `is A, B(args)` and `layout at <expr>` in either order.
  while (!c.done && !c.is('{')) {
    if (c.eat('is') || (contract.bases.length && c.eat(','))) {
      const bStart = c.peek()?.start ?? c.lastEnd();
      const path = parsePath(c);
      if (!path) {
        c.problem('Expected a base contract name');
        continue;
      }
      const base: ContractDef['bases'][number] = { path, span: c.spanFrom(bStart) };
      if (c.is('(')) {
        const open = c.peek()!;
        c.skipGroup();
        base.args = c.slice(open.end, Math.max(open.end, c.lastEnd() - 1));
        base.span = c.spanFrom(bStart);
      }
      contract.bases.push(base);
    } else if (c.is('layout') && c.is('at', 1)) {
      c.i += 2;
      while (!c.done && !c.is('{') && !c.is('is') && !c.is(';') && !c.atDeclarationStart()) c.i++;
    } else if (c.is(';') || c.is('}') || c.atDeclarationStart()) {
      break;
    } else {
      c.problem(`Unexpected '${c.peek()!.text}' in ${kind} header`);
      c.i++;
    }
  }
  const open = c.peek();
  if (!open || !c.eat('{')) {
    c.problem(`Expected '{' to open ${kind} ${contract.name}`.trimEnd());
    c.eat(';');
    contract.span = c.spanFrom(start);
    return contract;
  }
  for (;;) {
    const close = c.peek();
    if (close && c.is('}')) {
      c.i++;
      break;
    }
    if (c.done || c.atDeclarationStart(0, true)) {
      c.problem(`Missing '}' closing ${kind} ${contract.name}`.trimEnd(), {
        start: open.start,
        end: open.end,
      });
      break;
    }
    const before = c.i;
    if (members) parseMemberCached(c, contract, members, parseContractMember);
    else parseContractMember(c, contract);
    if (c.i === before) {
      c.problem(`Unexpected '${c.peek()!.text}'`);
      c.i++;
    }
  }
  contract.bodySpan = c.spanFrom(open.start);
  contract.span = c.spanFrom(start);
  return contract;
}

/**
 * Parses tokens [first, end) into `unit` (which collects declarations and problems); `members`: contract members
 * parsed before, by text (member-cache.ts), else every member is parsed.
 */
export function parseTopLevel(unit: SourceUnit, c: Cursor, members?: MemberCache): void {
  const into = unit as SourceUnit & Members;
  while (!c.done) {
    const before = c.i;
    const t = c.peek()!;
    if (t.text === 'pragma' && t.kind === 'ident') {
      c.i++;
      const from = c.peek()?.start ?? c.lastEnd();
      while (!c.done && !c.is(';') && !c.atDeclarationStart()) c.i++;
      unit.pragmas!.push({ text: c.slice(from, Math.max(from, c.lastEnd())), span: c.spanFrom(t.start) });
      if (!c.eat(';')) c.problem("Expected ';' after pragma");
    } else if (t.text === 'import' && t.kind === 'ident') {
      const imp = parseImport(c);
      if (imp) unit.imports.push(imp);
    } else if (
      (t.text === 'contract' || t.text === 'interface' || t.text === 'library' || t.text === 'abstract') &&
      t.kind === 'ident'
    ) {
      unit.contracts.push(parseContract(c, members));
    } else if (parseSharedMember(c, into)) {
      // handled
    } else if (t.text === ';') {
      c.i++;
    } else if (t.text === '}') {
      c.problem("Unmatched '}'");
      c.i++;
    } else {
      const v = parseVariable(c, docsAtCursor(c));
      if (v) {
        if (!v.constant)
          unit.problems.push({ message: 'File-level variables must be constant', span: v.nameSpan });
        unit.constants.push(v);
      }
    }
    if (c.i === before) {
      c.problem(`Unexpected '${t.text}'`);
      c.i++;
    }
  }
}
