/**
 * Proposing an upgrade through the DLOOP ProtocolDAO on the embedded Hardhat node, the way the faces call the
 * workflows: the bundled diamond deployed by deployDloopProject, the Rewards v1 → v2 upgrade planned from the
 * sources (planUpgrade), simulated and proposed (proposeUpgrade), voted, executed after advancing the clock
 * (governUpgrade), verified, then rolled back through the same path. The loupe is read with ethers at every
 * step and compared with solc's methodIdentifiers; the DAO's refusals come back as named errors; the history
 * rebuilt from DiamondCut events equals the local record.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Contract, getAddress, JsonRpcSigner, keccak256, toUtf8Bytes } from 'ethers';
import { compileProject } from '../../chain/src/compile';
import type { Artifact } from '../../chain/src/compile-types';
import { connect, type ChainConnection } from '../../chain/src/connect';
import { GovernanceError } from '../../chain/src/dloop/dao-errors';
import { dao as daoAbi, sendToDao } from '../../chain/src/dloop/dao-governance';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { RpcClient } from '../../chain/src/rpc';
import { providerFor } from '../../chain/src/signer';
import { txGate, type GrantedSigner } from '../../chain/src/tx-gate';
import { chainUpgradeHistory, readUpgradeHistory } from '../../chain/src/upgrade-history';
import { planIsValid } from '../../chain/src/upgrade-plan-types';
import { projectNamespaces } from '../../chain/src/project-namespaces';
import { namespaceLayouts } from '../../chain/src/simulation/namespace-layouts';
import type { SimulationNamespace } from '../../chain/src/simulation/storage-layout';
import { compileRootOf } from '../../host/src/project';
import { DEPLOY_DLOOP_ACTION, deployDloopProject } from '../../chain/src/workflows/deploy-dloop';
import { devAccountVotes, governUpgrade, upgradeStatus } from '../../chain/src/workflows/upgrade-govern';
import { governFromEditor } from '../../client/src/proposals/govern';
import { planUpgrade } from '../../chain/src/workflows/upgrade-plan';
import { NotProposableError, proposeUpgrade } from '../../chain/src/workflows/upgrade-propose';
import { planRollback } from '../../chain/src/workflows/upgrade-rollback';
import { buildDloop, type DloopBuild } from './helpers/dloop-build';
import { loupeFacets, sorted } from './helpers/upgrade-expect';
import { dloopProject, tempWorkspace } from './support/env';

const ws = tempWorkspace('upgrade-propose');
const V2 = 'DLOOP after the Rewards v2 upgrade';
const INIT = { contract: 'RewardsMigrationV2', call: 'migrate(uint16)', args: [15000] };
const M = 10n ** 24n; // one million DLOOP

let node: LocalNode;
let conn: ChainConnection;
let root: string;
let build: DloopBuild;
let artifacts: Artifact[];
let namespaces: SimulationNamespace[];
let diamond: string;
let token: string;
let owner: GrantedSigner;
let accounts: string[];
const closers: (() => void)[] = [];

/** Another of the node's unlocked accounts as a granted signer (the gate grants only the first one). */
function devSigner(i: number): GrantedSigner {
  const provider = providerFor(node.url, node.chainId);
  closers.push(() => provider.destroy());
  const signer = new JsonRpcSigner(provider, accounts[i]);
  return {
    signer,
    address: accounts[i],
    close: () => undefined,
    chainId: node.chainId,
    local: true,
  } as unknown as GrantedSigner;
}

const routing = async () => {
  const r = await loupeFacets(node.url, diamond);
  return [...r].map(([a, s]) => `${a}:${sorted(s).join(',')}`).sort();
};
const blockNumber = async () =>
  Number(BigInt(await new RpcClient(node.url).request<string>('eth_blockNumber')));

