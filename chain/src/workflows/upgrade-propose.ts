/**
 * Workflow: propose an upgrade plan through the diamond's ProtocolDAO.
 *
 *   plan valid? → simulate (the local node itself, or a fork of any other chain; leaves no trace) → the
 *   specification (upgrade-specification.ts: the proposal's description) → ---- point of no return ---- → deploy
 *   the plan's facets from the granted signer (each at its predicted address) → ProtocolDAO.propose(cut, init,
 *   initCalldata, description) (checked with eth_call first) → the ProposalCreated calldata equals the plan's →
 *   an append-only history entry (upgrade-history.ts).
 *
 * Nothing is sent when the plan has errors, the simulation fails, the owner is not a ProtocolDAO bound to the
 * diamond, or the signer is not the plan's deployer. The signer comes from the transaction gate (tx-gate.ts):
 * a chain that is not a local dev node has needed a key and a confirmation naming it.
 */
import { getAddress, getCreateAddress, keccak256, ZeroAddress } from 'ethers';
import type { Artifact } from '../compile-types';
import type { ChainConnection } from '../connect';
import { reverseCut, routingOf } from '../cut-reverse';
import { proposalIdOf, readDaoProposal, sendToDao } from '../dloop/dao-governance';
import { detectProtocolDao, proposeTx, type ProtocolDaoInfo } from '../dloop/protocol-dao';
import { journaledSteps, Journal } from '../journal';
import type { RecordedNamespace } from '../deployment-record';
import { OWNER_SELECTOR } from '../loupe';
import { projectRecordedNamespaces } from '../project-namespaces';
import { DevChain } from '../simulation/dev-chain';
import type { SimulationNamespace } from '../simulation/storage-layout';
import type { GrantedSigner } from '../tx-gate';
import { appendUpgradeHistory } from '../upgrade-history';
import { planIsValid, type UpgradePlan } from '../upgrade-plan-types';
import { descriptionHash, upgradeSpecification } from '../upgrade-specification';
import { sourceCommit } from './deploy-dloop';
import { PredictedAddressMismatchError, simulateUpgrade, type SimulationResult } from './upgrade-simulate';
import { throwIfAborted, WorkflowAbortedError, type WorkflowOptions } from './workflow';

export const PROPOSE_UPGRADE_ACTION = { title: 'Propose the upgrade', doing: 'Proposing the upgrade' };

export interface ProposeUpgradeInputs {
  connection: ChainConnection;
  plan: UpgradePlan;
  signer: GrantedSigner;
  /** The project's artifacts (the simulation decodes with them). */
  artifacts: Artifact[];
  namespaces?: SimulationNamespace[];
  /** Project root: the journal and the upgrade history are written under its `.diamond/`. */
  root: string;
  /** A simulation already run for this plan (VS Code showed it); default: simulate here. */
  simulation?: SimulationResult;
  /** Where a fork node may write (simulating a chain that is not a local dev node). */
  forkStateDir?: string;
  txTimeoutMs?: number;
  /** Set for a rollback: the history number of the upgrade it reverses. */
  rollbackOf?: number;
}

export interface ProposeUpgradeResult {
  proposalId: string;
  txHash: string;
  calldata: string;
  calldataHash: string;
  description: string;
  descriptionHash: string;
  dao: string;
  deployed: { contract: string; address: string; txHash: string }[];
  simulation: SimulationResult;
  historyFile: string;
  journalFile: string;
}

/** Nothing was sent: why the plan may not be proposed. */
export class NotProposableError extends Error {
  override readonly name = 'NotProposableError';
  constructor(
    readonly reason:
      'plan-errors' | 'simulation-failed' | 'not-dao-owned' | 'deployer-mismatch' | 'wrong-chain',
    message: string,
  ) {
    super(`${message} Nothing was sent.`);
  }
}

