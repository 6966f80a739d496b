/**
 * The engine's one constant-expression evaluator: what solc computes at compile time for the constants we
 * need, slot constants (`bytes32` / `uint256` initializers that name storage slots) and array lengths (`T[N]`,
 * `T[2 * Lib.N]`) alike, so both read a literal the same way.
 *
 * It knows number literals as solc reads them (decimal with `_`, fractions and exponents whose value is whole,
 * `2.5e3`; hex; units `1 ether`, `2 days`), `| ^ & << >> + - * / % ** ~`, parentheses, integer and `bytes32`
 * conversions, hex and string literals, `keccak256("id")` (also through `bytes(..)` / `abi.encodePacked(..)` /
 * `abi.encode(..)`), the `erc7201("id")` builtin (Solidity >= 0.8.35, returns uint256), the ERC-7201 formula
 * written out, `bytes32(uint256(keccak256("x")) - 1)` (EIP-1967 style), `T.wrap(..)` / `T.unwrap(..)` of
 * user-defined value types, and references to other constants
 * through a caller-supplied lookup.
 *
 * Anything outside that small language gives `undefined`: a wrong slot or length is worse than none.
 * Words are bigints in [0, 2^256) (arithmetic that leaves the range is refused, as solc refuses it) and are
 * always re-encoded as 32 bytes before hashing.
 */
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { keccakHex } from '../hash';
import { BoundedMemo } from '../memo';
import { tokenize, type Token } from '../syntax/tokenizer';
import { erc7201Slot, WORD_MOD, wordHex } from './erc7201';

/** How a slot value relates to the string id it came from (decided from the value, not the syntax). */
export type SlotForm =
  | 'keccak' // keccak256(id)
  | 'keccak-minus-1' // keccak256(id) - 1 (EIP-1967 style)
  | 'erc7201' // erc7201Slot(id)
  | 'literal' // a hex/decimal literal, no id
  | 'computed'; // anything else we could evaluate

export interface SlotValue {
  /** '0x' + 64 lowercase hex digits. */
  value: string;
  /** The string the value was hashed from, when exactly one string fed it. */
  id?: string;
  form: SlotForm;
}

/** Resolves a constant reference (`X`, `L.X`, `Alias.L.X`) to its value, or undefined. */
export type ConstantLookup = (path: string[]) => SlotValue | undefined;

/**
 * `literal`: the value is a literal (possibly converted or named), which classifies it as 'literal'.
 * `bare`: the value is literal arithmetic only (number tokens and operators on them): solc gives it a rational
 * type of unlimited precision, so it is kept as the fraction `v / den` (den > 0, reduced; 1n for typed words)
 * and may be negative or fractional until it meets a typed value or ends the expression, where it must be a
 * whole number in range (as solc requires).
 */
type Word = { t: 'word'; v: bigint; den: bigint; size: number; id?: string; literal: boolean; bare: boolean };
type Val = Word | { t: 'bytes'; b: Uint8Array; id?: string; literal: boolean } | { t: 'fn'; path: string[] };

class Unknown extends Error {}

const fail = (): never => {
  throw new Unknown();
};

/**
 * Parses and evaluates the whole expression, then hands its value to `finish` (what the caller needs of it);
 * undefined when the expression is empty, leaves tokens over, or steps outside the language (`fail()`).
 */
function evaluateWith<R>(
  expr: string | Token[],
  lookup: ConstantLookup | undefined,
  finish: (v: Val) => R | undefined,
): R | undefined {
  const tokens = typeof expr === 'string' ? tokenize(expr).tokens : expr;
  if (tokens.length === 0) return undefined;
  try {
    const p = new ExprParser(tokens, lookup);
    const v = p.parseExpression();
    return p.atEnd() ? finish(v) : undefined;
  } catch (e) {
    if (e instanceof Unknown) return undefined;
    throw e;
  }
}

/** Evaluate an initializer (text or its tokens) to a 32-byte value, or undefined when unsure. */
export function evaluateSlot(expr: string | Token[], lookup?: ConstantLookup): SlotValue | undefined {
  return evaluateWith(expr, lookup, toSlotValue);
}

