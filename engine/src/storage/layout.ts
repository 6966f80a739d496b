/**
 * A struct's storage layout as a type tree with names resolved: struct members inline (so a change
 * to an embedded struct shows), enums as uint8, user-defined value types as their underlying type,
 * contracts and interfaces as address. Comparisons use `typeKey`; messages use `typeLabel`.
 */
import type { Place } from '../findings';
import type { StructDef, TypeName } from '../syntax/ast';
import type { StructRef } from './namespaces';
import { SlotEvaluator } from './slot-evaluator';
import { declKey, qualified, type Scope, type StorageView } from './view';

export interface LayoutField {
  name: string;
  type: LayoutType;
  /** The member declaration. */
  place: Place;
}

export type LayoutType =
  | { k: 'value'; name: string }
  | { k: 'struct'; name: string; key: string; fields: LayoutField[]; place: Place }
  /** `length`: as written (undefined for `T[]`); `n`: its value, when it is a constant expression. */
  | { k: 'array'; base: LayoutType; length?: string; n?: bigint }
  | { k: 'mapping'; key: LayoutType; value: LayoutType }
  | { k: 'unknown'; text: string };

const ELEMENTARY_ALIASES: Record<string, string> = {
  uint: 'uint256',
  int: 'int256',
  byte: 'bytes1',
  'address payable': 'address',
  ufixed: 'ufixed128x18',
  fixed: 'fixed128x18',
};

/**
 * The fields of a struct, resolved in the struct's own scope. `ev` evaluates array lengths (one per pass
 * shares its memo).
 */
export function structLayout(view: StorageView, s: StructRef, ev = new SlotEvaluator(view)): LayoutField[] {
  return fields({ view, ev }, s.scope, s.def, new Set());
}

interface Resolver {
  view: StorageView;
  ev: SlotEvaluator;
}

function fields(r: Resolver, scope: Scope, def: StructDef, seen: Set<string>): LayoutField[] {
  const key = declKey(scope, def.name);
  const inner = new Set(seen).add(key);
  return def.members.map((m) => ({
    name: m.name,
    type: layoutType(r, scope, m.type, inner),
    place: { file: scope.file, start: m.span.start, end: m.span.end },
  }));
}

function layoutType(res: Resolver, scope: Scope, t: TypeName, seen: Set<string>): LayoutType {
  switch (t.kind) {
    case 'elementary': {
      const name = t.name.replace(/\s+/g, ' ');
      return { k: 'value', name: ELEMENTARY_ALIASES[name] ?? name };
    }
    case 'array': {
      const n = t.length === undefined ? undefined : res.ev.integer(scope, t.length);
      return {
        k: 'array',
        base: layoutType(res, scope, t.base, seen),
        length: t.length?.replace(/\s+/g, ''),
        ...(n !== undefined ? { n } : {}),
      };
    }
    case 'mapping':
      return {
        k: 'mapping',
        key: layoutType(res, scope, t.key, seen),
        value: layoutType(res, scope, t.value, seen),
      };
    case 'function':
      return { k: 'value', name: t.visibility === 'external' ? 'function external' : 'function internal' };
    case 'user': {
      const r = res.view.resolve(scope, t.path);
      const text = t.path.join('.');
      if (!r) return { k: 'unknown', text };
      switch (r.kind) {
        case 'enum':
          return { k: 'value', name: 'uint8' }; // Solidity caps enums at 256 members
        case 'udvt':
          return layoutType(res, r.scope, r.def.underlying, seen);
        case 'contract':
          return { k: 'value', name: 'address' };
        case 'struct': {
          const key = declKey(r.scope, r.def.name);
          const place = { file: r.scope.file, start: r.def.nameSpan.start, end: r.def.nameSpan.end };
          const name = qualified(r.scope, r.def.name);
          // A struct can reach itself only through a mapping or dynamic array: stop there.
          if (seen.has(key)) return { k: 'struct', name, key, fields: [], place };
          return { k: 'struct', name, key, fields: fields(res, r.scope, r.def, seen), place };
        }
        default:
          return { k: 'unknown', text };
      }
    }
  }
}

/** Structural identity: equal keys mean the same storage shape. */
export function typeKey(t: LayoutType): string {
  switch (t.k) {
    case 'value':
      return t.name;
    case 'struct':
      return `(${t.fields.map((f) => typeKey(f.type)).join(',')})`;
    case 'array':
      // `T[N]` and `T[3]` are one shape when N is 3.
      return `${typeKey(t.base)}[${t.n ?? t.length ?? ''}]`;
    case 'mapping':
      return `mapping(${typeKey(t.key)}=>${typeKey(t.value)})`;
    case 'unknown':
      return `?${t.text}`;
  }
}

/** How a type reads in a message: struct names rather than their shapes. */
export function typeLabel(t: LayoutType): string {
  switch (t.k) {
    case 'value':
      return t.name;
    case 'struct':
      return t.name;
    case 'array':
      return `${typeLabel(t.base)}[${t.length ?? ''}]`;
    case 'mapping':
      return `mapping(${typeLabel(t.key)} => ${typeLabel(t.value)})`;
    case 'unknown':
      return t.text;
  }
}
