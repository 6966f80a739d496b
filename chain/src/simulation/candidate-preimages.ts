/**
 * Mapping-entry and array-data preimages guessed from what the simulation already knows, so that the struct-log
 * trace of a transaction (megabytes: every EVM step with its stack) is read only when a written slot stays
 * unnamed without it. Pure.
 *
 * A mapping entry of key K in a container at slot p sits at keccak256(K . p) (+ the member's slot in a struct
 * value); a dynamic array's (or long bytes') data at keccak256(p). The containers are those of the namespaces'
 * layouts (struct members at root + k, recursively below the entries found); the keys are the 32-byte words the
 * simulation saw: senders and targets, calldata arguments, event topics and data, the values written. A hash is
 * kept only when a written slot lies in the entry it names, so every preimage returned is one a KECCAK256 step
 * of the trace would have shown (keccak256 has no other inputs with that output).
 */
import { keccakOfHex } from '../../../engine';
import { slotsOf, type SimulationNamespace, type SlotType } from './storage-layout';

/** How far past an array's data base an element may sit (as storage-attribution.ts follows it). */
const ARRAY_SPAN = 1n << 32n;
/** An upper bound on hashes computed, so a long key list cannot cost more than the trace it replaces. */
const MAX_HASHES = 20_000;

const word = (v: bigint) => v.toString(16).padStart(64, '0');

/** Whether a 32-byte word can be a key of this type (ABI words and mapping keys encode value types alike). */
function fitsKey(key: bigint, label: string): boolean {
  if (label === 'address' || label.startsWith('contract ')) return key >> 160n === 0n;
  if (label === 'bool') return key < 2n;
  if (label.startsWith('enum ')) return key < 256n;
  const uint = /^uint(\d+)$/.exec(label);
  if (uint) return key >> BigInt(uint[1]) === 0n;
  const fixed = /^bytes(\d+)$/.exec(label);
  if (fixed) return (key & ((1n << BigInt(256 - 8 * Number(fixed[1]))) - 1n)) === 0n;
  return !(label === 'string' || label === 'bytes');
}

/** Every 32-byte word of a hex blob (`0x…`), from `skip` bytes on (a calldata's selector skipped). */
export function wordsOf(hex: string, skip = 0): string[] {
  const body = hex.startsWith('0x') ? hex.slice(2) : hex;
  const out: string[] = [];
  for (let i = skip * 2; i + 64 <= body.length; i += 64) out.push(body.slice(i, i + 64));
  return out;
}

/**
 * Preimages of the mapping entries and array data among `written` (32-byte slots) reachable from the
 * namespaces' layouts with `keys` (32-byte words, hex with or without 0x). Namespaces without a layout add
 * nothing (their containers are unknown: the trace names their entries).
 */
export function candidatePreimages(
  written: readonly string[],
  namespaces: readonly SimulationNamespace[],
  keys: Iterable<string>,
): Map<string, string> {
  const out = new Map<string, string>();
  const slots = [...new Set(written.map((s) => BigInt(s)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  /** Whether a written slot lies in [from, from + span). */
  const hit = (from: bigint, span: bigint): boolean => {
    let lo = 0;
    let hi = slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (slots[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < slots.length && slots[lo] < from + span;
  };
  const keyList = [...new Set([...keys].map((k) => BigInt(k.startsWith('0x') ? k : `0x${k}`)))];
  let budget = MAX_HASHES;
  const hash = (preimage: string): bigint | undefined => {
    if (budget-- <= 0) return undefined;
    return BigInt(keccakOfHex(preimage));
  };

  // Containers (mappings, arrays, bytes) placed by a type at `base`, struct members and fixed arrays walked;
  // `via`: the preimages that lead from a namespace root to the container (kept once something below is hit).
  type Via = readonly [string, string][];
  const queue: { slot: bigint; type: SlotType; depth: number; via: Via }[] = [];
  const place = (t: SlotType, base: bigint, depth: number, via: Via) => {
    if (depth > 3) return;
    switch (t.kind) {
      case 'struct':
        for (const m of t.members) place(m.type, base + BigInt(m.slot), depth, via);
        return;
      case 'fixed-array':
        if (t.length <= 64)
          for (let i = 0; i < t.length; i++) place(t.base, base + BigInt(i * slotsOf(t.base)), depth, via);
        return;
      case 'mapping':
      case 'array':
      case 'bytes':
        queue.push({ slot: base, type: t, depth, via });
        return;
      default:
        return;
    }
  };
  for (const ns of namespaces)
    if (ns.layout && /^0x[0-9a-fA-F]{1,64}$/.test(ns.slot)) place(ns.layout, BigInt(ns.slot), 0, []);
  const found = (via: Via, h: bigint, preimage: string) => {
    for (const [hash, pre] of via) out.set(hash, pre);
    out.set(`0x${word(h)}`, preimage);
  };

  for (let next = 0; next < queue.length && budget > 0; next++) {
    const { slot, type, depth, via } = queue[next];
    const p = word(slot);
    if (type.kind === 'mapping') {
      const span = BigInt(slotsOf(type.value));
      for (const k of keyList) {
        if (!fitsKey(k, type.key.label)) continue;
        const preimage = `0x${word(k)}${p}`;
        const h = hash(preimage);
        if (h === undefined) break;
        if (hit(h, span)) found(via, h, preimage);
        // A value holding containers of its own (a nested mapping, a struct with an array): followed for every
        // key, since a nested entry may be written without its parent entry.
        if (type.value.kind !== 'value')
          place(type.value, h, depth + 1, [...via, [`0x${word(h)}`, preimage]]);
      }
    } else {
      // Array data or long bytes: keccak256(p), elements from there on.
      const preimage = `0x${p}`;
      const h = hash(preimage);
      if (h === undefined) break;
      if (hit(h, ARRAY_SPAN)) found(via, h, preimage);
    }
  }
  return out;
}