/**
 * The integer value of an expression (an array length, a constant count), or undefined when it is not a
 * constant integer expression. Same language and literal reading as evaluateSlot.
 */
export function evaluateInteger(expr: string | Token[], lookup?: ConstantLookup): bigint | undefined {
  return evaluateWith(expr, lookup, (v) => (v.t === 'word' ? typed(v).v : undefined));
}

function toSlotValue(v: Val): SlotValue | undefined {
  if (v.t === 'bytes' && v.literal && v.b.length <= 32) {
    // `bytes32 constant X = "abc";`: a short string literal, left-aligned. Its text is no hashed id.
    const padded = new Uint8Array(32);
    padded.set(v.b);
    return { value: '0x' + bytesToHex(padded), form: 'literal' };
  }
  if (v.t !== 'word') return undefined;
  const value = wordHex(typed(v).v);
  if (v.id === undefined) return { value, form: v.literal ? 'literal' : 'computed' };
  // The form is read off the value, so any spelling of the same formula classifies the same way.
  const hash = idHash(v.id);
  if (value === hash) return { value, id: v.id, form: 'keccak' };
  if (value === wordHex(BigInt(hash) - 1n)) return { value, id: v.id, form: 'keccak-minus-1' };
  if (value === erc7201Slot(v.id)) return { value, id: v.id, form: 'erc7201' };
  return { value, id: v.id, form: 'computed' };
}

const idHashes = new BoundedMemo<string>(1024);

/** keccak256 of an id, memoised: ids repeat across passes. */
function idHash(id: string): string {
  return idHashes.get(id, () => keccakHex(id));
}

/**
 * Bytes of a string literal and the id it stands for. Plain literals are ASCII plus `\xNN` raw
 * bytes; `unicode"…"` (and `\uNNNN` escapes) are UTF-8. A plain literal with raw bytes >= 0x80 is
 * no text, so it carries no id.
 */
function stringLiteral(s: string, unicode: boolean): { b: Uint8Array; id?: string } {
  let ascii = true;
  let wide = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) ascii = false;
    if (c > 0xff) wide = true;
  }
  if (ascii || unicode || wide) return { b: utf8ToBytes(s), id: s };
  return { b: Uint8Array.from(s, (ch) => ch.charCodeAt(0)) };
}

function wordBytes(v: bigint, size = 32): Uint8Array {
  return hexToBytes(wordHex(v).slice(2)).slice(32 - size);
}

/** Merge the ids of two operands: kept only when at most one distinct id is involved. */
function mergeId(a?: string, b?: string): string | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  return undefined;
}

function asWord(v: Val): Word {
  if (v.t === 'word') return v;
  return fail();
}

/** The value a word has as a typed `bits`-bit unsigned integer: a rational literal must be whole and fit. */
function typedValue(w: Word, bits = 256): bigint {
  if (!w.bare) return w.v;
  if (w.den !== 1n || w.v < 0n || w.v >= 1n << BigInt(bits)) return fail();
  return w.v;
}

/** A typed word: what a rational literal becomes when it meets a typed value or a conversion. */
function typed(w: Word): Word {
  return w.bare ? { ...w, v: typedValue(w), den: 1n, bare: false } : w;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  while (b) [a, b] = [b, a % b];
  return a;
};

/** A reduced fraction as a bare word (solc's rational literal type). */
function rational(n: bigint, d: bigint, id?: string): Word {
  if (d === 0n) return fail();
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  // Literal arithmetic is unbounded in solc; ours stops at 4096 bits rather than grow without end.
  if (n / g >= 1n << 4096n || -n / g >= 1n << 4096n || d / g >= 1n << 4096n) return fail();
  return { t: 'word', v: n / g, den: d / g, size: 32, id, literal: false, bare: true };
}

