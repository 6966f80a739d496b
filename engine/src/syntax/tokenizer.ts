/**
 * Solidity tokenizer: never throws, runs in a few milliseconds on thousands of lines.
 * Comments are returned separately (they carry NatSpec and storage-location annotations).
 */

/**
 * 'invalid': a word holding a character that cannot stand outside a string or comment in Solidity (a
 * control character, anything non-ASCII): the whole run of identifier and invalid characters, so
 * `tra\0nsfer` is one invalid token, never the two identifiers `tra` and `nsfer`. solc rejects such a
 * file; the parser drops the declaration holding it instead of inventing one from the pieces.
 */
export type TokenKind = 'ident' | 'number' | 'string' | 'hexstring' | 'punct' | 'invalid';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (strings: including quotes and any `unicode`/`hex` prefix). */
  text: string;
  /** For 'string': the decoded content. For 'hexstring': the hex digits. Otherwise equal to text. */
  value: string;
  start: number;
  end: number;
}

export interface Comment {
  text: string;
  start: number;
  end: number;
  /** `///` or `/** … *\/` */
  doc: boolean;
  block: boolean;
}

export interface TokenizeResult {
  tokens: Token[];
  comments: Comment[];
}

const PUNCT3 = ['>>>=', '>>>', '<<=', '>>=', '**='];
const PUNCT2 = [
  ':=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<<',
  '>>',
  '**',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '|=',
  '&=',
  '^=',
  '->',
];

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** `[0-9a-fA-F_]` */
function isHexPart(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 95;
}
/** `[0-9_.]` */
function isDecimalPart(c: number): boolean {
  return isDigit(c) || c === 95 || c === 46;
}

/** The longest operator at `i` (3 or 4 characters, then 2), else the one character there. */
function punctAt(src: string, i: number, to: number): string {
  // Indexed loops: for-of allocates an iterator result per candidate wherever the code is not yet optimised.
  for (let k = 0; k < PUNCT3.length; k++) {
    const cand = PUNCT3[k];
    if (src.startsWith(cand, i) && i + cand.length <= to) return cand;
  }
  for (let k = 0; k < PUNCT2.length; k++) {
    const cand = PUNCT2[k];
    if (src.startsWith(cand, i) && i + cand.length <= to) return cand;
  }
  return src[i];
}
/** Not Solidity outside strings and comments: C0 controls (whitespace aside), DEL, anything non-ASCII. */
function isInvalid(c: number): boolean {
  return c >= 127 || (c < 32 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13);
}

function decodeString(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const n = body[++i];
    switch (n) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      case "'":
        out += "'";
        break;
      case '\n':
        break;
      case 'x': {
        const hex = body.slice(i + 1, i + 3);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 2;
        break;
      }
      case 'u': {
        const hex = body.slice(i + 1, i + 5);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      default:
        out += n;
    }
  }
  return out;
}

export function tokenize(src: string, from = 0, to = src.length): TokenizeResult {
  return lex(src, from, to, Infinity, undefined, [], []).result;
}

/**
 * The lexer loop. Before each token or comment that starts at or after `syncFrom`, `sync(start)` may stop it
 * (retokenize.ts: the rest of the text is lexed already); `stoppedAt` is then that start, else -1.
 */
