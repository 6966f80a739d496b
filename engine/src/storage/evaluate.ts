/**
 * Compile-time evaluation of the `bytes32` / `uint256` constant initializers that name storage
 * slots: hex literals, `keccak256("id")` (also through `bytes(..)` / `abi.encodePacked(..)` /
 * `abi.encode(..)`), the `erc7201("id")` builtin (Solidity >= 0.8.35, returns uint256), the ERC-7201
 * formula written out, `bytes32(uint256(keccak256("x")) - 1)` (EIP-1967 style), and references to
 * other constants through a caller-supplied lookup.
 *
 * Anything outside that small language gives `undefined`: a wrong slot is worse than no slot.
 * Words are bigints reduced modulo 2^256 and always re-encoded as 32 bytes before hashing.
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
 * `bare`: the value is a number token itself (solc gives it a rational type, not uint256).
 */
type Word = { t: 'word'; v: bigint; size: number; id?: string; literal: boolean; bare: boolean };
type Val = Word | { t: 'bytes'; b: Uint8Array; id?: string; literal: boolean } | { t: 'fn'; path: string[] };

class Unknown extends Error {}

const fail = (): never => {
  throw new Unknown();
};

/** Evaluate an initializer (text or its tokens) to a 32-byte value, or undefined when unsure. */
export function evaluateSlot(expr: string | Token[], lookup?: ConstantLookup): SlotValue | undefined {
  const tokens = typeof expr === 'string' ? tokenize(expr).tokens : expr;
  if (tokens.length === 0) return undefined;
  try {
    const p = new ExprParser(tokens, lookup);
    const v = p.parseExpression();
    if (!p.atEnd()) return undefined;
    return toSlotValue(v);
  } catch (e) {
    if (e instanceof Unknown) return undefined;
    throw e;
  }
}

function toSlotValue(v: Val): SlotValue | undefined {
  if (v.t === 'bytes' && v.literal && v.b.length <= 32) {
    // `bytes32 constant X = "abc";`: a short string literal, left-aligned. Its text is no hashed id.
    const padded = new Uint8Array(32);
    padded.set(v.b);
    return { value: '0x' + bytesToHex(padded), form: 'literal' };
  }
  if (v.t !== 'word') return undefined;
  const value = wordHex(v.v);
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
      return { ...w, v: (WORD_MOD - 1n) ^ w.v, literal: false, bare: false };
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
    return { t: 'word', v: BigInt(r.value), size: 32, id: r.id, literal: r.form === 'literal', bare: false };
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
    if (t.kind === 'number')
      return { t: 'word', v: parseNumber(t.text), size: 32, literal: true, bare: true };
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

function parseNumber(text: string): bigint {
  const s = text.replace(/_/g, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return BigInt(s);
  if (/^[0-9]+$/.test(s)) return BigInt(s);
  const m = /^([0-9]+)[eE]([0-9]+)$/.exec(s);
  if (m) return BigInt(m[1]) * 10n ** BigInt(m[2]);
  return fail();
}

function applyBinary(op: string, a: Word, b: Word): Val {
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
  return { t: 'word', v, size: 32, id: mergeId(a.id, b.id), literal: false, bare: a.bare && b.bare };
}

function call(path: string[], args: Val[]): Val {
  const name = path.join('.');
  const one = (): Val => (args.length === 1 ? args[0] : fail());
  switch (name) {
    case 'keccak256': {
      const a = one();
      if (a.t !== 'bytes') return fail();
      return { t: 'word', v: BigInt(keccakHex(a.b)), size: 32, id: a.id, literal: false, bare: false };
    }
    case 'erc7201': {
      const a = one();
      if (a.t !== 'bytes' || a.id === undefined || !a.literal) return fail();
      return { t: 'word', v: BigInt(erc7201Slot(a.id)), size: 32, id: a.id, literal: false, bare: false };
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
  if (path.length === 1) {
    const intType = INT_TYPE.exec(name);
    if (intType) {
      if (name.startsWith('int')) return fail(); // signed conversions: out of scope
      const bits = intType[1] === '' ? 256 : Number(intType[1]);
      if (bits < 8 || bits > 256 || bits % 8 !== 0) return fail();
      const w = asWord(one());
      return { ...w, v: w.v % (1n << BigInt(bits)), size: bits / 8, bare: false };
    }
    if (name === 'bytes32') {
      const a = one();
      if (a.t === 'word') return { ...a, size: 32, bare: false };
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
    if (a.t === 'word') head.push(wordBytes(a.v));
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
