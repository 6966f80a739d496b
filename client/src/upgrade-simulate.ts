/**
 * "Diamond: Simulate Upgrade" without `vscode` (commands/simulate-upgrade.ts renders): a plan that Plan Upgrade's
 * steps made (../upgrade-plan.ts) is refused when it has errors (nothing read, nothing sent); otherwise connect,
 * the project's storage namespaces with their struct layouts (solc in the worker), and the simulate workflow
 * (chain/src/workflows/upgrade-simulate.ts) on the local dev node; then where its report goes and the sentence of the notification. What is simulated, and the no-trace
 * check, are the workflow's.
 *
 * A chain that is not a local dev node is simulated on a fork of it when the user picks that (forkChoice, the
 * command's QuickPick): the fork is `diamond node --fork URL` in a child process (startFork), not the
 * workflow's embedded node, which in the extension host would run the EVM in its process and point its XDG
 * folders (the build cache's key among them) at the node's state folder. Declined: refused, nothing sent.
 */
import { join } from 'node:path';
import type { Artifact, CompileOptions, CompileResult } from '../../chain/src/compile-types';
import { connect, type ChainConnection } from '../../chain/src/connect';
import { redactUrl } from '../../chain/src/redact';
import { projectNamespaceLayouts } from '../../chain/src/simulation/namespace-layouts';
import { planIsValid, type UpgradePlan } from '../../chain/src/upgrade-plan-types';
import {
  SIMULATE_UPGRADE_ACTION,
  simulateUpgrade,
  type SimulationResult,
} from '../../chain/src/workflows/upgrade-simulate';
import { throwIfAborted, type WorkflowOptions } from '../../chain/src/workflows/workflow';
import { DIAMOND_DIR } from '../../host/src/project';

export interface EditorSimulateInputs {
  plan: UpgradePlan;
  /** The build the plan was made from: events and revert data are decoded with every contract's ABI. */
  artifacts: Artifact[];
  /** compileInWorker: the namespace layouts compile solc off the extension host's thread. */
  compile: (opts: CompileOptions) => Promise<CompileResult>;
  /** A chain that is not a local dev node: whether to simulate on a fork of it (false or absent: refused). */
  chooseFork?: (choice: ForkChoice) => Promise<boolean>;
  /** Starts a node forking `url` outside the extension host (a child process); stopped after the simulation. */
  startFork?: (url: string, signal?: AbortSignal) => Promise<ForkNode>;
}

export interface ForkNode {
  url: string;
  stop(): Promise<void>;
}

/** The question for a chain that is not a local dev node: simulate on a fork of it. */
export interface ForkChoice {
  chainId: number;
  /** The QuickPick item: `Simulate on a fork of chain 5 (https://rpc.example)`, the URL redacted. */
  label: string;
  detail: string;
}

/** The fork question for a connection, or undefined for a local dev node (simulated on the node itself). */
export function forkChoice(
  connection: Pick<ChainConnection, 'chainId' | 'url' | 'isLocalDevChain'>,
): ForkChoice | undefined {
  if (connection.isLocalDevChain) return undefined;
  return {
    chainId: connection.chainId,
    label: `Simulate on a fork of chain ${connection.chainId} (${redactUrl(connection.url)})`,
    detail:
      'A local Hardhat node forks its latest block; the upgrade runs there and is reverted. Nothing is sent to the chain.',
  };
}

export type EditorSimulateOutcome =
  | {
      kind: 'simulated';
      result: SimulationResult;
      /** Why some written slots may be named by distance from a namespace root only (no struct layout). */
      layoutProblems: string[];
    }
  /** The plan has errors, or the chain is not a local dev node: refused, nothing sent. */
  | { kind: 'refused'; message: string };

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The refusal of a plan with errors, naming the first. */
export function simulationRefusal(plan: Pick<UpgradePlan, 'findings'>): string | undefined {
  const errors = plan.findings.filter((f) => f.severity === 'error');
  if (planIsValid(plan)) return undefined;
  return (
    `Simulate Upgrade refused: the plan has ${count(errors.length, 'error')} (${errors[0].message})` +
    `${errors.length > 1 ? ' and more' : ''}. Nothing was sent; fix the plan and simulate again.`
  );
}

