/**
 * A Proposals view action without `vscode`: connect → the transaction gate (its words are the action's,
 * upgrade-govern.ts governActionWords) → governUpgrade. A refusal of the gate comes back as a value (nothing sent);
 * the workflow's GovernanceError / AdvanceRefusedError are thrown.
 */
import type { InterfaceAbi } from 'ethers';
import { connect } from '../../../chain/src/connect';
import { withTxGate, type Confirmation, type KeySource, type TxRefusal } from '../../../chain/src/tx-gate';
import {
  governActionWords,
  governUpgrade,
  type GovernAction,
  type GovernResult,
} from '../../../chain/src/workflows/upgrade-govern';
import type { WorkflowOptions } from '../../../chain/src/workflows/workflow';
import type { ProposalAction } from './model';

export interface EditorGovernInputs {
  rpcUrl: string;
  diamond: string;
  id: string;
  action: GovernAction;
  key: KeySource;
  confirmation: Confirmation;
  /** On a local dev node: the unlocked account that signs (the voter picked); default the gate's first. */
  devAccount?: string;
  root?: string;
  abis?: readonly InterfaceAbi[];
  txTimeoutMs?: number;
  inProgress<T>(run: (options: WorkflowOptions) => Promise<T>): PromiseLike<T>;
}

export type EditorGovernOutcome =
  { kind: 'done'; result: GovernResult } | { kind: 'refused'; refusal: TxRefusal };

/** The workflow's action for a menu entry of the view. */
export function governActionOf(action: ProposalAction, support?: boolean): GovernAction {
  switch (action) {
    case 'vote':
      return { kind: 'vote', support: support ?? true };
    case 'execute':
      return { kind: 'execute' };
    case 'advance':
      return { kind: 'execute', advance: true };
    case 'cancel':
      return { kind: 'cancel' };
    case 'fastTrack':
      return { kind: 'fast-track' };
    case 'review':
      return { kind: 'mark-reviewed' };
  }
}

export async function governFromEditor(inputs: EditorGovernInputs): Promise<EditorGovernOutcome> {
  const connection = await connect(inputs.rpcUrl, { timeoutMs: 5000 });
  const gated = await withTxGate(
    connection,
    {
      action: governActionWords(inputs.action),
      key: inputs.key,
      confirmation: inputs.confirmation,
      devAccount: inputs.devAccount,
    },
    (signer) =>
      Promise.resolve(
        inputs.inProgress((options) =>
          governUpgrade(
            {
              connection,
              signer,
              diamond: inputs.diamond,
              id: BigInt(inputs.id),
              action: inputs.action,
              root: inputs.root,
              abis: inputs.abis,
              txTimeoutMs: inputs.txTimeoutMs,
            },
            options,
          ),
        ),
      ),
  );
  return gated.ok ? { kind: 'done', result: gated.value } : { kind: 'refused', refusal: gated.refusal };
}

/** The notification after an action. */
export function governOutcomeMessage(result: GovernResult): { level: 'error' | 'info'; message: string } {
  const advanced = result.advancedSeconds ? ` (clock advanced ${result.advancedSeconds} s)` : '';
  const base = `Proposal #${result.proposalId}: ${result.action} sent${advanced}, tx ${result.txHash}; now ${result.proposal.state}.`;
  if (result.verification && !result.verification.verified)
    return {
      level: 'error',
      message: `${base} Verification FAILED: ${result.verification.differences.join('; ')}`,
    };
  if (result.verification)
    return { level: 'info', message: `${base} Verified: the loupe and the DiamondCut event match the cut.` };
  return { level: 'info', message: base };
}
