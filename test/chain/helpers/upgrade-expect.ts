/**
 * What an upgrade plan should contain, computed here without the planner: the loupe's facets() read with
 * ethers, solc's methodIdentifiers of the artifacts, plain CREATE addresses from the deployer's nonce.
 */
import { getCreateAddress, Interface } from 'ethers';
import { RpcClient } from '../../../chain/src/rpc';

const LOUPE = new Interface([
  'function facets() view returns ((address facetAddress, bytes4[] functionSelectors)[])',
]);
export const DIAMOND_CUT = new Interface([
  'function diamondCut((address facetAddress, uint8 action, bytes4[] functionSelectors)[] _diamondCut, address _init, bytes _calldata)',
]);

/** The diamond's routing as facets() returns it: address → selectors (lower case). */
export async function loupeFacets(url: string, diamond: string): Promise<Map<string, string[]>> {
  const data = await new RpcClient(url).request<string>('eth_call', [
    { to: diamond, data: LOUPE.encodeFunctionData('facets') },
    'latest',
  ]);
  const [facets] = LOUPE.decodeFunctionResult('facets', data) as unknown as [[string, string[]][]];
  return new Map(facets.map(([a, s]) => [a.toLowerCase(), [...s].map((x) => x.toLowerCase())]));
}

export const sorted = (xs: Iterable<string>): string[] => [...xs].map((x) => x.toLowerCase()).sort();

/**
 * Swapping the facet at `from` for a new one exposing `next`: Replace what `from` routes, Add what nobody
 * routes, Remove what `from` routes and `next` lacks. Selectors of `next` routed to any other facet are
 * returned too (`elsewhere`, expected empty for the DLOOP upgrade).
 */
export function expectedSwap(routing: Map<string, string[]>, from: string, next: Iterable<string>) {
  const owner = new Map<string, string>();
  for (const [a, sels] of routing) for (const s of sels) owner.set(s, a);
  const nextSet = new Set([...next].map((s) => s.toLowerCase()));
  const f = from.toLowerCase();
  return {
    replace: sorted([...nextSet].filter((s) => owner.get(s) === f)),
    add: sorted([...nextSet].filter((s) => !owner.has(s))),
    remove: sorted((routing.get(f) ?? []).filter((s) => !nextSet.has(s))),
    elsewhere: sorted([...nextSet].filter((s) => owner.has(s) && owner.get(s) !== f)),
  };
}

export async function nonceOf(url: string, account: string): Promise<number> {
  return Number(
    BigInt(await new RpcClient(url).request<string>('eth_getTransactionCount', [account, 'latest'])),
  );
}

export async function firstAccount(url: string): Promise<string> {
  const [a] = await new RpcClient(url).request<string[]>('eth_accounts');
  return a;
}

/** The addresses `count` plain CREATE deployments from `from` get, starting at its next nonce. */
export async function nextCreateAddresses(url: string, from: string, count: number): Promise<string[]> {
  const nonce = await nonceOf(url, from);
  return Array.from({ length: count }, (_, i) => getCreateAddress({ from, nonce: nonce + i }));
}

/** `diamondCut` calldata decoded: the cut as [address, action, selectors] and the init. */
export function decodeDiamondCut(calldata: string) {
  const [cut, init, data] = DIAMOND_CUT.decodeFunctionData('diamondCut', calldata) as unknown as [
    [string, bigint, string[]][],
    string,
    string,
  ];
  return {
    cut: cut.map(([a, action, s]) => ({
      facetAddress: a,
      action: Number(action),
      functionSelectors: [...s],
    })),
    init,
    calldata: data,
  };
}