before(async () => {
  node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') });
  conn = await connect(node.url);
  accounts = await new RpcClient(node.url).request<string[]>('eth_accounts');
  root = dloopProject(ws.dir, 'dloop', true);
  const gate = await txGate(conn, {
    action: DEPLOY_DLOOP_ACTION,
    key: { read: () => assert.fail('a local dev node needs no key'), describe: 'none' },
    confirmation: { ask: () => assert.fail('nothing to confirm'), hint: () => '' },
  });
  assert.ok(gate.ok);
  owner = gate.signer;
  closers.push(() => owner.close());
  const deployed = await deployDloopProject({ connection: conn, root, signer: owner });
  diamond = deployed.deployment.diamond;
  token = deployed.deployment.token;
  build = await buildDloop();
  const built = await compileProject({ root: join(root, 'contracts') });
  artifacts = built.contracts;
  // As the faces do: the project's namespaces with their struct layouts name the slots the simulation writes.
  namespaces = (
    await namespaceLayouts({ root: compileRootOf(root), namespaces: projectNamespaces(compileRootOf(root)) })
  ).namespaces;
  // Two more holders for the refusals: 10M and 5M (the deployer keeps 85M; quorum is 4M).
  const erc20 = new Contract(token, ['function transfer(address,uint256) returns (bool)'], owner.signer);
  await (await erc20.transfer(accounts[1], 10n * M)).wait();
  await (await erc20.transfer(accounts[2], 5n * M)).wait();
});
after(async () => {
  closers.forEach((c) => c());
  await node?.stop();
  ws.cleanup();
});

test('the DLOOP lifecycle: plan → propose → vote → advance → execute → verified, then the rollback the same way', async () => {
  const loupe0 = await routing();
  const plan = await planUpgrade({ connection: conn, address: diamond, root, diamond: V2, init: INIT });
  assert.ok(planIsValid(plan), JSON.stringify(plan.findings));

  const proposed = await proposeUpgrade({
    connection: conn,
    plan,
    signer: owner,
    artifacts,
    namespaces,
    root,
  });
  assert.equal(proposed.calldata, plan.calldata);
  assert.equal(proposed.calldataHash, keccak256(plan.calldata));
  assert.equal(proposed.descriptionHash, keccak256(toUtf8Bytes(proposed.description)));
  assert.deepEqual(
    proposed.deployed.map((d) => [d.contract, d.address]),
    plan.deploy.map((d) => [d.contract, d.predictedAddress]),
  );
  for (const part of [
    '## Changes per facet',
    'RewardsV2Facet',
    'setRewardMultiplier(uint16)',
    '## Rollback',
    plan.calldataHash,
  ])
    assert.ok(proposed.description.includes(part), `the specification names ${part}`);
  // Proposing routes nothing yet; the specification is the proposal's description on chain.
  assert.deepEqual(await routing(), loupe0);
  const [status] = (await upgradeStatus(conn, diamond, BigInt(proposed.proposalId))).proposals;
  assert.equal(status.state, 'Active');
  assert.equal(status.description, proposed.description);
  assert.equal(status.calldataHash, plan.calldataHash);

  const id = BigInt(proposed.proposalId);
  const voted = await governUpgrade({
    connection: conn,
    signer: owner,
    diamond,
    id,
    action: { kind: 'vote', support: true },
  });
  assert.equal(voted.proposal.forVotes, (85n * M).toString());
  // A second vote and an early execute are refused by name, nothing mined.
  const b = await blockNumber();
  await assert.rejects(
    governUpgrade({ connection: conn, signer: owner, diamond, id, action: { kind: 'vote', support: true } }),
    (e: unknown) =>
      e instanceof GovernanceError && e.kind === 'second-vote' && /already voted/.test(e.message),
  );
  await assert.rejects(
    governUpgrade({ connection: conn, signer: owner, diamond, id, action: { kind: 'execute' } }),
    (e: unknown) => e instanceof GovernanceError && e.kind === 'early-execute' && /too early/.test(e.message),
  );
  assert.equal(await blockNumber(), b);

  const executed = await governUpgrade({
    connection: conn,
    signer: owner,
    diamond,
    id,
    action: { kind: 'execute', advance: true },
    root,
  });
  assert.ok(executed.advancedSeconds > 0);
  assert.equal(executed.verification?.verified, true, executed.verification?.differences.join('\n'));
  assert.equal(executed.proposal.state, 'Executed');
  // After: every RewardsV2Facet selector (solc's) routes to the facet the proposal deployed.
  const v2At = proposed.deployed[0].address.toLowerCase();
  assert.deepEqual(
    sorted((await loupeFacets(node.url, diamond)).get(v2At) ?? []),
    sorted(build.methodIdentifiers('RewardsV2Facet').values()),
  );

  // History from the chain's DiamondCut events equals the local record.
  const history = await chainUpgradeHistory(conn, diamond, root);
  const local = readUpgradeHistory(root, conn.chainId, diamond);
  assert.deepEqual(
    local.map((e) => e.kind),
    ['proposed', 'executed'],
  );
  const last = history[history.length - 1];
  const record = local[0];
  assert.ok(record.kind === 'proposed');
  assert.equal(last.proposalId, proposed.proposalId);
  assert.equal(last.calldataHash, record.calldataHash);
  assert.deepEqual(
    last.cut.map((c) => [c.facetAddress.toLowerCase(), c.action, sorted(c.functionSelectors)]),
    record.cut.map((c) => [c.facetAddress.toLowerCase(), c.action, sorted(c.functionSelectors)]),
  );
  assert.equal(last.txHash, executed.txHash);
  // The record keeps the per-field layout of the namespace the migration wrote.
  const v2Layout = record.storageLayouts.find((n) => n.id === 'dloop.storage.rewards.v2');
  assert.ok(
    v2Layout?.fieldLayout?.fields.some((f) => f.name === 'migratedFromV1'),
    JSON.stringify(record.storageLayouts.map((n) => n.id)),
  );

  // Roll back the upgrade: the reverse cut, validated, simulated and proposed like any plan.
  const rollback = await planRollback({ connection: conn, diamond, root, artifacts });
  assert.equal(rollback.rollbackOf.n, last.n);
  assert.ok(planIsValid(rollback), JSON.stringify(rollback.findings));
  assert.match(rollback.cannotUndo[0], /init .* stays/);
  // The previous facet routes nothing now: named from its code, not left as an address.
  assert.deepEqual(
    [...new Set(rollback.plan.selectors.filter((s) => s.action !== 'remove').map((s) => s.toFacet))],
    ['RewardsFacet'],
  );
  const rp = await proposeUpgrade({
    connection: conn,
    plan: rollback,
    signer: owner,
    artifacts,
    root,
    rollbackOf: last.n,
  });
  const rid = BigInt(rp.proposalId);
  await governUpgrade({
    connection: conn,
    signer: owner,
    diamond,
    id: rid,
    action: { kind: 'vote', support: true },
  });
  const undone = await governUpgrade({
    connection: conn,
    signer: owner,
    diamond,
    id: rid,
    action: { kind: 'execute', advance: true },
    root,
  });
  assert.equal(undone.verification?.verified, true, undone.verification?.differences.join('\n'));
  assert.deepEqual(await routing(), loupe0);
});

