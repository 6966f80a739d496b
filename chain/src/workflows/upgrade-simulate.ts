/**
 * Workflow: simulate an upgrade plan (workflows/upgrade-plan.ts makes it) on a local dev node, or on an embedded
 * Hardhat node forking any RPC URL, and leave no trace.
 *
 *   evm_snapshot → deploy the planned facets (from plan.deployer, impersonated if the node does not hold it;
 *   each address must be the predicted one) → the cut through the real path: for a diamond owned by a
 *   ProtocolDAO its lifecycle (propose from a holder with enough votes, vote for until quorum and a majority,
 *   past voteEnd and the timelock, execute), for any other owner diamondCut from the impersonated owner →
 *   loupe, events, init outcome and the storage written (traces) → evm_revert → read everything the simulation
 *   touched again and compare (a difference is a RestoreMismatchError).
 *
 * A step that would revert is not mined: its eth_call on the pending block fails, the step is reported with the
 * decoded reason, and the simulation stops there (verdict not ok; the chain is still reverted and checked).
 * Progress names each step as it starts ("Vote for (0x…)…") and as it ends ("…: N gas"), then the revert and
 * the restore check. Cancelling (the signal) is honoured between steps and between the traces read after them
 * (a step in flight finishes first): the chain is reverted and checked, then WorkflowAbortedError is thrown. Nothing is ever sent to a chain that is not a local dev node: others are
 * refused (NotLocalDevChainError) unless `fork` is set, when they are only read by the fork.
 */
import { getAddress, getCreateAddress, keccak256, ZeroAddress } from 'ethers';
import type { Artifact } from '../compile-types';
import type { ChainConnection } from '../connect';
import { connect, isLocalDevChain } from '../connect';
import {
  candidateHolders,
  castVoteTx,
  createdProposal,
  detectProtocolDao,
  executeTx,
  PAST_VOTES_TOKEN_ABI,
  PROTOCOL_DAO_ABI,
  proposeTx,
  readProposal,
  votesAt,
  type ProtocolDaoInfo,
} from '../dloop/protocol-dao';
import { decodeFacetsResult } from '../loupe-decode';
import { NotAContractError } from '../loupe-errors';
import { OWNER_SELECTOR } from '../loupe';
import { startLocalNode, type LocalNode } from '../node';
import { RpcClient } from '../rpc';
import { AbiDecoder, describeError, type DecodedError, type JsonValue } from '../simulation/abi-decoder';
import { candidatePreimages, wordsOf } from '../simulation/candidate-preimages';
import { DevChain, type PrestateDiff, type TxReceipt, type TxRequest } from '../simulation/dev-chain';
import {
  compareFingerprints,
  compareState,
  fingerprint,
  readState,
  restoreClock,
  RestoreMismatchError,
  type RestoreCheck,
  type StateRead,
} from '../simulation/restore';
import { attributeStorage, type StorageRow } from '../simulation/storage-attribution';
import type { SimulationNamespace } from '../simulation/storage-layout';
import { addTouched, initFrame, type TouchedState } from '../simulation/trace';
import { tracePreimages } from '../simulation/trace-preimages';
import { planIsValid, type UpgradePlan } from '../upgrade-plan-types';
import { WorkflowAbortedError, type WorkflowOptions } from './workflow';

export { RestoreMismatchError } from '../simulation/restore';

export const SIMULATE_UPGRADE_ACTION = { title: 'Simulate the upgrade', doing: 'Simulating the upgrade' };

export interface SimulateGovernanceInputs {
  /** Who proposes. Default: the holder with the most votes (enough for the threshold, or the propose fails). */
  proposer?: string;
  /** Who votes and how, in order. Default: holders by weight, for, until quorum and a majority. */
  votes?: { voter: string; support: boolean }[];
  /** Who executes. Default: the proposer. */
  executor?: string;
  /** Accounts to consider as holders besides the token's Transfer recipients and the node's accounts. */
  holders?: string[];
  description?: string;
}

