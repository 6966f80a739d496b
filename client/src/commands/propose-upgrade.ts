/**
 * Diamond: Propose Upgrade — Plan Upgrade's questions and plan (planInEditor, or a plan handed over), the
 * simulation (Simulate Upgrade's: on the local node, or on a fork of any other chain), then the proposal in a modal (what changes, the verdict,
 * the calldata and its hash, ../upgrade-propose.ts) and, once confirmed, proposeUpgrade through the transaction
 * gate in a progress notification. A plan with errors or a failed simulation is refused with nothing sent.
 * The specification (the proposal's description) is written to `.diamond/proposals/` and opened; the Proposals
 * view is re-read.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RpcUnreachableError } from '../../../chain/src/rpc';
import { NotProposableError } from '../../../chain/src/workflows/upgrade-propose';
import type { RollbackPlan } from '../../../chain/src/workflows/upgrade-rollback';
import { WorkflowAbortedError } from '../../../chain/src/workflows/workflow';
import { modalConfirmation } from '../chain-safety';
import type { Ctx } from '../ctx';
import { proposalsViewOf } from '../proposals/view';
import { proposalConfirmation, proposeFromEditor, specificationFile } from '../upgrade-propose';
import { deployerKey } from './keys';
import { simulateInEditor } from './simulate-upgrade';
import {
  cancellable,
  isAbort,
  isPlanArgument,
  loggedProgress,
  offerRpcDown,
  openMarkdown,
  planInEditor,
  type UpgradeFace,
} from './plan-upgrade';

export const PROPOSE_FACE: UpgradeFace = { name: 'Propose Upgrade', title: 'Diamond: Propose Upgrade' };

export const proposeUpgrade = (ctx: Ctx) => {
  return async (arg?: unknown): Promise<string | undefined> => {
    const made = isPlanArgument(arg) ? arg : await planInEditor(ctx, PROPOSE_FACE);
    if (!made) return undefined;
    const { plan, root, compiled } = made;
    try {
      // A chain that is not a local dev node is simulated on a fork of it; the proposal then goes through
      // the transaction gate: the key from secret storage and the modal naming the chain.
      const simulated = await simulateInEditor(ctx, PROPOSE_FACE, made);
      if (simulated.kind === 'refused') {
        const message = simulated.message.replace(/^Simulate Upgrade refused/, 'Propose Upgrade refused');
        ctx.log.warn(`${PROPOSE_FACE.name}: ${message}`);
        void vscode.window.showErrorMessage(message);
        return undefined;
      }
      const simulation = simulated.result;
      if (simulation.ok) {
        const c = proposalConfirmation(plan, simulation);
        const picked = await vscode.window.showWarningMessage(
          c.question,
          { modal: true, detail: c.detail },
          c.confirmLabel,
        );
        if (picked !== c.confirmLabel) {
          ctx.log.info(`${PROPOSE_FACE.name}: not confirmed; nothing was sent`);
          return undefined;
        }
      }
      const outcome = await proposeFromEditor({
        plan,
        simulation,
        artifacts: compiled.contracts,
        root,
        key: deployerKey(ctx),
        confirmation: modalConfirmation,
        txTimeoutMs: ctx.settings().txTimeoutSeconds * 1000,
        rollbackOf: 'rollbackOf' in plan ? (plan as RollbackPlan).rollbackOf.n : undefined,
        inProgress: (run) =>
          cancellable(PROPOSE_FACE, (progress, signal) =>
            run({ signal, onProgress: loggedProgress(ctx, PROPOSE_FACE, progress) }),
          ),
      });
      if (outcome.kind === 'refused') {
        ctx.log.warn(`${PROPOSE_FACE.name}: ${outcome.message}`);
        void vscode.window.showErrorMessage(outcome.message);
        return undefined;
      }
      const { result } = outcome;
      const file = specificationFile(root, plan.chainId, result.dao, result.proposalId);
      mkdirSync(path.dirname(file), { recursive: true });
      // A proposal id is never reused by its DAO: an existing file is the same specification, kept as it is.
      try {
        writeFileSync(file, result.description, { flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      await openMarkdown(file);
      const message =
        `Proposal #${result.proposalId} created (tx ${result.txHash}); calldata hash ${result.calldataHash}, ` +
        `specification hash ${result.descriptionHash}.`;
      ctx.log.info(`${PROPOSE_FACE.name}: ${message} History: ${result.historyFile}`);
      void vscode.window.showInformationMessage(message);
      await proposalsViewOf(ctx)?.refresh();
      return result.proposalId;
    } catch (err) {
      if (err instanceof WorkflowAbortedError || isAbort(err)) {
        const message = err instanceof WorkflowAbortedError ? err.message : 'Cancelled; nothing was sent';
        ctx.log.info(`${PROPOSE_FACE.name}: ${message}`);
        void vscode.window.showInformationMessage(`${message}.`);
        return undefined;
      }
      if (err instanceof RpcUnreachableError) {
        await offerRpcDown(ctx, PROPOSE_FACE, plan.rpcUrl, err);
        return undefined;
      }
      if (err instanceof NotProposableError) {
        ctx.log.warn(`${PROPOSE_FACE.name}: ${err.message}`);
        void vscode.window.showErrorMessage(`${PROPOSE_FACE.name}: ${err.message}`);
        return undefined;
      }
      throw err;
    }
  };
};
