/**
 * The Proposals view's tree, without `vscode` (proposals/view.ts renders it): one node per ProtocolDAO proposal
 * of the connected diamond (upgradeStatus, chain/src/workflows/upgrade-govern.ts), newest first, with its state,
 * votes for/against against quorum, time left or eta, the fast-tracked / needs-review flags, and the actions
 * that apply in that state, as a contextValue the manifest's menus match (`/\.vote\b/` …).
 */
import type { DaoProposal } from '../../../chain/src/dloop/dao-governance';
import { formatVotes, type VotingToken } from '../../../chain/src/dloop/voting-token';
import type { StatusResult } from '../../../chain/src/workflows/upgrade-govern';

export type ProposalAction = 'vote' | 'execute' | 'cancel' | 'advance' | 'fastTrack' | 'review';

export interface ProposalNode {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  contextValue: string;
  actions: ProposalAction[];
  /** Detail lines shown as children. */
  details: string[];
  proposal: DaoProposal;
}

/** A command argument that is a proposal node (the view passes its nodes to the menu commands). */
export const isProposalNode = (arg: unknown): arg is ProposalNode =>
  typeof arg === 'object' && arg !== null && 'proposal' in arg && 'contextValue' in arg;

/** "2 d 3 h", "5 min", "40 s". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 86_400) return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min`;
  return `${s} s`;
}

/** The actions a proposal in this state offers (a DAO refusal of the rest is still decoded by the workflow). */
export function actionsFor(p: DaoProposal, localNode: boolean): ProposalAction[] {
  const actions: ProposalAction[] = [];
  switch (p.state) {
    case 'Active':
      actions.push('vote', 'cancel', 'fastTrack');
      if (localNode) actions.push('advance');
      break;
    case 'Queued':
      actions.push('cancel', 'fastTrack');
      if (localNode) actions.push('advance');
      break;
    case 'Ready':
      actions.push('execute', 'cancel', 'fastTrack');
      break;
    default:
      break;
  }
  if (p.needsReview) actions.push('review');
  return actions;
}

/** The first line of the specification (its title), without Markdown's '#'. */
const titleOf = (description: string) =>
  description
    .split('\n')
    .find((l) => l.trim())
    ?.replace(/^#+\s*/, '')
    .trim() ?? '';

function timing(p: DaoProposal, now: number): string {
  if (p.state === 'Active') return `vote ends in ${duration(p.voteEnd - now)}`;
  if (p.state === 'Queued') return `eta in ${duration(p.eta - now)}`;
  if (p.state === 'Ready') return 'timelock passed: ready to execute';
  return '';
}

export function proposalNode(
  p: DaoProposal,
  now: number,
  localNode: boolean,
  token: Pick<VotingToken, 'symbol' | 'decimals'> = {},
): ProposalNode {
  const flags = [p.fastTracked ? 'fast-tracked' : '', p.needsReview ? 'needs review' : ''].filter(Boolean);
  const v = (n: string) => formatVotes(n, token);
  const votes = `for ${v(p.forVotes)} / against ${v(p.againstVotes)} (quorum ${v(p.quorumVotes)})`;
  const when = timing(p, now);
  const actions = actionsFor(p, localNode);
  const title = titleOf(p.description);
  const details = [
    `State: ${p.state}${flags.length ? ` (${flags.join(', ')})` : ''}`,
    `Votes: ${votes}`,
    `Vote end: ${new Date(p.voteEnd * 1000).toISOString()}`,
    `Eta: ${p.eta ? new Date(p.eta * 1000).toISOString() : 'not queued'}`,
    ...(when ? [`Time: ${when}`] : []),
    `Proposer: ${p.proposer}`,
    `Calldata hash: ${p.calldataHash}`,
    `Specification hash: ${p.descriptionHash}`,
  ];
  return {
    id: p.id,
    label: `#${p.id} ${p.state}${flags.length ? ` · ${flags.join(' · ')}` : ''}`,
    description: [votes, when].filter(Boolean).join(' · '),
    tooltip: [title, ...details].filter(Boolean).join('\n'),
    contextValue: ['diamond.proposal', ...actions].join('.'),
    actions,
    details,
    proposal: p,
  };
}

/** The view's nodes for a status result, newest proposal first. */
export function proposalNodes(status: StatusResult, localNode: boolean): ProposalNode[] {
  return [...status.proposals]
    .sort((a, b) => Number(BigInt(b.id) - BigInt(a.id)))
    .map((p) => proposalNode(p, status.now, localNode, status.token));
}

/** The fast-track's second confirmation: it names what happens (the guardian's emergency path). */
export function fastTrackConfirmation(
  p: Pick<DaoProposal, 'id' | 'calldataHash'>,
  chainId: number,
): { question: string; detail: string; confirmLabel: string } {
  return {
    question: `Fast-track proposal #${p.id} on chain ${chainId}?`,
    detail:
      `The cut is executed now, skipping the vote and the timelock: token holders get no say before it ` +
      `changes the diamond. The proposal is then marked "needs review" until its own vote ratifies it. ` +
      `Calldata hash ${p.calldataHash}.`,
    confirmLabel: `Fast-Track #${p.id} Now`,
  };
}
