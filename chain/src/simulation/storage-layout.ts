/**
 * A namespace's struct as slots: what storage attribution (storage-attribution.ts) needs to name a written slot.
 * JSON-able, so a face may pass layouts it read elsewhere. `layoutFromSolc` converts solc's `storageLayout`
 * types (exact, packing included); `namespace-layouts.ts` gets them from solc for the engine's namespaces,
 * which solc's own output never lists (namespaced structs are not state variables).
 */
import type { NamespaceEntry } from '../../../engine';
import type { StorageLayout } from '../compile-types';

export type SlotType =
  | { kind: 'value'; label: string; bytes: number }
  | { kind: 'struct'; label: string; slots: number; members: SlotMember[] }
  | { kind: 'mapping'; label: string; key: { label: string; bytes: number }; value: SlotType }
  /** A dynamic array: its slot holds the length, element i at keccak256(slot) + i * element slots. */
  | { kind: 'array'; label: string; base: SlotType }
  | { kind: 'fixed-array'; label: string; base: SlotType; length: number; slots: number }
  /** `bytes` / `string`: short values in the slot itself, long ones at keccak256(slot). */
  | { kind: 'bytes'; label: string };

export type StructSlotType = Extract<SlotType, { kind: 'struct' }>;

export interface SlotMember {
  name: string;
  /** Slot relative to the struct's first slot. */
  slot: number;
  /** Byte offset inside the slot, from the right (solc's `offset`). */
  offset: number;
  type: SlotType;
}

/** A namespace as the simulation reads it: the engine's entry, with the struct's slots when known. */
export interface SimulationNamespace extends NamespaceEntry {
  layout?: StructSlotType;
}

/** Slots a value of this type occupies (a value type: one, shared with its packed neighbours). */
export function slotsOf(t: SlotType): number {
  return t.kind === 'struct' || t.kind === 'fixed-array' ? t.slots : 1;
}

/** Elements per slot for a packed array base (values of at most 16 bytes); 0 when elements take whole slots. */
export function elementsPerSlot(base: SlotType): number {
  return base.kind === 'value' && base.bytes <= 16 ? Math.floor(32 / base.bytes) : 0;
}

type SolcTypes = NonNullable<StorageLayout['types']>;
interface SolcMember {
  label: string;
  slot: string;
  offset: number;
  type: string;
}

/** One solc storage type (by its id in `types`) as a SlotType. */
export function layoutFromSolc(types: SolcTypes, typeId: string, depth = 0): SlotType {
  const t = types[typeId];
  if (!t || depth > 32) return { kind: 'value', label: typeId, bytes: 32 };
  const bytes = Number(t.numberOfBytes);
  const label = t.label;
  switch (t.encoding) {
    case 'mapping': {
      const key = types[String(t.key)];
      return {
        kind: 'mapping',
        label,
        key: { label: key?.label ?? String(t.key), bytes: key ? Number(key.numberOfBytes) : 32 },
        value: layoutFromSolc(types, String(t.value), depth + 1),
      };
    }
    case 'dynamic_array':
      return { kind: 'array', label, base: layoutFromSolc(types, String(t.base), depth + 1) };
    case 'bytes':
      return { kind: 'bytes', label };
    default: {
      if (Array.isArray(t.members)) {
        return {
          kind: 'struct',
          label,
          slots: Math.ceil(bytes / 32),
          members: (t.members as SolcMember[]).map((m) => ({
            name: m.label,
            slot: Number(m.slot),
            offset: m.offset,
            type: layoutFromSolc(types, m.type, depth + 1),
          })),
        };
      }
      if (typeof t.base === 'string') {
        const length = Number(/\[(\d+)\]$/.exec(label)?.[1] ?? 0);
        return {
          kind: 'fixed-array',
          label,
          base: layoutFromSolc(types, t.base, depth + 1),
          length,
          slots: Math.ceil(bytes / 32),
        };
      }
      return { kind: 'value', label, bytes };
    }
  }
}
