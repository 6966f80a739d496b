/**
 * eth_getLogs over a whole chain on providers that cap the range. One request from block 0 first (local nodes and
 * archive providers answer it); when the provider refuses the range (or the reply is too large), the same filter
 * in pages of `pageBlocks` blocks up to the block number read then, the page halved on every refusal. Any other
 * error is thrown as it is. Logs come back in the order of the pages (each page as the node ordered it).
 */
import { RpcError, RpcReplyTooLargeError } from './rpc';

/** Pages start this size (blocks): what common hosted providers allow. */
export const LOG_PAGE_BLOCKS = 10_000;

export interface LogsRpc {
  request<T = unknown>(method: string, params?: unknown[]): Promise<T>;
}

export interface LogFilter {
  address?: string | string[];
  topics?: unknown[];
}

/**
 * A refusal that a narrower range may avoid: a JSON-RPC error about the range or the result size (the wording of
 * Alchemy, Infura, QuickNode, Ankr, public nodes: "block range", "range too large", "more than 10000 results",
 * "limit exceeded", "response size"), or a reply larger than the client reads.
 */
export function isLogRangeRefusal(err: unknown): boolean {
  if (err instanceof RpcReplyTooLargeError) return true;
  if (!(err instanceof RpcError)) return false;
  if (err.code === -32005) return true; // "limit exceeded" (EIP-1474)
  return /range|too (many|large|big)|more than \d+|limit|exceed|response size|max(imum)? (block|results)/i.test(
    err.message,
  );
}

const hex = (n: number) => `0x${n.toString(16)}`;

export async function getLogsPaged<T>(
  client: LogsRpc,
  filter: LogFilter,
  opts: { pageBlocks?: number } = {},
): Promise<T[]> {
  try {
    return await client.request<T[]>('eth_getLogs', [{ ...filter, fromBlock: '0x0', toBlock: 'latest' }]);
  } catch (err) {
    if (!isLogRangeRefusal(err)) throw err;
  }
  const latest = Number(BigInt(await client.request<string>('eth_blockNumber', [])));
  let size = Math.max(1, opts.pageBlocks ?? LOG_PAGE_BLOCKS);
  const out: T[] = [];
  for (let from = 0; from <= latest;) {
    const to = Math.min(from + size - 1, latest);
    try {
      out.push(
        ...(await client.request<T[]>('eth_getLogs', [
          { ...filter, fromBlock: hex(from), toBlock: hex(to) },
        ])),
      );
      from = to + 1;
    } catch (err) {
      if (!isLogRangeRefusal(err) || size === 1) throw err;
      size = Math.ceil(size / 2);
    }
  }
  return out;
}