export interface SimulateUpgradeInputs {
  connection: ChainConnection;
  plan: UpgradePlan;
  /** The project's namespaces (namespace-layouts.ts adds the struct slots): written slots are named by them. */
  namespaces?: SimulationNamespace[];
  /** The project's artifacts: events and revert data are decoded with their ABIs. */
  artifacts: Artifact[];
  governance?: SimulateGovernanceInputs;
  /**
   * Simulate on an embedded Hardhat node forking `connection.url` (any chain; the only way to simulate
   * against a network that is not a local dev node). `blockNumber`: fork there instead of the latest block.
   * `nodeUrl`: a node the caller started forking `connection.url` (`diamond node --fork URL` in a child process,
   * as VS Code runs it), a local dev node on loopback: used instead of one in this process, left running.
   */
  fork?: boolean | { blockNumber?: number; nodeUrl?: string };
  /** Where the fork node may write (Hardhat's config and fork cache). Default: the node's state folder. */
  forkStateDir?: string;
  /**
   * Read the struct-log traces for mapping preimages even when the keys the simulation saw name every written
   * slot (candidate-preimages.ts). For tests comparing both ways; default false.
   */
  alwaysTrace?: boolean;
  /**
   * The worker bundle that reads struct-log traces (trace-preimages.ts); default `trace-worker.js` beside the
   * running bundle, else the caller's thread; false: the caller's thread.
   */
  traceWorkerPath?: string | false;
}

export type SimulationStepKind = 'deploy' | 'propose' | 'vote' | 'time' | 'execute' | 'cut';

export interface SimulationStep {
  name: string;
  kind: SimulationStepKind;
  from: string | null;
  /** null when the step sent nothing (a clock move) or would have reverted (then not mined). */
  txHash: string | null;
  gasUsed: number | null;
  ok: boolean;
  ms: number;
  detail?: Record<string, JsonValue>;
}

export interface SimulationFailure {
  step: string;
  /** One line: the decoded error with its arguments, or what went wrong. */
  reason: string;
  error: DecodedError | null;
}

export interface SimulationEvent {
  step: string;
  address: string;
  /** null when no local ABI knows the event (topics and data are then given). */
  name: string | null;
  signature: string | null;
  args: Record<string, JsonValue> | null;
  topics?: string[];
  data?: string;
}

export interface LoupeRow {
  facetAddress: string;
  functionSelectors: string[];
}

export interface InitResult {
  /** True when the init delegatecall returned. */
  ok: boolean;
  /** False when the cut failed before the diamond called the init (or the simulation stopped earlier). */
  ran: boolean;
  revert: DecodedError | null;
}

export interface SimulationGovernance {
  dao: string;
  token: string;
  proposalId: string | null;
  proposer: string;
  quorumVotes: string | null;
  forVotes: string | null;
  againstVotes: string | null;
  voteEnd: number | null;
  eta: number | null;
}

export interface SimulationResult {
  /** Every step succeeded (and the chain was restored: a result is returned only then). */
  ok: boolean;
  /** The plan's chain (with `fork`: the forked chain, not the fork node's). */
  chainId: number;
  rpcUrl: string;
  mode: 'local' | 'fork';
  /** The block the fork started from (fork mode), else null. */
  forkBlock: number | null;
  diamond: string;
  owner: string;
  /** How the cut went in: the ProtocolDAO's lifecycle, or diamondCut from the (impersonated) owner. */
  path: 'protocol-dao' | 'owner';
  governance: SimulationGovernance | null;
  failure: SimulationFailure | null;
  steps: SimulationStep[];
  loupeBefore: LoupeRow[];
  loupeAfter: LoupeRow[];
  events: SimulationEvent[];
  /** null when the plan has no init call. */
  initResult: InitResult | null;
  /** Slots written in the diamond's account, per namespace where attributed. */
  storage: StorageRow[];
  restored: true;
  restoreCheck: RestoreCheck;
  /** Wall time: reads before the snapshot, the steps, the traces and reads after them, revert and check. */
  timings: { prepareMs: number; stepsMs: number; collectMs: number; restoreMs: number };
  totalMs: number;
}