/** The owner of the diamond, read with owner(). */
export async function ownerOf(conn: ChainConnection, diamond: string): Promise<string> {
  const r = await conn.client.request<string>('eth_call', [{ to: diamond, data: OWNER_SELECTOR }, 'latest']);
  return getAddress(`0x${r.slice(26)}`);
}

/** The ProtocolDAO that owns and is bound to the diamond, or NotProposableError. */
export async function daoOf(conn: ChainConnection, diamond: string): Promise<ProtocolDaoInfo> {
  const owner = await ownerOf(conn, diamond);
  const dao = await detectProtocolDao(new DevChain(conn.client), owner, diamond);
  if (!dao)
    throw new NotProposableError(
      'not-dao-owned',
      `The diamond's owner ${owner} is not a ProtocolDAO bound to it: export the cut for its owner instead (diamond upgrade export --format safe|governor|calldata).`,
    );
  return dao;
}

/**
 * The per-field layouts (the engine's, as deployment records keep them) of the namespaces the simulation wrote,
 * from the sources being proposed; empty when the project's config cannot be read.
 */
function touchedLayouts(compileRoot: string, touched: ReadonlySet<string | null>): RecordedNamespace[] {
  try {
    return projectRecordedNamespaces(compileRoot).filter((n) => touched.has(n.id ?? n.struct ?? n.owner));
  } catch {
    return [];
  }
}