/** A proposal that calls owner() (not a cut): for the vote and fast-track paths. */
async function propose(description: string): Promise<bigint> {
  const r = await sendToDao(
    conn,
    owner,
    await daoAddress(),
    'propose',
    daoAbi.encodeFunctionData('proposeCall', ['0x8da5cb5b', description]),
  );
  const log = r.logs
    .map((l) => daoAbi.parseLog({ topics: [...l.topics], data: l.data }))
    .find((p) => p?.name === 'ProposalCreated');
  return log!.args.id as bigint;
}

test('the DAO refuses a defeated vote and an unauthorised fast-track by name; the guardian fast-tracks, then marks reviewed', async () => {
  // Defeated: 5M for (quorum 4M) against 10M.
  const id = await propose('defeated');
  await governUpgrade({
    connection: conn,
    signer: devSigner(2),
    diamond,
    id,
    action: { kind: 'vote', support: true },
  });
  await governUpgrade({
    connection: conn,
    signer: devSigner(1),
    diamond,
    id,
    action: { kind: 'vote', support: false },
  });
  await assert.rejects(
    governUpgrade({
      connection: conn,
      signer: owner,
      diamond,
      id,
      action: { kind: 'execute', advance: true },
    }),
    (e: unknown) => e instanceof GovernanceError && e.kind === 'defeated' && /defeated/.test(e.message),
  );
  const [defeated] = (await upgradeStatus(conn, diamond, id)).proposals;
  assert.equal(defeated.state, 'Defeated');

  // Fast-track: only the guardian (the deployer).
  const urgent = await propose('urgent');
  await assert.rejects(
    governUpgrade({
      connection: conn,
      signer: devSigner(1),
      diamond,
      id: urgent,
      action: { kind: 'fast-track' },
    }),
    (e: unknown) =>
      e instanceof GovernanceError && e.kind === 'unauthorised' && /not the guardian/.test(e.message),
  );
  const ft = await governUpgrade({
    connection: conn,
    signer: owner,
    diamond,
    id: urgent,
    action: { kind: 'fast-track' },
  });
  assert.equal(ft.proposal.state, 'Executed');
  assert.equal(ft.proposal.fastTracked, true);
  assert.equal(ft.proposal.needsReview, true);
  // Not a cut: the verification says so.
  assert.equal(ft.verification?.verified, false);
  assert.match(ft.verification!.differences.join('\n'), /not a diamondCut call/);
  await governUpgrade({
    connection: conn,
    signer: owner,
    diamond,
    id: urgent,
    action: { kind: 'vote', support: true },
  });
  await assert.rejects(
    governUpgrade({
      connection: conn,
      signer: owner,
      diamond,
      id: urgent,
      action: { kind: 'mark-reviewed' },
    }),
    (e: unknown) => e instanceof GovernanceError && e.kind === 'early-execute',
  );
  const p = (await upgradeStatus(conn, diamond, urgent)).proposals[0];
  await new RpcClient(node.url).request('evm_increaseTime', [
    p.voteEnd - (await upgradeStatus(conn, diamond)).now + 1,
  ]);
  await new RpcClient(node.url).request('evm_mine');
  const reviewed = await governUpgrade({
    connection: conn,
    signer: owner,
    diamond,
    id: urgent,
    action: { kind: 'mark-reviewed' },
  });
  assert.equal(reviewed.proposal.needsReview, false);
});

