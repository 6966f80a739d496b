/**
 * "No trace": what a chain looks like before a simulation (block, hash, the next block's clock, the loupe) and
 * the state the simulation touched (every written slot, the balance, nonce and code of every account it used
 * or changed), read again after `evm_revert` and compared. A difference is a RestoreMismatchError.
 */
import { keccak256 } from 'ethers';
import type { RpcCall } from '../rpc';
import { quantity, type DevChain } from './dev-chain';
import type { TouchedState } from './trace';
import { FACETS_SELECTOR } from '../loupe';

export interface ChainFingerprint {
  blockNumber: number;
  blockHash: string;
  blockTimestamp: number;
  /** The pending block's timestamp and the wall clock when read (the clock offset must come back too). */
  pendingTimestamp: number | null;
  readAt: number;
  /** facets() as returned (or the error's message: a diamond without a loupe still has a fingerprint). */
  loupe: string;
}

/** Per account (lower case): balance, nonce, code hash and slot values. */
export type StateRead = Map<
  string,
  { balance: string; nonce: string; codeHash: string; slots: Map<string, string> }
>;

export interface RestoreCheck {
  blockNumber: number;
  blockHash: string;
  /** Accounts whose balance, nonce and code were compared. */
  accounts: number;
  /** Slots compared (over every account). */
  slots: number;
  loupe: boolean;
  clock: ClockCheck;
}

/**
 * The node's clock: the next block's timestamp must be what it would have been without the simulation. EDR's
 * evm_revert moves the node's time offset forward by the whole seconds between evm_snapshot and evm_revert
 * (Hardhat 2 rewound it), and no RPC lowers an offset, so the next block's timestamp is set back with
 * evm_setNextBlockTimestamp to the node's clock as it would be. Such a time stays fixed until a block is mined (the
 * node's clock then follows the wall clock from it), and a later simulation's revert restores it: the next
 * simulation sets it to where the clock has moved since (the clock it stands for is kept, `setClocks`), so
 * neither a second ahead per simulation nor a fixed time left behind adds up over simulations in a row.
 */
export interface ClockCheck {
  /** False when the node does not show a pending block. */
  checked: boolean;
  /**
   * How far the next block's time was from the expected one after the revert: ahead (> 0), or behind (< 0, a
   * time an earlier simulation set that the clock has passed); 0 when it was right.
   */
  driftSeconds: number;
  /** The next block's timestamp was set to the expected time. */
  corrected: boolean;
}

export class RestoreMismatchError extends Error {
  override readonly name = 'RestoreMismatchError';
  constructor(
    readonly mismatches: string[],
    override readonly cause?: unknown,
  ) {
    super(
      `The chain is not as it was before the simulation (evm_revert did not restore it): ${mismatches
        .slice(0, 5)
        .join('; ')}${mismatches.length > 5 ? `; and ${mismatches.length - 5} more` : ''}`,
    );
  }
}

export async function fingerprint(chain: DevChain, diamond: string): Promise<ChainFingerprint> {
  const [latest, pending, loupe] = await chain.client.batch<
    { number: string; hash: string; timestamp: string } | string
  >([
    { method: 'eth_getBlockByNumber', params: ['latest', false] },
    { method: 'eth_getBlockByNumber', params: ['pending', false] },
    { method: 'eth_call', params: [{ to: diamond, data: FACETS_SELECTOR }, 'latest'] },
  ]);
  if (!latest.ok) throw latest.error;
  const block = latest.result as { number: string; hash: string; timestamp: string };
  const p = pending.ok && pending.result ? (pending.result as { timestamp: string }) : null;
  return {
    blockNumber: Number(BigInt(block.number)),
    blockHash: block.hash,
    blockTimestamp: Number(BigInt(block.timestamp)),
    pendingTimestamp: p ? Number(BigInt(p.timestamp)) : null,
    readAt: Date.now(),
    loupe: loupe.ok ? String(loupe.result) : `error: ${loupe.error.message}`,
  };
}

/** Balance, nonce, code and the touched slots of `accounts` at `tag`, in one batch. */
export async function readState(
  chain: DevChain,
  accounts: Iterable<string>,
  touched: TouchedState,
  tag: number | 'latest',
): Promise<StateRead> {
  const at = typeof tag === 'number' ? quantity(tag) : tag;
  const list = [...new Set([...accounts, ...touched.keys()].map((a) => a.toLowerCase()))];
  const calls: RpcCall[] = [];
  for (const a of list) {
    calls.push({ method: 'eth_getBalance', params: [a, at] });
    calls.push({ method: 'eth_getTransactionCount', params: [a, at] });
    calls.push({ method: 'eth_getCode', params: [a, at] });
    for (const s of touched.get(a) ?? []) calls.push({ method: 'eth_getStorageAt', params: [a, s, at] });
  }
  const outcomes = await chain.client.batch<string>(calls);
  const out: StateRead = new Map();
  let i = 0;
  const next = (): string => {
    const o = outcomes[i++];
    if (!o.ok) throw o.error;
    return o.result;
  };
  for (const a of list) {
    const balance = BigInt(next()).toString();
    const nonce = BigInt(next()).toString();
    const code = next() || '0x';
    const slots = new Map<string, string>();
    for (const s of touched.get(a) ?? []) slots.set(s, `0x${BigInt(next()).toString(16).padStart(64, '0')}`);
    out.set(a, { balance, nonce, codeHash: code === '0x' ? '0x' : keccak256(code), slots });
  }
  return out;
}

