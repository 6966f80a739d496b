/**
 * What the simulation reads from traces: which accounts and slots a transaction changed (prestateTracer in
 * diffMode), the KECCAK256 inputs it hashed (struct-log trace with memory: the preimages that link a
 * mapping entry to its mapping), and one call frame (callTracer: did the init delegatecall revert, and with what).
 */
import { keccak256Hex as keccak256 } from '../keccak';
import type { CallFrame, PrestateDiff, StructLog } from './dev-chain';

/** Account (lower case) → slots (lower case, 32 bytes) changed by any of the diffs. */
export type TouchedState = Map<string, Set<string>>;

const slotKey = (s: string): string => `0x${BigInt(s).toString(16).padStart(64, '0')}`;

/** Adds every account and slot a diff names (before or after) to `into`. */
export function addTouched(into: TouchedState, diff: PrestateDiff): void {
  for (const side of [diff.pre ?? {}, diff.post ?? {}]) {
    for (const [account, state] of Object.entries(side)) {
      const a = account.toLowerCase();
      let slots = into.get(a);
      if (!slots) into.set(a, (slots = new Set()));
      for (const slot of Object.keys(state.storage ?? {})) slots.add(slotKey(slot));
    }
  }
}

/** keccak256 output → input for every KECCAK256 step (memory words joined, the input sliced out). */
export function preimagesOf(
  logs: readonly StructLog[],
  into = new Map<string, string>(),
): Map<string, string> {
  for (const step of logs) {
    if (step.op !== 'KECCAK256' && step.op !== 'SHA3') continue;
    const stack = step.stack;
    if (!stack || stack.length < 2 || !step.memory) continue;
    const offset = Number(BigInt(stack[stack.length - 1]));
    const size = Number(BigInt(stack[stack.length - 2]));
    if (size < 32 || size > 4096) continue; // slots hash a key and a slot (64 bytes) or a slot (32)
    const memory = step.memory.map((w) => (w.startsWith('0x') ? w.slice(2) : w)).join('');
    if ((offset + size) * 2 > memory.length) continue;
    const input = `0x${memory.slice(offset * 2, (offset + size) * 2)}`;
    into.set(keccak256(input).toLowerCase(), input.toLowerCase());
  }
  return into;
}

/** Memory of one call frame as far as the trace shows it: bytes MSTOREd, and ranges written by copies we do not follow. */
class FrameMemory {
  private readonly bytes = new Map<number, number>();
  private unknown: [number, number][] = [];

  store(offset: number, word: string): void {
    const hex = BigInt(word).toString(16).padStart(64, '0');
    for (let i = 0; i < 32; i++) this.bytes.set(offset + i, parseInt(hex.slice(i * 2, i * 2 + 2), 16));
    this.known(offset, offset + 32);
  }

  store8(offset: number, value: string): void {
    this.bytes.set(offset, Number(BigInt(value) & 0xffn));
    this.known(offset, offset + 1);
  }

  copy(dest: number, src: number, size: number): void {
    const read = this.read(src, size);
    if (read === null) return this.forget(dest, size);
    for (let i = 0; i < size; i++) this.bytes.set(dest + i, read[i]);
    this.known(dest, dest + size);
  }

  /** [a, b) was just written with bytes we know: no longer unknown. */
  private known(a: number, b: number): void {
    if (!this.unknown.length) return;
    this.unknown = this.unknown.flatMap(([x, y]): [number, number][] =>
      y <= a || b <= x
        ? [[x, y]]
        : (
            [
              [x, a],
              [b, y],
            ] as [number, number][]
          ).filter(([p, q]) => p < q),
    );
  }

  forget(offset: number, size: number): void {
    if (size > 0) this.unknown.push([offset, offset + size]);
    for (let i = 0; i < size && i < 1 << 16; i++) this.bytes.delete(offset + i);
  }

  /** The bytes, or null when a copy we do not follow may have written them. Never-written memory is zero. */
  read(offset: number, size: number): number[] | null {
    if (this.unknown.some(([a, b]) => offset < b && a < offset + size)) return null;
    const out: number[] = [];
    for (let i = 0; i < size; i++) out.push(this.bytes.get(offset + i) ?? 0);
    return out;
  }
}

const num = (stack: string[], fromTop: number): number => Number(BigInt(stack[stack.length - 1 - fromTop]));

/**
 * keccak256 preimages from a struct-log trace without memory (a tenth of its size): each frame's memory is
 * rebuilt from MSTORE / MSTORE8 / MCOPY, ranges written by other copies are unknown, and every rebuilt input is
 * checked against the hash the next step pushes. `missed` counts the hashes that could not be rebuilt.
 */
export function preimagesFromStack(
  logs: readonly StructLog[],
  into = new Map<string, string>(),
): { preimages: Map<string, string>; missed: number } {
  const frames: FrameMemory[] = [];
  let missed = 0;
  for (let i = 0; i < logs.length; i++) {
    const step = logs[i];
    const stack = step.stack;
    if (!stack) continue;
    while (frames.length < step.depth) frames.push(new FrameMemory());
    frames.length = step.depth;
    const mem = frames[step.depth - 1];
    try {
      switch (step.op) {
        case 'MSTORE':
          mem.store(num(stack, 0), stack[stack.length - 2]);
          break;
        case 'MSTORE8':
          mem.store8(num(stack, 0), stack[stack.length - 2]);
          break;
        case 'MCOPY':
          mem.copy(num(stack, 0), num(stack, 1), num(stack, 2));
          break;
        case 'CALLDATACOPY':
        case 'CODECOPY':
        case 'RETURNDATACOPY':
          mem.forget(num(stack, 0), num(stack, 2));
          break;
        case 'EXTCODECOPY':
          mem.forget(num(stack, 1), num(stack, 3));
          break;
        case 'CALL':
        case 'CALLCODE':
          mem.forget(num(stack, 5), num(stack, 6));
          break;
        case 'DELEGATECALL':
        case 'STATICCALL':
          mem.forget(num(stack, 4), num(stack, 5));
          break;
        case 'KECCAK256':
        case 'SHA3': {
          const size = num(stack, 1);
          if (size < 32 || size > 4096) break;
          const bytes = mem.read(num(stack, 0), size);
          const next = logs[i + 1];
          const pushed =
            next?.depth === step.depth && next.stack?.length ? next.stack[next.stack.length - 1] : null;
          const input = bytes ? `0x${Buffer.from(bytes).toString('hex')}` : null;
          const hash = input ? keccak256(input) : null;
          if (!input || !hash || !pushed || BigInt(pushed) !== BigInt(hash)) {
            missed++;
            break;
          }
          into.set(hash.toLowerCase(), input);
          break;
        }
      }
    } catch {
      // A stack shorter than the op needs (a failed step): nothing to learn from it.
    }
  }
  return { preimages: into, missed };
}

/** The first frame (depth first) that matches. */
export function findFrame(root: CallFrame, match: (f: CallFrame) => boolean): CallFrame | null {
  if (match(root)) return root;
  for (const c of root.calls ?? []) {
    const found = findFrame(c, match);
    if (found) return found;
  }
  return null;
}

/** The init call of a cut: the diamond's delegatecall into the init contract with the init calldata. */
export function initFrame(root: CallFrame, init: { address: string; calldata: string }): CallFrame | null {
  const to = init.address.toLowerCase();
  const input = init.calldata.toLowerCase();
  return findFrame(
    root,
    (f) => f.type === 'DELEGATECALL' && f.to?.toLowerCase() === to && f.input.toLowerCase() === input,
  );
}
