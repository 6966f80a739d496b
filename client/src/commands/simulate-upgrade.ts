/**
 * Diamond: Simulate Upgrade — Plan Upgrade's questions and plan (planInEditor, or the plan its notification's
 * "Simulate Upgrade" button hands over), then simulateFromEditor (../upgrade-simulate.ts) in a cancellable
 * progress notification that names each step (deploy, propose, vote, advance time, execute, loupe, revert,
 * restore check). A plan with errors is refused before anything is sent. The report (the document
 * `diamond upgrade simulate --report` writes) goes to `.diamond/simulations/` and opens as a Markdown preview;
 * the verdict is a notification. Cancelling reverts the chain to the snapshot (the workflow checks it). A chain
 * that is not a local dev node: a QuickPick offers a fork of it (`diamond node --fork URL`, a child process of
 * its own, stopped afterwards); the report says which chain and block it forked.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compileInWorker } from '../../../chain/src/compile-in-worker';
import { redactUrl } from '../../../chain/src/redact';
import { RpcUnreachableError } from '../../../chain/src/rpc';
import { planIsValid } from '../../../chain/src/upgrade-plan-types';
import { simulationMarkdown } from '../../../chain/src/upgrade-simulation-report';
import {
  PlanNotSimulatableError,
  PredictedAddressMismatchError,
  RestoreMismatchError,
  type SimulationResult,
} from '../../../chain/src/workflows/upgrade-simulate';
import { WorkflowAbortedError } from '../../../chain/src/workflows/workflow';
import type { Ctx } from '../ctx';
import {
  simulateFromEditor,
  simulationReportFile,
  simulationVerdict,
  type EditorSimulateOutcome,
} from '../upgrade-simulate';
import {
  cancellable,
  isAbort,
  isPlanArgument,
  loggedProgress,
  offer,
  offerRpcDown,
  openMarkdown,
  planInEditor,
  type EditorPlan,
  type UpgradeFace,
} from './plan-upgrade';

export const SIMULATE_FACE: UpgradeFace = { name: 'Simulate Upgrade', title: 'Diamond: Simulate Upgrade' };

const SHOW_PROBLEMS = { title: 'Show Problems', command: 'workbench.actions.view.problems' };
const SIMULATE_AGAIN = { title: 'Simulate Again', command: 'diamond.simulateUpgrade' };

/**
 * Plan → simulation in a cancellable progress notification, as Simulate and Propose Upgrade both run it: the
 * compile in the worker, and on a chain that is not a local dev node the QuickPick that offers a fork of it (the
 * fork is `diamond node --fork URL` in a child process, stopped afterwards).
 */
export function simulateInEditor(
  ctx: Ctx,
  face: UpgradeFace,
  { plan, compiled }: Pick<EditorPlan, 'plan' | 'compiled'>,
): Thenable<EditorSimulateOutcome> {
  return cancellable(face, (progress, signal) =>
    simulateFromEditor(
      {
        plan,
        artifacts: compiled.contracts,
        compile: (opts) => compileInWorker({ ...opts, signal }),
        chooseFork: async (choice) => {
          const picked = await vscode.window.showQuickPick(
            [
              { label: choice.label, detail: choice.detail, fork: true },
              { label: 'Cancel', fork: false },
            ],
            { title: face.title, placeHolder: `Chain ${choice.chainId} is not a local dev node` },
          );
          return picked?.fork === true;
        },
        startFork: async (url, forkSignal) => {
          const controller = ctx.node.forkOf(url, redactUrl(url));
          const node = await controller.start(0, forkSignal);
          return { url: node.url, stop: () => controller.stop() };
        },
      },
      { signal, onProgress: loggedProgress(ctx, face, progress) },
    ),
  );
}

export const simulateUpgrade = (ctx: Ctx) => {
  return async (arg?: unknown): Promise<SimulationResult | undefined> => {
    const made = isPlanArgument(arg) ? arg : await planInEditor(ctx, SIMULATE_FACE);
    if (!made) return undefined;
    const { plan, root, reportFile: planReport } = made;
    const openPlan = {
      title: 'Open Plan Report',
      command: 'markdown.showPreview',
      arguments: [vscode.Uri.file(planReport)],
    };

    let outcome: EditorSimulateOutcome;
    try {
      outcome = await simulateInEditor(ctx, SIMULATE_FACE, made);
    } catch (err) {
      if (err instanceof WorkflowAbortedError || isAbort(err)) {
        const message =
          err instanceof WorkflowAbortedError ? err.message : 'Simulation cancelled; nothing was sent';
        ctx.log.info(`${SIMULATE_FACE.name}: ${message}`);
        void vscode.window.showInformationMessage(`${message}.`);
        return undefined;
      }
      if (err instanceof RpcUnreachableError) {
        await offerRpcDown(ctx, SIMULATE_FACE, plan.rpcUrl, err);
        return undefined;
      }
      if (err instanceof PredictedAddressMismatchError || err instanceof PlanNotSimulatableError) {
        ctx.log.warn(`${SIMULATE_FACE.name}: ${err.message}`);
        await offer(vscode.window.showErrorMessage, `${SIMULATE_FACE.name}: ${err.message}`, [
          SIMULATE_AGAIN,
        ]);
        return undefined;
      }
      if (err instanceof RestoreMismatchError) {
        ctx.log.error(`${SIMULATE_FACE.name}: the chain is not as it was`, err);
        await offer(
          vscode.window.showErrorMessage,
          `${SIMULATE_FACE.name}: after the revert the chain is not as it was (${err.mismatches[0]}). Details in the output.`,
          [{ title: 'Show Output', command: 'diamond.showOutput' }],
        );
        return undefined;
      }
      throw err;
    }
    if (outcome.kind === 'refused') {
      ctx.log.warn(`${SIMULATE_FACE.name}: ${outcome.message}`);
      await offer(
        vscode.window.showErrorMessage,
        outcome.message,
        planIsValid(plan) ? [] : [SHOW_PROBLEMS, openPlan],
      );
      return undefined;
    }
    const { result, layoutProblems } = outcome;
    for (const p of layoutProblems) ctx.log.warn(`${SIMULATE_FACE.name}: ${p}`);

    const file = simulationReportFile(root, plan);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, simulationMarkdown(result, plan));
    // Beside it, for tools: the SimulationResult (the fields `diamond upgrade simulate --json` adds to the plan's).
    // The RPC URL redacted: a fork's remote URL may carry an API key, which never goes into a file.
    const json = { ...result, rpcUrl: redactUrl(result.rpcUrl) };
    writeFileSync(file.replace(/\.md$/, '.json'), `${JSON.stringify(json, null, 2)}\n`);
    const openReport = () => openMarkdown(file);
    await openReport();

    const verdict = simulationVerdict(result);
    ctx.log.info(`${SIMULATE_FACE.name}: ${verdict.message} (${result.totalMs} ms); report ${file}`);
    const show =
      verdict.level === 'error' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(verdict.message, 'Open Report', 'Open Plan Report')).then((picked) => {
      if (picked === 'Open Report') return openReport();
      if (picked === 'Open Plan Report') return openMarkdown(planReport);
      return undefined;
    });
    return result;
  };
};
