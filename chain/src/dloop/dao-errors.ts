/**
 * The ProtocolDAO's custom errors as the faces name them: a revert of castVote/execute/cancel/fastTrack/
 * markReviewed, decoded with the DAO's ABI (and the project's, for a diamond revert bubbled through execute),
 * becomes a GovernanceError whose `kind` says what went wrong in the user's words (a defeated vote, an early
 * execute, a second vote, an unauthorised fast-track, ...). Nothing was mined: the call was checked first.
 */
import { describeError, type DecodedError } from '../simulation/abi-decoder';

export type GovernanceErrorKind =
  | 'defeated'
  | 'quorum-not-met'
  | 'early-execute'
  | 'second-vote'
  | 'voting-closed'
  | 'no-voting-power'
  | 'unauthorised'
  | 'unknown-proposal'
  | 'canceled'
  | 'already-executed'
  | 'review-not-needed'
  | 'insufficient-votes'
  | 'reverted';

const KINDS: Record<string, GovernanceErrorKind> = {
  ProposalDefeated: 'defeated',
  QuorumNotMet: 'quorum-not-met',
  VotingNotEnded: 'early-execute',
  TimelockNotExpired: 'early-execute',
  AlreadyVoted: 'second-vote',
  VotingClosed: 'voting-closed',
  NoVotingPower: 'no-voting-power',
  NotGuardian: 'unauthorised',
  NotProposerOrGuardian: 'unauthorised',
  UnknownProposal: 'unknown-proposal',
  ProposalIsCanceled: 'canceled',
  ProposalAlreadyExecuted: 'already-executed',
  ReviewNotNeeded: 'review-not-needed',
  InsufficientVotingPower: 'insufficient-votes',
};

const when = (seconds: unknown) => {
  const n = Number(seconds);
  return Number.isFinite(n) ? new Date(n * 1000).toISOString() : String(seconds);
};

function sentence(action: string, e: DecodedError): string {
  const a = e.args ?? {};
  switch (e.name) {
    case 'ProposalDefeated':
      return `the vote defeated proposal ${a.id} (${a.forVotes} for, ${a.againstVotes} against)`;
    case 'QuorumNotMet':
      return `proposal ${a.id} did not reach quorum (${a.forVotes} for, ${a.quorumVotes} needed)`;
    case 'VotingNotEnded':
      return `too early: the vote on proposal ${a.id} is open until ${when(a.voteEnd)}`;
    case 'TimelockNotExpired':
      return `too early: proposal ${a.id} is timelocked until ${when(a.eta)}`;
    case 'AlreadyVoted':
      return `${a.voter} has already voted on proposal ${a.id}`;
    case 'VotingClosed':
      return `the vote on proposal ${a.id} closed at ${when(a.voteEnd)}`;
    case 'NoVotingPower':
      return `${a.voter} had no votes at proposal ${a.id}'s snapshot`;
    case 'NotGuardian':
      return `${a.caller} is not the guardian: only the guardian may ${action}`;
    case 'NotProposerOrGuardian':
      return `${a.caller} is neither the proposer nor the guardian: it may not ${action}`;
    case 'UnknownProposal':
      return `there is no proposal ${a.id}`;
    case 'ProposalIsCanceled':
      return `proposal ${a.id} was canceled`;
    case 'ProposalAlreadyExecuted':
      return `proposal ${a.id} was already executed`;
    case 'ReviewNotNeeded':
      return `proposal ${a.id} does not need review (it was not fast-tracked, or was reviewed)`;
    case 'InsufficientVotingPower':
      return `${a.account} has ${a.votes} votes, the threshold to propose is ${a.threshold}`;
    default:
      return `it reverted with ${describeError(e)}`;
  }
}

/** The DAO refused the call (checked with eth_call first: nothing was mined). */
export class GovernanceError extends Error {
  override readonly name = 'GovernanceError';
  readonly kind: GovernanceErrorKind;
  constructor(
    /** What was attempted, as the message says it ('execute proposal 3'). */
    readonly action: string,
    readonly error: DecodedError,
  ) {
    super('');
    this.kind = (error.name && KINDS[error.name]) || 'reverted';
    this.message = `Cannot ${action}: ${sentence(action, error)}. Nothing was sent.`;
  }
}
