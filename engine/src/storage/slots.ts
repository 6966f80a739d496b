/**
 * Exact storage layouts: where each field of a namespace's struct lives (absolute slot = the namespace's root
 * slot + the field's slot inside the struct, byte offset from the right, size), by solc's packing rules:
 * - value types pack right to left into a slot while they fit; one that does not fit starts the next slot;
 * - structs and static arrays start a new slot, and the item after them does too;
 * - mappings, dynamic arrays, `bytes` and `string` take one whole slot (their data lives at hashed slots);
 * - static arrays of value types pack `floor(32 / size)` elements per slot; of structs or arrays, each
 *   element takes whole slots;
 * - nested structs are laid out inline; enums take one byte, contracts/interfaces an address, user-defined
 *   value types their underlying type (layout.ts resolves those).
 * The equality with solc's own `storageLayout` is a test (test/unit/storage-slots-solc.test.ts).
 */
import { typeLabel, type LayoutField, type LayoutType } from './layout';

/** One field of a laid-out struct: what solc's `storageLayout` says of a state variable, in absolute terms. */
export interface FieldSlot {
  name: string;
  /** How the type reads (`uint256`, `mapping(address => uint256)`, `LibX.Inner`). */
  type: string;
  /** The absolute slot, '0x' + 64 hex digits. */
  slot: string;
  /** Byte offset inside the slot, from the right (solc's `offset`). */
  offset: number;
  /** Bytes the field occupies (solc's `numberOfBytes`: whole slots for structs and static arrays). */
  bytes: number;
  /** An embedded struct's fields, laid out inline (absolute slots too). */
  members?: FieldSlot[];
}

/** The fields of a struct placed at `root`; `complete` false when a field's size is unknown (fields stop there). */
export interface StructSlots {
  fields: FieldSlot[];
  complete: boolean;
  /** Slots the whole struct occupies (undefined when incomplete). */
  slots?: number;
}

const WORD = 2n ** 256n;
const hex = (v: bigint) => '0x' + (((v % WORD) + WORD) % WORD).toString(16).padStart(64, '0');

/** Lays out `fields` starting at `root` (a slot number or '0x' hex). */
export function slotsOf(fields: readonly LayoutField[], root: bigint | string): StructSlots {
  return place(fields, typeof root === 'bigint' ? root : BigInt(root));
}

interface Size {
  /** Bytes (a multiple of 32 when `whole`). */
  bytes: number;
  /** Starts a new slot, and the item after it starts one too (structs, static arrays). */
  whole: boolean;
}

function place(fields: readonly LayoutField[], root: bigint): StructSlots {
  const out: FieldSlot[] = [];
  let slot = 0n;
  let offset = 0;
  for (const f of fields) {
    const size = sizeOf(f.type);
    if (!size) return { fields: out, complete: false };
    if (size.whole || offset + size.bytes > 32) {
      if (offset > 0) slot++;
      offset = 0;
    }
    const at = root + slot;
    const field: FieldSlot = {
      name: f.name,
      type: typeLabel(f.type),
      slot: hex(at),
      offset,
      bytes: size.bytes,
    };
    if (f.type.k === 'struct') field.members = place(f.type.fields, at).fields;
    out.push(field);
    if (size.whole) slot += BigInt(size.bytes / 32);
    else offset += size.bytes;
  }
  return { fields: out, complete: true, slots: Number(offset > 0 ? slot + 1n : slot) };
}

/** The size of a type in storage; undefined when it cannot be known (an unresolved name, a non-constant length). */
export function sizeOf(t: LayoutType): Size | undefined {
  switch (t.k) {
    case 'value': {
      const bytes = valueBytes(t.name);
      return bytes === undefined ? undefined : { bytes, whole: false };
    }
    case 'mapping':
      return { bytes: 32, whole: false };
    case 'struct': {
      if (t.fields.length === 0) return undefined; // a struct reaching itself is not storable inline
      const s = place(t.fields, 0n);
      return s.complete ? { bytes: s.slots! * 32, whole: true } : undefined;
    }
    case 'array': {
      if (t.length === undefined) return { bytes: 32, whole: false }; // dynamic: the length here, data at keccak256(slot)
      if (t.n === undefined || t.n <= 0n) return undefined;
      const base = sizeOf(t.base);
      if (!base) return undefined;
      const slots = base.whole
        ? t.n * BigInt(base.bytes / 32)
        : ceilDiv(t.n, BigInt(Math.floor(32 / base.bytes)));
      return { bytes: Number(slots) * 32, whole: true };
    }
    case 'unknown':
      return undefined;
  }
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** Bytes of an elementary type as layout.ts names it (aliases already resolved). */
function valueBytes(name: string): number | undefined {
  if (name === 'bool') return 1;
  if (name === 'address') return 20;
  if (name === 'bytes' || name === 'string') return 32;
  if (name === 'function internal') return 8;
  if (name === 'function external') return 24; // address + selector
  const m = /^(?:u?int(\d*)|bytes(\d+)|u?fixed(\d+)x\d+)$/.exec(name);
  if (!m) return undefined;
  if (m[2] !== undefined) return Number(m[2]);
  const bits = Number(m[1] ?? m[3] ?? '256') || 256;
  return bits / 8;
}
