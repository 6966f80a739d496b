/**
 * What chain an RPC URL points at, and whether it is a throwaway local dev node. The transaction gate
 * (tx-gate.ts) refuses transactions to anything else without a key and a confirmation naming the chain.
 */
import { RpcClient, type RpcClientOptions } from './rpc';

/** The node answered, but not with what the method returns (a malformed eth_chainId, …). Nothing was sent. */
export class RpcProtocolError extends Error {
  override readonly name = 'RpcProtocolError';
  constructor(
    readonly url: string,
    readonly method: string,
    /** The reply's `result` as the node sent it (undefined: the reply had none). */
    readonly value: unknown,
    expected: string,
  ) {
    super(`${url} answered ${method} with ${describeValue(value)}, not ${expected}`);
  }
}

/** A node's value as an error names it: JSON, cut short (a hostile node may send megabytes). */
function describeValue(value: unknown): string {
  if (value === undefined) return 'no result';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

const QUANTITY = /^0x[0-9a-fA-F]{1,64}$/;

/**
 * eth_chainId's reply as a chain id: a hex QUANTITY string, positive, and small enough to be a number exactly;
 * undefined for anything else (not hex, null, a JSON number, zero, beyond Number.MAX_SAFE_INTEGER).
 */
export function parseChainId(value: unknown): number | undefined {
  if (typeof value !== 'string' || !QUANTITY.test(value)) return undefined;
  const id = BigInt(value);
  return id > 0n && id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : undefined;
}

/** Chain ids Hardhat, anvil and ganache use for local dev nodes. */
export const LOCAL_DEV_CHAIN_IDS: readonly number[] = [31337, 1337];

export interface ChainConnection {
  url: string;
  client: RpcClient;
  chainId: number;
  /** Dev chain id AND a loopback host: safe to send transactions from unlocked dev accounts. */
  isLocalDevChain: boolean;
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export function isLocalDevChain(rpcUrl: string, chainId: number): boolean {
  let host: string;
  try {
    host = new URL(rpcUrl).hostname;
  } catch {
    return false;
  }
  return LOCAL_DEV_CHAIN_IDS.includes(chainId) && isLoopbackHost(host);
}

/**
 * Asks the node for its chain id. Throws RpcUnreachableError when nothing answers, RpcError on a JSON-RPC
 * error, RpcProtocolError when the answer is not a chain id.
 */
export async function connect(rpcUrl: string, opts?: RpcClientOptions): Promise<ChainConnection> {
  const client = new RpcClient(rpcUrl, opts);
  const reply = await client.request<unknown>('eth_chainId');
  const chainId = parseChainId(reply);
  if (chainId === undefined) throw new RpcProtocolError(rpcUrl, 'eth_chainId', reply, 'a chain id');
  return { url: rpcUrl, client, chainId, isLocalDevChain: isLocalDevChain(rpcUrl, chainId) };
}
