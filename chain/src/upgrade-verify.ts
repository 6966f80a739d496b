/**
 * Post-execution verification: the diamond's routing after the transaction that cut it is the routing before it
 * with the proposal's cut applied (loupe read at the block before and at the block of the transaction), and the
 * transaction's DiamondCut event carries exactly that cut, init and init calldata. Every difference is listed;
 * `verified` is true only when there is none.
 */
import { getAddress, Interface, keccak256 } from 'ethers';
import type { ChainConnection } from './connect';
import { applyCut, routingOf, type RoutingRow } from './cut-reverse';
import type { FacetCut, FacetCutAction } from './cut';
import { decodeFacetsResult } from './loupe-decode';
import { FACETS_SELECTOR } from './loupe';

export const DIAMOND_CUT_EVENTS = new Interface([
  'event DiamondCut((address facetAddress, uint8 action, bytes4[] functionSelectors)[] _diamondCut, address _init, bytes _calldata)',
  'function diamondCut((address facetAddress, uint8 action, bytes4[] functionSelectors)[] _diamondCut, address _init, bytes _calldata)',
]);

export interface DecodedCutCall {
  cut: FacetCut[];
  init: string;
  initCalldata: string;
}

const asCut = (
  raw: readonly { facetAddress: string; action: bigint; functionSelectors: string[] }[],
): FacetCut[] =>
  raw.map((c) => ({
    facetAddress: getAddress(c.facetAddress),
    action: Number(c.action) as FacetCutAction,
    functionSelectors: [...c.functionSelectors].map((s) => s.toLowerCase()),
  }));

/** `diamondCut(cut, init, calldata)` calldata decoded; null when it is another call. */
export function decodeDiamondCutCall(calldata: string): DecodedCutCall | null {
  try {
    const d = DIAMOND_CUT_EVENTS.decodeFunctionData('diamondCut', calldata);
    return { cut: asCut(d[0]), init: getAddress(d[1] as string), initCalldata: d[2] as string };
  } catch {
    return null;
  }
}

/** A DiamondCut log decoded; null when the log is another event. */
export function decodeDiamondCutLog(log: { topics: readonly string[]; data: string }): DecodedCutCall | null {
  try {
    const parsed = DIAMOND_CUT_EVENTS.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed?.name !== 'DiamondCut') return null;
    return {
      cut: asCut(parsed.args[0]),
      init: getAddress(parsed.args[1] as string),
      initCalldata: parsed.args[2],
    };
  } catch {
    return null;
  }
}

/** The loupe's facets() at a block (a dev node or an archive node answers for past blocks). */
export async function loupeAt(
  conn: ChainConnection,
  diamond: string,
  block: number | 'latest',
): Promise<RoutingRow[]> {
  const tag = block === 'latest' ? block : `0x${block.toString(16)}`;
  const data = await conn.client.request<string>('eth_call', [{ to: diamond, data: FACETS_SELECTOR }, tag]);
  return decodeFacetsResult(data).map((f) => ({
    facetAddress: getAddress(f.address),
    functionSelectors: f.selectors,
  }));
}

export interface Verification {
  verified: boolean;
  differences: string[];
  loupeBefore: RoutingRow[];
  loupeAfter: RoutingRow[];
}

const sameCut = (a: DecodedCutCall, b: DecodedCutCall) => JSON.stringify(a) === JSON.stringify(b);

export async function verifyCut(
  conn: ChainConnection,
  inputs: {
    diamond: string;
    /** The diamondCut calldata that was to be executed (the proposal's, the plan's). */
    calldata: string;
    /** The calldata hash the plan promised, when there is one. */
    expectedCalldataHash?: string;
    receipt: {
      blockNumber: number;
      logs: readonly { address: string; topics: readonly string[]; data: string }[];
    };
  },
): Promise<Verification> {
  const differences: string[] = [];
  const diamond = getAddress(inputs.diamond);
  if (inputs.expectedCalldataHash && keccak256(inputs.calldata) !== inputs.expectedCalldataHash.toLowerCase())
    differences.push(
      `the executed calldata hashes to ${keccak256(inputs.calldata)}, the plan's to ${inputs.expectedCalldataHash}`,
    );
  const expected = decodeDiamondCutCall(inputs.calldata);
  const [before, after] = [
    await loupeAt(conn, diamond, inputs.receipt.blockNumber - 1),
    await loupeAt(conn, diamond, inputs.receipt.blockNumber),
  ];
  if (!expected) {
    differences.push('the executed calldata is not a diamondCut call');
    return { verified: false, differences, loupeBefore: before, loupeAfter: after };
  }
  const events = inputs.receipt.logs
    .filter((l) => l.address.toLowerCase() === diamond.toLowerCase())
    .map(decodeDiamondCutLog)
    .filter((e): e is DecodedCutCall => e !== null);
  if (events.length === 0) differences.push('the transaction emitted no DiamondCut event');
  else if (events.length > 1) differences.push(`the transaction emitted ${events.length} DiamondCut events`);
  else if (!sameCut(events[0], expected))
    differences.push('the DiamondCut event differs from the planned cut');
  const want = applyCut(routingOf(before), expected.cut);
  const got = routingOf(after);
  for (const [s, facet] of want) {
    const actual = got.get(s);
    if (actual === undefined) differences.push(`${s} should route to ${facet}, it is not routed`);
    else if (actual.toLowerCase() !== facet.toLowerCase())
      differences.push(`${s} should route to ${facet}, it routes to ${actual}`);
  }
  for (const [s, facet] of got)
    if (!want.has(s)) differences.push(`${s} should not be routed, it routes to ${facet}`);
  return { verified: differences.length === 0, differences, loupeBefore: before, loupeAfter: after };
}
