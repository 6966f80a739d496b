/**
 * The dev-node RPC a simulation uses (Hardhat 3 / EDR and anvil both answer it): snapshot and revert,
 * impersonation, balances, the clock, transactions from any account, and the tracers. Transactions are
 * checked with an `eth_call` on the pending block first: a call that would revert is reported, not mined
 * (Hardhat mines a failing transaction and then throws).
 */
import { toBeHex } from 'ethers';
import { RpcClient, RpcError } from '../rpc';

export interface TxRequest {
  from: string;
  to?: string;
  data: string;
  value?: bigint;
}

export interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  logIndex?: string;
}

export interface TxReceipt {
  transactionHash: string;
  status: string;
  gasUsed: string;
  blockNumber: string;
  contractAddress: string | null;
  logs: RpcLog[];
}

export type CallOutcome =
  { ok: true; data: string } | { ok: false; revertData: string | null; message: string };

export interface BlockHeader {
  number: number;
  hash: string;
  timestamp: number;
}

/** callTracer's frame (geth shape). */
export interface CallFrame {
  type: string;
  from: string;
  to?: string;
  input: string;
  output?: string;
  error?: string;
  calls?: CallFrame[];
}

/** prestateTracer with diffMode: accounts and slots before and after (only what changed). */
export interface PrestateDiff {
  pre: Record<string, AccountState>;
  post: Record<string, AccountState>;
}
export interface AccountState {
  balance?: string;
  nonce?: number;
  code?: string;
  storage?: Record<string, string>;
}

export interface StructLog {
  op: string;
  depth: number;
  stack?: string[];
  memory?: string[];
}

/** The revert data a node attached to a JSON-RPC error (a hex string, or nested in an object). */
export function revertDataOf(err: unknown): string | null {
  if (!(err instanceof RpcError)) return null;
  const find = (v: unknown, depth: number): string | null => {
    if (typeof v === 'string') return /^0x([0-9a-fA-F]{2})*$/.test(v) ? v : null;
    if (!v || typeof v !== 'object' || depth > 3) return null;
    const o = v as Record<string, unknown>;
    return find(o.data, depth + 1) ?? find(o.result, depth + 1);
  };
  return find(err.data, 0);
}

/** A JSON-RPC quantity: hex without leading zeros. */
export const quantity = (n: number | bigint): string => `0x${n.toString(16)}`;

/** EIP-7825's cap on a transaction's gas (Osaka). */
const MAX_TX_GAS = 1n << 24n;

export class DevChain {
  private accountsCache: Set<string> | undefined;
  private gasLimit: bigint | undefined;
  /** Accounts this simulation impersonated (not the node's own), stopped again by `stopImpersonating`. */
  readonly impersonated = new Set<string>();

  constructor(readonly client: RpcClient) {}

  request<T>(method: string, params: unknown[] = []): Promise<T> {
    return this.client.request<T>(method, params);
  }

  /**
   * When the last evm_snapshot and evm_revert were sent and answered (Date.now()): EDR's revert moves the
   * node's clock ahead by the whole seconds between the two (restore.ts `restoreClock` takes them back).
   */
  readonly timing = { snapshot: [0, 0] as [number, number], revert: [0, 0] as [number, number] };

  async snapshot(): Promise<string> {
    const sent = Date.now();
    const id = await this.request<string>('evm_snapshot');
    this.timing.snapshot = [sent, Date.now()];
    return id;
  }

  async revert(id: string): Promise<boolean> {
    const sent = Date.now();
    const ok = (await this.request<boolean>('evm_revert', [id])) === true;
    this.timing.revert = [sent, Date.now()];
    return ok;
  }

  async block(tag: string | number = 'latest'): Promise<BlockHeader> {
    const b = await this.request<{ number: string; hash: string; timestamp: string } | null>(
      'eth_getBlockByNumber',
      [this.tag(tag), false],
    );
    if (!b) throw new Error(`no block ${tag}`);
    return { number: Number(BigInt(b.number)), hash: b.hash, timestamp: Number(BigInt(b.timestamp)) };
  }

  /** The accounts the node signs for itself (lower case). */
  async unlocked(): Promise<Set<string>> {
    this.accountsCache ??= new Set(
      (await this.request<string[]>('eth_accounts')).map((a) => a.toLowerCase()),
    );
    return this.accountsCache;
  }