/** Simulation needs evm_snapshot, impersonation and a free clock: only a local dev node (or a fork) has them. */
export class NotLocalDevChainError extends Error {
  override readonly name = 'NotLocalDevChainError';
  constructor(
    readonly chainId: number,
    readonly rpcUrl: string,
  ) {
    super(
      `Chain ${chainId} at ${rpcUrl} is not a local dev node (chain 31337/1337 on a loopback address): a ` +
        'simulation needs evm_snapshot and impersonation. Simulate on a fork of it instead (fork). Nothing was sent.',
    );
  }
}

export class PlanNotSimulatableError extends Error {
  override readonly name = 'PlanNotSimulatableError';
  constructor(readonly reasons: string[]) {
    super(`The plan cannot be simulated: ${reasons.join('; ')}. Nothing was sent.`);
  }
}

/** A planned facet would not land at its predicted address (the deployer's nonce moved since planning). */
export class PredictedAddressMismatchError extends Error {
  override readonly name = 'PredictedAddressMismatchError';
  constructor(
    readonly contract: string,
    readonly predicted: string,
    readonly actual: string,
    readonly deployerNonce: number,
    readonly plannedNonce: number,
  ) {
    super(
      `${contract} would be deployed at ${actual}, not at the planned ${predicted} (the deployer's nonce is ` +
        `${deployerNonce}, the plan was made at ${plannedNonce}): plan again.`,
    );
  }
}

/** What the ProtocolDAO would execute is not the plan's calldata. */
export class ProposalCalldataMismatchError extends Error {
  override readonly name = 'ProposalCalldataMismatchError';
  constructor(
    readonly expectedHash: string,
    readonly actualHash: string,
  ) {
    super(`The proposal's diamond calldata hashes to ${actualHash}, the plan's to ${expectedHash}`);
  }
}

export class DiamondWithoutOwnerError extends Error {
  override readonly name = 'DiamondWithoutOwnerError';
  constructor(readonly diamond: string) {
    super(`${diamond} does not answer owner(): the simulation cannot find who may cut it`);
  }
}

class Aborted extends Error {}

const lower = (a: string) => a.toLowerCase();
const ms = (t: number) => Date.now() - t;

/** The artifacts' ABIs plus the DAO's and the token's, so governance reverts decode without the project. */
function decoderFor(artifacts: readonly Artifact[]): AbiDecoder {
  return new AbiDecoder([...artifacts.map((a) => a.abi as never), PROTOCOL_DAO_ABI, PAST_VOTES_TOKEN_ABI]);
}

function checkPlan(plan: UpgradePlan, conn: ChainConnection): void {
  const reasons: string[] = [];
  if (!planIsValid(plan)) {
    const errors = plan.findings.filter((f) => f.severity === 'error').map((f) => f.message);
    reasons.push(`it has errors (${errors.join(' / ')})`);
  }
  if (plan.chainId !== conn.chainId)
    reasons.push(`it was made for chain ${plan.chainId}, the RPC URL is chain ${conn.chainId}`);
  if (keccak256(plan.calldata) !== plan.calldataHash.toLowerCase())
    reasons.push('its calldata does not hash to calldataHash');
  for (const d of plan.deploy) {
    if (!/^0x([0-9a-fA-F]{2})+$/.test(d.artifact.bytecode) || d.artifact.bytecode.includes('__'))
      reasons.push(`${d.contract} has no linkable creation bytecode`);
  }
  if (reasons.length) throw new PlanNotSimulatableError(reasons);
}

function loupeRows(raw: string): LoupeRow[] {
  if (raw.startsWith('error:')) return [];
  return decodeFacetsResult(raw).map((f) => ({ facetAddress: f.address, functionSelectors: f.selectors }));
}

/** One simulation on one dev chain (the node itself, or the fork). */
class Simulation {
  readonly steps: SimulationStep[] = [];
  readonly events: SimulationEvent[] = [];
  readonly touched: TouchedState = new Map();
  /** Accounts whose balance and nonce the restore check compares. */
  readonly used = new Set<string>();
  /** Transactions that changed the diamond's storage (struct-logged for preimages). */
  readonly diamondWriters: string[] = [];
  /** 32-byte words the transactions showed (senders, targets, arguments, events, values): candidate mapping keys. */
  readonly keyWords = new Set<string>();
  failure: SimulationFailure | null = null;
  /** The cut transaction: mined (hash) or refused (the request, for a trace of the call). */
  cutTx: { hash: string } | { request: TxRequest } | null = null;

