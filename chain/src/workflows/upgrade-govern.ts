/**
 * Workflow: what happens to a proposal after `propose` (upgrade-propose.ts): its status, a vote, execute (with
 * `advance` first moving a local dev node's clock past the vote and the timelock; refused on any other chain),
 * cancel, the guardian's fast-track (executes at once; the proposal then needs review) and mark-reviewed.
 * Execute and fast-track are verified afterwards (upgrade-verify.ts) and recorded in the upgrade history.
 * Every send is checked with eth_call first: a DAO refusal is a GovernanceError (dao-errors.ts), nothing sent.
 */
import { getAddress, type InterfaceAbi } from 'ethers';
import type { ChainConnection } from '../connect';
import { isLocalDevChain } from '../connect';
import {
  dao as daoAbi,
  readDaoProposal,
  readDaoProposals,
  sendToDao,
  type DaoProposal,
} from '../dloop/dao-governance';
import { votesAt, type Holder } from '../dloop/protocol-dao';
import { DevChain } from '../simulation/dev-chain';
import type { GrantedSigner } from '../tx-gate';
import { appendUpgradeHistory } from '../upgrade-history';
import { verifyCut, type Verification } from '../upgrade-verify';
import { daoOf } from './upgrade-propose';
import { votingToken, type VotingToken } from '../dloop/voting-token';
import { throwIfAborted, type WorkflowOptions } from './workflow';

export type GovernAction =
  | { kind: 'vote'; support: boolean }
  | { kind: 'execute'; advance?: boolean }
  | { kind: 'cancel' }
  | { kind: 'fast-track' }
  | { kind: 'mark-reviewed' };

export const governActionWords = (a: GovernAction): { title: string; doing: string } => {
  switch (a.kind) {
    case 'vote':
      return { title: `Vote ${a.support ? 'for' : 'against'} the proposal`, doing: 'Voting' };
    case 'execute':
      return { title: 'Execute the proposal', doing: 'Executing the proposal' };
    case 'cancel':
      return { title: 'Cancel the proposal', doing: 'Canceling the proposal' };
    case 'fast-track':
      return {
        title: 'Fast-track the proposal (executes now, skipping the vote and the timelock)',
        doing: 'Fast-tracking the proposal',
      };
    case 'mark-reviewed':
      return { title: 'Mark the proposal reviewed', doing: 'Marking the proposal reviewed' };
  }
};

/** `advance` moves a chain's clock: only a local dev node's. Nothing was sent. */
export class AdvanceRefusedError extends Error {
  override readonly name = 'AdvanceRefusedError';
  constructor(
    readonly chainId: number,
    readonly rpcUrl: string,
  ) {
    super(
      `Chain ${chainId} at ${rpcUrl} is not a local dev node: its clock cannot be advanced (execute once the timelock has passed). Nothing was sent.`,
    );
  }
}

export interface StatusResult {
  dao: string;
  proposals: DaoProposal[];
  /** The latest block's time (what state, time left and eta are measured against). */
  now: number;
  /** The voting token: its symbol and decimals where it answers them (votes are in its base units). */
  token: VotingToken;
}

export async function upgradeStatus(
  conn: ChainConnection,
  diamond: string,
  id?: bigint,
): Promise<StatusResult> {
  const dao = await daoOf(conn, diamond);
  const now = (await new DevChain(conn.client).block('latest')).timestamp;
  const proposals = await readDaoProposals(conn, dao.address, id);
  return { dao: dao.address, proposals, now, token: await votingToken(conn, dao.token) };
}

/**
 * On a local dev node: its unlocked accounts that hold votes at proposal `id`'s snapshot, largest first (the
 * voters a face may offer). Empty on any other chain.
 */
export async function devAccountVotes(conn: ChainConnection, diamond: string, id: bigint): Promise<Holder[]> {
  if (!conn.isLocalDevChain) return [];
  const dao = await daoOf(conn, diamond);
  const p = await readDaoProposal(conn, dao.address, id);
  const accounts = (await conn.client.request<string[]>('eth_accounts', [])).map((a) => getAddress(a));
  return votesAt(new DevChain(conn.client), dao.token, accounts, p.snapshotBlock);
}

