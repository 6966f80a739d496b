/**
 * Diamond: Deploy DLOOP Diamond — renders deployFromEditor (../deployments.ts): the transaction gate's
 * questions and refusals, the workflow's progress, its errors, then shows the diamond in the Facet Explorer.
 * What is deployed, who signs and what is recorded are the chain module's (workflows/deploy-dloop.ts,
 * tx-gate.ts).
 */
import * as vscode from 'vscode';
import { compileInWorker } from '../../../chain/src/compile-in-worker';
import { hasErrors } from '../../../chain/src/compile-types';
import type { DeploymentRecord } from '../../../chain/src/deployment-record';
import { RpcProtocolError } from '../../../chain/src/connect';
import { RpcUnreachableError } from '../../../chain/src/rpc';
import { TransactionTimeoutError } from '../../../chain/src/journal';
import { CompileFailedError, DeployInterruptedError } from '../../../chain/src/workflows/deploy-dloop';
import { modalConfirmation } from '../chain-safety';
import type { Ctx } from '../ctx';
import { deployFromEditor, type EditorDeployOutcome } from '../deployments';
import { actionsFor } from '../explorer/model';
import { dloopRoots } from '../project-root';
import { publishBuild } from './build';
import { deployerKey } from './keys';
import { redactUrl } from '../../../chain/src/redact';

async function offer(message: string, actions: { title: string; command: string }[]): Promise<void> {
  const picked = await vscode.window.showErrorMessage(message, ...actions.map((a) => a.title));
  const action = actions.find((a) => a.title === picked);
  if (action) await vscode.commands.executeCommand(action.command);
}

/** A deploy that stopped after sending: say what exists (the error's words) and offer the journal. */
async function offerJournal(message: string, journalFile: string | undefined): Promise<void> {
  const open = 'Open Journal';
  const picked = await vscode.window.showErrorMessage(
    `Deploy stopped: ${message}`,
    ...(journalFile ? [open] : []),
  );
  if (picked === open && journalFile)
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(journalFile));
}

async function pickDloopRoot(): Promise<string | undefined> {
  const roots = dloopRoots();
  if (roots.length <= 1) return roots[0];
  return vscode.window.showQuickPick(roots, { title: 'Deploy which DLOOP project?' });
}

export const deployDiamond = (ctx: Ctx) => async (): Promise<DeploymentRecord | undefined> => {
  const root = await pickDloopRoot();
  if (!root) {
    await offer('Deploy DLOOP Diamond needs the DLOOP sources (contracts/Diamond.sol) in the workspace.', [
      { title: 'Open DLOOP Sample', command: 'diamond.openSample' },
    ]);
    return undefined;
  }
  const rpcUrl = ctx.rpcUrl();
  const started = Date.now();
  let outcome: EditorDeployOutcome;
  try {
    outcome = await deployFromEditor({
      rpcUrl,
      root,
      key: deployerKey(ctx),
      confirmation: modalConfirmation,
      txTimeoutMs: ctx.settings().txTimeoutSeconds * 1000,
      compile: async (opts) => {
        const result = await compileInWorker(opts);
        if (!hasErrors(result)) ctx.builds.set(opts.root, result);
        return result;
      },
      inProgress: (run) =>
        vscode.window.withProgress(
          // Not cancellable: stopping half-way would leave a half-deployed diamond.
          { location: vscode.ProgressLocation.Notification, title: 'Diamond: deploying the DLOOP diamond' },
          (progress) =>
            run({
              onProgress: (p) => {
                ctx.log.info(`deploy: ${p.message}`);
                progress.report(p);
              },
            }),
        ),
    });
  } catch (err) {
    if (err instanceof RpcUnreachableError) {
      ctx.log.error(`deploy: ${redactUrl(rpcUrl)} does not answer`, err);
      await offer(`RPC ${redactUrl(rpcUrl)} does not answer (${err.reason}).`, actionsFor('rpc-down'));
      return undefined;
    }
    if (err instanceof RpcProtocolError) {
      ctx.log.error(`deploy: ${err.message}`);
      await offer(`${err.message}. Nothing was sent.`, actionsFor('rpc-down'));
      return undefined;
    }
    if (err instanceof DeployInterruptedError || err instanceof TransactionTimeoutError) {
      ctx.log.error(`deploy: ${err.message}`);
      await offerJournal(err.message, err.journalFile);
      return undefined;
    }
    if (!(err instanceof CompileFailedError)) throw err;
    publishBuild(ctx, `${root}/contracts`, err.result);
    await offer(`Deploy stopped: ${err.message}`, [
      { title: 'Show Problems', command: 'workbench.actions.view.problems' },
    ]);
    return undefined;
  }
  if (outcome.kind === 'refused') {
    ctx.log.warn(`deploy: ${outcome.refusal.message}`);
    // Not confirmed: the user just said no in the modal; nothing more to say.
    if (outcome.refusal.kind !== 'not-confirmed') {
      await offer(outcome.refusal.message, [
        { title: 'Set Deployer Key', command: 'diamond.setDeployerKey' },
      ]);
    }
    return undefined;
  }
  const { record, namespacesProblem, supersededRecord } = outcome.result;
  if (namespacesProblem) ctx.log.warn(`deploy: the record has no namespaces: ${namespacesProblem}`);
  if (supersededRecord) {
    ctx.log.warn(
      `deploy: chain ${record.chainId} already had a record of ${record.diamond}; the previous one is kept as ${supersededRecord}`,
    );
  }
  ctx.log.info(`deploy: diamond ${record.diamond} on chain ${record.chainId} in ${Date.now() - started} ms`);
  await ctx.explorer.connect({ address: record.diamond, rpcUrl });
  const show = 'Show in Facet Explorer';
  void vscode.window
    .showInformationMessage(
      `Deployed the DLOOP diamond at ${record.diamond} on chain ${record.chainId}.`,
      show,
    )
    .then((picked) => picked === show && vscode.commands.executeCommand('diamond.showExplorer'));
  return record;
};
