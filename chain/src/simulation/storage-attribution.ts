/**
 * Which namespace field a written storage slot belongs to. Pure: slots, values and hash preimages in (from the
 * simulation's traces), rows out.
 *
 * - A struct field sits at `root + k` (solc's layout gives k and the byte offset of packed members).
 * - A mapping entry sits at `keccak256(key . p)` and a dynamic array's (or long bytes') data at `keccak256(p)`,
 *   where p is the container's slot. The KECCAK256 inputs seen in the trace give those preimages, so an entry
 *   is followed back to its container, and the container (recursively) to its namespace.
 * - Without a layout a namespace still names its slots: `+k` from the root, `[key]` below them.
 * What none of this reaches is listed raw, with namespace null.
 */
import { getAddress } from 'ethers';
import { elementsPerSlot, slotsOf, type SimulationNamespace, type SlotType } from './storage-layout';

export interface SlotWrite {
  /** '0x' + 64 hex digits. */
  slot: string;
  before: string;
  after: string;
}

export interface FieldValue {
  field: string;
  type: string;
  before: string;
  after: string;
}

export interface StorageRow {
  /** The namespace id (`dloop.storage.rewards.v2`), else its struct or owner; null when not attributed. */
  namespace: string | null;
  slot: string;
  /** The field(s) in the slot (`accounts[0xAb…].{pending, claimed}`), `+k` without a layout; null when raw. */
  field: string | null;
  before: string;
  after: string;
  /** Value-type fields in the slot, decoded (when the layout is known). */
  values?: FieldValue[];
}

/** keccak256 output → its input, as seen in KECCAK256 steps of the trace (both '0x' hex, lower case). */
export type Preimages = ReadonlyMap<string, string>;

interface Located {
  ns: SimulationNamespace;
  path: string;
  /** The type exactly at this slot; null when the namespace has no layout. */
  type: SlotType | null;
  /** Byte offset inside the slot for value types. */
  offset: number;
}

const MAX_DEPTH = 8;
/** How far past a hash base an entry may sit (struct values, array elements). */
const MAX_DERIVED_DISTANCE = 1n << 32n;
/** How far past a root a namespace without a layout still claims a slot. */
const MAX_UNLAID_FIELDS = 1024n;

const namespaceName = (ns: SimulationNamespace): string => ns.id ?? ns.struct ?? ns.owner;

function joinPath(path: string, member: string): string {
  return path ? `${path}.${member}` : member;
}

/** Everything a type instance at `base` places at slot `s` (leaves, and containers at their own slot). */
function within(
  ns: SimulationNamespace,
  t: SlotType,
  base: bigint,
  path: string,
  s: bigint,
  offset = 0,
): Located[] {
  if (s < base || s >= base + BigInt(slotsOf(t))) return [];
  switch (t.kind) {
    case 'struct':
      return t.members.flatMap((m) =>
        within(ns, m.type, base + BigInt(m.slot), joinPath(path, m.name), s, m.offset),
      );
    case 'fixed-array': {
      const per = elementsPerSlot(t.base);
      if (per > 0) {
        const first = Number(s - base) * per;
        const out: Located[] = [];
        for (let i = first; i < Math.min(first + per, t.length); i++)
          out.push({
            ns,
            path: `${path}[${i}]`,
            type: t.base,
            offset: (i % per) * (t.base as { bytes: number }).bytes,
          });
        return out;
      }
      const size = BigInt(slotsOf(t.base));
      const i = (s - base) / size;
      return within(ns, t.base, base + i * size, `${path}[${i}]`, s);
    }
    default:
      return [{ ns, path, type: t, offset }];
  }
}