  constructor(
    readonly chain: DevChain,
    readonly plan: UpgradePlan,
    readonly decoder: AbiDecoder,
    readonly options: WorkflowOptions,
  ) {}

  private progress(message: string, increment?: number): void {
    this.options.onProgress?.({ message, increment });
  }

  /** The words of a mined transaction that may key a mapping entry it wrote. */
  private noteKeys(request: TxRequest, receipt: TxReceipt, diff: PrestateDiff): void {
    const add = (hex: string, skip = 0) => {
      for (const w of wordsOf(hex, skip)) this.keyWords.add(w);
    };
    add(request.from.toLowerCase().slice(2).padStart(64, '0'));
    if (request.to) add(request.to.toLowerCase().slice(2).padStart(64, '0'));
    add(request.data, 4);
    for (const log of receipt.logs) {
      for (const t of log.topics) add(t);
      add(log.data);
    }
    for (const side of [diff.pre, diff.post])
      for (const state of Object.values(side ?? {}))
        for (const v of Object.values(state.storage ?? {})) add(v.slice(2).padStart(64, '0'));
  }

  /** Every candidate key: the transactions' words, and the plan's cut and init calldata on their own alignment. */
  candidateKeys(): Set<string> {
    const keys = new Set(this.keyWords);
    for (const w of wordsOf(this.plan.calldata, 4)) keys.add(w);
    if (this.plan.init) for (const w of wordsOf(this.plan.init.calldata, 4)) keys.add(w);
    return keys;
  }

  /** Between steps (and between the traces read after them): a cancel stops here, and the chain is reverted. */
  checkAbort(): void {
    if (this.options.signal?.aborted) throw new Aborted();
  }

  /** Runs one transaction step: checked with eth_call, sent, its state diff and events recorded. */
  async tx(
    name: string,
    kind: SimulationStepKind,
    request: TxRequest,
    detail?: Record<string, JsonValue>,
  ): Promise<TxReceipt | null> {
    this.checkAbort();
    this.progress(`${name}…`);
    const t = Date.now();
    this.used.add(lower(request.from));
    if (request.to) this.used.add(lower(request.to));
    await this.chain.enable(request.from);
    const isCut = kind === 'cut' || kind === 'execute';
    const check = await this.chain.call(request);
    if (!check.ok) {
      const error = check.revertData ? this.decoder.decodeError(check.revertData) : null;
      this.steps.push({
        name,
        kind,
        from: request.from,
        txHash: null,
        gasUsed: null,
        ok: false,
        ms: ms(t),
        detail,
      });
      this.failure = { step: name, reason: error ? describeError(error) : check.message, error };
      if (isCut) this.cutTx = { request };
      this.progress(`${name}: would revert (${this.failure.reason})`);
      return null;
    }
    const receipt = await this.chain.send(request);
    const hash = receipt.transactionHash;
    if (isCut) this.cutTx = { hash };
    const diff = await this.chain.prestateDiff(hash);
    addTouched(this.touched, diff);
    const diamondState = diff.post?.[lower(this.plan.diamond)] ?? diff.pre?.[lower(this.plan.diamond)];
    if (diamondState?.storage && Object.keys(diamondState.storage).length) this.diamondWriters.push(hash);
    this.noteKeys(request, receipt, diff);
    for (const log of receipt.logs) {
      const decoded = this.decoder.decodeLog(log);
      this.events.push(
        decoded
          ? { step: name, address: getAddress(log.address), ...decoded }
          : {
              step: name,
              address: getAddress(log.address),
              name: null,
              signature: null,
              args: null,
              topics: log.topics,
              data: log.data,
            },
      );
    }
    const ok = receipt.status === '0x1';
    this.steps.push({
      name,
      kind,
      from: getAddress(request.from),
      txHash: hash,
      gasUsed: Number(BigInt(receipt.gasUsed)),
      ok,
      ms: ms(t),
      detail,
    });
    if (!ok) {
      this.failure = { step: name, reason: 'the transaction reverted when mined', error: null };
      return null;
    }
    this.progress(`${name}: ${Number(BigInt(receipt.gasUsed))} gas`, 5);
    return receipt;
  }

