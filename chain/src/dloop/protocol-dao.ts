/**
 * The DLOOP ProtocolDAO as a simulation drives it (contracts/governance/ProtocolDAO.sol): recognise it by what
 * it answers, find who holds votes, and run a cut through its lifecycle (propose → vote until quorum and a
 * majority → past voteEnd and the timelock → execute). The ABI is written here, not looked up in the project's
 * artifacts: a fork of a live network is driven by behaviour, whatever the project compiled.
 */
import { getAddress, Interface, ZeroAddress } from 'ethers';
import type { FacetCut } from '../cut';
import { getLogsPaged } from '../logs-paged';
import { revertDataOf, type DevChain, type TxReceipt, type TxRequest } from '../simulation/dev-chain';

export const PROTOCOL_DAO_ABI = [
  'function token() view returns (address)',
  'function diamond() view returns (address)',
  'function votingPeriod() view returns (uint64)',
  'function timelockDelay() view returns (uint64)',
  'function quorumBps() view returns (uint16)',
  'function proposalThreshold() view returns (uint256)',
  'function propose((address facetAddress, uint8 action, bytes4[] functionSelectors)[] cut, address init, bytes initCalldata, string description) returns (uint256 id)',
  'function proposeCall(bytes diamondCalldata, string description) returns (uint256 id)',
  'function castVote(uint256 id, bool support)',
  'function execute(uint256 id)',
  'function cancel(uint256 id)',
  'function fastTrack(uint256 id)',
  'function markReviewed(uint256 id)',
  'function state(uint256 id) view returns (uint8)',
  'function proposalCount() view returns (uint256)',
  'function guardian() view returns (address)',
  'function hasVoted(uint256 id, address voter) view returns (bool)',
  'function getProposal(uint256 id) view returns ((address proposer, uint64 snapshotBlock, uint64 voteEnd, uint64 eta, bool executed, bool canceled, bool fastTracked, bool needsReview, uint256 quorumVotes, uint256 forVotes, uint256 againstVotes, bytes diamondCalldata, string description))',
  'event ProposalCreated(uint256 indexed id, address indexed proposer, uint64 snapshotBlock, uint64 voteEnd, uint64 eta, bytes diamondCalldata, string description)',
  'event VoteCast(uint256 indexed id, address indexed voter, bool support, uint256 weight)',
  'event ProposalExecuted(uint256 indexed id, address indexed executor)',
  'event ProposalCanceled(uint256 indexed id, address indexed by)',
  'event ProposalFastTracked(uint256 indexed id, address indexed guardian)',
  'event ProposalReviewed(uint256 indexed id, address indexed reviewer)',
  'error NotGuardian(address caller)',
  'error NotProposerOrGuardian(address caller)',
  'error ReviewNotNeeded(uint256 id)',
  'error InvalidDiamondCall()',
  'error InsufficientVotingPower(address account, uint256 votes, uint256 threshold)',
  'error UnknownProposal(uint256 id)',
  'error ProposalIsCanceled(uint256 id)',
  'error ProposalAlreadyExecuted(uint256 id)',
  'error VotingClosed(uint256 id, uint64 voteEnd)',
  'error AlreadyVoted(uint256 id, address voter)',
  'error NoVotingPower(uint256 id, address voter)',
  'error VotingNotEnded(uint256 id, uint64 voteEnd)',
  'error QuorumNotMet(uint256 id, uint256 forVotes, uint256 quorumVotes)',
  'error ProposalDefeated(uint256 id, uint256 forVotes, uint256 againstVotes)',
  'error TimelockNotExpired(uint256 id, uint64 eta)',
  'error ExecutionFailed(uint256 id)',
  'error DiamondNotBound()',
];

export const PAST_VOTES_TOKEN_ABI = [
  'function getPastVotes(address account, uint256 blockNumber) view returns (uint256)',
  'function getPastTotalSupply(uint256 blockNumber) view returns (uint256)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
];

const dao = new Interface(PROTOCOL_DAO_ABI);
const token = new Interface(PAST_VOTES_TOKEN_ABI);

export interface ProtocolDaoInfo {
  address: string;
  token: string;
  votingPeriod: number;
  timelockDelay: number;
  quorumBps: number;
  proposalThreshold: bigint;
}

/**
 * The owner is a ProtocolDAO bound to this diamond when it answers token(), votingPeriod(), timelockDelay(),
 * quorumBps(), proposalThreshold() and diamond() == the diamond, and getProposal exists (UnknownProposal(0)).
 */
