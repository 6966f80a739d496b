/**
 * Each namespace's exact layout (slots.ts) in a JSON-able form a deployment record can keep, and back:
 * the fields with absolute slot/offset/bytes, plus each top-level field's type shape (layout.ts's type tree
 * without source places), so a later version is compared field by field against what was deployed
 * (storage-layout-break) without the deployed sources.
 */
import type { Place } from '../findings';
import type { NamespaceEntry } from '../vocabulary';
import { structLayout, type LayoutField, type LayoutType } from './layout';
import type { Namespace } from './namespaces';
import { SlotEvaluator } from './slot-evaluator';
import { sizeOf, slotsOf, type FieldSlot } from './slots';
import type { StorageView } from './view';

/** A layout type without source places: what a record stores (array lengths as decimal text once evaluated). */
export type LayoutShape =
  | { k: 'value'; name: string }
  | { k: 'struct'; name: string; fields: ShapedField[] }
  | { k: 'array'; base: LayoutShape; length?: string }
  | { k: 'mapping'; key: LayoutShape; value: LayoutShape }
  | { k: 'unknown'; text: string };

export interface ShapedField {
  name: string;
  shape: LayoutShape;
}

/** A top-level field of a namespace: its place in storage and its type's shape. */
export type RecordedField = FieldSlot & ShapedField;

/** One namespace's fields as laid out now, or as a record kept them. */
export interface FieldLayout {
  /** The shape of this object; a reader skips versions it does not know. */
  version: 1;
  /** How the namespace is recognised across versions (matchKey). */
  match: string;
  /** The root slot (the namespace's slot). */
  slot: string;
  fields: RecordedField[];
  /** False when a field's size is unknown: `fields` stops before it. */
  complete: boolean;
}

export interface NamespaceLayout extends FieldLayout {
  namespace: NamespaceEntry;
}

/**
 * How a namespace is recognised across versions: by the id it is exactly derived from (or claims, so
 * fixing a wrong constant still compares), else by slot (`keccak256(id) + 1` is not `id`'s namespace).
 */
export function matchKey(ns: Namespace): string {
  if (ns.entry.scheme === 'appstorage') return `appstorage:${ns.entry.struct}`;
  const exact =
    ns.value.form === 'keccak' || ns.value.form === 'keccak-minus-1' || ns.value.form === 'erc7201';
  const id = ns.claim?.id ?? (exact ? ns.value.id : undefined);
  return id !== undefined ? `id:${id}` : `slot:${ns.entry.slot}`;
}

/** The layout of every namespace with a struct (one evaluator for the pass). */
export function namespaceLayouts(view: StorageView, namespaces: readonly Namespace[]): NamespaceLayout[] {
  const ev = new SlotEvaluator(view);
  return namespaces.flatMap((ns) => {
    const fields = ns.struct && structLayout(view, ns.struct, ev);
    return fields ? [{ namespace: ns.entry, ...fieldLayout(ns, fields) }] : [];
  });
}

/** One namespace's layout from its struct's fields. */
export function fieldLayout(ns: Namespace, fields: readonly LayoutField[]): FieldLayout {
  const laid = slotsOf(fields, ns.entry.slot);
  return {
    version: 1,
    match: matchKey(ns),
    slot: ns.entry.slot,
    fields: laid.fields.map((f, i) => ({ ...f, shape: shapeOf(fields[i].type) })),
    complete: laid.complete,
  };
}

export function shapeOf(t: LayoutType): LayoutShape {
  switch (t.k) {
    case 'value':
      return { k: 'value', name: t.name };
    case 'struct':
      return {
        k: 'struct',
        name: t.name,
        fields: t.fields.map((f) => ({ name: f.name, shape: shapeOf(f.type) })),
      };
    case 'array': {
      const length = t.n !== undefined ? String(t.n) : t.length;
      return length === undefined
        ? { k: 'array', base: shapeOf(t.base) }
        : { k: 'array', base: shapeOf(t.base), length };
    }
    case 'mapping':
      return { k: 'mapping', key: shapeOf(t.key), value: shapeOf(t.value) };
    case 'unknown':
      return { k: 'unknown', text: t.text };
  }
}

/** A recorded shape as a layout type, every place at `at` (the diff reads places from the current side). */
export function typeOfShape(s: LayoutShape, at: Place): LayoutType {
  switch (s.k) {
    case 'value':
      return { k: 'value', name: s.name };
    case 'struct':
      return { k: 'struct', name: s.name, key: s.name, fields: fieldsOfShapes(s.fields, at), place: at };
    case 'array': {
      const n = s.length !== undefined && /^\d+$/.test(s.length) ? BigInt(s.length) : undefined;
      return {
        k: 'array',
        base: typeOfShape(s.base, at),
        length: s.length,
        ...(n !== undefined ? { n } : {}),
      };
    }
    case 'mapping':
      return { k: 'mapping', key: typeOfShape(s.key, at), value: typeOfShape(s.value, at) };
    case 'unknown':
      return { k: 'unknown', text: s.text };
  }
}

/** Recorded fields as layout fields (for diffLayout), every place at `at`. */
export function fieldsOfShapes(fields: readonly ShapedField[], at: Place): LayoutField[] {
  return fields.map((f) => ({ name: f.name, type: typeOfShape(f.shape, at), place: at }));
}

/** A type shape's storage: its size and, for a struct, its members laid out from slot 0 (relative slots). */
export interface ShapeSlots {
  bytes: number;
  members?: RecordedField[];
}

const NOWHERE: Place = { file: '', start: 0, end: 0 };

/** The storage of a recorded shape (a mapping's value, an array's element); undefined when it cannot be sized. */
export function shapeSlots(shape: LayoutShape): ShapeSlots | undefined {
  const t = typeOfShape(shape, NOWHERE);
  const size = sizeOf(t);
  if (!size) return undefined;
  if (t.k !== 'struct') return { bytes: size.bytes };
  const members = slotsOf(t.fields, 0n).fields.map((f, i) => ({ ...f, shape: shapeOf(t.fields[i].type) }));
  return { bytes: size.bytes, members };
}