  /** Lets `from` send: impersonated unless the node holds it; funded when it cannot pay for gas. */
  async enable(address: string, minBalance = 10n ** 20n): Promise<void> {
    const a = address.toLowerCase();
    if (!(await this.unlocked()).has(a) && !this.impersonated.has(a)) {
      await this.request('hardhat_impersonateAccount', [address]);
      this.impersonated.add(a);
    }
    const balance = BigInt(await this.request<string>('eth_getBalance', [address, 'latest']));
    if (balance < minBalance) await this.request('hardhat_setBalance', [address, quantity(minBalance)]);
  }

  async stopImpersonating(): Promise<void> {
    for (const a of this.impersonated) {
      await this.request('hardhat_stopImpersonatingAccount', [a]).catch(() => undefined);
    }
    this.impersonated.clear();
  }

  async call(tx: TxRequest, tag = 'pending'): Promise<CallOutcome> {
    try {
      return { ok: true, data: await this.request<string>('eth_call', [this.rpcTx(tx), tag]) };
    } catch (err) {
      if (!(err instanceof RpcError)) throw err;
      return { ok: false, revertData: revertDataOf(err), message: err.message };
    }
  }

  /**
   * Sends and waits for the receipt (an automining node answers at once; otherwise one block is mined). The
   * gas limit is given (the block's, capped at EIP-7825's 2^24): the call was checked already, and a fork
   * re-reads remote state for every execution of a gas estimate. gasUsed does not depend on the limit.
   */
  async send(tx: TxRequest, timeoutMs = 30_000): Promise<TxReceipt> {
    if (this.gasLimit === undefined) {
      const latest = await this.request<{ gasLimit: string }>('eth_getBlockByNumber', ['latest', false]);
      this.gasLimit = BigInt(latest.gasLimit) < MAX_TX_GAS ? BigInt(latest.gasLimit) : MAX_TX_GAS;
    }
    const hash = await this.request<string>('eth_sendTransaction', [
      { ...this.rpcTx(tx), gas: quantity(this.gasLimit) },
    ]);
    const deadline = Date.now() + timeoutMs;
    let mined = false;
    for (;;) {
      const receipt = await this.request<TxReceipt | null>('eth_getTransactionReceipt', [hash]);
      if (receipt) return receipt;
      if (!mined) {
        await this.request('evm_mine');
        mined = true;
        continue;
      }
      if (Date.now() > deadline) throw new Error(`no receipt for ${hash} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25)); // poll interval while a non-automining node mines
    }
  }

  async nonce(address: string, tag: string | number = 'latest'): Promise<number> {
    return Number(BigInt(await this.request<string>('eth_getTransactionCount', [address, this.tag(tag)])));
  }

  async balance(address: string, tag: string | number = 'latest'): Promise<string> {
    return BigInt(await this.request<string>('eth_getBalance', [address, this.tag(tag)])).toString();
  }

  code(address: string, tag: string | number = 'latest'): Promise<string> {
    return this.request<string>('eth_getCode', [address, this.tag(tag)]);
  }

  async storage(address: string, slot: string, tag: string | number = 'latest'): Promise<string> {
    const v = await this.request<string>('eth_getStorageAt', [address, slot, this.tag(tag)]);
    return toBeHex(BigInt(v), 32);
  }

  /** Moves the clock forward and mines one block at the new time. */
  async advanceTime(seconds: number): Promise<void> {
    if (seconds > 0) await this.request('evm_increaseTime', [seconds]);
    await this.request('evm_mine');
  }

  traceCalls(hash: string): Promise<CallFrame> {
    return this.request<CallFrame>('debug_traceTransaction', [hash, { tracer: 'callTracer' }]);
  }

  traceCallOf(tx: TxRequest, tag = 'pending'): Promise<CallFrame> {
    return this.request<CallFrame>('debug_traceCall', [this.rpcTx(tx), tag, { tracer: 'callTracer' }]);
  }

  prestateDiff(hash: string): Promise<PrestateDiff> {
    return this.request<PrestateDiff>('debug_traceTransaction', [
      hash,
      { tracer: 'prestateTracer', tracerConfig: { diffMode: true } },
    ]);
  }

  private tag(tag: string | number): string {
    return typeof tag === 'number' ? quantity(tag) : tag;
  }

  private rpcTx(tx: TxRequest): Record<string, string> {
    const out: Record<string, string> = { from: tx.from, data: tx.data };
    if (tx.to) out.to = tx.to;
    if (tx.value) out.value = quantity(tx.value);
    return out;
  }
}
