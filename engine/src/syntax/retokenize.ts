/**
 * Re-lexes an edited text from the lexing of the text before the edit, in time and allocation proportional to the
 * edit rather than to the file: the tokens and comments before the change are kept (the same objects), the lexer
 * restarts at the end of the last of them, and it stops as soon as it reaches, in the unchanged tail, a position
 * where the old lexing also started a token or a comment: from there both lexings see the same text from the same
 * state (between tokens), so the old tokens are taken over, shifted by the change in length.
 *
 * The result is always what `tokenize(text)` returns (test/unit/retokenize.test.ts checks it on random edits).
 */
import { diffTexts } from './span-map';
import { type Comment, type Token, type TokenizeResult, lexUntil } from './tokenizer';

/**
 * How many characters past a token's end the lexer may read to decide where it ends (`>>>=` from its first `>`,
 * `1e-5` against `1e-x`): a token that ends closer than this to the change is lexed again.
 */
const LOOKAHEAD = 4;

/** The number of leading items (sorted, non-overlapping) whose end + LOOKAHEAD is at most `limit`. */
function keptCount(items: readonly { end: number }[], limit: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].end + LOOKAHEAD <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function shifted<T extends Token | Comment>(items: readonly T[], from: number, delta: number): T[] {
  if (delta === 0) return items.slice(from);
  const out: T[] = new Array(items.length - from);
  for (let k = from; k < items.length; k++) {
    const t = items[k];
    out[k - from] = { ...t, start: t.start + delta, end: t.end + delta };
  }
  return out;
}

export interface Retokenized extends TokenizeResult {
  /** Characters lexed anew (the rest was taken over from the old lexing). */
  relexed: number;
}

export function retokenize(oldText: string, old: TokenizeResult, text: string): Retokenized {
  if (oldText === text) return { ...old, relexed: 0 };
  // The changed region: the old text [p, oldEnd) became the new text [p, newEnd).
  const { start: p, newEnd } = diffTexts(oldText, text);
  const delta = text.length - oldText.length;
  const kt = keptCount(old.tokens, p);
  const kc = keptCount(old.comments, p);
  const restart = Math.max(kt ? old.tokens[kt - 1].end : 0, kc ? old.comments[kc - 1].end : 0);
  // The old items at or after a position of the unchanged tail, found by pointers that only move forward.
  let ot = kt;
  let oc = kc;
  const sync = (start: number): boolean => {
    const target = start - delta;
    while (ot < old.tokens.length && old.tokens[ot].start < target) ot++;
    while (oc < old.comments.length && old.comments[oc].start < target) oc++;
    return old.tokens[ot]?.start === target || old.comments[oc]?.start === target;
  };
  // Lexed into fresh arrays and joined by concat: pushing onto a slice of the old array costs milliseconds.
  const midTokens: Token[] = [];
  const midComments: Comment[] = [];
  const stoppedAt = lexUntil(text, restart, newEnd, sync, midTokens, midComments);
  const head = (items: readonly (Token | Comment)[], n: number) =>
    n === items.length ? items : items.slice(0, n);
  if (stoppedAt < 0)
    return {
      tokens: (head(old.tokens, kt) as Token[]).concat(midTokens),
      comments: (head(old.comments, kc) as Comment[]).concat(midComments),
      relexed: text.length - restart,
    };
  return {
    tokens: (head(old.tokens, kt) as Token[]).concat(midTokens, shifted(old.tokens, ot, delta)),
    comments: (head(old.comments, kc) as Comment[]).concat(midComments, shifted(old.comments, oc, delta)),
    relexed: stoppedAt - restart,
  };
}
