/**
 * The engine's exact layout of a namespace (its per-field slots and type shapes, the same the deployment record
 * keeps) as the simulation's slot types: what storage attribution uses for a namespace the solc probe
 * (namespace-layouts.ts) could not lay out, e.g. one declared outside the compile root (an OpenZeppelin
 * namespace in node_modules). The engine's layouts equal solc's (test/unit/storage-slots-solc.test.ts).
 */
import { shapeSlots, type FieldLayout, type LayoutShape } from '../../../engine';
import type { SlotMember, SlotType, StructSlotType } from './storage-layout';

/** The namespace's struct as slot types; undefined when the layout is incomplete or a type cannot be sized. */
export function slotTypeOfFieldLayout(layout: FieldLayout, struct: string): StructSlotType | undefined {
  if (!layout.complete || layout.fields.length === 0) return undefined;
  const root = BigInt(layout.slot);
  const members = membersOf(
    layout.fields.map((f) => ({ ...f, slot: '0x' + (BigInt(f.slot) - root).toString(16) })),
  );
  const last = layout.fields[layout.fields.length - 1];
  const slots = Number(BigInt(last.slot) - root) + Math.ceil((last.offset + last.bytes) / 32);
  return members && { kind: 'struct', label: `struct ${struct}`, slots, members };
}

function membersOf(
  fields: readonly { name: string; slot: string; offset: number; shape: LayoutShape }[],
): SlotMember[] | undefined {
  const out: SlotMember[] = [];
  for (const f of fields) {
    const type = slotTypeOf(f.shape);
    if (!type) return undefined;
    out.push({ name: f.name, slot: Number(BigInt(f.slot)), offset: f.offset, type });
  }
  return out;
}

function slotTypeOf(shape: LayoutShape): SlotType | undefined {
  const size = shapeSlots(shape);
  if (!size) return undefined;
  switch (shape.k) {
    case 'value':
      return shape.name === 'bytes' || shape.name === 'string'
        ? { kind: 'bytes', label: shape.name }
        : { kind: 'value', label: shape.name, bytes: size.bytes };
    case 'struct': {
      const members = size.members && membersOf(size.members);
      return members && { kind: 'struct', label: `struct ${shape.name}`, slots: size.bytes / 32, members };
    }
    case 'mapping': {
      const key = shapeSlots(shape.key);
      const value = slotTypeOf(shape.value);
      if (!key || !value || shape.key.k !== 'value') return undefined;
      return {
        kind: 'mapping',
        label: `mapping(${shape.key.name} => ${value.label})`,
        key: { label: shape.key.name, bytes: key.bytes },
        value,
      };
    }
    case 'array': {
      const base = slotTypeOf(shape.base);
      if (!base) return undefined;
      if (shape.length === undefined) return { kind: 'array', label: `${base.label}[]`, base };
      const length = Number(shape.length);
      return { kind: 'fixed-array', label: `${base.label}[${length}]`, base, length, slots: size.bytes / 32 };
    }
    case 'unknown':
      return undefined;
  }
}