  async deployFacets(): Promise<boolean> {
    const { plan } = this;
    for (const d of plan.deploy) {
      const receipt = await this.tx(
        `Deploy ${d.contract}`,
        'deploy',
        { from: plan.deployer, data: d.artifact.bytecode },
        {
          contract: d.contract,
          predictedAddress: d.predictedAddress,
        },
      );
      if (!receipt) return false;
      const actual = receipt.contractAddress ? getAddress(receipt.contractAddress) : '(none)';
      this.used.add(lower(actual));
      if (actual !== getAddress(d.predictedAddress)) {
        const nonce = plan.deployerNonce + plan.deploy.indexOf(d);
        throw new PredictedAddressMismatchError(
          d.contract,
          d.predictedAddress,
          actual,
          nonce,
          plan.deployerNonce,
        );
      }
    }
    return true;
  }

  async cutAsOwner(owner: string): Promise<void> {
    await this.tx(`diamondCut as the owner ${owner}`, 'cut', {
      from: owner,
      to: this.plan.diamond,
      data: this.plan.calldata,
    });
  }

  async cutThroughDao(
    dao: ProtocolDaoInfo,
    governance: SimulateGovernanceInputs,
    gov: SimulationGovernance,
  ): Promise<void> {
    const { chain, plan } = this;
    this.used.add(lower(dao.token));
    const latest = await chain.block('latest');
    const candidates = await candidateHolders(chain, dao.token, [
      ...(governance.holders ?? []),
      ...(governance.proposer ? [governance.proposer] : []),
      ...(governance.votes ?? []).map((v) => v.voter),
    ]);
    // The proposal's snapshot is the block before it: the current latest block.
    const holders = await votesAt(chain, dao.token, candidates, latest.number);
    const proposer = getAddress(
      governance.proposer ??
        holders.find((h) => h.votes >= dao.proposalThreshold)?.address ??
        holders[0]?.address ??
        plan.deployer,
    );
    gov.proposer = proposer;
    const description =
      governance.description ?? `Upgrade ${plan.diamondName ?? plan.diamond} (calldata ${plan.calldataHash})`;
    const proposed = await this.tx(
      'Propose the cut',
      'propose',
      proposeTx(dao.address, proposer, {
        cut: plan.cut,
        init: plan.init?.address ?? ZeroAddress,
        initCalldata: plan.init?.calldata ?? '0x',
        description,
      }),
    );
    if (!proposed) return;
    const created = createdProposal(proposed, dao.address);
    if (!created) throw new Error('The propose transaction emitted no ProposalCreated event');
    if (lower(created.diamondCalldata) !== lower(plan.calldata)) {
      throw new ProposalCalldataMismatchError(plan.calldataHash, keccak256(created.diamondCalldata));
    }
    const id = created.id;
    gov.proposalId = id.toString();
    let proposal = await readProposal(chain, dao.address, id);
    gov.quorumVotes = proposal.quorumVotes.toString();
    gov.voteEnd = proposal.voteEnd;
    gov.eta = proposal.eta;

    const weights = new Map(
      (await votesAt(chain, dao.token, candidates, proposal.snapshotBlock)).map((h) => [
        lower(h.address),
        h.votes,
      ]),
    );
    let votes = governance.votes;
    if (!votes) {
      votes = [];
      let forVotes = 0n;
      for (const h of holders) {
        if (forVotes >= proposal.quorumVotes && forVotes > 0n) break;
        votes.push({ voter: h.address, support: true });
        forVotes += weights.get(lower(h.address)) ?? 0n;
      }
    }
    for (const v of votes) {
      const voter = getAddress(v.voter);
      const weight = (weights.get(lower(voter)) ?? 0n).toString();
      const ok = await this.tx(
        `Vote ${v.support ? 'for' : 'against'} (${voter})`,
        'vote',
        castVoteTx(dao.address, voter, id, v.support),
        { support: v.support, weight },
      );
      if (!ok) return;
    }
    proposal = await readProposal(chain, dao.address, id);
    gov.forVotes = proposal.forVotes.toString();
    gov.againstVotes = proposal.againstVotes.toString();

    this.checkAbort();
    this.progress('Advance the clock past the vote end and the timelock…');
    const t = Date.now();
    const now = (await chain.block('latest')).timestamp;
    const target = Math.max(proposal.voteEnd + 1, proposal.eta);
    const seconds = Math.max(0, target - now);
    await chain.advanceTime(seconds);
    this.steps.push({
      name: 'Advance past the vote end and the timelock',
      kind: 'time',
      from: null,
      txHash: null,
      gasUsed: null,
      ok: true,
      ms: ms(t),
      detail: { seconds, voteEnd: proposal.voteEnd, eta: proposal.eta },
    });
    this.progress(`Advanced the clock ${seconds} s past the vote end and the timelock`, 5);
    const executor = getAddress(governance.executor ?? proposer);
    await this.tx('Execute the proposal', 'execute', executeTx(dao.address, executor, id));
  }

