/**
 * "Diamond: Propose Upgrade" without `vscode` (commands/propose-upgrade.ts renders): the proposal the modal shows
 * (what changes, the simulation's verdict, the exact calldata and its hash), the refusal of a plan with errors or a
 * failed simulation (nothing sent), and the send: connect → the transaction gate (dev account of a local node, or
 * the key from secret storage and the modal naming the chain) → proposeUpgrade (chain/src/workflows/upgrade-propose.ts)
 * with the simulation the editor already ran. Where the specification goes.
 */
import { join } from 'node:path';
import { keccak256 } from 'ethers';
import type { Artifact } from '../../chain/src/compile-types';
import { connect } from '../../chain/src/connect';
import { withTxGate, type Confirmation, type KeySource, type TxRefusal } from '../../chain/src/tx-gate';
import { planIsValid, type UpgradePlan } from '../../chain/src/upgrade-plan-types';
import {
  PROPOSE_UPGRADE_ACTION,
  proposeUpgrade,
  type ProposeUpgradeResult,
} from '../../chain/src/workflows/upgrade-propose';
import type { SimulationResult } from '../../chain/src/workflows/upgrade-simulate';
import type { WorkflowOptions } from '../../chain/src/workflows/workflow';
import { DIAMOND_DIR } from '../../host/src/project';
import { simulationVerdict } from './upgrade-simulate';

/** Longest calldata the modal prints in full; longer is cut (the specification holds it whole). */
export const MODAL_CALLDATA_CHARS = 1200;

const CHANGING = new Set(['add', 'replace', 'remove']);

/** Why this plan and simulation may not be proposed (nothing sent), or undefined. */
export function proposalRefusal(
  plan: Pick<UpgradePlan, 'findings'>,
  simulation: Pick<SimulationResult, 'ok' | 'failure'>,
): string | undefined {
  if (!planIsValid(plan)) {
    const errors = plan.findings.filter((f) => f.severity === 'error');
    return `Propose Upgrade refused: the plan has ${errors.length} error${errors.length === 1 ? '' : 's'} (${errors[0].message}). Nothing was sent.`;
  }
  if (!simulation.ok)
    return `Propose Upgrade refused: the simulation failed at "${simulation.failure?.step}": ${simulation.failure?.reason}. Nothing was sent.`;
  return undefined;
}

/** The modal before anything is sent: one question, the proposal in its detail, one confirming button. */
export function proposalConfirmation(
  plan: Pick<UpgradePlan, 'diamond' | 'chainId' | 'plan' | 'calldata' | 'init' | 'deploy'>,
  simulation: Pick<SimulationResult, 'ok' | 'failure' | 'steps' | 'storage' | 'chainId'>,
): { question: string; detail: string; confirmLabel: string } {
  const changes = plan.plan.selectors
    .filter((s) => CHANGING.has(s.action))
    .map((s) => {
      const what = `${s.signature ?? '(no signature)'} ${s.selector}`;
      if (s.action === 'add') return `Add ${what} → ${s.toFacet}`;
      if (s.action === 'remove') return `Remove ${what} (was ${s.fromFacet})`;
      return `Replace ${what}: ${s.fromFacet} → ${s.toFacet}`;
    });
  const calldata =
    plan.calldata.length <= MODAL_CALLDATA_CHARS
      ? plan.calldata
      : `${plan.calldata.slice(0, MODAL_CALLDATA_CHARS)}… (${(plan.calldata.length - 2) / 2} bytes; whole in the specification)`;
  const detail = [
    `Diamond ${plan.diamond} on chain ${plan.chainId}: ProtocolDAO.propose(cut, init, initCalldata, specification).`,
    '',
    'What changes:',
    ...changes.map((c) => `  ${c}`),
    ...(plan.deploy.length ? [`Deploys first: ${plan.deploy.map((d) => d.contract).join(', ')}`] : []),
    `Init: ${plan.init ? `${plan.init.contract}.${plan.init.call} at ${plan.init.address}` : 'none'}`,
    '',
    `Simulation: ${simulationVerdict(simulation).message}`,
    '',
    `Calldata hash (keccak256): ${keccak256(plan.calldata)}`,
    `Calldata: ${calldata}`,
  ].join('\n');
  return {
    question: `Propose this upgrade of ${plan.diamond} to its ProtocolDAO on chain ${plan.chainId}?`,
    detail,
    confirmLabel: 'Propose Upgrade',
  };
}

export interface EditorProposeInputs {
  plan: UpgradePlan;
  simulation: SimulationResult;
  artifacts: Artifact[];
  root: string;
  key: KeySource;
  confirmation: Confirmation;
  txTimeoutMs?: number;
  /** A rollback: the history number of the upgrade it reverses (recorded with the proposal). */
  rollbackOf?: number;
  inProgress<T>(run: (options: WorkflowOptions) => Promise<T>): PromiseLike<T>;
}

export type EditorProposeOutcome =
  | { kind: 'proposed'; result: ProposeUpgradeResult }
  | { kind: 'refused'; message: string; refusal?: TxRefusal };

/** Refuse (nothing sent) → connect → gate → proposeUpgrade. Throws what the workflow throws. */
export async function proposeFromEditor(inputs: EditorProposeInputs): Promise<EditorProposeOutcome> {
  const { plan, simulation } = inputs;
  const refusal = proposalRefusal(plan, simulation);
  if (refusal) return { kind: 'refused', message: refusal };
  const connection = await connect(plan.rpcUrl, { timeoutMs: 5000 });
  const gated = await withTxGate(
    connection,
    { action: PROPOSE_UPGRADE_ACTION, key: inputs.key, confirmation: inputs.confirmation },
    (signer) =>
      Promise.resolve(
        inputs.inProgress((options) =>
          proposeUpgrade(
            {
              connection,
              plan,
              signer,
              artifacts: inputs.artifacts,
              root: inputs.root,
              simulation,
              txTimeoutMs: inputs.txTimeoutMs,
              rollbackOf: inputs.rollbackOf,
            },
            options,
          ),
        ),
      ),
  );
  return gated.ok
    ? { kind: 'proposed', result: gated.value }
    : { kind: 'refused', message: gated.refusal.message, refusal: gated.refusal };
}

/** `<root>/.diamond/proposals/proposal-<chainId>-<dao>-<id>.md`: the specification as voted on. */
export function specificationFile(root: string, chainId: number, dao: string, id: string): string {
  return join(root, DIAMOND_DIR, 'proposals', `proposal-${chainId}-${dao}-${id}.md`);
}
