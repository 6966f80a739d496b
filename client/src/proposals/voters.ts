/**
 * Who votes, without `vscode` (commands/proposals.ts asks): on a local dev node with several unlocked accounts
 * holding votes at the proposal's snapshot, the user picks one (each row names its voting power); with one
 * holder or none there is no question and the transaction gate's default (the first account) votes.
 */
import type { Holder } from '../../../chain/src/dloop/protocol-dao';

export interface VoterChoice {
  label: string;
  description: string;
  address: string;
}

/** The QuickPick rows, largest holder first; undefined when there is nothing to choose. */
export function voterChoices(holders: readonly Holder[], first?: string): VoterChoice[] | undefined {
  if (holders.length <= 1) return undefined;
  return holders.map((h) => ({
    label: h.address,
    description: [
      `${h.votes} votes at the snapshot`,
      ...(first && h.address.toLowerCase() === first.toLowerCase() ? ['the first dev account'] : []),
    ].join(' · '),
    address: h.address,
  }));
}