  /** The init's outcome from the cut's call trace (the mined transaction, or the refused call). */
  async initResult(): Promise<InitResult | null> {
    const init = this.plan.init;
    if (!init) return null;
    if (!this.cutTx) return { ok: false, ran: false, revert: null };
    const root =
      'hash' in this.cutTx
        ? await this.chain.traceCalls(this.cutTx.hash)
        : await this.chain.traceCallOf(this.cutTx.request);
    const frame = initFrame(root, init);
    if (!frame) return { ok: false, ran: false, revert: null };
    if (!frame.error) return { ok: true, ran: true, revert: null };
    return { ok: false, ran: true, revert: this.decoder.decodeError(frame.output ?? '0x') };
  }
}

export async function simulateUpgrade(
  inputs: SimulateUpgradeInputs,
  options: WorkflowOptions = {},
): Promise<SimulationResult> {
  const { connection: conn, plan } = inputs;
  if (options.signal?.aborted) throw new WorkflowAbortedError(SIMULATE_UPGRADE_ACTION.doing);
  checkPlan(plan, conn);
  if (!inputs.fork && !(conn.isLocalDevChain && isLocalDevChain(conn.url, conn.chainId)))
    throw new NotLocalDevChainError(conn.chainId, conn.url);

  let node: LocalNode | undefined;
  let url = conn.url;
  const given = typeof inputs.fork === 'object' ? inputs.fork.nodeUrl : undefined;
  if (given !== undefined) {
    // The caller's fork node: a local dev node (its chain id) on loopback, never the chain it forks.
    const forkConn = await connect(given, { timeoutMs: 5000 });
    if (!forkConn.isLocalDevChain) throw new NotLocalDevChainError(forkConn.chainId, given);
    url = given;
  } else if (inputs.fork) {
    const blockNumber = typeof inputs.fork === 'object' ? inputs.fork.blockNumber : undefined;
    options.onProgress?.({
      message: `Starting a Hardhat fork of chain ${conn.chainId} (${conn.url})`,
      increment: 5,
    });
    node = await startLocalNode({
      port: 0,
      forking: { url: conn.url, blockNumber },
      stateDir: inputs.forkStateDir,
    });
    url = node.url;
  }
  try {
    const chain = new DevChain(new RpcClient(url, { timeoutMs: 120_000 }));
    let forkBlock: number | null = null;
    if (node || given !== undefined) {
      // Hardhat executes calls at the fork block itself only on chains whose hardfork history it knows (not on
      // 31337, 1337 or a private chain): one empty block first, and every call runs on a block of the fork's own.
      forkBlock = (await chain.block('latest')).number;
      await chain.request('evm_mine');
    }
    return await run(chain, inputs, options, forkBlock);
  } finally {
    await node?.stop();
  }
}