test('nothing is sent for a plan with errors, or when the simulation fails (the rolled-back init ran already)', async () => {
  const plan = await planUpgrade({ connection: conn, address: diamond, root, diamond: V2, init: INIT });
  const bad = {
    ...plan,
    findings: [{ rule: 'duplicate-selector', severity: 'error' as const, message: 'two facets' }],
  };
  const b = await blockNumber();
  await assert.rejects(
    proposeUpgrade({ connection: conn, plan: bad, signer: owner, artifacts, root }),
    (e: unknown) =>
      e instanceof NotProposableError && e.reason === 'plan-errors' && /Nothing was sent/.test(e.message),
  );
  // The rollback restored the routing, not the storage: migrate() finds its flag set and reverts in the simulation.
  assert.ok(planIsValid(plan));
  await assert.rejects(
    proposeUpgrade({ connection: conn, plan, signer: owner, artifacts, root }),
    (e: unknown) =>
      e instanceof NotProposableError &&
      e.reason === 'simulation-failed' &&
      /RewardsAlreadyMigrated/.test(e.message),
  );
  assert.equal(await blockNumber(), b);
  assert.equal(readUpgradeHistory(root, conn.chainId, diamond).length, 4); // the two upgrades only
});

test('a vote from the dev account the user picked: the holders offered, the gate signs as that account, the DAO counts it', async () => {
  const id = await propose('picked voter');
  const holders = await devAccountVotes(conn, diamond, id);
  assert.deepEqual(
    holders.map((h) => [h.address, h.votes]),
    [
      [accounts[0], 85n * M],
      [accounts[1], 10n * M],
      [accounts[2], 5n * M],
    ].map(([a, v]) => [getAddress(a as string), v]),
    'the node’s accounts with votes at the snapshot, largest first',
  );
  const vote = (devAccount?: string) =>
    governFromEditor({
      rpcUrl: node.url,
      diamond,
      id: id.toString(),
      action: { kind: 'vote', support: false },
      key: { read: () => assert.fail('a local dev node needs no key'), describe: 'none' },
      confirmation: { ask: () => assert.fail('nothing to confirm'), hint: () => '' },
      devAccount,
      inProgress: (run) => run({}),
    });
  const done = await vote(accounts[2].toLowerCase());
  assert.equal(done.kind, 'done');
  const voted = (await upgradeStatus(conn, diamond, id)).proposals[0];
  assert.deepEqual(
    [voted.forVotes, voted.againstVotes],
    ['0', (5n * M).toString()],
    'account 2’s votes, not 0’s',
  );
  const receipt = await new RpcClient(node.url).request<{ from: string }>('eth_getTransactionReceipt', [
    done.kind === 'done' ? done.result.txHash : '',
  ]);
  assert.equal(getAddress(receipt.from), getAddress(accounts[2]));
  // An account the node does not hold unlocked is refused before anything is sent.
  await assert.rejects(vote('0x' + '42'.repeat(20)), /does not hold 0x4242.* unlocked/);
  // No pick: the first account votes, as before.
  await vote();
  assert.equal((await upgradeStatus(conn, diamond, id)).proposals[0].forVotes, '0');
  assert.equal((await upgradeStatus(conn, diamond, id)).proposals[0].againstVotes, (90n * M).toString());
});

async function daoAddress(): Promise<string> {
  return (await upgradeStatus(conn, diamond)).dao;
}