/** `op` on two rational literals, exactly as solc folds them. Bitwise, shift and `%` need whole numbers. */
function rationalBinary(op: string, a: Word, b: Word): Word {
  const id = mergeId(a.id, b.id);
  switch (op) {
    case '+':
      return rational(a.v * b.den + b.v * a.den, a.den * b.den, id);
    case '-':
      return rational(a.v * b.den - b.v * a.den, a.den * b.den, id);
    case '*':
      return rational(a.v * b.v, a.den * b.den, id);
    case '/':
      return b.v === 0n ? fail() : rational(a.v * b.den, a.den * b.v, id);
    case '**': {
      if (b.den !== 1n || b.v < 0n || b.v > 4096n) return fail();
      return rational(a.v ** b.v, a.den ** b.v, id);
    }
  }
  if (a.den !== 1n || b.den !== 1n || a.v < 0n || b.v < 0n) return fail();
  switch (op) {
    case '%':
      return b.v === 0n ? fail() : rational(a.v % b.v, 1n, id);
    case '|':
      return rational(a.v | b.v, 1n, id);
    case '^':
      return rational(a.v ^ b.v, 1n, id);
    case '&':
      return rational(a.v & b.v, 1n, id);
    case '<<':
      return b.v > 4096n ? fail() : rational(a.v << b.v, 1n, id);
    case '>>':
      return rational(a.v >> b.v, 1n, id);
  }
  return fail();
}

const INT_TYPE = /^u?int(\d*)$/;

/** A recursive-descent parser that evaluates while it parses (Solidity operator precedence). */
class ExprParser {
  private i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly lookup?: ConstantLookup,
  ) {}

  atEnd(): boolean {
    return this.i >= this.toks.length || (this.toks[this.i].text === ';' && this.i === this.toks.length - 1);
  }
  private peek(): Token | undefined {
    return this.toks[this.i];
  }
  private eat(text: string): boolean {
    if (this.toks[this.i]?.text === text && this.toks[this.i].kind === 'punct') {
      this.i++;
      return true;
    }
    return false;
  }
  private expect(text: string): void {
    if (!this.eat(text)) fail();
  }

  parseExpression(): Val {
    return this.binary(0);
  }

  // Lowest to highest: | ^ & shift additive multiplicative exponent.
  private static readonly LEVELS: string[][] = [
    ['|'],
    ['^'],
    ['&'],
    ['<<', '>>'],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private binary(level: number): Val {
    if (level >= ExprParser.LEVELS.length) return this.power();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (!t || t.kind !== 'punct' || !ExprParser.LEVELS[level].includes(t.text)) return left;
      this.i++;
      const right = this.binary(level + 1);
      left = applyBinary(t.text, asWord(left), asWord(right));
    }
  }

  private power(): Val {
    const base = this.unary();
    if (this.eat('**')) {
      const exp = this.power(); // right-associative
      return applyBinary('**', asWord(base), asWord(exp));
    }
    return base;
  }

  private unary(): Val {
    if (this.eat('~')) {
      const w = asWord(this.unary());
      // On a literal, solc's `~` is arithmetic (`~5` is -6), which no unsigned type holds.
      if (w.bare) return fail();
      return { ...w, v: (WORD_MOD - 1n) ^ w.v, literal: false };
    }
    if (this.eat('-')) fail(); // negative slots are not a thing; int types are out of scope
    return this.postfix();
  }

  private postfix(): Val {
    let v = this.primary();
    while (this.peek()?.text === '(' && v.t === 'fn') {
      this.i++;
      const args: Val[] = [];
      if (!this.eat(')')) {
        do args.push(this.parseExpression());
        while (this.eat(','));
        this.expect(')');
      }
      v = call(v.path, args);
    }
    if (v.t === 'fn') v = this.reference(v.path);
    return v;
  }

  private reference(path: string[]): Val {
    const r = this.lookup?.(path);
    if (!r) return fail();
    return {
      t: 'word',
      v: BigInt(r.value),
      den: 1n,
      size: 32,
      id: r.id,
      literal: r.form === 'literal',
      bare: false,
    };
  }

  private primary(): Val {
    const t = this.peek();
    if (!t) return fail();
    if (t.kind === 'punct' && t.text === '(') {
      this.i++;
      const v = this.parseExpression();
      this.expect(')');
      return v;
    }
    this.i++;
    if (t.kind === 'number') {
      const unit = this.peek();
      const scale = unit?.kind === 'ident' ? UNITS[unit.text] : undefined;
      if (scale !== undefined) this.i++;
      const r = numberLiteral(t.text, scale ?? 1n);
      return r === undefined ? fail() : { ...rational(r.n, r.d), literal: true };
    }
    if (t.kind === 'string') {
      const { b, id } = stringLiteral(t.value, t.text.startsWith('unicode'));
      return { t: 'bytes', b, id, literal: true };
    }
    if (t.kind === 'hexstring') {
      if (t.value.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(t.value)) fail();
      return { t: 'bytes', b: hexToBytes(t.value), literal: true };
    }
    if (t.kind === 'ident') {
      if (t.text === 'true' || t.text === 'false') fail();
      const path = [t.text];
      while (this.peek()?.text === '.' && this.toks[this.i + 1]?.kind === 'ident') {
        path.push(this.toks[this.i + 1].text);
        this.i += 2;
      }
      // Number units (`1 ether`) and anything else unusual end here: the caller sees leftover tokens.
      return { t: 'fn', path };
    }
    return fail();
  }
}