async function run(
  chain: DevChain,
  inputs: SimulateUpgradeInputs,
  options: WorkflowOptions,
  forkBlock: number | null,
): Promise<SimulationResult> {
  const t0 = Date.now();
  const mode = forkBlock === null ? 'local' : 'fork';
  const { plan } = inputs;
  const report = (message: string, increment?: number) => options.onProgress?.({ message, increment });
  const diamond = getAddress(plan.diamond);

  // Reads only, before the snapshot: the diamond, its owner, the path, the predicted addresses.
  const code = await chain.code(diamond);
  if (!code || code === '0x') throw new NotAContractError(diamond);
  const ownerCall = await chain.call({ from: ZeroAddress, to: diamond, data: OWNER_SELECTOR }, 'latest');
  if (!ownerCall.ok || ownerCall.data.length !== 66 || BigInt(ownerCall.data) >> 160n !== 0n)
    throw new DiamondWithoutOwnerError(diamond);
  const owner = getAddress(`0x${ownerCall.data.slice(26)}`);
  const dao = await detectProtocolDao(chain, owner, diamond);
  const deployerNonce = await chain.nonce(plan.deployer);
  plan.deploy.forEach((d, i) => {
    const at = getCreateAddress({ from: plan.deployer, nonce: deployerNonce + i });
    if (at !== getAddress(d.predictedAddress))
      throw new PredictedAddressMismatchError(
        d.contract,
        d.predictedAddress,
        at,
        deployerNonce + i,
        plan.deployerNonce + i,
      );
  });

  const before = await fingerprint(chain, diamond);
  report(
    `Simulating on ${forkBlock !== null ? `a fork of block ${forkBlock}` : `chain ${plan.chainId}`}: ` +
      (dao ? `the ProtocolDAO ${dao.address} owns the diamond` : `the owner ${owner} cuts directly`),
    5,
  );
  const sim = new Simulation(chain, plan, decoderFor(inputs.artifacts), options);
  for (const a of [diamond, owner, plan.deployer, ...plan.deploy.map((d) => d.predictedAddress)])
    sim.used.add(lower(a));
  if (plan.init) sim.used.add(lower(plan.init.address));
  const gov: SimulationGovernance | null = dao
    ? {
        dao: dao.address,
        token: dao.token,
        proposalId: null,
        proposer: '',
        quorumVotes: null,
        forVotes: null,
        againstVotes: null,
        voteEnd: null,
        eta: null,
      }
    : null;

  const tPrepared = Date.now();
  let tSteps = tPrepared;
  let tCollected = tPrepared;
  const snapshot = await chain.snapshot();
  let aborted = false;
  let failedWith: unknown;
  let collected: { loupeAfter: LoupeRow[]; initResult: InitResult | null; storage: StorageRow[] } | undefined;
  let expected: StateRead | undefined;
  try {
    try {
      if (await sim.deployFacets()) {
        if (dao && gov) await sim.cutThroughDao(dao, inputs.governance ?? {}, gov);
        else await sim.cutAsOwner(owner);
      }
      tSteps = Date.now();
      report('Reading the loupe, the init outcome and the storage written', 5);
      collected = await collect(chain, sim, inputs, before.blockNumber);
      tCollected = Date.now();
    } catch (err) {
      if (err instanceof Aborted) aborted = true;
      else failedWith = err;
    }
    // What the simulation touched, as it was at the snapshot's block (read before the revert).
    expected = await readState(chain, sim.used, sim.touched, before.blockNumber);
  } finally {
    report(`Reverting to the snapshot at block ${before.blockNumber}`, 5);
    const reverted = await chain.revert(snapshot).catch(() => false);
    await chain.stopImpersonating();
    if (!reverted && failedWith === undefined)
      failedWith = new RestoreMismatchError([`evm_revert ${snapshot} failed`]);
  }

  report('Checking the chain is restored (block, loupe, every account and slot touched)');
  const mismatches = compareFingerprints(before, await fingerprint(chain, diamond));
  const clock = await restoreClock(chain, before, mismatches);
  const now = await readState(chain, sim.used, sim.touched, 'latest');
  if (!expected) throw failedWith ?? new Error('the simulated state was not read');
  mismatches.push(...compareState(expected, now));
  if (mismatches.length) throw new RestoreMismatchError(mismatches, failedWith);
  if (failedWith !== undefined) throw failedWith;
  if (aborted) {
    const err = new WorkflowAbortedError(SIMULATE_UPGRADE_ACTION.doing);
    err.message = `${SIMULATE_UPGRADE_ACTION.doing} was cancelled after ${sim.steps.length} step(s); the chain was reverted to its snapshot and checked`;
    throw err;
  }
  const slots = [...expected.values()].reduce((n, a) => n + a.slots.size, 0);
  const result: SimulationResult = {
    ok: sim.failure === null,
    chainId: plan.chainId,
    rpcUrl: inputs.connection.url,
    mode,
    forkBlock,
    diamond,
    owner,
    path: dao ? 'protocol-dao' : 'owner',
    governance: gov,
    failure: sim.failure,
    steps: sim.steps,
    loupeBefore: loupeRows(before.loupe),
    loupeAfter: collected!.loupeAfter,
    events: sim.events,
    initResult: collected!.initResult,
    storage: collected!.storage,
    restored: true,
    restoreCheck: {
      blockNumber: before.blockNumber,
      blockHash: before.blockHash,
      accounts: expected.size,
      slots,
      loupe: true,
      clock,
    },
    timings: {
      prepareMs: tPrepared - t0,
      stepsMs: tSteps - tPrepared,
      collectMs: tCollected - tSteps,
      restoreMs: Date.now() - tCollected,
    },
    totalMs: Date.now() - t0,
  };
  report(
    `Simulation ${result.ok ? 'passed' : `failed at "${sim.failure?.step}"`}; the chain was reverted and checked`,
    5,
  );
  return result;
}

