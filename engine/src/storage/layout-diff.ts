/**
 * Compares two layouts of one namespace struct as an edit script: inserted, removed, reordered,
 * retyped fields, and embedded structs that grew where growing shifts what follows. Appending at
 * the end is the one safe change (at any depth where the storage after it is free: the namespace
 * struct itself, its last field, and the values of mappings).
 */
import type { Place } from '../findings';
import { typeKey, typeLabel, type LayoutField, type LayoutType } from './layout';

export type LayoutChangeKind =
  'inserted' | 'removed' | 'reordered' | 'retyped' | 'grown' | 'appended' | 'moved';

export interface LayoutChange {
  kind: LayoutChangeKind;
  /** One line naming the fields, e.g. "field `x` inserted before `y`". */
  message: string;
  /** In the current sources: the field, or the struct when a field was removed. */
  place: Place;
  breaking: boolean;
}

const BEFORE_OTHERS = 'it is embedded before other fields: everything after it shifts';
const CONTIGUOUS = 'array elements are contiguous: every element after the first shifts';

/**
 * `frozen`: nothing may change at all, not even an append (a struct embedded directly before other
 * fields, or an array element: its neighbours follow it immediately).
 */
export function diffLayout(
  base: LayoutField[],
  cur: LayoutField[],
  structPlace: Place,
  frozen = false,
  frozenWhy = BEFORE_OTHERS,
): LayoutChange[] {
  const out: LayoutChange[] = [];
  const baseIdx = new Map(base.map((f, i) => [f.name, i]));
  const curIdx = new Map(cur.map((f, i) => [f.name, i]));
  const inOrder = lcs(
    base.map((f) => f.name),
    cur.map((f) => f.name),
  );
  const lastKept = Math.max(-1, ...cur.map((f, j) => (baseIdx.has(f.name) ? j : -1)));

  // Removed and inserted fields in the same gap with the same type are a rename: storage-compatible.
  const renamed = new Set<string>();
  for (const b of base) {
    if (curIdx.has(b.name)) continue;
    const gap = gapOf(base, baseIdx.get(b.name)!, inOrder);
    const twin = cur.find(
      (c) =>
        !baseIdx.has(c.name) &&
        !renamed.has('+' + c.name) &&
        gapOf(cur, curIdx.get(c.name)!, inOrder) === gap &&
        typeKey(c.type) === typeKey(b.type),
    );
    if (twin) {
      renamed.add('-' + b.name);
      renamed.add('+' + twin.name);
    }
  }

  for (const [i, b] of base.entries()) {
    if (curIdx.has(b.name) || renamed.has('-' + b.name)) continue;
    const next = base.slice(i + 1).find((f) => curIdx.has(f.name));
    out.push({
      kind: 'removed',
      message: next
        ? `field \`${b.name}\` removed (it was before \`${next.name}\`)`
        : `field \`${b.name}\` removed`,
      place: structPlace,
      breaking: true,
    });
  }
  const appended: string[] = [];
  for (const [j, c] of cur.entries()) {
    if (baseIdx.has(c.name) || renamed.has('+' + c.name)) continue;
    if (j > lastKept) {
      appended.push(c.name);
      continue;
    }
    const next = cur.slice(j + 1).find((f) => baseIdx.has(f.name))!;
    out.push({
      kind: 'inserted',
      message: `field \`${c.name}\` inserted before \`${next.name}\``,
      place: c.place,
      breaking: true,
    });
  }
  if (appended.length) {
    out.push({
      kind: 'appended',
      message: `${appended.map((n) => `\`${n}\``).join(', ')} appended`,
      place: cur[cur.length - 1].place,
      breaking: frozen,
    });
  }
  for (const [j, c] of cur.entries()) {
    const i = baseIdx.get(c.name);
    if (i === undefined) continue;
    if (!inOrder.has(c.name)) {
      out.push({
        kind: 'reordered',
        message: `field \`${c.name}\` moved from position ${i + 1} to ${j + 1}`,
        place: c.place,
        breaking: true,
      });
    }
    const notLast = j !== cur.length - 1;
    out.push(...diffType(base[i].type, c, frozen || notLast, notLast ? BEFORE_OTHERS : frozenWhy));
  }
  return out;
}

/** Changes inside one kept field's type. `why`: what a growth would break, when `frozen`. */
function diffType(bt: LayoutType, field: LayoutField, frozen: boolean, why: string): LayoutChange[] {
  const ct = field.type;
  if (typeKey(bt) === typeKey(ct)) return [];
  const retyped = (): LayoutChange[] => [
    {
      kind: 'retyped',
      message: `type of \`${field.name}\` changed ${typeLabel(bt)} → ${typeLabel(ct)}`,
      place: field.place,
      breaking: true,
    },
  ];
  if (bt.k === 'struct' && ct.k === 'struct') {
    const inner = diffLayout(bt.fields, ct.fields, ct.place, frozen, why);
    const grew = inner.filter((c) => c.kind === 'appended');
    const rest = inner.filter((c) => c.kind !== 'appended');
    const out = rest.map((c) => ({
      ...c,
      message: `in struct \`${ct.name}\` (field \`${field.name}\`): ${c.message}`,
    }));
    for (const g of grew) {
      out.push({
        kind: 'grown',
        message: `struct \`${ct.name}\` of field \`${field.name}\` grew (${g.message}), but ${why}`,
        place: field.place,
        breaking: g.breaking,
      });
    }
    return out;
  }
  if (bt.k === 'mapping' && ct.k === 'mapping') {
    if (typeKey(bt.key) !== typeKey(ct.key)) return retyped();
    // Mapping values live at hashed slots far apart: a value struct may grow at its end.
    return diffType(bt.value, { ...field, type: ct.value }, false, why);
  }
  if (bt.k === 'array' && ct.k === 'array') {
    if ((bt.n ?? bt.length) !== (ct.n ?? ct.length)) return retyped();
    // Array elements are contiguous: an element struct can change in no way.
    return diffType(bt.base, { ...field, type: ct.base }, true, CONTIGUOUS);
  }
  return retyped();
}

/** Longest common subsequence of two name lists: the names that kept their relative order. */
function lcs(a: string[], b: string[]): Set<string> {
  const n = a.length;
  const m = b.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const kept = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      kept.add(a[i]);
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return kept;
}

/** Which gap between kept fields index `i` falls into (the number of kept fields before it). */
function gapOf(fields: LayoutField[], i: number, kept: Set<string>): number {
  let n = 0;
  for (let k = 0; k < i; k++) if (kept.has(fields[k].name)) n++;
  return n;
}
