/**
 * The simulate workflow (chain/src/workflows/upgrade-simulate.ts) on real nodes, called as a face calls it
 * (connect → simulateUpgrade), with UpgradePlans built in the test (helpers/sim-fixture.ts):
 * - the DLOOP diamond on the embedded Hardhat node, through its ProtocolDAO: the Rewards v1 → v2 upgrade passes
 *   (loupe after = the routing computed here; DAO and cut events; rewards.v2 storage named at the slots computed
 *   here; the state diff equal to the same path run by hand); an init that reverts, a defeated vote, a vote short
 *   of quorum, a proposer without votes, and a cancel each leave ok false / WorkflowAbortedError;
 * - a plain owned diamond, cut by impersonating owner();
 * - a fork of the first node (the workflow's own embedded fork), against which the first node does not move;
 * - anvil with chain id 5 (not a local dev node): refused with nothing sent; simulated on a fork of it.
 * After every simulation the chain is read here, independently of the workflow's own check: block number,
 * latest hash, loupe, the slots involved, and the balances, nonces and code of the accounts involved.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Wallet, getAddress, toBeHex } from 'ethers';
import { connect, type ChainConnection } from '../../chain/src/connect';
import { projectNamespaces } from '../../chain/src/project-namespaces';
import { RpcClient, RpcError } from '../../chain/src/rpc';
import { providerFor } from '../../chain/src/signer';
import { LAYOUT_PROBE_FILE } from '../../chain/src/simulation/namespace-layouts';
import type { SimulationNamespace } from '../../chain/src/simulation/storage-layout';
import { simulationMarkdown } from '../../chain/src/upgrade-simulation-report';
import type { UpgradePlan } from '../../chain/src/upgrade-plan-types';
import {
  NotLocalDevChainError,
  PlanNotSimulatableError,
  PredictedAddressMismatchError,
  RestoreMismatchError,
  simulateUpgrade,
  type SimulateUpgradeInputs,
  type SimulationResult,
} from '../../chain/src/workflows/upgrade-simulate';
import { WorkflowAbortedError, type WorkflowProgress } from '../../chain/src/workflows/workflow';
import { buildDloop } from './helpers/dloop-build';
import { HOLDINGS } from './helpers/dloop-fixture';
import { areaSlot, mappingSlot } from './helpers/namespaces';
import { observe, type Observed } from './helpers/observe';
import {
  addFacetPlan,
  deployPlainDiamond,
  deploySimDloop,
  rewardsV2Plan,
  startDloopSimulation,
  startSimNode,
  units,
  upgradeByHand,
  type SimDloop,
  type SimNode,
} from './helpers/sim-fixture';
import { startAnvil, type Anvil } from './support/anvil';
import { startRpcProxy } from './support/rpc-proxy';
import { repoRoot, tempWorkspace, waitFor } from './support/env';
import { runSimulate } from '../../cli/src/commands/upgrade-simulate';
import { compileProject } from '../../chain/src/compile';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { redactUrl } from '../../chain/src/redact';
import { LocalNodeController } from '../../client/src/local-node';
import { Logger } from '../../client/src/log';
import {
  simulateFromEditor,
  simulationVerdict,
  type EditorSimulateInputs,
  type ForkChoice,
} from '../../client/src/upgrade-simulate';
import { EXIT_USAGE, type ParsedArgs } from '../../cli/src/command';

const CONTRACTS = join(repoRoot(), 'contracts');
const COLD = '0x000000000000000000000000000000000000c01d';
const word = (v: bigint) => toBeHex(v, 32);

/** Every address whose balance, nonce and code a DLOOP simulation may touch, and the slots it may write. */
function dloopScope(fx: SimDloop, plan: UpgradePlan) {
  const d = fx.deployment;
  const rewardsV2 = areaSlot('rewardsV2');
  const slots = [
    // ProtocolDAO: diamond, proposalCount, and proposal 1's first slots (mapping at slot 2).
    ...[0n, 1n].map((k) => ({ address: d.governance, slot: word(k) })),
    ...[0n, 1n, 2n, 3n].map((k) => ({
      address: d.governance,
      slot: word(mappingSlot('bytes32', word(1n), 2n) + k),
    })),
    // The rewards v2 namespace (6 fields), extension storage, the v1 total.
    ...[0n, 1n, 2n, 3n, 4n].map((k) => ({ address: d.diamond, slot: word(rewardsV2 + k) })),
    { address: d.diamond, slot: word(areaSlot('rewardsExt')) },
    { address: d.diamond, slot: word(areaSlot('rewards') + 4n) },
    { address: d.diamond, slot: word(mappingSlot('address', fx.bob.address, rewardsV2)) },
  ];
  const accounts = [
    fx.deployer.address,
    fx.alice.address,
    fx.bob.address,
    fx.carol.address,
    fx.outsider.address,
    COLD,
    d.governance,
    d.token,
    d.diamond,
    ...plan.deploy.map((p) => p.predictedAddress),
  ];
  return { diamond: d.diamond, accounts, slots };
}