function decodeKey(key: string, label: string): string {
  const hex = key.slice(2);
  if (hex.length !== 64) {
    // string / bytes keys: the preimage holds the key bytes themselves
    const bytes = Buffer.from(hex, 'hex');
    return label === 'string' && /^[\x20-\x7e]*$/.test(bytes.toString('latin1'))
      ? JSON.stringify(bytes.toString('latin1'))
      : `0x${hex}`;
  }
  const v = BigInt(`0x${hex}`);
  if (label === 'address' || label.startsWith('contract ')) return getAddress(`0x${hex.slice(24)}`);
  if (label === 'bool') return v === 0n ? 'false' : 'true';
  const int = /^int(\d+)$/.exec(label);
  if (int) return BigInt.asIntN(256, v).toString();
  if (/^uint\d+$/.test(label) || label.startsWith('enum ')) return v.toString();
  const fixed = /^bytes(\d+)$/.exec(label);
  if (fixed) return `0x${hex.slice(0, Number(fixed[1]) * 2)}`;
  return `0x${hex}`;
}

export function decodeValue(slotValue: string, offset: number, bytes: number, label: string): string {
  const v = (BigInt(slotValue) >> BigInt(offset * 8)) & ((1n << BigInt(bytes * 8)) - 1n);
  if (label === 'address' || label.startsWith('contract '))
    return getAddress(`0x${v.toString(16).padStart(40, '0')}`);
  if (label === 'bool') return v === 0n ? 'false' : 'true';
  const int = /^int(\d+)$/.exec(label);
  if (int) return BigInt.asIntN(Number(int[1]), v).toString();
  if (/^bytes\d+$/.test(label)) return `0x${v.toString(16).padStart(bytes * 2, '0')}`;
  return v.toString();
}

export class StorageAttributor {
  private readonly roots: { ns: SimulationNamespace; root: bigint }[];
  /** Hash bases sorted ascending, for the nearest-base lookup. */
  private readonly bases: { base: bigint; preimage: string }[];

  constructor(namespaces: readonly SimulationNamespace[], preimages: Preimages) {
    this.roots = namespaces
      .filter((ns) => /^0x[0-9a-fA-F]{1,64}$/.test(ns.slot))
      .map((ns) => ({ ns, root: BigInt(ns.slot) }));
    this.bases = [...preimages]
      .filter(([, pre]) => pre.length >= 2 + 64 && (pre.length - 2) % 2 === 0)
      .map(([hash, preimage]) => ({ base: BigInt(hash), preimage: preimage.toLowerCase() }))
      .sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  }

  /** Where slot `s` sits, directly in a namespace or below one through hash preimages. */
  locate(s: bigint, depth = 0): Located[] {
    const direct = this.direct(s);
    if (direct.length || depth >= MAX_DEPTH) return direct;
    for (const { base, preimage } of this.basesBelow(s)) {
      const found = this.derived(s, base, preimage, depth);
      if (found.length) return found;
    }
    return [];
  }

  private direct(s: bigint): Located[] {
    for (const { ns, root } of this.roots) {
      if (ns.layout) {
        const found = within(ns, ns.layout, root, '', s);
        if (found.length) return found;
      } else if (s >= root && s - root < MAX_UNLAID_FIELDS) {
        return [{ ns, path: `+${s - root}`, type: null, offset: 0 }];
      }
    }
    return [];
  }

  /** Hash bases at or below s, nearest first (an entry sits a few slots past its base). */
  private basesBelow(s: bigint): { base: bigint; preimage: string }[] {
    const out: { base: bigint; preimage: string }[] = [];
    for (let i = this.bases.length - 1; i >= 0; i--) {
      const b = this.bases[i];
      if (b.base > s) continue;
      if (s - b.base >= MAX_DERIVED_DISTANCE) break;
      out.push(b);
    }
    return out;
  }

