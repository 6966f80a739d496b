/**
 * Events and revert data decoded with the project's ABIs (every artifact's events and custom errors, plus
 * `Error(string)` and `Panic(uint256)`), into JSON-able values: a revert bubbles through the DAO and the
 * diamond, so the contract called does not know the error that comes back, and one table answers for all.
 */
import { AbiCoder, ErrorFragment, EventFragment, Interface, type InterfaceAbi, type ParamType } from 'ethers';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export interface DecodedError {
  /** Custom error name, `Error` or `Panic`; null when no ABI knows the selector (or there is no data). */
  name: string | null;
  signature: string | null;
  args: Record<string, JsonValue> | null;
  /** The raw revert data ('0x' when the revert carried none). */
  data: string;
}

export interface DecodedLog {
  name: string;
  signature: string;
  args: Record<string, JsonValue>;
}

const PANIC_REASONS: Record<number, string> = {
  0x01: 'assert failed',
  0x11: 'arithmetic overflow or underflow',
  0x12: 'division by zero',
  0x21: 'invalid enum value',
  0x22: 'invalid storage byte array',
  0x31: 'pop on an empty array',
  0x32: 'array index out of bounds',
  0x41: 'out of memory',
  0x51: 'call to an invalid internal function',
};

function toJson(value: unknown, type: ParamType): JsonValue {
  if (type.isArray()) {
    return (value as unknown[]).map((v) => toJson(v, type.arrayChildren));
  }
  if (type.isTuple()) {
    const items = value as unknown[];
    const named = type.components.every((c) => c.name);
    if (!named) return type.components.map((c, i) => toJson(items[i], c));
    return Object.fromEntries(type.components.map((c, i) => [c.name, toJson(items[i], c)]));
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean' || typeof value === 'string' || typeof value === 'number') return value;
  return value === null || value === undefined ? null : String(value);
}

function argsOf(inputs: readonly ParamType[], values: readonly unknown[]): Record<string, JsonValue> {
  return Object.fromEntries(inputs.map((p, i) => [p.name || String(i), toJson(values[i], p)]));
}

export class AbiDecoder {
  private readonly errors = new Map<string, ErrorFragment>();
  private readonly events = new Map<string, EventFragment[]>();

  constructor(abis: readonly InterfaceAbi[]) {
    for (const abi of abis) {
      let iface: Interface;
      try {
        iface = Interface.from(abi);
      } catch {
        continue; // an ABI ethers cannot read decodes nothing; the others still do
      }
      iface.forEachError((e) => {
        if (!this.errors.has(e.selector)) this.errors.set(e.selector, e);
      });
      iface.forEachEvent((e) => {
        const list = this.events.get(e.topicHash) ?? [];
        const sig = e.format('full');
        if (!list.some((x) => x.format('full') === sig)) list.push(e);
        this.events.set(e.topicHash, list);
      });
    }
  }

  decodeError(data: string | null): DecodedError {
    const raw = data ?? '0x';
    if (raw.length < 10) return { name: null, signature: null, args: null, data: raw };
    const selector = raw.slice(0, 10).toLowerCase();
    const body = `0x${raw.slice(10)}`;
    const coder = AbiCoder.defaultAbiCoder();
    try {
      if (selector === '0x08c379a0') {
        const [message] = coder.decode(['string'], body);
        return { name: 'Error', signature: 'Error(string)', args: { message: String(message) }, data: raw };
      }
      if (selector === '0x4e487b71') {
        const [code] = coder.decode(['uint256'], body);
        const reason = PANIC_REASONS[Number(code)] ?? 'panic';
        return {
          name: 'Panic',
          signature: 'Panic(uint256)',
          args: { code: Number(code), reason },
          data: raw,
        };
      }
      const fragment = this.errors.get(selector);
      if (fragment) {
        const values = coder.decode(fragment.inputs, body);
        return {
          name: fragment.name,
          signature: fragment.format('sighash'),
          args: argsOf(fragment.inputs, values),
          data: raw,
        };
      }
    } catch {
      // Malformed revert data: reported raw below.
    }
    return { name: null, signature: null, args: null, data: raw };
  }

  decodeLog(log: { topics: readonly string[]; data: string }): DecodedLog | null {
    const candidates = this.events.get((log.topics[0] ?? '').toLowerCase()) ?? [];
    for (const fragment of candidates) {
      try {
        const iface = new Interface([fragment]);
        const parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
        if (!parsed) continue;
        return {
          name: parsed.name,
          signature: parsed.signature,
          args: argsOf(parsed.fragment.inputs, [...parsed.args]),
        };
      } catch {
        // Same topic, other indexing (ERC-20 vs ERC-721 Transfer): try the next fragment.
      }
    }
    return null;
  }
}

/** A one-line description of a decoded error: `QuorumNotMet(id=1, forVotes=…, quorumVotes=…)`. */
export function describeError(e: DecodedError | null): string {
  if (!e) return 'no revert data';
  if (!e.name) return e.data === '0x' ? 'reverted without data' : `unknown error ${e.data.slice(0, 10)}`;
  if (e.name === 'Error' && e.args) return `Error("${String(e.args.message)}")`;
  const args = Object.entries(e.args ?? {})
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
  return `${e.name}(${args})`;
}