/** Number units solc multiplies a literal by (`1 ether`, `2 days`). */
const UNITS: Record<string, bigint> = {
  wei: 1n,
  gwei: 10n ** 9n,
  ether: 10n ** 18n,
  seconds: 1n,
  minutes: 60n,
  hours: 3600n,
  days: 86400n,
  weeks: 604800n,
};

/**
 * A number literal times `scale` (a unit) as the fraction solc reads: hex (`0x1f`), or decimal with `_`
 * separators, an optional fraction and an optional (signed) exponent (`1_000`, `2.5e3`, `.5`, `25e-1`).
 */
function numberLiteral(text: string, scale = 1n): { n: bigint; d: bigint } | undefined {
  const s = text.replace(/_/g, '');
  // solc refuses units on hex literals (`0x10 ether`).
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return scale === 1n ? { n: BigInt(s), d: 1n } : undefined;
  const m = /^([0-9]*)(?:\.([0-9]+))?(?:[eE](-?[0-9]+))?$/.exec(s);
  if (!m || (m[1] === '' && m[2] === undefined)) return undefined;
  const frac = m[2] ?? '';
  const exp = BigInt(m[3] ?? '0') - BigInt(frac.length);
  if (exp > 4096n || exp < -4096n) return undefined;
  const digits = BigInt((m[1] || '0') + frac) * scale;
  return exp >= 0n ? { n: digits * 10n ** exp, d: 1n } : { n: digits, d: 10n ** -exp };
}

function applyBinary(op: string, left: Word, right: Word): Val {
  if (left.bare && right.bare) return rationalBinary(op, left, right);
  // A literal meeting a typed value takes its type: it must then be a whole number in range.
  const a = typed(left);
  const b = typed(right);
  let v: bigint;
  switch (op) {
    case '|':
      v = a.v | b.v;
      break;
    case '^':
      v = a.v ^ b.v;
      break;
    case '&':
      v = a.v & b.v;
      break;
    case '<<':
      v = b.v >= 256n ? 0n : a.v << b.v;
      break;
    case '>>':
      v = a.v >> b.v;
      break;
    case '+':
      v = a.v + b.v;
      break;
    case '-':
      v = a.v - b.v;
      break;
    case '*':
      v = a.v * b.v;
      break;
    case '/':
      v = b.v === 0n ? fail() : a.v / b.v;
      break;
    case '%':
      v = b.v === 0n ? fail() : a.v % b.v;
      break;
    case '**':
      v = b.v > 256n && a.v > 1n ? fail() : a.v ** b.v;
      break;
    default:
      return fail();
  }
  // solc rejects constant arithmetic that leaves the type's range: so do we (no silent wrap).
  if (v < 0n || v >= WORD_MOD) return fail();
  return { t: 'word', v, den: 1n, size: 32, id: mergeId(a.id, b.id), literal: false, bare: false };
}