function lex(
  src: string,
  from: number,
  to: number,
  syncFrom: number,
  sync: ((start: number) => boolean) | undefined,
  tokens: Token[],
  comments: Comment[],
): { result: TokenizeResult; stoppedAt: number } {
  let i = from;
  let stoppedAt = -1;
  while (i < to) {
    const c = src.charCodeAt(i);
    // whitespace
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xfeff) {
      i++;
      continue;
    }
    if (i >= syncFrom && sync!(i)) {
      stoppedAt = i;
      break;
    }
    // comments
    if (c === 47 /* / */ && i + 1 < to) {
      const n = src.charCodeAt(i + 1);
      if (n === 47) {
        let j = i + 2;
        while (j < to && src.charCodeAt(j) !== 10) j++;
        const text = src.slice(i, j);
        comments.push({
          text,
          start: i,
          end: j,
          doc: text.startsWith('///') && !text.startsWith('////'),
          block: false,
        });
        i = j;
        continue;
      }
      if (n === 42) {
        const close = src.indexOf('*/', i + 2);
        const j = close < 0 || close + 2 > to ? to : close + 2;
        const text = src.slice(i, j);
        comments.push({
          text,
          start: i,
          end: j,
          doc: text.startsWith('/**') && !text.startsWith('/**/'),
          block: true,
        });
        i = j;
        continue;
      }
    }
    // strings (with optional unicode / hex prefix handled in ident branch)
    if (c === 34 || c === 39) {
      const [tok, j] = readString(src, i, to, i, '');
      tokens.push(tok);
      i = j;
      continue;
    }
    if (isIdentStart(c) || isInvalid(c)) {
      let j = i + 1;
      let invalid = isInvalid(c);
      for (; j < to; j++) {
        const d = src.charCodeAt(j);
        if (isInvalid(d)) invalid = true;
        else if (!isIdentPart(d)) break;
      }
      const word = src.slice(i, j);
      if (invalid) {
        tokens.push({ kind: 'invalid', text: word, value: word, start: i, end: j });
        i = j;
        continue;
      }
      if ((word === 'hex' || word === 'unicode') && j < to && (src[j] === '"' || src[j] === "'")) {
        const [tok, k] = readString(src, j, to, i, word);
        tokens.push(tok);
        i = k;
        continue;
      }
      tokens.push({ kind: 'ident', text: word, value: word, start: i, end: j });
      i = j;
      continue;
    }
    if (isDigit(c) || (c === 46 && i + 1 < to && isDigit(src.charCodeAt(i + 1)))) {
      let j = i;
      // Character codes, not regexps: a regexp test per character allocated ~25 KB per number literal.
      if (c === 48 && (src[i + 1] === 'x' || src[i + 1] === 'X')) {
        j = i + 2;
        while (j < to && isHexPart(src.charCodeAt(j))) j++;
      } else {
        while (j < to && isDecimalPart(src.charCodeAt(j))) {
          if (src.charCodeAt(j) === 46 /* . */ && !isDigit(src.charCodeAt(j + 1))) break;
          j++;
        }
        if (j < to && (src[j] === 'e' || src[j] === 'E')) {
          let k = j + 1;
          if (src[k] === '-') k++;
          if (isDigit(src.charCodeAt(k))) {
            j = k;
            while (j < to && (isDigit(src.charCodeAt(j)) || src.charCodeAt(j) === 95)) j++;
          }
        }
      }
      const text = src.slice(i, j);
      tokens.push({ kind: 'number', text, value: text, start: i, end: j });
      i = j;
      continue;
    }
    const p = punctAt(src, i, to);
    tokens.push({ kind: 'punct', text: p, value: p, start: i, end: i + p.length });
    i += p.length;
  }
  return { result: { tokens, comments }, stoppedAt };
}

/** Lexes `src` from `from` (a position between tokens) into the given arrays, stopping where `sync` says. */
export function lexUntil(
  src: string,
  from: number,
  syncFrom: number,
  sync: (start: number) => boolean,
  tokens: Token[],
  comments: Comment[],
): number {
  return lex(src, from, src.length, syncFrom, sync, tokens, comments).stoppedAt;
}

function readString(src: string, q: number, to: number, start: number, prefix: string): [Token, number] {
  const quote = src[q];
  let j = q + 1;
  while (j < to) {
    const ch = src[j];
    if (ch === '\\') {
      j += 2;
      continue;
    }
    if (ch === quote || ch === '\n') break;
    j++;
  }
  const body = src.slice(q + 1, Math.min(j, to));
  const end = j < to && src[j] === quote ? j + 1 : Math.min(j, to);
  const text = src.slice(start, end);
  if (prefix === 'hex') {
    return [{ kind: 'hexstring', text, value: body.replace(/_/g, ''), start, end }, end];
  }
  return [{ kind: 'string', text, value: decodeString(body), start, end }, end];
}