/** Every difference between two reads of the same accounts and slots. */
export function compareState(expected: StateRead, actual: StateRead): string[] {
  const out: string[] = [];
  for (const [a, e] of expected) {
    const g = actual.get(a);
    if (!g) {
      out.push(`${a} was not read back`);
      continue;
    }
    if (e.balance !== g.balance)
      out.push(`balance of ${a}: ${e.balance} before, ${g.balance} after the revert`);
    if (e.nonce !== g.nonce) out.push(`nonce of ${a}: ${e.nonce} before, ${g.nonce} after the revert`);
    if (e.codeHash !== g.codeHash) out.push(`code of ${a} differs after the revert`);
    for (const [s, v] of e.slots) {
      const w = g.slots.get(s);
      if (w !== v) out.push(`slot ${s} of ${a}: ${v} before, ${w ?? 'unread'} after the revert`);
    }
  }
  return out;
}

/** Differences between the fingerprints (block, hash, loupe; the clock is `restoreClock`'s). */
export function compareFingerprints(before: ChainFingerprint, after: ChainFingerprint): string[] {
  const out: string[] = [];
  if (before.blockNumber !== after.blockNumber)
    out.push(`block number ${before.blockNumber} before, ${after.blockNumber} after the revert`);
  if (before.blockHash !== after.blockHash)
    out.push(`latest block hash ${before.blockHash} before, ${after.blockHash} after the revert`);
  if (before.loupe !== after.loupe) out.push('the diamond loupe (facets()) differs after the revert');
  return out;
}

/** The pending block's timestamp (its number and hash may be null), or null when the node shows none. */
const pendingTimestamp = (chain: DevChain): Promise<number | null> =>
  chain.request<{ timestamp?: string } | null>('eth_getBlockByNumber', ['pending', false]).then(
    (b) => (b?.timestamp ? Number(BigInt(b.timestamp)) : null),
    () => null,
  );

/** The node's clock at a wall-clock time: its next block's timestamp `pending` at `at` (Date.now()). */
interface ClockAnchor {
  pending: number;
  at: number;
}

/**
 * Next-block timestamps simulations set, by node URL and latest block hash (a block mined since uses it up),
 * with the clock each stands for. Bounded: a few nodes at a time.
 */
const setClocks = new Map<string, { value: number; anchor: ClockAnchor }>();
const MAX_SET_CLOCKS = 16;

/**
 * The whole seconds EDR's evm_revert moved the clock ahead: the node's time between evm_snapshot and evm_revert,
 * truncated, as bracketed by when each was sent and answered (the midpoints decide when the brackets straddle a
 * second).
 */
function revertDrift(timing: DevChain['timing']): number {
  const [s0, s1] = timing.snapshot;
  const [r0, r1] = timing.revert;
  if (s0 === 0 || r0 < s1) return 0; // no snapshot, or no revert after it, through this DevChain
  const lo = Math.floor((r0 - s1) / 1000);
  const hi = Math.floor((r1 - s0) / 1000);
  if (lo === hi) return Math.max(0, lo);
  return Math.max(0, Math.floor((r0 + r1 - s0 - s1) / 2000));
}

/**
 * After the revert: the next block's timestamp as the node's clock would show it without the simulation. A
 * difference is set right (evm_setNextBlockTimestamp) and read again; `mismatches` gets what is still off.
 */
export async function restoreClock(
  chain: DevChain,
  before: ChainFingerprint,
  mismatches: string[],
): Promise<ClockCheck> {
  if (before.pendingTimestamp === null) return { checked: false, driftSeconds: 0, corrected: false };
  const sent = Date.now();
  const now = await pendingTimestamp(chain);
  const received = Date.now();
  if (now === null) return { checked: false, driftSeconds: 0, corrected: false };
  const key = `${chain.client.url} ${before.blockHash}`;
  const ours = setClocks.get(key);
  let anchor: ClockAnchor;
  if (ours && ours.value === before.pendingTimestamp) {
    // The next timestamp before this simulation was one an earlier simulation set: the clock it stands for.
    anchor = ours.anchor;
  } else {
    const drift = revertDrift(chain.timing);
    // No whole second between snapshot and revert: the offset is as it was. A next timestamp set before the
    // snapshot (by the user) comes back with the revert, unmoved: that too is as it was.
    if (drift === 0 || now === before.pendingTimestamp)
      return { checked: true, driftSeconds: 0, corrected: false };
    anchor = { pending: now - drift, at: (sent + received) / 2 };
  }
  const expected = Math.max(
    before.blockTimestamp + 1,
    anchor.pending + Math.floor((received - anchor.at) / 1000),
  );
  if (now === expected) return { checked: true, driftSeconds: 0, corrected: false };
  await chain.request('evm_setNextBlockTimestamp', [expected]);
  const again = await pendingTimestamp(chain);
  if (again !== expected)
    mismatches.push(
      `the next block's timestamp is ${again ?? '?'} after the revert, ${expected} expected (the clock was not restored)`,
    );
  setClocks.delete(key);
  setClocks.set(key, { value: expected, anchor });
  for (const k of setClocks.keys()) if (setClocks.size > MAX_SET_CLOCKS) setClocks.delete(k);
  return { checked: true, driftSeconds: now - expected, corrected: true };
}
