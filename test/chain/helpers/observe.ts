/**
 * What a test reads of a chain to prove a simulation left no trace, independently of the workflow's own check:
 * plain JSON-RPC reads and the loupe through ethers' ABI decoder (not the workflow's facets() decoder).
 */
import { Contract, Interface, type JsonRpcProvider } from 'ethers';
import { RpcClient } from '../../../chain/src/rpc';

const LOUPE = new Interface([
  'function facets() view returns ((address facetAddress, bytes4[] functionSelectors)[])',
]);

export interface Observed {
  blockNumber: number;
  blockHash: string;
  /** facetAddress → its selectors, sorted (lower case). */
  loupe: Record<string, string[]>;
  accounts: Record<string, { balance: string; nonce: string; code: string }>;
  slots: Record<string, string>;
}

export async function observe(
  url: string,
  provider: JsonRpcProvider,
  opts: {
    diamond: string;
    accounts: readonly string[];
    slots?: readonly { address: string; slot: string }[];
  },
): Promise<Observed> {
  const rpc = new RpcClient(url);
  const latest = await rpc.request<{ number: string; hash: string; miner: string }>('eth_getBlockByNumber', [
    'latest',
    false,
  ]);
  const facets = (await new Contract(opts.diamond, LOUPE, provider).facets({ blockTag: 'latest' })) as [
    string,
    string[],
  ][];
  const loupe: Record<string, string[]> = {};
  for (const [address, selectors] of facets)
    loupe[address.toLowerCase()] = [...selectors].map((s) => s.toLowerCase()).sort();
  const accounts: Observed['accounts'] = {};
  for (const a of [...opts.accounts, latest.miner]) {
    accounts[a.toLowerCase()] = {
      balance: BigInt(await rpc.request<string>('eth_getBalance', [a, 'latest'])).toString(),
      nonce: BigInt(await rpc.request<string>('eth_getTransactionCount', [a, 'latest'])).toString(),
      code: await rpc.request<string>('eth_getCode', [a, 'latest']),
    };
  }
  const slots: Record<string, string> = {};
  for (const { address, slot } of opts.slots ?? []) {
    slots[`${address.toLowerCase()}:${slot}`] = await rpc.request<string>('eth_getStorageAt', [
      address,
      slot,
      'latest',
    ]);
  }
  return { blockNumber: Number(BigInt(latest.number)), blockHash: latest.hash, loupe, accounts, slots };
}
