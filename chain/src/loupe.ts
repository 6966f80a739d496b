/**
 * readLoupe: a diamond's facets and selectors as the chain routes them, with facet names,
 * signatures and drift against local knowledge.
 *
 * One JSON-RPC batch in the usual case: chain id, the diamond's code, owner(), and a probe
 * eth_call (probe/LoupeProbe.sol, placed by a state override) that returns facets() together
 * with every facet's code hash.
 * Facet code is downloaded (a second batch) only for hashes not matched against the artifacts
 * before. Nodes that refuse the probe get the plain path: facets(), then every facet's code.
 */
import { runtimeCodeHash } from './bytecode';
import type { Artifact } from './compile-types';
import type { DeploymentRecord } from './deployment-record';
import { addressOrNull, checksumAddress } from './keccak';
import { decodeFacetsResult, decodeProbeResult, type DecodedFacet } from './loupe-decode';
import { NoLoupeError, NotAContractError, NotADiamondError } from './loupe-errors';
import { codeNeeded, nameAndDrift, type OnChainFacet } from './loupe-match';
import type { LoupeView } from './loupe-types';
import { LOUPE_PROBE_RUNTIME_CODE } from './probe/loupe-probe-code';
import { RpcClient, type RpcCall, type RpcOutcome } from './rpc';
import type { LocalSelector } from './signatures';

export const FACETS_SELECTOR = '0x7a0ed627';
export const OWNER_SELECTOR = '0x8da5cb5b';

/** Where the probe's code is put for one eth_call (a state override; nothing is deployed). */
export const LOUPE_PROBE_ADDRESS = '0x000000000000000000000000000000000d1a7e00';

/** EXTCODEHASH of an account without code: keccak256 of nothing (or 0 for no account at all). */
const EMPTY_CODE_HASH = '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470';

export interface ReadLoupeOptions {
  rpcUrl: string;
  address: string;
  artifacts?: Artifact[];
  deployment?: DeploymentRecord;
  localSelectors?: LocalSelector[];
  /** Per HTTP request. Default 15 s. */
  timeoutMs?: number;
}

function decodeOwner(outcome: RpcOutcome<string>): string | null {
  if (!outcome.ok || typeof outcome.result !== 'string' || outcome.result.length !== 66) return null;
  const word = BigInt(outcome.result);
  // An address is a 32-byte word with the top 12 bytes zero; anything else is not an ERC-173 owner.
  return word >> 160n === 0n ? checksumAddress('0x' + outcome.result.slice(26)) : null;
}

const codeHashOf = (h: string): string | null => (BigInt(h) === 0n || h === EMPTY_CODE_HASH ? null : h);

/** The probe's answer, or undefined when the node refused or the probe reverted (then: plain path). */
function probeFacets(
  outcome: RpcOutcome<string>,
): { facets: DecodedFacet[]; codeHashes: (string | null)[] } | undefined {
  if (!outcome.ok || !outcome.result || outcome.result === '0x') return undefined;
  try {
    const { facetsData, codeHashes } = decodeProbeResult(outcome.result);
    const facets = decodeFacetsResult(facetsData);
    if (codeHashes.length !== facets.length) return undefined;
    return { facets, codeHashes: codeHashes.map(codeHashOf) };
  } catch {
    return undefined;
  }
}

/** The plain path: facets() itself, with the reasons a diamond has no loupe. */
async function plainFacets(client: RpcClient, diamond: string): Promise<DecodedFacet[]> {
  const r = (
    await client.batch<string>([
      { method: 'eth_call', params: [{ to: diamond, data: FACETS_SELECTOR }, 'latest'] },
    ])
  )[0];
  if (!r.ok) throw new NoLoupeError(diamond, `the call reverted (${r.error.message})`);
  if (!r.result || r.result === '0x') throw new NoLoupeError(diamond, 'empty return data');
  try {
    return decodeFacetsResult(r.result);
  } catch (err) {
    throw new NoLoupeError(diamond, `the return data is not a facets() list (${(err as Error).message})`);
  }
}

export async function readLoupe(opts: ReadLoupeOptions): Promise<LoupeView> {
  return (await readLoupeWith(opts, [])).view;
}

/**
 * readLoupe, with a caller's other reads (`also`) sent in the loupe's first batch: one round trip for both
 * (the upgrade plan reads the deployer's nonce this way). Their outcomes come back in order.
 */
export async function readLoupeWith<T>(
  opts: ReadLoupeOptions,
  also: readonly RpcCall[],
): Promise<{ view: LoupeView; also: RpcOutcome<T>[] }> {
  const diamond = addressOrNull(opts.address);
  if (diamond === null) throw new Error(`Not an address: ${opts.address}`);
  const client = new RpcClient(opts.rpcUrl, { timeoutMs: opts.timeoutMs });
  const probeCall = [
    { to: LOUPE_PROBE_ADDRESS, data: `0x${diamond.slice(2).toLowerCase().padStart(64, '0')}` },
    'latest',
    { [LOUPE_PROBE_ADDRESS]: { code: LOUPE_PROBE_RUNTIME_CODE } },
  ];

  const [chainIdR, codeR, probeR, ownerR, ...alsoR] = await client.batch<string>([
    { method: 'eth_chainId', params: [] },
    { method: 'eth_getCode', params: [diamond, 'latest'] },
    { method: 'eth_call', params: probeCall },
    { method: 'eth_call', params: [{ to: diamond, data: OWNER_SELECTOR }, 'latest'] },
    ...also,
  ]);
  if (!chainIdR.ok) throw chainIdR.error;
  if (!codeR.ok) throw codeR.error;
  if (!codeR.result || codeR.result === '0x') throw new NotAContractError(diamond);

  const probed = probeFacets(probeR);
  const decoded = probed?.facets ?? (await plainFacets(client, diamond));
  // A diamond routes at least the loupe's own functions: nothing routed is not an empty diamond.
  if (decoded.every((f) => f.selectors.length === 0))
    throw new NotADiamondError(
      diamond,
      decoded.length
        ? `its facets() lists ${decoded.length} facet(s) with no selectors`
        : 'its facets() lists no facets',
    );
  // Code is fetched where the hash is unknown (plain path) or has not been matched before.
  const fetch = decoded.map((_, i) => !probed || codeNeeded(opts.artifacts, probed.codeHashes[i]));
  const wanted = decoded.filter((_, i) => fetch[i]);
  const codes = await client.batch<string>(
    wanted.map((f) => ({ method: 'eth_getCode', params: [f.address, 'latest'] })),
  );
  let next = 0;
  const onChain: OnChainFacet[] = decoded.map((f, i) => {
    if (!fetch[i]) return { ...f, codeHash: probed!.codeHashes[i] };
    const r = codes[next++];
    if (!r.ok) throw r.error;
    const code = r.result || '0x';
    return { ...f, code, codeHash: code === '0x' ? null : runtimeCodeHash(code) };
  });

  const view = nameAndDrift(
    {
      rpcUrl: opts.rpcUrl,
      chainId: Number(BigInt(chainIdR.result)),
      diamond,
      owner: decodeOwner(ownerR),
    },
    onChain,
    opts,
  );
  return { view, also: alsoR as RpcOutcome<unknown>[] as RpcOutcome<T>[] };
}
