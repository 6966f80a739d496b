/**
 * ERC-165 answers of a live diamond: `supportsInterface(id)` for each interface id the engine knows, all in one
 * JSON-RPC batch (or inside the loupe's own first batch: `supportsInterfaceCalls` with `readLoupeWith`), with a
 * timeout. What the engine's interface-incomplete checks against the live routing (the engine's
 * `LiveDiamond.interfaces`).
 *
 * A call that reverts answers "not supported" (a diamond without ERC-165 claims nothing); a node that does not
 * answer at all is an error naming the diamond and why (never an empty answer).
 */
import { getAddress, isAddress } from 'ethers';
import { RpcClient, RpcUnreachableError, type RpcCall, type RpcOutcome } from './rpc';

/** `supportsInterface(bytes4)`. */
export const SUPPORTS_INTERFACE_SELECTOR = '0x01ffc9a7';

export interface InterfaceAnswer {
  /** '0x' + 8 lower-case hex digits. */
  id: string;
  supported: boolean;
}

const ID = /^0x[0-9a-fA-F]{8}$/;

/** One `eth_call supportsInterface(id)` per id, in order (for a batch of the caller's). */
export function supportsInterfaceCalls(address: string, ids: readonly string[]): RpcCall[] {
  return ids.map((id) => {
    if (!ID.test(id)) throw new Error(`Not an interface id (0x + 8 hex digits): ${id}`);
    const data = SUPPORTS_INTERFACE_SELECTOR + id.slice(2).toLowerCase().padEnd(64, '0');
    return { method: 'eth_call', params: [{ to: address, data }, 'latest'] };
  });
}

/** The answers of `supportsInterfaceCalls`' outcomes: true only for a word equal to 1. */
export function interfaceAnswers(
  ids: readonly string[],
  outcomes: readonly RpcOutcome<string>[],
): InterfaceAnswer[] {
  return ids.map((id, i) => {
    const r = outcomes[i];
    const supported =
      r !== undefined && r.ok && typeof r.result === 'string' && /^0x0{63}1$/.test(r.result.toLowerCase());
    return { id: id.toLowerCase(), supported };
  });
}

/** Thrown when the node does not answer the reads: names the diamond, the chain's URL (redacted) and why. */
export class InterfaceReadError extends Error {
  override readonly name = 'InterfaceReadError';
  constructor(address: string, cause: Error) {
    super(`cannot read supportsInterface on ${address}: ${cause.message}`);
  }
}

export interface ReadInterfaceSupportOptions {
  rpcUrl: string;
  address: string;
  ids: readonly string[];
  /** Per HTTP request. Default 10 s. */
  timeoutMs?: number;
}

/** `supportsInterface(id)` on the diamond for every id, in one round trip. */
export async function readInterfaceSupport(opts: ReadInterfaceSupportOptions): Promise<InterfaceAnswer[]> {
  if (!isAddress(opts.address)) throw new Error(`Not an address: ${opts.address}`);
  const address = getAddress(opts.address);
  if (opts.ids.length === 0) return [];
  const client = new RpcClient(opts.rpcUrl, { timeoutMs: opts.timeoutMs ?? 10_000 });
  let outcomes: RpcOutcome<string>[];
  try {
    outcomes = await client.batch<string>(supportsInterfaceCalls(address, opts.ids));
  } catch (err) {
    if (err instanceof RpcUnreachableError) throw new InterfaceReadError(address, err);
    throw err;
  }
  return interfaceAnswers(opts.ids, outcomes);
}
