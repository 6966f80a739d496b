/**
 * What chain an RPC URL points at, and whether it is a throwaway local dev node. The transaction gate
 * (tx-gate.ts) refuses transactions to anything else without a key and a confirmation naming the chain.
 */
import { RpcClient, type RpcClientOptions } from './rpc';

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

/** Asks the node for its chain id (throws RpcUnreachableError when nothing answers). */
export async function connect(rpcUrl: string, opts?: RpcClientOptions): Promise<ChainConnection> {
  const client = new RpcClient(rpcUrl, opts);
  const chainId = Number(BigInt(await client.request<string>('eth_chainId')));
  return { url: rpcUrl, client, chainId, isLocalDevChain: isLocalDevChain(rpcUrl, chainId) };
}
