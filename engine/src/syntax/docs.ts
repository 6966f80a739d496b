/**
 * Attaches comments to declarations: the contiguous comments directly above a declaration (no blank line between
 * them or before the declaration), NatSpec or plain. A comment that trails the previous token on its line belongs
 * to that line, not to the next declaration.
 */
import type { Docs } from './ast';
import type { Cursor } from './cursor';

function newlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** First index in `comments` whose start is >= offset (binary search). */
function firstCommentAtOrAfter(c: Cursor, offset: number): number {
  let lo = 0;
  let hi = c.comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.comments[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Docs of the declaration whose first token is the cursor's current token. */
export function docsAtCursor(c: Cursor): Docs {
  const tok = c.peek();
  if (!tok || c.comments.length === 0) return undefined;
  const hasPrevious = c.i > c.first || c.textStart > 0;
  const lo = c.i > c.first ? c.tokens[c.i - 1].end : c.textStart;
  let j = firstCommentAtOrAfter(c, tok.start) - 1;
  let first = -1;
  let boundary = tok.start;
  for (; j >= 0; j--) {
    const cm = c.comments[j];
    if (cm.start < lo) break;
    if (newlines(c.text, cm.end, boundary) > 1) break;
    first = j;
    boundary = cm.start;
  }
  if (first < 0) return undefined;
  const last = firstCommentAtOrAfter(c, tok.start) - 1;
  if (hasPrevious && newlines(c.text, lo, c.comments[first].start) === 0) first++;
  if (first > last) return undefined;
  return c.text.slice(c.comments[first].start, c.comments[last].end);
}