/** The routing after the Rewards cut, computed from the loupe before and the cut (not by the workflow). */
function expectedRouting(beforeLoupe: Record<string, string[]>, plan: UpgradePlan, oldFacet: string) {
  const out = { ...beforeLoupe };
  delete out[oldFacet.toLowerCase()];
  out[plan.deploy[0].predictedAddress.toLowerCase()] = plan.cut
    .flatMap((c) => c.functionSelectors)
    .map((s) => s.toLowerCase())
    .sort();
  return out;
}

const rowsAsLoupe = (rows: SimulationResult['loupeAfter']) =>
  Object.fromEntries(rows.map((r) => [r.facetAddress.toLowerCase(), [...r.functionSelectors].sort()]));

describe('simulating an upgrade of the DLOOP diamond through its ProtocolDAO (embedded Hardhat node)', () => {
  let sim: SimNode;
  let fx: SimDloop;
  let conn: ChainConnection;
  let namespaces: SimulationNamespace[];

  before(async () => {
    const started = await startDloopSimulation('simulate');
    ({ sim, fx, namespaces } = started);
    assert.deepEqual(started.problems, []);
    conn = await connect(sim.url);
  });
  after(() => sim?.close());

  const simulate = (
    plan: UpgradePlan,
    over: Partial<SimulateUpgradeInputs> = {},
    signal?: AbortSignal,
    progress: WorkflowProgress[] = [],
  ) =>
    simulateUpgrade(
      { connection: conn, plan, artifacts: fx.build.artifacts, namespaces, ...over },
      { onProgress: (p) => progress.push(p), signal },
    );

  /** Runs `act` and asserts the chain reads the same before and after it. */
  async function leavesNoTrace<T>(
    plan: UpgradePlan,
    act: () => Promise<T>,
  ): Promise<{ value: T; before: Observed }> {
    const scope = dloopScope(fx, plan);
    const beforeState = await observe(sim.url, sim.provider, scope);
    const value = await act();
    const afterState = await observe(sim.url, sim.provider, scope);
    assert.deepEqual(afterState, beforeState, 'the chain reads the same after the simulation');
    for (const p of plan.deploy)
      assert.equal(afterState.accounts[p.predictedAddress.toLowerCase()].code, '0x');
    return { value, before: beforeState };
  }

  test("solc's layouts of the namespaces: rewards.v2 as LibRewardsStorageV2.sol declares it; no file written", () => {
    const v2 = namespaces.find((n) => n.id === 'dloop.storage.rewards.v2');
    assert.ok(v2?.layout, 'rewards.v2 has a layout');
    assert.equal(BigInt(v2.slot), areaSlot('rewardsV2'));
    assert.deepEqual(
      v2.layout.members.map((m) => [m.name, m.slot, m.offset, m.type.kind]),
      [
        ['accounts', 0, 0, 'mapping'],
        ['participants', 1, 0, 'array'],
        ['isParticipant', 2, 0, 'mapping'],
        ['totalDistributed', 3, 0, 'value'],
        ['distributor', 4, 0, 'value'],
        ['migratedFromV1', 4, 20, 'value'],
      ],
    );
    assert.ok(!existsSync(join(CONTRACTS, LAYOUT_PROBE_FILE)));
  });

  test('Rewards v1 → v2 passes: loupe, events, named storage, the same diff as the path run by hand; no trace', async () => {
    const plan = await rewardsV2Plan(fx, { multiplierBps: 15_000, deployer: fx.deployer.address });
    const { value: result, before: state } = await leavesNoTrace(plan, () => simulate(plan));
    assert.equal(result.ok, true, result.failure?.reason);
    assert.equal(result.path, 'protocol-dao');
    assert.equal(result.restored, true);
    assert.equal(JSON.parse(JSON.stringify(result)).steps.length, result.steps.length, 'JSON-able');

    // The proposer is the largest holder (the cold address, found from Transfer logs and impersonated).
    assert.equal(result.governance?.proposer, getAddress(COLD));
    assert.deepEqual(
      result.steps.map((s) => [s.kind, s.ok]),
      [
        ['deploy', true],
        ['deploy', true],
        ['propose', true],
        ['vote', true],
        ['time', true],
        ['execute', true],
      ],
    );
    for (const s of result.steps.filter((x) => x.kind !== 'time'))
      assert.ok(s.txHash && s.gasUsed! > 21_000, s.name);

    assert.deepEqual(rowsAsLoupe(result.loupeBefore), state.loupe);
    assert.deepEqual(
      rowsAsLoupe(result.loupeAfter),
      expectedRouting(state.loupe, plan, fx.deployment.facets.RewardsFacet),
    );

    const names = result.events.map((e) => e.name);
    for (const n of ['ProposalCreated', 'VoteCast', 'DiamondCut', 'RewardsMigratedToV2', 'ProposalExecuted'])
      assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    const cutEvent = result.events.find((e) => e.name === 'DiamondCut')!;
    assert.equal(cutEvent.address, getAddress(fx.deployment.diamond));
    assert.equal(cutEvent.args?._init, plan.init!.address);
    assert.deepEqual(result.events.find((e) => e.name === 'RewardsMigratedToV2')!.args, {
      participants: '3',
      totalDistributed: units(357).toString(),
      multiplierBps: '15000',
    });
    assert.deepEqual(result.initResult, { ok: true, ran: true, revert: null });

    // rewards.v2 fields at the slots computed here, with the values the migration must write.
    const root = areaSlot('rewardsV2');
    const row = (slot: bigint) => result.storage.find((r) => r.slot === word(slot));
    assert.deepEqual(
      [root + 1n, root + 3n, root + 4n].map((s) => [row(s)?.namespace, row(s)?.field]),
      [
        ['dloop.storage.rewards.v2', 'participants.length'],
        ['dloop.storage.rewards.v2', 'totalDistributed'],
        ['dloop.storage.rewards.v2', '{distributor, migratedFromV1}'],
      ],
    );
    assert.equal(BigInt(row(root + 3n)!.after), units(357));
    const bobEntry = row(mappingSlot('address', fx.bob.address, root));
    assert.equal(bobEntry?.field, `accounts[${fx.bob.address}].{pending, claimed}`);
    assert.equal(BigInt(bobEntry!.after), units(250)); // pending in the low 128 bits, claimed 0
    assert.equal(row(areaSlot('rewardsExt'))?.field, 'multiplierBps');
    assert.ok(
      result.storage.every((r) => r.namespace !== null),
      'every slot the cut writes is attributed',
    );

    // The same path by hand on a snapshot: every slot the report lists reads its `before` now and its `after` then.
    const rpc = sim.rpc;
    for (const r of result.storage)
      assert.equal(
        BigInt(await sim.rpc.request<string>('eth_getStorageAt', [fx.deployment.diamond, r.slot, 'latest'])),
        BigInt(r.before),
        r.field ?? r.slot,
      );
    const snap = await rpc.request<string>('evm_snapshot');
    try {
      await upgradeByHand(fx, plan);
      for (const r of result.storage) {
        const v = await rpc.request<string>('eth_getStorageAt', [fx.deployment.diamond, r.slot, 'latest']);
        assert.equal(BigInt(v), BigInt(r.after), r.field ?? r.slot);
      }
    } finally {
      assert.equal(await rpc.request('evm_revert', [snap]), true);
    }

    const md = simulationMarkdown(result, plan);
    assert.match(md, /Verdict: ✅/);
    assert.match(md, /\| `0x6f2c590a` \| `rewardMultiplier\(\)` \| add \|/);
    assert.match(md, /### `dloop\.storage\.rewards\.v2`/);
  });

  test('storage named from the keys the transactions showed equals storage named through the struct-log trace', async () => {
    const plan = await rewardsV2Plan(fx, { multiplierBps: 15_000, deployer: fx.deployer.address });
    const fromKeys = await simulate(plan);
    const fromTrace = await simulate(plan, { alwaysTrace: true });
    assert.equal(fromKeys.ok, true, fromKeys.failure?.reason);
    assert.ok(fromKeys.storage.length > 5, 'the cut writes storage');
    assert.ok(
      fromKeys.storage.some((r) => r.field?.startsWith('accounts[')),
      'a mapping entry (accounts[bob]) among the rows',
    );
    assert.deepEqual(fromKeys.storage, fromTrace.storage);
  });

  test('an init that reverts: ok false, MultiplierOutOfRange decoded in initResult, the loupe unchanged; no trace', async () => {
    const plan = await rewardsV2Plan(fx, { multiplierBps: 0, deployer: fx.deployer.address });
    const { value: result, before: state } = await leavesNoTrace(plan, () => simulate(plan));
    assert.equal(result.ok, false);
    assert.equal(result.failure?.step, 'Execute the proposal');
    assert.equal(result.failure?.error?.name, 'MultiplierOutOfRange');
    assert.equal(result.initResult?.ran, true);
    assert.equal(result.initResult?.ok, false);
    assert.equal(result.initResult?.revert?.name, 'MultiplierOutOfRange');
    assert.deepEqual(result.initResult?.revert?.args, { multiplierBps: '0' });
    const last = result.steps.at(-1)!;
    assert.deepEqual([last.kind, last.ok, last.txHash], ['execute', false, null]);
    assert.deepEqual(rowsAsLoupe(result.loupeAfter), state.loupe);
    assert.match(simulationMarkdown(result, plan), /Verdict: ❌.*MultiplierOutOfRange/);
  });

  test('votes against: ProposalDefeated; short of quorum: QuorumNotMet; a proposer without votes: InsufficientVotingPower; no trace', async () => {
    const plan = await rewardsV2Plan(fx, { multiplierBps: 15_000, deployer: fx.deployer.address });
    const cases: [string, SimulateUpgradeInputs['governance'], string, string, Record<string, string>][] = [
      [
        'against',
        {
          proposer: fx.alice.address,
          votes: [
            { voter: fx.alice.address, support: true },
            { voter: fx.bob.address, support: true },
            { voter: COLD, support: false },
          ],
        },
        'Execute the proposal',
        'ProposalDefeated',
        {
          id: '1',
          forVotes: (HOLDINGS.alice + HOLDINGS.bob).toString(),
          againstVotes: units(94_000_000).toString(),
        },
      ],
      [
        'quorum',
        { proposer: fx.alice.address, votes: [{ voter: fx.alice.address, support: true }] },
        'Execute the proposal',
        'QuorumNotMet',
        { id: '1', forVotes: HOLDINGS.alice.toString(), quorumVotes: units(4_000_000).toString() },
      ],
      [
        'proposer',
        { proposer: fx.outsider.address },
        'Propose the cut',
        'InsufficientVotingPower',
        { account: fx.outsider.address, votes: '0', threshold: units(10_000).toString() },
      ],
    ];
    for (const [what, governance, step, error, args] of cases) {
      const { value: result } = await leavesNoTrace(plan, () => simulate(plan, { governance }));
      assert.equal(result.ok, false, what);
      assert.equal(result.failure?.step, step, what);
      assert.equal(result.failure?.error?.name, error, what);
      assert.deepEqual(result.failure?.error?.args, args, what);
      assert.equal(result.initResult?.ran, false, what);
    }
  });

  test("the node's clock: the next block's timestamp after a simulation is where it would have been", async () => {
    // Move the clock ahead of the last block, so the next block's time follows the clock (not last block + 1).
    await sim.rpc.request('evm_increaseTime', [3_600]);
    await sim.rpc.request('evm_mine');
    const pending = async () =>
      Number(
        BigInt(
          (await sim.rpc.request<{ timestamp: string }>('eth_getBlockByNumber', ['pending', false]))
            .timestamp,
        ),
      );
    const latest = async () =>
      Number(
        BigInt(
          (await sim.rpc.request<{ timestamp: string }>('eth_getBlockByNumber', ['latest', false])).timestamp,
        ),
      );
    await waitFor('the clock to pass the last block', async () =>
      (await pending()) > (await latest()) + 1 ? true : undefined,
    );
    const plan = await rewardsV2Plan(fx, { multiplierBps: 15_000, deployer: fx.deployer.address });
    const t0 = Date.now();
    const p0 = await pending();
    // Several in a row: a clock left ahead by each would add up to more than the time they took.
    for (let i = 0; i < 4; i++) assert.ok((await simulate(plan)).restoreCheck.clock.checked);
    const p1 = await pending();
    const elapsed = Math.ceil((Date.now() - t0) / 1000);
    assert.ok(
      p1 >= p0 && p1 <= p0 + elapsed + 1,
      `next block at +${p1 - p0} s after ${elapsed} s of simulations`,
    );
  });

  test('cancelled after the deploy steps: WorkflowAbortedError, the deployments reverted; no trace', async () => {
    const plan = await rewardsV2Plan(fx, { multiplierBps: 15_000, deployer: fx.deployer.address });
    const controller = new AbortController();
    const progress: WorkflowProgress[] = [];
    const seen: string[] = [];
    await leavesNoTrace(plan, async () => {
      const run = simulateUpgrade(
        { connection: conn, plan, artifacts: fx.build.artifacts, namespaces },
        {
          signal: controller.signal,
          onProgress: (p) => {
            progress.push(p);
            if (p.message.startsWith('Deploy RewardsMigrationV2:')) {
              // The deployments are on chain now: what the cancel must undo.
              seen.push('deployed');
              controller.abort();
            }
          },
        },
      );
      await assert.rejects(
        run,
        (err: unknown) => err instanceof WorkflowAbortedError && /reverted/.test(err.message),
      );
    });
    assert.deepEqual(seen, ['deployed']);
    assert.ok(!progress.some((p) => /Propose/.test(p.message)), 'nothing after the cancel');
  });

  test('cancelled during the vote (the vote in flight is mined, nothing after it): the chain bit-for-bit unchanged', async () => {
    const plan = await rewardsV2Plan(fx, { multiplierBps: 15_000, deployer: fx.deployer.address });
    const controller = new AbortController();
    const progress: string[] = [];
    await leavesNoTrace(plan, async () => {
      const run = simulateUpgrade(
        { connection: conn, plan, artifacts: fx.build.artifacts, namespaces },
        {
          signal: controller.signal,
          onProgress: (p) => {
            progress.push(p.message);
            // The vote step has started (its name is announced before its call and its transaction).
            if (/^Vote for \(0x[0-9a-fA-F]{40}\)…$/.test(p.message)) controller.abort();
          },
        },
      );
      await assert.rejects(
        run,
        (err: unknown) =>
          err instanceof WorkflowAbortedError && /after 4 step\(s\).*reverted.*checked/.test(err.message),
      );
    });
    const at = progress.findIndex((m) => /^Vote for .*…$/.test(m));
    assert.ok(at > 0, progress.join(' | '));
    // The vote sent before the cancel was noticed was mined (its gas reported), and the chain reverted anyway.
    assert.match(progress[at + 1], /^Vote for \(0x[0-9a-fA-F]{40}\): \d+ gas$/);
    assert.ok(!progress.some((m) => /^Advance|^Execute/.test(m)), 'no step after the vote');
    assert.ok(
      progress.indexOf('Checking the chain is restored (block, loupe, every account and slot touched)') >
        progress.findIndex((m) => m.startsWith('Reverting to the snapshot')),
      'reverted, then checked',
    );
  });
});

describe('simulating on a plain owned diamond and on forks', () => {
  let sim: SimNode;
  let fx: SimDloop;
  let conn: ChainConnection;
  const OWNER = getAddress('0x00000000000000000000000000000000000a11ce');
  const DEPLOYER = getAddress('0x00000000000000000000000000000000000de910');

  before(async () => {
    sim = await startSimNode('simulate-plain');
    fx = await deploySimDloop(sim);
    conn = await connect(sim.url);
    // A deployer no node holds a key for, with gas money: the workflow must impersonate it.
    await sim.rpc.request('hardhat_setBalance', [DEPLOYER, '0x56bc75e2d63100000']);
  });
  after(() => sim?.close());

  /** A new plain diamond owned by OWNER, and the plan that Adds `facet` to it from `deployer`. */
  async function plainDiamondPlan(
    facet: string,
    deployer: string,
  ): Promise<{ diamond: string; plan: UpgradePlan }> {
    const { diamond } = await deployPlainDiamond(fx.deployer, fx.build, OWNER);
    const plan = await addFacetPlan({
      build: fx.build,
      rpc: sim.rpc,
      rpcUrl: sim.url,
      chainId: 31337,
      diamond,
      facet,
      deployer,
    });
    return { diamond, plan };
  }

  test('a diamond owned by an EOA: diamondCut from the impersonated owner; impersonation stopped; no trace', async () => {
    const { diamond, plan } = await plainDiamondPlan('OracleFacet', DEPLOYER);
    const scope = { diamond, accounts: [OWNER, DEPLOYER, diamond, plan.deploy[0].predictedAddress] };
    const beforeState = await observe(sim.url, sim.provider, scope);
    const result = await simulateUpgrade({
      connection: conn,
      plan,
      artifacts: fx.build.artifacts,
      namespaces: projectNamespaces(CONTRACTS), // no layouts: slots named by distance from the root
    });
    assert.deepEqual(await observe(sim.url, sim.provider, scope), beforeState);
    assert.equal(result.ok, true, result.failure?.reason);
    assert.equal(result.path, 'owner');
    assert.equal(result.owner, OWNER);
    assert.deepEqual(
      result.steps.map((s) => [s.kind, s.from, s.ok]),
      [
        ['deploy', DEPLOYER, true],
        ['cut', OWNER, true],
      ],
    );
    const expected = {
      ...beforeState.loupe,
      [plan.deploy[0].predictedAddress.toLowerCase()]: [
        ...fx.build.methodIdentifiers('OracleFacet').values(),
      ].sort(),
    };
    assert.deepEqual(rowsAsLoupe(result.loupeAfter), expected);
    assert.deepEqual(
      result.events.map((e) => e.name),
      ['DiamondCut'],
    );
    assert.equal(result.initResult, null);
    const diamondRoot = areaSlot('diamond');
    const facetsLength = result.storage.find((r) => r.slot === word(diamondRoot + 2n));
    assert.deepEqual([facetsLength?.namespace, facetsLength?.field], ['dloop.storage.diamond.v1', '+2']);
    assert.equal(BigInt(facetsLength!.after), BigInt(facetsLength!.before) + 1n);
    // The owner and the deployer are no longer impersonated: the node refuses to send for them.
    for (const from of [OWNER, DEPLOYER]) {
      await assert.rejects(
        sim.rpc.request('eth_sendTransaction', [{ from, to: from, value: '0x0' }]),
        (err: unknown) => err instanceof RpcError,
        from,
      );
    }
    assert.match(simulationMarkdown(result, plan), /diamondCut from the owner/);
  });

  test('plans refused before anything is sent: errors in the plan, calldata off its hash, a deployer nonce that moved on', async () => {
    const { plan } = await plainDiamondPlan('FeeFacet', fx.carol.address);
    await (await fx.carol.sendTransaction({ to: fx.carol.address, value: 0n })).wait(); // the planned nonce is used
    const proxy = await startRpcProxy(sim.url);
    try {
      // A plan with an error finding, or calldata that is not what it hashes to, is refused before any request.
      const connection = await connect(proxy.url);
      const asked = proxy.requests.length;
      const finding = {
        rule: 'live-selector-conflict',
        severity: 'error' as const,
        message: 'two facets route 0x12345678',
      };
      for (const bad of [
        { ...plan, findings: [finding] },
        { ...plan, calldata: `${plan.calldata}00` },
      ]) {
        await assert.rejects(
          simulateUpgrade({ connection, plan: bad, artifacts: fx.build.artifacts }),
          (err: unknown) => err instanceof PlanNotSimulatableError,
        );
      }
      assert.equal(proxy.requests.length, asked);
      await assert.rejects(
        simulateUpgrade({
          connection: await connect(proxy.url),
          plan: { ...plan, rpcUrl: proxy.url },
          artifacts: fx.build.artifacts,
        }),
        (err: unknown) =>
          err instanceof PredictedAddressMismatchError &&
          err.contract === 'FeeFacet' &&
          err.predicted === plan.deploy[0].predictedAddress,
      );
      const sent = proxy.requests.flat();
      for (const m of [
        'evm_snapshot',
        'eth_sendTransaction',
        'hardhat_impersonateAccount',
        'hardhat_setBalance',
      ])
        assert.ok(!sent.includes(m), m);
    } finally {
      await proxy.close();
    }
  });

  test("the workflow's own check: a node whose evm_revert does nothing gives RestoreMismatchError", async () => {
    const { plan } = await plainDiamondPlan('FeeFacet', fx.carol.address);
    const own = await sim.rpc.request<string>('evm_snapshot');
    // evm_revert answered `true` by the proxy and never reaches the node.
    const proxy = await startRpcProxy(
      sim.url,
      () => false,
      (call) => (call.method === 'evm_revert' ? true : undefined),
    );
    try {
      await assert.rejects(
        simulateUpgrade({
          connection: await connect(proxy.url),
          plan: { ...plan, rpcUrl: proxy.url },
          artifacts: fx.build.artifacts,
        }),
        (err: unknown) =>
          err instanceof RestoreMismatchError &&
          err.mismatches.some((m) => m.startsWith('block number')) &&
          err.mismatches.some((m) => m.startsWith('the diamond loupe')) &&
          err.mismatches.some((m) =>
            m.startsWith(`code of ${plan.deploy[0].predictedAddress.toLowerCase()}`),
          ),
      );
    } finally {
      await proxy.close();
      assert.equal(await sim.rpc.request('evm_revert', [own]), true);
    }
  });

  test("a fork of the first node: the workflow's embedded fork simulates what the node would; the node does not move", async () => {
    const plan = await rewardsV2Plan(fx, { multiplierBps: 12_000, deployer: fx.deployer.address });
    const scope = dloopScope(fx, plan);
    const beforeState = await observe(sim.url, sim.provider, scope);
    const proxy = await startRpcProxy(sim.url);
    try {
      const forked = await simulateUpgrade(
        {
          connection: await connect(proxy.url),
          plan: { ...plan, rpcUrl: proxy.url },
          artifacts: fx.build.artifacts,
          fork: true,
        },
        {},
      );
      assert.equal(forked.ok, true, forked.failure?.reason);
      assert.equal(forked.mode, 'fork');
      assert.equal(forked.forkBlock, beforeState.blockNumber);
      const sent = proxy.requests.flat();
      for (const m of [
        'eth_sendTransaction',
        'evm_snapshot',
        'evm_revert',
        'hardhat_impersonateAccount',
        'hardhat_setBalance',
      ])
        assert.ok(!sent.includes(m), `${m} never reaches the forked node`);
      assert.deepEqual(
        await observe(sim.url, sim.provider, scope),
        beforeState,
        'the forked node did not move',
      );
      // The same plan on the node itself: the same routing and the same storage written.
      const local = await simulateUpgrade({ connection: conn, plan, artifacts: fx.build.artifacts });
      assert.deepEqual(rowsAsLoupe(forked.loupeAfter), rowsAsLoupe(local.loupeAfter));
      assert.deepEqual(
        rowsAsLoupe(forked.loupeAfter),
        expectedRouting(beforeState.loupe, plan, fx.deployment.facets.RewardsFacet),
      );
      assert.deepEqual(
        forked.storage.map((r) => [r.slot, r.before, r.after]),
        local.storage.map((r) => [r.slot, r.before, r.after]),
      );
      assert.match(simulationMarkdown(forked, plan), /a Hardhat fork of chain 31337/);
    } finally {
      await proxy.close();
    }
  });
});

describe('anvil as the local dev node (chain 31337, another node implementation)', () => {
  let anvil: Anvil;
  after(() => anvil?.stop());

  test('a plain owned diamond simulated on anvil itself; no trace', async () => {
    anvil = await startAnvil();
    const provider = providerFor(anvil.url, 31337);
    try {
      const build = await buildDloop();
      const rpc = new RpcClient(anvil.url);
      const [deployer, other] = await rpc.request<string[]>('eth_accounts');
      const owner = getAddress('0x00000000000000000000000000000000000a11ce');
      const { diamond } = await deployPlainDiamond(await provider.getSigner(deployer), build, owner);
      const plan = await addFacetPlan({
        build,
        rpc,
        rpcUrl: anvil.url,
        chainId: 31337,
        diamond,
        facet: 'OracleFacet',
        deployer: other,
      });
      const scope = { diamond, accounts: [owner, deployer, other, diamond, plan.deploy[0].predictedAddress] };
      const beforeState = await observe(anvil.url, provider, scope);
      const result = await simulateUpgrade({
        connection: await connect(anvil.url),
        plan,
        artifacts: build.artifacts,
        namespaces: projectNamespaces(CONTRACTS),
      });
      assert.deepEqual(await observe(anvil.url, provider, scope), beforeState);
      assert.deepEqual(
        [result.ok, result.mode, result.path],
        [true, 'local', 'owner'],
        result.failure?.reason,
      );
      assert.deepEqual(
        result.events.map((e) => e.name),
        ['DiamondCut'],
      );
      assert.ok(result.storage.some((r) => r.namespace === 'dloop.storage.diamond.v1'));
    } finally {
      provider.destroy();
    }
  });
});

describe('a chain that is not a local dev node (anvil, chain id 5)', () => {
  let anvil: Anvil;
  let build: SimDloop['build'];
  let diamond: string;
  let plan: UpgradePlan;
  const KEY0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
  const OWNER = getAddress('0x00000000000000000000000000000000000b0b00');

  before(async () => {
    anvil = await startAnvil(['--chain-id', '5']);
    const provider = providerFor(anvil.url, 5);
    try {
      const wallet = new Wallet(KEY0, provider);
      build = await buildDloop();
      ({ diamond } = await deployPlainDiamond(wallet, build, OWNER));
      plan = await addFacetPlan({
        build,
        rpc: new RpcClient(anvil.url),
        rpcUrl: anvil.url,
        chainId: 5,
        diamond,
        facet: 'FeeFacet',
        deployer: wallet.address,
      });
    } finally {
      provider.destroy();
    }
  });
  after(() => anvil?.stop());

  test('refused with NotLocalDevChainError, nothing sent (not even a read)', async () => {
    const proxy = await startRpcProxy(anvil.url);
    try {
      const connection = await connect(proxy.url);
      const before = proxy.requests.length;
      await assert.rejects(
        simulateUpgrade({ connection, plan, artifacts: build.artifacts }),
        (err: unknown) =>
          err instanceof NotLocalDevChainError && err.chainId === 5 && /fork/.test(err.message),
      );
      assert.equal(proxy.requests.length, before, 'the workflow sent no request');
    } finally {
      await proxy.close();
    }
  });

  test('the CLI face: exit 2 without --fork; with --fork text, --json and --report', async () => {
    const ws = tempWorkspace('simulate-cli');
    try {
      const out: string[] = [];
      const err: string[] = [];
      const io = {
        cwd: ws.dir,
        env: {},
        stdout: (t: string) => out.push(t),
        stderr: (t: string) => err.push(t),
      };
      const args = (options: ParsedArgs['options']): ParsedArgs => ({
        positionals: [],
        options: { rpc: anvil.url, ...options },
      });
      assert.equal(
        await runSimulate(plan, args({}), io, { artifacts: build.artifacts, namespaces: [] }),
        EXIT_USAGE,
      );
      assert.match(err.join(''), /not a local dev node.*--fork/);
      assert.equal(out.length, 0);
      out.length = 0;
      assert.equal(await runSimulate(plan, args({ fork: true }), io), 0);
      assert.match(out.join(''), /^Simulation passed/);
      out.length = 0;
      const code = await runSimulate(plan, args({ fork: true, json: true, report: 'sim.md' }), io, {
        artifacts: build.artifacts,
        namespaces: [],
      });
      assert.equal(code, 0);
      const json = JSON.parse(out.join('')) as SimulationResult;
      assert.deepEqual([json.ok, json.mode, json.chainId], [true, 'fork', 5]);
      assert.match(readFileSync(join(ws.dir, 'sim.md'), 'utf8'), /^# Upgrade simulation[\s\S]*Verdict: ✅/);
    } finally {
      ws.cleanup();
    }
  });

  test('simulated on a fork of it: the owner impersonated on the fork, anvil unchanged', async () => {
    const rpc = new RpcClient(anvil.url);
    const provider = providerFor(anvil.url, 5);
    try {
      const scope = { diamond, accounts: [OWNER, plan.deployer, diamond, plan.deploy[0].predictedAddress] };
      const beforeState = await observe(anvil.url, provider, scope);
      const connection = await connect(anvil.url);
      assert.equal(connection.isLocalDevChain, false);
      const result = await simulateUpgrade({ connection, plan, artifacts: build.artifacts, fork: true });
      assert.equal(result.ok, true, result.failure?.reason);
      assert.deepEqual([result.mode, result.chainId, result.path, result.owner], ['fork', 5, 'owner', OWNER]);
      assert.deepEqual(rowsAsLoupe(result.loupeAfter), {
        ...beforeState.loupe,
        [plan.deploy[0].predictedAddress.toLowerCase()]: [
          ...build.methodIdentifiers('FeeFacet').values(),
        ].sort(),
      });
      assert.deepEqual(await observe(anvil.url, provider, scope), beforeState);
      assert.equal(
        await rpc.request<string>('eth_getCode', [plan.deploy[0].predictedAddress, 'latest']),
        '0x',
      );
    } finally {
      provider.destroy();
    }
  });
});

describe("VS Code's fork: a Hardhat node reporting chain 5, forked by `diamond node --fork` in a child process", () => {
  const ws = tempWorkspace('simulate-editor-fork');
  let node: LocalNode;
  let build: SimDloop['build'];
  let plan: UpgradePlan;
  const KEY0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
  const OWNER = getAddress('0x00000000000000000000000000000000000b0b00');
  const lines: string[] = [];
  const log = new Logger({ appendLine: (l) => lines.push(l) }, 'debug');
  const cli = join(repoRoot(), 'dist', 'cli.js');
  /** Starts `diamond node --fork URL` as Simulate Upgrade does (client/src/commands/simulate-upgrade.ts). */
  const forks: string[] = [];
  const startFork = async (url: string, signal?: AbortSignal) => {
    const controller = new LocalNodeController(cli, repoRoot(), log).forkOf(url, redactUrl(url));
    const running = await controller.start(0, signal);
    forks.push(running.url);
    return { url: running.url, stop: () => controller.stop() };
  };
  const inputs = (over: Partial<EditorSimulateInputs>): EditorSimulateInputs => ({
    plan,
    artifacts: build.artifacts,
    compile: (opts) => compileProject({ ...opts, cacheDir: join(ws.dir, 'cache') }),
    startFork,
    ...over,
  });

  before(async () => {
    // A real Hardhat node on loopback, but chain 5: not a local dev node, so the editor offers a fork of it.
    node = await startLocalNode({ port: 0, chainId: 5, stateDir: join(ws.dir, 'hh') });
    const provider = providerFor(node.url, 5);
    try {
      const wallet = new Wallet(KEY0, provider);
      build = await buildDloop();
      const { diamond } = await deployPlainDiamond(wallet, build, OWNER);
      plan = {
        ...(await addFacetPlan({
          build,
          rpc: new RpcClient(node.url),
          rpcUrl: node.url,
          chainId: 5,
          diamond,
          facet: 'FeeFacet',
          deployer: wallet.address,
        })),
        compileRoot: join(repoRoot(), 'contracts'),
      };
    } finally {
      provider.destroy();
    }
  });
  after(async () => {
    await node?.stop();
    ws.cleanup();
  });

  test('declined: refused, no fork started, nothing sent', async () => {
    const asked: ForkChoice[] = [];
    const outcome = await simulateFromEditor(inputs({ chooseFork: async (c) => (asked.push(c), false) }));
    assert.equal(outcome.kind, 'refused');
    assert.match(
      outcome.kind === 'refused' ? outcome.message : '',
      /not a local dev node.*Nothing was sent/s,
    );
    assert.deepEqual(
      asked.map((c) => [c.chainId, c.label]),
      [[5, `Simulate on a fork of chain 5 (${redactUrl(node.url)})`]],
    );
    assert.deepEqual(forks, []);
  });

  test('chosen: simulated on the child-process fork, the report names the chain and block; the node unchanged', async () => {
    const rpc = new RpcClient(node.url);
    const blockBefore = Number(BigInt(await rpc.request<string>('eth_blockNumber')));
    const outcome = await simulateFromEditor(inputs({ chooseFork: async () => true }));
    assert.equal(outcome.kind, 'simulated');
    const result = outcome.kind === 'simulated' ? outcome.result : undefined;
    assert.ok(result?.ok, result?.failure?.reason);
    assert.deepEqual(
      [result.mode, result.chainId, result.forkBlock, result.path],
      ['fork', 5, blockBefore, 'owner'],
    );
    assert.equal(forks.length, 1);
    assert.notEqual(forks[0], node.url);
    assert.ok(
      lines.some((l) => l.includes('--fork') && l.includes(redactUrl(node.url))),
      'the fork node was started as `diamond node --fork URL`',
    );
    assert.match(simulationMarkdown(result, plan), new RegExp(`fork of chain 5 .* at block ${blockBefore}`));
    assert.match(
      simulationVerdict(result).message,
      new RegExp(`^Simulation passed on a fork of chain 5 at block ${blockBefore}`),
    );
    // The forked node did not move; the fork node is gone.
    assert.equal(Number(BigInt(await rpc.request<string>('eth_blockNumber'))), blockBefore);
    assert.equal(await rpc.request<string>('eth_getCode', [plan.deploy[0].predictedAddress, 'latest']), '0x');
    await assert.rejects(connect(forks[0], { timeoutMs: 1000 }));
  });
});