function call(path: string[], args: Val[]): Val {
  const name = path.join('.');
  const one = (): Val => (args.length === 1 ? args[0] : fail());
  switch (name) {
    case 'keccak256': {
      const a = one();
      if (a.t !== 'bytes') return fail();
      return {
        t: 'word',
        v: BigInt(keccakHex(a.b)),
        den: 1n,
        size: 32,
        id: a.id,
        literal: false,
        bare: false,
      };
    }
    case 'erc7201': {
      const a = one();
      if (a.t !== 'bytes' || a.id === undefined || !a.literal) return fail();
      return {
        t: 'word',
        v: BigInt(erc7201Slot(a.id)),
        den: 1n,
        size: 32,
        id: a.id,
        literal: false,
        bare: false,
      };
    }
    case 'bytes':
    case 'string': {
      const a = one();
      return a.t === 'bytes' ? a : fail();
    }
    case 'abi.encodePacked':
      return encodePacked(args);
    case 'abi.encode':
      return encode(args);
  }
  // A user-defined value type's `T.wrap(x)` / `T.unwrap(x)` (`sslot.wrap(erc7201("x.y"))`) keeps the value.
  if (path.length === 2 && (path[1] === 'wrap' || path[1] === 'unwrap')) return one();
  if (path.length === 1) {
    const intType = INT_TYPE.exec(name);
    if (intType) {
      if (name.startsWith('int')) return fail(); // signed conversions: out of scope
      const bits = intType[1] === '' ? 256 : Number(intType[1]);
      if (bits < 8 || bits > 256 || bits % 8 !== 0) return fail();
      const w = asWord(one());
      // A literal must fit the type (solc refuses `uint8(300)`); a typed value is truncated.
      const v = w.bare ? typedValue(w, bits) : w.v % (1n << BigInt(bits));
      return { ...w, v, den: 1n, size: bits / 8, bare: false };
    }
    if (name === 'bytes32') {
      const a = one();
      if (a.t === 'word') return { ...typed(a), size: 32 };
      return fail();
    }
  }
  return fail();
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function idOf(args: Val[]): string | undefined {
  let id: string | undefined;
  for (const a of args) {
    if (a.t === 'fn' || a.id === undefined) continue;
    if (id !== undefined && id !== a.id) return undefined;
    id = a.id;
  }
  return id;
}

function encodePacked(args: Val[]): Val {
  const parts = args.map((a) => {
    if (a.t === 'bytes') return a.b;
    if (a.t === 'word') {
      if (a.bare) fail(); // solc rejects untyped number literals in encodePacked
      return wordBytes(a.v, a.size);
    }
    return fail();
  });
  // Packed strings are their concatenation: abi.encodePacked("a", ".b") hashes like "a.b".
  const allText = args.every((a) => a.t === 'bytes' && a.id !== undefined);
  const id = allText ? args.map((a) => (a.t === 'bytes' ? a.id : '')).join('') : idOf(args);
  return { t: 'bytes', b: concat(parts), id, literal: false };
}

/** Standard ABI encoding: static words in the head, strings/bytes as offset + tail. */
function encode(args: Val[]): Val {
  const head: Uint8Array[] = [];
  const tail: Uint8Array[] = [];
  let tailLen = 0;
  for (const a of args) {
    if (a.t === 'word') head.push(wordBytes(typedValue(a)));
    else if (a.t === 'bytes') {
      head.push(wordBytes(BigInt(32 * args.length + tailLen)));
      const padded = new Uint8Array(Math.ceil(a.b.length / 32) * 32);
      padded.set(a.b);
      tail.push(wordBytes(BigInt(a.b.length)), padded);
      tailLen += 32 + padded.length;
    } else fail();
  }
  return { t: 'bytes', b: concat([...head, ...tail]), id: idOf(args), literal: false };
}
