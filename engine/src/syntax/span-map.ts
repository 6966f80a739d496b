/**
 * Copies a syntax tree with every span moved: by a constant (a cached chunk reused at another offset) or by an
 * offset mapping (a declaration kept across an edit). Every `{start, end}` pair in the tree is a span.
 */

type Mapper = (offset: number) => number;

function isSpan(o: object): o is { start: number; end: number } {
  return (
    typeof (o as { start?: unknown }).start === 'number' && typeof (o as { end?: unknown }).end === 'number'
  );
}

/** A deep copy of `node` with `map` applied to each span's start and end. */
export function mapSpans<T>(node: T, map: Mapper): T {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((x) => mapSpans(x, map)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as object)) out[k] = mapSpans(v, map);
  if (isSpan(node)) {
    out.start = map(node.start);
    out.end = map(node.end);
  }
  return out as T;
}

export function shiftSpans<T>(node: T, delta: number): T {
  return delta === 0 ? node : mapSpans(node, (o) => o + delta);
}

/** The single changed region between two texts (common prefix and suffix), and a mapper from old to new offsets. */
export interface TextEdit {
  /** Old text [start, oldEnd) became new text [start, newEnd). */
  start: number;
  oldEnd: number;
  newEnd: number;
  /** True when the old range [a, b) lies wholly outside the changed region. */
  untouched(a: number, b: number): boolean;
  map(offset: number): number;
}

export function diffTexts(oldText: string, newText: string): TextEdit {
  const max = Math.min(oldText.length, newText.length);
  let p = 0;
  while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
  let s = 0;
  while (
    s < max - p &&
    oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)
  )
    s++;
  const oldEnd = oldText.length - s;
  const newEnd = newText.length - s;
  const delta = newText.length - oldText.length;
  return {
    start: p,
    oldEnd,
    newEnd,
    untouched: (a, b) => b <= p || a >= oldEnd,
    map: (o) => (o <= p ? o : o >= oldEnd ? o + delta : Math.min(o, newEnd)),
  };
}
