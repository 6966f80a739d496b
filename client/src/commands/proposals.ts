/**
 * The Proposals view's commands: refresh, open a proposal's specification, and the actions on a proposal
 * (vote for / against, execute, cancel, advance time and execute on a local node, the guardian's fast-track
 * behind a second confirmation naming its consequence, mark reviewed). A vote on a local node with several token
 * holders among its accounts first asks which one votes (proposals/voters.ts). Each goes through the transaction gate
 * (../proposals/govern.ts) and the view is re-read after it, whatever the outcome.
 */
import * as vscode from 'vscode';
import { connect } from '../../../chain/src/connect';
import { devAccountVotes, governActionWords } from '../../../chain/src/workflows/upgrade-govern';
import { modalConfirmation } from '../chain-safety';
import type { Ctx } from '../ctx';
import { governActionOf, governFromEditor, governOutcomeMessage } from '../proposals/govern';
import {
  fastTrackConfirmation,
  isProposalNode,
  type ProposalAction,
  type ProposalNode,
} from '../proposals/model';
import { proposalsViewOf, type ProposalsTarget } from '../proposals/view';
import { voterChoices } from '../proposals/voters';
import { recordRoots, upgradeHistoryRoot } from '../project-root';
import { deployerKey } from './keys';
import { cancellable, loggedProgress } from './plan-upgrade';

export const refreshProposals = (ctx: Ctx) => async (): Promise<void> => {
  await proposalsViewOf(ctx)?.refresh();
};

export const openProposalSpecification =
  (_ctx: Ctx) =>
  async (arg?: unknown): Promise<void> => {
    if (!isProposalNode(arg)) return;
    const doc = await vscode.workspace.openTextDocument({
      language: 'markdown',
      content: arg.proposal.description,
    });
    await vscode.window.showTextDocument(doc, { preview: true });
  };

/** The project folder whose upgrade history knows this diamond (execute appends there), else the first. */
function historyRoot(target: ProposalsTarget): string | undefined {
  return upgradeHistoryRoot(target.chainId, target.diamond) ?? recordRoots()[0];
}

async function confirmFastTrack(node: ProposalNode, chainId: number): Promise<boolean> {
  const c = fastTrackConfirmation(node.proposal, chainId);
  const picked = await vscode.window.showWarningMessage(
    c.question,
    { modal: true, detail: c.detail },
    c.confirmLabel,
  );
  return picked === c.confirmLabel;
}

/**
 * On a local dev node with several token holders among its accounts: the voter the user picks (null: the pick was
 * dismissed, nothing is sent). Otherwise undefined: the gate's default account votes.
 */
async function pickVoter(
  target: ProposalsTarget,
  node: ProposalNode,
  title: string,
): Promise<string | undefined | null> {
  if (!target.localNode) return undefined;
  const conn = await connect(target.rpcUrl, { timeoutMs: 5000 });
  const holders = await devAccountVotes(conn, target.diamond, BigInt(node.id));
  const [first] = await conn.client.request<string[]>('eth_accounts', []);
  const choices = voterChoices(holders, first);
  if (!choices) return undefined;
  const picked = await vscode.window.showQuickPick(choices, {
    title: `Diamond: ${title} #${node.id}`,
    placeHolder: 'Which account votes? (the local node’s accounts holding votes at the proposal’s snapshot)',
  });
  return picked ? picked.address : null;
}

const governCommand =
  (action: ProposalAction, support?: boolean) =>
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<void> => {
    const view = proposalsViewOf(ctx);
    const target = view?.target;
    if (!view || !target || !isProposalNode(arg)) {
      ctx.log.warn(`Proposals: ${action} without a proposal of a connected DAO; nothing was sent`);
      void vscode.window.showWarningMessage(
        'Pick a proposal in the Proposals view (connect the Facet Explorer to a diamond its ProtocolDAO owns).',
      );
      return;
    }
    const governAction = governActionOf(action, support);
    const words = governActionWords(governAction);
    if (action === 'fastTrack' && !(await confirmFastTrack(arg, target.chainId))) {
      ctx.log.info(`Proposals: fast-track of #${arg.id} not confirmed; nothing was sent`);
      return;
    }
    const face = { name: 'Proposals', title: `Diamond: ${words.title} #${arg.id}` };
    try {
      const devAccount = action === 'vote' ? await pickVoter(target, arg, words.title) : undefined;
      if (devAccount === null) {
        ctx.log.info(`Proposals: no voter picked for #${arg.id}; nothing was sent`);
        return;
      }
      const outcome = await governFromEditor({
        rpcUrl: target.rpcUrl,
        diamond: target.diamond,
        id: arg.id,
        action: governAction,
        key: deployerKey(ctx),
        confirmation: modalConfirmation,
        devAccount,
        root: historyRoot(target),
        abis: ctx.builds.all().map((a) => a.abi as never),
        txTimeoutMs: ctx.settings().txTimeoutSeconds * 1000,
        inProgress: (run) =>
          cancellable(face, (progress, signal) =>
            run({ signal, onProgress: loggedProgress(ctx, face, progress) }),
          ),
      });
      if (outcome.kind === 'refused') {
        ctx.log.warn(`Proposals: ${outcome.refusal.message}`);
        void vscode.window.showWarningMessage(outcome.refusal.message);
        return;
      }
      const said = governOutcomeMessage(outcome.result);
      ctx.log.info(`Proposals: ${said.message}`);
      const show =
        said.level === 'error' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
      void show(said.message);
      if (outcome.result.verification) await ctx.explorer.refresh(false);
    } finally {
      await view.refresh();
    }
  };

export const voteFor = governCommand('vote', true);
export const voteAgainst = governCommand('vote', false);
export const executeProposal = governCommand('execute');
export const advanceAndExecute = governCommand('advance');
export const cancelProposal = governCommand('cancel');
export const fastTrackProposal = governCommand('fastTrack');
export const markProposalReviewed = governCommand('review');