export async function proposeUpgrade(
  inputs: ProposeUpgradeInputs,
  options: WorkflowOptions = {},
): Promise<ProposeUpgradeResult> {
  const { connection: conn, plan, signer } = inputs;
  const say = (message: string, increment?: number) => options.onProgress?.({ message, increment });
  throwIfAborted(options.signal, PROPOSE_UPGRADE_ACTION.doing);
  if (!planIsValid(plan)) {
    const errors = plan.findings.filter((f) => f.severity === 'error').map((f) => f.message);
    throw new NotProposableError('plan-errors', `The plan has errors (${errors.join(' / ')}).`);
  }
  if (plan.chainId !== conn.chainId)
    throw new NotProposableError(
      'wrong-chain',
      `The plan was made for chain ${plan.chainId}, the RPC is chain ${conn.chainId}.`,
    );
  if (plan.deploy.length && getAddress(plan.deployer) !== getAddress(signer.address))
    throw new NotProposableError(
      'deployer-mismatch',
      `The plan deploys its facets from ${plan.deployer}, the signer is ${signer.address}: plan with --deployer ${signer.address}.`,
    );
  const dao = await daoOf(conn, plan.diamond);

  say('Simulating the upgrade before proposing it', 10);
  const simulation =
    inputs.simulation ??
    (await simulateUpgrade(
      {
        connection: conn,
        plan,
        artifacts: inputs.artifacts,
        namespaces: inputs.namespaces,
        fork: conn.isLocalDevChain ? false : true,
        forkStateDir: inputs.forkStateDir,
      },
      { signal: options.signal, onProgress: options.onProgress },
    ));
  if (!simulation.ok)
    throw new NotProposableError(
      'simulation-failed',
      `The simulation failed at "${simulation.failure?.step}": ${simulation.failure?.reason}.`,
    );
  const rollback = reverseCut(
    routingOf(
      plan.loupe.facets.map((f) => ({
        facetAddress: f.address,
        functionSelectors: f.selectors.map((s) => s.selector),
      })),
    ),
    plan.cut,
  );
  const description = upgradeSpecification({ plan, simulation, rollback });
  const hash = descriptionHash(description);
  say(`Specification written (${description.length} characters, keccak256 ${hash})`, 5);

  // The predicted addresses still hold (the deployer's nonce has not moved since planning).
  const nonce = await new DevChain(conn.client).nonce(signer.address);
  if (plan.deploy.length && nonce !== plan.deployerNonce)
    throw new PredictedAddressMismatchError(
      plan.deploy[0].contract,
      plan.deploy[0].predictedAddress,
      getCreateAddress({ from: signer.address, nonce }),
      nonce,
      plan.deployerNonce,
    );
  if (options.signal?.aborted) throw new WorkflowAbortedError(PROPOSE_UPGRADE_ACTION.doing);

  // Point of no return: transactions from here on.
  const journal = Journal.open(Journal.dirOf(inputs.root), {
    workflow: 'upgrade-propose',
    chainId: conn.chainId,
    from: signer.address,
  });
  const progress = (m: string) => say(m);
  try {
    const steps = journaledSteps({
      signer: signer.signer,
      journal,
      onProgress: progress,
      timeoutMs: inputs.txTimeoutMs,
    });
    const deployed: ProposeUpgradeResult['deployed'] = [];
    for (const d of plan.deploy) {
      const address = await steps.deploy(d.contract, d.artifact.abi as never, d.artifact.bytecode);
      if (getAddress(address) !== getAddress(d.predictedAddress))
        throw new PredictedAddressMismatchError(
          d.contract,
          d.predictedAddress,
          address,
          nonce,
          plan.deployerNonce,
        );
      const line = journal.created().find((c) => getAddress(c.address) === getAddress(address));
      deployed.push({ contract: d.contract, address: getAddress(address), txHash: line?.txHash ?? '' });
    }
    const init = plan.init?.address ?? ZeroAddress;
    const initCalldata = plan.init?.calldata ?? '0x';
    const data = proposeTx(dao.address, signer.address, {
      cut: plan.cut,
      init,
      initCalldata,
      description,
    }).data;
    const receipt = await sendToDao(conn, signer, dao.address, 'propose the upgrade', data, {
      journal,
      onProgress: progress,
      txTimeoutMs: inputs.txTimeoutMs,
      abis: inputs.artifacts.map((a) => a.abi as never),
    });
    const id = proposalIdOf(receipt, dao.address);
    if (id === null)
      throw new Error(`The propose transaction ${receipt.hash} emitted no ProposalCreated event`);
    const proposal = await readDaoProposal(conn, dao.address, id);
    if (proposal.calldataHash !== plan.calldataHash.toLowerCase())
      throw new Error(
        `Proposal ${id} would execute calldata hashing to ${proposal.calldataHash}, the plan's is ${plan.calldataHash}`,
      );
    const touched = new Set(simulation.storage.map((s) => s.namespace));
    const historyFile = appendUpgradeHistory(inputs.root, {
      kind: 'proposed',
      at: new Date().toISOString(),
      chainId: conn.chainId,
      diamond: getAddress(plan.diamond),
      diamondName: plan.diamondName,
      dao: dao.address,
      proposalId: id.toString(),
      cut: plan.cut,
      init,
      initCalldata,
      calldata: plan.calldata,
      calldataHash: plan.calldataHash,
      description,
      descriptionHash: hash,
      transactions: [
        ...deployed.map((d) => ({ step: `Deploy ${d.contract}`, txHash: d.txHash, address: d.address })),
        { step: 'Propose', txHash: receipt.hash },
      ],
      loupeBefore: plan.loupe.facets.map((f) => ({
        facetAddress: f.address,
        functionSelectors: f.selectors.map((s) => s.selector),
      })),
      sourceCommit: await sourceCommit(plan.compileRoot),
      storageLayouts: touchedLayouts(plan.compileRoot, touched),
      ...(inputs.rollbackOf !== undefined ? { rollbackOf: inputs.rollbackOf } : {}),
    });
    journal.end({ event: 'finished', proposalId: id.toString() });
    say(`Proposal ${id} created (${receipt.hash})`, 10);
    return {
      proposalId: id.toString(),
      txHash: receipt.hash,
      calldata: plan.calldata,
      calldataHash: keccak256(plan.calldata),
      description,
      descriptionHash: hash,
      dao: dao.address,
      deployed,
      simulation,
      historyFile,
      journalFile: journal.file,
    };
  } catch (err) {
    journal.end({ event: 'failed', error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}
