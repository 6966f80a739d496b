/**
 * readLoupe: a diamond's facets and selectors as the chain routes them, with facet names,
 * signatures and drift against local knowledge. Two JSON-RPC round trips whatever the size:
 * [chain id, code, facets(), owner()] then every facet's code in one batch.
 */
import { AbiCoder, getAddress, isAddress } from 'ethers';
import type { Artifact } from './compile-types';
import type { DeploymentRecord } from './deployment-record';
import { NoLoupeError, NotAContractError } from './loupe-errors';
import { nameAndDrift, type OnChainFacet } from './loupe-match';
import type { LoupeView } from './loupe-types';
import { RpcClient, type RpcOutcome } from './rpc';
import type { LocalSelector } from './signatures';

export const FACETS_SELECTOR = '0x7a0ed627';
export const OWNER_SELECTOR = '0x8da5cb5b';

export interface ReadLoupeOptions {
  rpcUrl: string;
  address: string;
  artifacts?: Artifact[];
  deployment?: DeploymentRecord;
  localSelectors?: LocalSelector[];
  /** Per HTTP request. Default 15 s. */
  timeoutMs?: number;
}

const coder = AbiCoder.defaultAbiCoder();

/** Decodes `facets()` → `(address facetAddress, bytes4[] functionSelectors)[]`. */
export function decodeFacets(data: string): { address: string; selectors: string[] }[] {
  const [list] = coder.decode(['tuple(address,bytes4[])[]'], data) as unknown as [[string, string[]][]];
  return list.map(([address, selectors]) => ({
    address: getAddress(address),
    selectors: selectors.map((s) => s.toLowerCase()),
  }));
}

function decodeOwner(outcome: RpcOutcome<string>): string | null {
  if (!outcome.ok || typeof outcome.result !== 'string' || outcome.result.length !== 66) return null;
  const word = BigInt(outcome.result);
  // An address is a 32-byte word with the top 12 bytes zero; anything else is not an ERC-173 owner.
  return word >> 160n === 0n ? getAddress('0x' + outcome.result.slice(26)) : null;
}

export async function readLoupe(opts: ReadLoupeOptions): Promise<LoupeView> {
  if (!isAddress(opts.address)) throw new Error(`Not an address: ${opts.address}`);
  const diamond = getAddress(opts.address);
  const client = new RpcClient(opts.rpcUrl, { timeoutMs: opts.timeoutMs });

  const call = (data: string) => ({ method: 'eth_call', params: [{ to: diamond, data }, 'latest'] });
  const [chainIdR, codeR, facetsR, ownerR] = await client.batch<string>([
    { method: 'eth_chainId', params: [] },
    { method: 'eth_getCode', params: [diamond, 'latest'] },
    call(FACETS_SELECTOR),
    call(OWNER_SELECTOR),
  ]);
  if (!chainIdR.ok) throw chainIdR.error;
  if (!codeR.ok) throw codeR.error;
  if (!codeR.result || codeR.result === '0x') throw new NotAContractError(diamond);
  if (!facetsR.ok) throw new NoLoupeError(diamond, `the call reverted (${facetsR.error.message})`);
  if (!facetsR.result || facetsR.result === '0x') throw new NoLoupeError(diamond, 'empty return data');
  let decoded: { address: string; selectors: string[] }[];
  try {
    decoded = decodeFacets(facetsR.result);
  } catch (err) {
    throw new NoLoupeError(diamond, `the return data is not a facets() list (${(err as Error).message})`);
  }

  const codes = await client.batch<string>(
    decoded.map((f) => ({ method: 'eth_getCode', params: [f.address, 'latest'] })),
  );
  const onChain: OnChainFacet[] = decoded.map((f, i) => {
    const r = codes[i];
    if (!r.ok) throw r.error;
    return { ...f, code: r.result || '0x' };
  });

  return nameAndDrift(
    {
      rpcUrl: opts.rpcUrl,
      chainId: Number(BigInt(chainIdR.result)),
      diamond,
      owner: decodeOwner(ownerR),
    },
    onChain,
    opts,
  );
}