/** After the steps, before the revert: the loupe, the init outcome and the diamond's written slots, named. */
async function collect(
  chain: DevChain,
  sim: Simulation,
  inputs: SimulateUpgradeInputs,
  startBlock: number,
): Promise<{ loupeAfter: LoupeRow[]; initResult: InitResult | null; storage: StorageRow[] }> {
  const diamond = lower(inputs.plan.diamond);
  const after = await fingerprint(chain, inputs.plan.diamond);
  sim.checkAbort();
  const initResult = await sim.initResult();
  const slots = [...(sim.touched.get(diamond) ?? [])].sort();
  const touchedDiamond: TouchedState = new Map([[diamond, new Set(slots)]]);
  const [was, is] = [
    await readState(chain, [], touchedDiamond, startBlock),
    await readState(chain, [], touchedDiamond, 'latest'),
  ];
  const writes = slots.map((slot) => ({
    slot,
    before: was.get(diamond)!.slots.get(slot)!,
    after: is.get(diamond)!.slots.get(slot)!,
  }));
  const namespaces = inputs.namespaces ?? [];
  // Mapping entries named from the keys the transactions showed first (no trace); the struct-log traces
  // (megabytes for a governance execute) only when a written slot stays unnamed.
  const preimages =
    slots.length && namespaces.length
      ? candidatePreimages(slots, namespaces, sim.candidateKeys())
      : new Map<string, string>();
  let storage = attributeStorage(writes, namespaces, preimages);
  if (namespaces.length && (inputs.alwaysTrace || storage.some((r) => r.namespace === null))) {
    for (const hash of sim.diamondWriters) {
      sim.checkAbort();
      // Read and parsed in a worker (trace-preimages.ts): megabytes of JSON, off the caller's thread.
      await tracePreimages({ url: chain.client.url, hash }, preimages, {
        workerPath: inputs.traceWorkerPath,
        signal: sim.options.signal,
      }).catch((err: unknown) => {
        sim.checkAbort(); // a cancel terminated the worker: a cancel, not a failure
        throw err;
      });
    }
    storage = attributeStorage(writes, namespaces, preimages);
  }
  return { loupeAfter: loupeRows(after.loupe), initResult, storage };
}