export interface GovernInputs {
  connection: ChainConnection;
  signer: GrantedSigner;
  diamond: string;
  id: bigint;
  action: GovernAction;
  /** Project root: execute and fast-track append to its upgrade history. Undefined: nothing recorded. */
  root?: string;
  /** The project's ABIs, to decode a diamond revert bubbled through execute. */
  abis?: readonly InterfaceAbi[];
  txTimeoutMs?: number;
}

export interface GovernResult {
  proposalId: string;
  action: GovernAction['kind'];
  txHash: string;
  /** Seconds the clock was moved (execute with advance). */
  advancedSeconds: number;
  proposal: DaoProposal;
  /** Execute and fast-track: the loupe and DiamondCut event checked against the proposal's cut. */
  verification: Verification | null;
  historyFile: string | null;
}

const METHOD = {
  vote: 'castVote',
  execute: 'execute',
  cancel: 'cancel',
  'fast-track': 'fastTrack',
  'mark-reviewed': 'markReviewed',
} as const;

export async function governUpgrade(
  inputs: GovernInputs,
  options: WorkflowOptions = {},
): Promise<GovernResult> {
  const { connection: conn, signer, action, id } = inputs;
  const words = governActionWords(action);
  throwIfAborted(options.signal, words.doing);
  const dao = await daoOf(conn, inputs.diamond);
  let advancedSeconds = 0;
  if (action.kind === 'execute' && action.advance) {
    if (!(conn.isLocalDevChain && isLocalDevChain(conn.url, conn.chainId)))
      throw new AdvanceRefusedError(conn.chainId, conn.url);
    const p = await readDaoProposal(conn, dao.address, id);
    const chain = new DevChain(conn.client);
    const now = (await chain.block('latest')).timestamp;
    advancedSeconds = Math.max(0, Math.max(p.voteEnd + 1, p.eta) - now);
    if (advancedSeconds > 0) {
      await chain.advanceTime(advancedSeconds);
      options.onProgress?.({
        message: `Advanced the clock ${advancedSeconds} s past the vote and the timelock`,
      });
    }
  }
  const data =
    action.kind === 'vote'
      ? daoAbi.encodeFunctionData('castVote', [id, action.support])
      : daoAbi.encodeFunctionData(METHOD[action.kind], [id]);
  const what =
    action.kind === 'vote'
      ? `vote ${action.support ? 'for' : 'against'} proposal ${id}`
      : `${action.kind.replace('-', ' ')} proposal ${id}`;
  const receipt = await sendToDao(conn, signer, dao.address, what, data, {
    onProgress: (m) => options.onProgress?.({ message: m }),
    txTimeoutMs: inputs.txTimeoutMs,
    abis: inputs.abis,
  });
  const proposal = await readDaoProposal(conn, dao.address, id);
  let verification: Verification | null = null;
  let historyFile: string | null = null;
  if (action.kind === 'execute' || action.kind === 'fast-track') {
    verification = await verifyCut(conn, {
      diamond: inputs.diamond,
      calldata: proposal.calldata,
      receipt: { blockNumber: receipt.blockNumber, logs: receipt.logs },
    });
    if (inputs.root)
      historyFile = appendUpgradeHistory(inputs.root, {
        kind: 'executed',
        at: new Date().toISOString(),
        chainId: conn.chainId,
        diamond: getAddress(inputs.diamond),
        proposalId: id.toString(),
        txHash: receipt.hash,
        blockNumber: receipt.blockNumber,
        calldataHash: proposal.calldataHash,
        fastTracked: action.kind === 'fast-track',
        loupeAfter: verification.loupeAfter,
        verified: verification.verified,
        differences: verification.differences,
      });
  }
  return {
    proposalId: id.toString(),
    action: action.kind,
    txHash: receipt.hash,
    advancedSeconds,
    proposal,
    verification,
    historyFile,
  };
}
