/**
 * The ProtocolDAO as a proposer, voter, executor and guardian drive it on a real chain (not a simulation): read
 * every proposal with its state, and send propose/castVote/execute/cancel/fastTrack/markReviewed from a signer the
 * transaction gate granted. Every send is checked with eth_call from the signer first; a revert is decoded
 * (dao-errors.ts) and thrown as a GovernanceError with nothing sent.
 */
import {
  getAddress,
  Interface,
  keccak256,
  toUtf8Bytes,
  type InterfaceAbi,
  type TransactionReceipt,
} from 'ethers';
import type { ChainConnection } from '../connect';
import { journaledSteps, type Journal } from '../journal';
import { RpcError } from '../rpc';
import { AbiDecoder } from '../simulation/abi-decoder';
import { revertDataOf } from '../simulation/dev-chain';
import type { GrantedSigner } from '../tx-gate';
import { GovernanceError } from './dao-errors';
import { PAST_VOTES_TOKEN_ABI, PROTOCOL_DAO_ABI } from './protocol-dao';

export const dao = new Interface(PROTOCOL_DAO_ABI);

/** ProtocolDAO.ProposalState, in the contract's order. */
export const PROPOSAL_STATES = ['Active', 'Defeated', 'Queued', 'Ready', 'Executed', 'Canceled'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export interface DaoProposal {
  id: string;
  state: ProposalState;
  proposer: string;
  snapshotBlock: number;
  voteEnd: number;
  eta: number;
  executed: boolean;
  canceled: boolean;
  fastTracked: boolean;
  needsReview: boolean;
  quorumVotes: string;
  forVotes: string;
  againstVotes: string;
  calldata: string;
  calldataHash: string;
  description: string;
  descriptionHash: string;
}

async function call(conn: ChainConnection, to: string, data: string, from?: string): Promise<string> {
  return conn.client.request<string>('eth_call', [{ to, data, ...(from ? { from } : {}) }, 'latest']);
}

export async function proposalCount(conn: ChainConnection, daoAddress: string): Promise<number> {
  const r = await call(conn, daoAddress, dao.encodeFunctionData('proposalCount'));
  return Number(dao.decodeFunctionResult('proposalCount', r)[0]);
}

export async function readDaoProposal(
  conn: ChainConnection,
  daoAddress: string,
  id: bigint | number,
): Promise<DaoProposal> {
  let p;
  let state;
  try {
    p = dao.decodeFunctionResult(
      'getProposal',
      await call(conn, daoAddress, dao.encodeFunctionData('getProposal', [id])),
    )[0];
    state = dao.decodeFunctionResult(
      'state',
      await call(conn, daoAddress, dao.encodeFunctionData('state', [id])),
    )[0];
  } catch (err) {
    throw refusal(`read proposal ${id}`, err, decoder()) ?? err;
  }
  return {
    id: String(id),
    state: PROPOSAL_STATES[Number(state)],
    proposer: getAddress(p.proposer),
    snapshotBlock: Number(p.snapshotBlock),
    voteEnd: Number(p.voteEnd),
    eta: Number(p.eta),
    executed: p.executed,
    canceled: p.canceled,
    fastTracked: p.fastTracked,
    needsReview: p.needsReview,
    quorumVotes: p.quorumVotes.toString(),
    forVotes: p.forVotes.toString(),
    againstVotes: p.againstVotes.toString(),
    calldata: p.diamondCalldata,
    calldataHash: keccak256(p.diamondCalldata),
    description: p.description,
    descriptionHash: keccak256(toUtf8Bytes(p.description)),
  };
}

/** Every proposal (ids 1..proposalCount), or the one asked for. */
export async function readDaoProposals(
  conn: ChainConnection,
  daoAddress: string,
  id?: bigint | number,
): Promise<DaoProposal[]> {
  if (id !== undefined) return [await readDaoProposal(conn, daoAddress, id)];
  const n = await proposalCount(conn, daoAddress);
  const out: DaoProposal[] = [];
  for (let i = 1; i <= n; i++) out.push(await readDaoProposal(conn, daoAddress, i));
  return out;
}

export async function guardianOf(conn: ChainConnection, daoAddress: string): Promise<string> {
  const r = await call(conn, daoAddress, dao.encodeFunctionData('guardian'));
  return getAddress(dao.decodeFunctionResult('guardian', r)[0] as string);
}

const decoder = (abis: readonly InterfaceAbi[] = []) =>
  new AbiDecoder([PROTOCOL_DAO_ABI, PAST_VOTES_TOKEN_ABI, ...abis]);

/** A node's revert as a GovernanceError; undefined when `err` is not a revert. */
function refusal(action: string, err: unknown, d: AbiDecoder): GovernanceError | undefined {
  if (!(err instanceof RpcError)) return undefined;
  const data = revertDataOf(err);
  if (data === null) return undefined;
  return new GovernanceError(action, d.decodeError(data));
}

export interface DaoSendOptions {
  journal?: Journal;
  onProgress?: (message: string) => void;
  txTimeoutMs?: number;
  /** ABIs to decode a revert the diamond bubbles up through execute (the project's artifacts). */
  abis?: readonly InterfaceAbi[];
}

/**
 * Checks `data` to the DAO with eth_call from the signer (a revert: GovernanceError, nothing sent), then sends it
 * and waits for the receipt.
 */
export async function sendToDao(
  conn: ChainConnection,
  signer: GrantedSigner,
  daoAddress: string,
  action: string,
  data: string,
  opts: DaoSendOptions = {},
): Promise<TransactionReceipt> {
  try {
    await call(conn, daoAddress, data, signer.address);
  } catch (err) {
    throw refusal(action, err, decoder(opts.abis)) ?? err;
  }
  const steps = journaledSteps({
    signer: signer.signer,
    journal: opts.journal,
    onProgress: opts.onProgress,
    timeoutMs: opts.txTimeoutMs,
  });
  const step = action.charAt(0).toUpperCase() + action.slice(1);
  return steps.send(step, 'ProtocolDAO', { to: daoAddress, data });
}

/** The id a propose transaction created (its ProposalCreated log). */
export function proposalIdOf(receipt: TransactionReceipt, daoAddress: string): bigint | null {
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== daoAddress.toLowerCase()) continue;
    const parsed = dao.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed?.name === 'ProposalCreated') return parsed.args.id as bigint;
  }
  return null;
}
