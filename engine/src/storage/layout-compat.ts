/**
 * How the structs placed at one slot relate: the same layout (field names and storage types equal: two
 * libraries sharing state on purpose, or flattened copies of one library), one appending fields to another
 * (an extension: older code reads the prefix), or different (they overwrite each other).
 */
import { structLayout, typeKey } from './layout';
import type { StructRef } from './namespaces';
import type { StorageView } from './view';

export type LayoutRelation =
  | { kind: 'same' }
  /** `longest` appends fields to every other struct (each is a prefix of it). */
  | { kind: 'extension'; longest: StructRef; added: string[] }
  | { kind: 'different' };

/** `name:type` per field, in storage order: equal lists are the same layout. */
function fieldKeys(view: StorageView, s: StructRef): string[] {
  return view.memoFor(s.def, 'layout-keys', () =>
    structLayout(view, s).map((f) => `${f.name}:${typeKey(f.type)}`),
  );
}

function isPrefix(short: readonly string[], long: readonly string[]): boolean {
  return short.length <= long.length && short.every((k, i) => long[i] === k);
}

/** The relation of every struct in `structs` (two or more) to the others. */
export function relateLayouts(view: StorageView, structs: readonly StructRef[]): LayoutRelation {
  const keyed = structs.map((s) => ({ s, keys: fieldKeys(view, s) }));
  // A field whose type did not resolve compares as its text: two copies of one file still agree.
  const longest = keyed.reduce((m, k) => (k.keys.length > m.keys.length ? k : m));
  if (!keyed.every((k) => isPrefix(k.keys, longest.keys))) return { kind: 'different' };
  if (keyed.every((k) => k.keys.length === longest.keys.length)) return { kind: 'same' };
  const shortest = Math.min(...keyed.map((k) => k.keys.length));
  const added = structLayout(view, longest.s)
    .slice(shortest)
    .map((f) => f.name);
  return { kind: 'extension', longest: longest.s, added };
}