  private derived(s: bigint, base: bigint, preimage: string, depth: number): Located[] {
    const hex = preimage.slice(2);
    const parentSlot = BigInt(`0x${hex.slice(-64)}`);
    const key = hex.length > 64 ? `0x${hex.slice(0, -64)}` : null;
    const parents = this.locate(parentSlot, depth + 1);
    for (const p of parents) {
      const t = p.type;
      if (t === null) {
        // A namespace without a layout: name the entry by its key or its distance.
        const extra = s === base ? '' : `+${s - base}`;
        const path = key !== null ? `${p.path}[${key}]${extra}` : `${p.path}.data${extra || '+0'}`;
        return [{ ns: p.ns, path, type: null, offset: 0 }];
      }
      if (t.kind === 'mapping' && key !== null) {
        return within(p.ns, t.value, base, `${p.path}[${decodeKey(key, t.key.label)}]`, s);
      }
      if (t.kind === 'array' && key === null) {
        const per = elementsPerSlot(t.base);
        if (per > 0) {
          const first = Number(s - base) * per;
          return Array.from({ length: per }, (_, j) => ({
            ns: p.ns,
            path: `${p.path}[${first + j}]`,
            type: t.base,
            offset: j * (t.base as { bytes: number }).bytes,
          }));
        }
        const size = BigInt(slotsOf(t.base));
        const i = (s - base) / size;
        return within(p.ns, t.base, base + i * size, `${p.path}[${i}]`, s);
      }
      if (t.kind === 'bytes' && key === null) {
        return [{ ns: p.ns, path: `${p.path}.data[${s - base}]`, type: null, offset: 0 }];
      }
    }
    return [];
  }

  row(w: SlotWrite): StorageRow {
    const found = this.locate(BigInt(w.slot));
    if (!found.length)
      return { namespace: null, slot: w.slot, field: null, before: w.before, after: w.after };
    const ns = found[0].ns;
    const leaves = found.filter((l) => l.ns === ns);
    const values: FieldValue[] = [];
    for (const l of leaves) {
      const t = l.type;
      if (t?.kind === 'value') {
        values.push({
          field: l.path,
          type: t.label,
          before: decodeValue(w.before, l.offset, t.bytes, t.label),
          after: decodeValue(w.after, l.offset, t.bytes, t.label),
        });
      } else if (t?.kind === 'array') {
        values.push({
          field: `${l.path}.length`,
          type: 'uint256',
          before: BigInt(w.before).toString(),
          after: BigInt(w.after).toString(),
        });
      }
    }
    const row: StorageRow = {
      namespace: namespaceName(ns),
      slot: w.slot,
      field: fieldName(leaves.map((l) => (l.type?.kind === 'array' ? `${l.path}.length` : l.path))),
      before: w.before,
      after: w.after,
    };
    if (values.length) row.values = values;
    return row;
  }
}

/** `a.b.x`, `a.b.y` → `a.b.{x, y}`; packed elements `a[0]` … `a[7]` → `a[0..7]`; one path as it is. */
export function fieldName(paths: string[]): string {
  if (paths.length === 1) return paths[0];
  const elements = paths.map((p) => /^(.*)\[(\d+)\]$/.exec(p));
  if (elements.every((m) => m && m[1] === elements[0]![1])) {
    const indices = elements.map((m) => Number(m![2]));
    if (indices.every((n, i) => n === indices[0] + i))
      return `${elements[0]![1]}[${indices[0]}..${indices[indices.length - 1]}]`;
  }
  const split = paths.map((p) => p.split('.'));
  let common = 0;
  while (split.every((s) => s.length > common + 1 && s[common] === split[0][common])) common++;
  const prefix = split[0].slice(0, common).join('.');
  const rest = split.map((s) => s.slice(common).join('.'));
  return `${prefix ? `${prefix}.` : ''}{${rest.join(', ')}}`;
}

/** Rows for every written slot, in slot order of the writes given. */
export function attributeStorage(
  writes: readonly SlotWrite[],
  namespaces: readonly SimulationNamespace[],
  preimages: Preimages,
): StorageRow[] {
  const attributor = new StorageAttributor(namespaces, preimages);
  const rows = writes.map((w) => attributor.row(w));
  // Per namespace (attributed first, in the order given), then by field; raw slots last, by slot.
  const order = new Map(namespaces.map((n, i) => [n.id ?? n.struct ?? n.owner, i]));
  const rank = (r: StorageRow) =>
    r.namespace === null ? Infinity : (order.get(r.namespace) ?? namespaces.length);
  return rows.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.field ?? '').localeCompare(b.field ?? '', 'en', { numeric: true }) ||
      a.slot.localeCompare(b.slot),
  );
}
