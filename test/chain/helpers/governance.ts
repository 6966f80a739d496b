/** Driving ProtocolDAO proposals through their lifecycle on the test chain. */
import { ZeroAddress, type Contract, type ContractTransactionReceipt, type Signer } from 'ethers';
import type { FacetCut } from '../../../chain/src/cut';
import type { DloopFixture } from './dloop-fixture';

export interface CutProposal {
  cut: FacetCut[];
  init?: string;
  initCalldata?: string;
  description?: string;
}

export async function mined(
  tx: Promise<{ wait(): Promise<ContractTransactionReceipt | null> }>,
): Promise<ContractTransactionReceipt> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error('transaction without receipt');
  return receipt;
}

/** Names of the events a contract emitted in a receipt, in order. */
export function eventNames(contract: Contract, receipt: ContractTransactionReceipt): string[] {
  const names: string[] = [];
  for (const log of receipt.logs) {
    const parsed = contract.interface.parseLog(log);
    if (parsed) names.push(parsed.name);
  }
  return names;
}

/** Proposes a cut and returns the proposal id from the ProposalCreated event. */
export async function proposeCut(fx: DloopFixture, proposer: Signer, p: CutProposal): Promise<bigint> {
  const dao = fx.dao(proposer);
  const receipt = await mined(
    dao.propose(p.cut, p.init ?? ZeroAddress, p.initCalldata ?? '0x', p.description ?? 'test upgrade'),
  );
  return proposalIdFrom(dao, receipt);
}

/** Proposes an owner-only call on the diamond (`proposeCall`) and returns the proposal id. */
export async function proposeCall(
  fx: DloopFixture,
  proposer: Signer,
  calldata: string,
  description: string,
): Promise<bigint> {
  const dao = fx.dao(proposer);
  return proposalIdFrom(dao, await mined(dao.proposeCall(calldata, description)));
}

function proposalIdFrom(dao: Contract, receipt: ContractTransactionReceipt): bigint {
  for (const log of receipt.logs) {
    const parsed = dao.interface.parseLog(log);
    if (parsed?.name === 'ProposalCreated') return parsed.args.id as bigint;
  }
  throw new Error('no ProposalCreated event');
}

export async function vote(fx: DloopFixture, id: bigint, voter: Signer, support: boolean): Promise<void> {
  await mined(fx.dao(voter).castVote(id, support));
}

/** Moves the clock past the proposal's voting end (and, with `timelock`, past its eta). */
export async function passTime(fx: DloopFixture, id: bigint, until: 'voteEnd' | 'eta'): Promise<void> {
  const proposal = await fx.dao().getProposal(id);
  const target = Number(until === 'eta' ? proposal.eta : proposal.voteEnd) + 1;
  const now = await fx.chain.timestamp();
  if (target > now) await fx.chain.increaseTime(target - now);
}

/** The normal path: alice proposes, alice and bob (quorum) vote for, voting and timelock pass, bob executes. */
export async function enactCut(
  fx: DloopFixture,
  p: CutProposal,
): Promise<{ id: bigint; receipt: ContractTransactionReceipt }> {
  const id = await proposeCut(fx, fx.alice, p);
  await vote(fx, id, fx.alice, true);
  await vote(fx, id, fx.bob, true);
  await passTime(fx, id, 'eta');
  const receipt = await mined(fx.dao(fx.bob).execute(id));
  return { id, receipt };
}