/**
 * Refuse a plan with errors → connect (the plan's own RPC URL) → refuse a chain that is not a local dev node →
 * namespaces and their layouts → simulateUpgrade. Throws what the
 * workflow throws (RpcUnreachableError, WorkflowAbortedError after the revert, RestoreMismatchError,
 * PredictedAddressMismatchError, PlanNotSimulatableError).
 */
export async function simulateFromEditor(
  inputs: EditorSimulateInputs,
  options: WorkflowOptions = {},
): Promise<EditorSimulateOutcome> {
  const { plan } = inputs;
  const refusal = simulationRefusal(plan);
  if (refusal) return { kind: 'refused', message: refusal };
  options.onProgress?.({ message: `Connecting to ${redactUrl(plan.rpcUrl)}` });
  const connection = await connect(plan.rpcUrl, { timeoutMs: 5000 });
  throwIfAborted(options.signal, SIMULATE_UPGRADE_ACTION.doing);
  const choice = forkChoice(connection);
  if (choice && !(inputs.startFork && (await inputs.chooseFork?.(choice))))
    return {
      kind: 'refused',
      message:
        `Chain ${connection.chainId} (${redactUrl(connection.url)}) is not a local dev node: Simulate Upgrade runs on ` +
        `the local node or on a fork of the chain (not chosen). Or run \`diamond upgrade simulate --fork --rpc URL ` +
        `--address ${plan.diamond}\` (a Hardhat fork of it; nothing is sent to it). Nothing was sent.`,
    };
  throwIfAborted(options.signal, SIMULATE_UPGRADE_ACTION.doing);
  options.onProgress?.({ message: 'Reading the storage namespaces and their layouts' });
  const { namespaces, problems } = await projectNamespaceLayouts({
    root: plan.compileRoot,
    compile: inputs.compile,
    signal: options.signal,
  });
  throwIfAborted(options.signal, SIMULATE_UPGRADE_ACTION.doing);
  let fork: ForkNode | undefined;
  if (choice) {
    options.onProgress?.({ message: `Starting a Hardhat fork of chain ${choice.chainId}` });
    fork = await inputs.startFork!(connection.url, options.signal);
  }
  try {
    const result = await simulateUpgrade(
      {
        connection,
        plan,
        artifacts: inputs.artifacts,
        namespaces,
        ...(fork ? { fork: { nodeUrl: fork.url } } : {}),
      },
      options,
    );
    return { kind: 'simulated', result, layoutProblems: problems };
  } finally {
    await fork?.stop();
  }
}

/**
 * Where the report goes: `<root>/.diamond/simulations/upgrade-simulation-<chainId>-<diamond>.md` (one per diamond),
 * the result's JSON beside it (`.json`).
 */
export function simulationReportFile(root: string, plan: Pick<UpgradePlan, 'chainId' | 'diamond'>): string {
  return join(root, DIAMOND_DIR, 'simulations', `upgrade-simulation-${plan.chainId}-${plan.diamond}.md`);
}

/** The notification after a simulation: its level and sentence. */
export function simulationVerdict(
  result: Pick<SimulationResult, 'ok' | 'failure' | 'steps' | 'storage' | 'chainId'> &
    Partial<Pick<SimulationResult, 'mode' | 'forkBlock'>>,
): { level: 'error' | 'info'; message: string } {
  const gas = result.steps.reduce((n, s) => n + (s.gasUsed ?? 0), 0);
  const after = `the chain was reverted and checked (restored: true)`;
  if (!result.ok)
    return {
      level: 'error',
      message: `Simulation failed at "${result.failure?.step}": ${result.failure?.reason}. ${after[0].toUpperCase()}${after.slice(1)}.`,
    };
  const named = new Set(result.storage.map((s) => s.namespace).filter((n) => n !== null)).size;
  return {
    level: 'info',
    message:
      `Simulation passed on ${result.mode === 'fork' ? `a fork of chain ${result.chainId} at block ${result.forkBlock}` : `chain ${result.chainId}`}: ${count(result.steps.length, 'step')}, ${gas} gas, ` +
      `${count(result.storage.length, 'slot')} written in ${count(named, 'namespace')}; ${after}.`,
  };
}