export async function detectProtocolDao(
  chain: DevChain,
  owner: string,
  diamond: string,
): Promise<ProtocolDaoInfo | null> {
  const code = await chain.code(owner);
  if (!code || code === '0x') return null;
  const names = [
    'token',
    'diamond',
    'votingPeriod',
    'timelockDelay',
    'quorumBps',
    'proposalThreshold',
  ] as const;
  const calls = names.map((n) => ({
    method: 'eth_call',
    params: [{ to: owner, data: dao.encodeFunctionData(n) }, 'latest'],
  }));
  calls.push({
    method: 'eth_call',
    params: [{ to: owner, data: dao.encodeFunctionData('getProposal', [0]) }, 'latest'],
  });
  const outcomes = await chain.client.batch<string>(calls);
  const values: unknown[] = [];
  for (let i = 0; i < names.length; i++) {
    const o = outcomes[i];
    if (!o.ok) return null;
    try {
      values.push(dao.decodeFunctionResult(names[i], o.result)[0]);
    } catch {
      return null;
    }
  }
  const [tokenAddr, boundDiamond, votingPeriod, timelockDelay, quorumBps, proposalThreshold] = values as [
    string,
    string,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  if (getAddress(boundDiamond) !== getAddress(diamond)) return null;
  // getProposal(0) reverts UnknownProposal(0) on a ProtocolDAO; anything else is another contract.
  const probe = outcomes[names.length];
  if (probe.ok) return null;
  const data = revertDataOf(probe.error);
  if (!data || !data.toLowerCase().startsWith(dao.getError('UnknownProposal')!.selector)) return null;
  return {
    address: getAddress(owner),
    token: getAddress(tokenAddr),
    votingPeriod: Number(votingPeriod),
    timelockDelay: Number(timelockDelay),
    quorumBps: Number(quorumBps),
    proposalThreshold,
  };
}

export interface Holder {
  address: string;
  votes: bigint;
}

/**
 * Accounts that may hold votes: every recipient of a token Transfer (eth_getLogs from genesis, paged where the
 * provider caps the range: logs-paged.ts), the node's own accounts and any the caller names. A node that refuses
 * the log query anyway leaves the node's accounts and the caller's.
 */
export async function candidateHolders(
  chain: DevChain,
  tokenAddress: string,
  extra: readonly string[] = [],
): Promise<string[]> {
  const seen = new Map<string, string>();
  const add = (a: string) => {
    if (a !== ZeroAddress && !seen.has(a.toLowerCase())) seen.set(a.toLowerCase(), getAddress(a));
  };
  extra.forEach(add);
  try {
    const logs = await getLogsPaged<{ topics: string[] }>(chain, {
      address: tokenAddress,
      topics: [token.getEvent('Transfer')!.topicHash],
    });
    for (const l of logs) if (l.topics[2]) add(`0x${l.topics[2].slice(26)}`);
  } catch {
    // Fall back to the node's accounts and the caller's.
  }
  for (const a of await chain.unlocked()) add(a);
  return [...seen.values()];
}

/** Votes at `blockNumber` (past: read in the pending block) for each account, largest first, zeros dropped. */
export async function votesAt(
  chain: DevChain,
  tokenAddress: string,
  accounts: readonly string[],
  blockNumber: number,
): Promise<Holder[]> {
  const outcomes = await chain.client.batch<string>(
    accounts.map((a) => ({
      method: 'eth_call',
      params: [
        { to: tokenAddress, data: token.encodeFunctionData('getPastVotes', [a, blockNumber]) },
        'pending',
      ],
    })),
  );
  const holders: Holder[] = [];
  outcomes.forEach((o, i) => {
    if (!o.ok) return;
    const votes = BigInt(o.result);
    if (votes > 0n) holders.push({ address: accounts[i], votes });
  });
  return holders.sort((a, b) => (a.votes > b.votes ? -1 : a.votes < b.votes ? 1 : 0));
}

export interface Proposal {
  proposer: string;
  snapshotBlock: number;
  voteEnd: number;
  eta: number;
  quorumVotes: bigint;
  forVotes: bigint;
  againstVotes: bigint;
  diamondCalldata: string;
}

export async function readProposal(chain: DevChain, daoAddress: string, id: bigint): Promise<Proposal> {
  const data = await chain.request<string>('eth_call', [
    { to: daoAddress, data: dao.encodeFunctionData('getProposal', [id]) },
    'latest',
  ]);
  const p = dao.decodeFunctionResult('getProposal', data)[0];
  return {
    proposer: getAddress(p.proposer),
    snapshotBlock: Number(p.snapshotBlock),
    voteEnd: Number(p.voteEnd),
    eta: Number(p.eta),
    quorumVotes: p.quorumVotes,
    forVotes: p.forVotes,
    againstVotes: p.againstVotes,
    diamondCalldata: p.diamondCalldata,
  };
}

export const proposeTx = (
  daoAddress: string,
  from: string,
  p: { cut: FacetCut[]; init: string; initCalldata: string; description: string },
): TxRequest => ({
  from,
  to: daoAddress,
  data: dao.encodeFunctionData('propose', [p.cut, p.init, p.initCalldata, p.description]),
});

export const castVoteTx = (daoAddress: string, from: string, id: bigint, support: boolean): TxRequest => ({
  from,
  to: daoAddress,
  data: dao.encodeFunctionData('castVote', [id, support]),
});

export const executeTx = (daoAddress: string, from: string, id: bigint): TxRequest => ({
  from,
  to: daoAddress,
  data: dao.encodeFunctionData('execute', [id]),
});

/** The proposal a propose transaction created (its ProposalCreated log). */
export function createdProposal(
  receipt: TxReceipt,
  daoAddress: string,
): { id: bigint; diamondCalldata: string } | null {
  const topic = dao.getEvent('ProposalCreated')!.topicHash;
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== daoAddress.toLowerCase() || log.topics[0] !== topic) continue;
    const parsed = dao.parseLog(log);
    if (parsed)
      return { id: parsed.args.id as bigint, diamondCalldata: parsed.args.diamondCalldata as string };
  }
  return null;
}
