/**
 * A cursor over a slice of the token stream, shared by every parse function. It never throws: reading past the
 * end yields `undefined`, and every recovery helper stops at the slice end.
 */
import type { ParseProblem, Span } from './ast';
import type { Comment, Token } from './tokenizer';

/** Words that can never be an identifier: seeing one where a name should be means the code is half-typed. */
const RESERVED = new Set([
  'abstract',
  'address',
  'anonymous',
  'as',
  'assembly',
  'bool',
  'break',
  'calldata',
  'catch',
  'constant',
  'constructor',
  'continue',
  'contract',
  'delete',
  'do',
  'else',
  'emit',
  'enum',
  'event',
  'external',
  'false',
  'for',
  'function',
  'if',
  'immutable',
  'import',
  'indexed',
  'interface',
  'internal',
  'is',
  'library',
  'mapping',
  'memory',
  'modifier',
  'new',
  'override',
  'payable',
  'pragma',
  'private',
  'public',
  'pure',
  'return',
  'returns',
  'storage',
  'string',
  'struct',
  'true',
  'try',
  'type',
  'unchecked',
  'using',
  'view',
  'virtual',
  'while',
]);

export class Cursor {
  i: number;

  constructor(
    readonly text: string,
    readonly tokens: readonly Token[],
    readonly comments: readonly Comment[],
    /** First token index of the slice. */
    readonly first: number,
    /** One past the last token index of the slice. */
    readonly end: number,
    /** Offset where the slice's text starts (the end of the token before it, or 0). */
    readonly textStart: number,
    readonly problems: ParseProblem[],
  ) {
    this.i = first;
  }

  get done(): boolean {
    return this.i >= this.end;
  }

  peek(k = 0): Token | undefined {
    const j = this.i + k;
    return j < this.end ? this.tokens[j] : undefined;
  }

  /** True when the token k ahead is the punctuation or word `text` (never a string literal). */
  is(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && t.text === text && (t.kind === 'ident' || t.kind === 'punct');
  }

  /** True when the token k ahead is an identifier that is not a reserved word. */
  isName(k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && t.kind === 'ident' && !RESERVED.has(t.text);
  }

  next(): Token | undefined {
    return this.i < this.end ? this.tokens[this.i++] : undefined;
  }

  eat(text: string): Token | undefined {
    return this.is(text) ? this.tokens[this.i++] : undefined;
  }

  name(): Token | undefined {
    return this.isName() ? this.tokens[this.i++] : undefined;
  }

  /** End offset of the last consumed token (or the slice start). */
  lastEnd(): number {
    return this.i > this.first ? this.tokens[this.i - 1].end : this.textStart;
  }

  /** Where the next token starts, or the end of the last one when the slice is exhausted. */
  here(): Span {
    const t = this.peek();
    if (t) return { start: t.start, end: t.end };
    const e = this.lastEnd();
    return { start: e, end: e };
  }

  problem(message: string, span: Span = this.here()): void {
    this.problems.push({ message, span });
  }

  expect(text: string, what = `'${text}'`): boolean {
    if (this.eat(text)) return true;
    this.problem(`Expected ${what}`);
    return false;
  }

  spanFrom(start: number): Span {
    return { start, end: Math.max(start, this.lastEnd()) };
  }

  /** Source text between two offsets (trimmed). */
  slice(start: number, end: number): string {
    return this.text.slice(start, end).trim();
  }

  /**
   * True when the token k ahead certainly starts a declaration. Used to stop skipping: a body or an expression
   * never contains these, so meeting one means a brace or parenthesis was left open.
   * `hardOnly` limits the test to what can only start a top-level declaration.
   */
  atDeclarationStart(k = 0, hardOnly = false): boolean {
    const t = this.peek(k);
    if (!t || t.kind !== 'ident') return false;
    const n = this.peek(k + 1);
    const nextIsName = n !== undefined && n.kind === 'ident';
    switch (t.text) {
      case 'contract':
      case 'interface':
      case 'library':
        return nextIsName;
      case 'abstract':
        return n?.text === 'contract';
      case 'pragma':
        return nextIsName;
      case 'import':
        return n !== undefined && (n.kind === 'string' || n.text === '{' || n.text === '*');
    }
    if (hardOnly) return false;
    switch (t.text) {
      case 'function':
      case 'modifier':
      case 'event':
        return nextIsName && n.text !== 'returns';
      case 'constructor':
        return n?.text === '(';
      case 'struct':
      case 'enum':
        return nextIsName && this.is('{', k + 2);
    }
    return false;
  }

  /**
   * At `(`, `[` or `{`: skips to just past the matching closer. Stops early (before the token) at a declaration
   * start, returning false for "left open". Nested braces inside are skipped with the same rule.
   */
  skipGroup(): boolean {
    const open = this.peek();
    if (!open) return false;
    const close = open.text === '(' ? ')' : open.text === '[' ? ']' : '}';
    this.i++;
    while (!this.done) {
      if (this.is(close)) {
        this.i++;
        return true;
      }
      if (this.is('(') || this.is('[') || this.is('{')) {
        if (!this.skipGroup()) return false;
        continue;
      }
      if (this.is(')') || this.is(']') || this.is('}')) {
        // A mismatched closer: a brace closes everything open inside it; brackets are typos we step over.
        if (this.is('}')) return false;
        this.i++;
        continue;
      }
      if (this.atDeclarationStart()) return false;
      if (this.is('assembly')) {
        this.skipAssembly();
        continue;
      }
      this.i++;
    }
    return false;
  }

  /** `assembly ["evmasm"] [("memory-safe")] { ... }`: Yul declares `function`s, so only hard starts stop it. */
  private skipAssembly(): void {
    this.i++;
    if (this.peek()?.kind === 'string') this.i++;
    if (this.is('(')) this.skipGroup();
    if (!this.is('{')) return;
    let depth = 0;
    while (!this.done) {
      if (this.is('{')) depth++;
      else if (this.is('}')) {
        depth--;
        if (depth === 0) {
          this.i++;
          return;
        }
      } else if (this.atDeclarationStart(0, true) || this.is('modifier') || this.is('event')) return;
      this.i++;
    }
  }

  /** Consumes the `;` ending a statement; without one, records a problem and skips to where it should have been. */
  endStatement(what: string): void {
    if (this.eat(';')) return;
    this.problem(`Expected ';' after ${what}`);
    this.skipStatement();
  }

  /**
   * Skips an expression or a broken declaration up to and including the next `;` at nesting depth 0.
   * Stops (without consuming) at a `}` that closes the enclosing block or at a declaration start.
   */
  skipStatement(): void {
    while (!this.done) {
      if (this.is(';')) {
        this.i++;
        return;
      }
      if (this.is('}') || this.atDeclarationStart()) return;
      if (this.is('(') || this.is('[') || this.is('{')) {
        if (!this.skipGroup()) return;
        continue;
      }
      this.i++;
    }
  }
}
