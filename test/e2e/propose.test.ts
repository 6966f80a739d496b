// "Diamond: Propose Upgrade" end to end, in real VS Code, on the DLOOP sample the .vsix bundles, as a user goes:
// start the node, deploy (the explorer connects), add a function to upgrades/RewardsV2Facet.sol, then "Diamond:
// Propose Upgrade" picking "DLOOP after the Rewards v2 upgrade" and RewardsMigrationV2.migrate(uint16) with
// [15000]; the simulation runs, the modal shows every changing selector, the verdict, the calldata and its
// keccak256 (equal to what the DAO then holds); confirmed, the specification opens as a Markdown preview and the
// Proposals view lists proposal #1 Active with its votes against the quorum the DAO reports. From the row's
// context menu: Vote For (the votes the DAO counts, read here over JSON-RPC), then Advance Time and Execute
// (local node): Executed and verified. The Facet Explorer shows RewardsV2Facet without drift, and the loupe read
// here routes exactly solc's RewardsV2Facet selectors to it. Then "Diamond: Roll Back Upgrade": the upgrade
// picked from the chain's history, its report, "Propose Rollback" → the same modal → proposal #2 → vote →
// advance and execute: the loupe read here routes exactly what it routed before the upgrade.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUnits, Interface, keccak256 } from 'ethers';
import { PAST_VOTES_TOKEN_ABI, PROTOCOL_DAO_ABI } from '../../chain/src/dloop/protocol-dao';
import type { Workbench } from './harness';
import {
  addFunctionToRewardsV2,
  answerRewardsV2Plan,
  childrenOf,
  deployDloopAndShow,
  rewardsUpgradeSelectors,
  routingOverRpc,
  rpc,
  withDloopWorkbench,
} from './support/dloop';

const V2 = 'DLOOP after the Rewards v2 upgrade';
const EXPLORER = 'Facet Explorer';
const PROPOSALS = 'Proposals';
// The context menu entries (package.json command titles): typed here, not imported.
const VOTE_FOR = 'Vote For';
const ADVANCE_AND_EXECUTE = 'Advance Time and Execute (local node)';

const daoAbi = new Interface(PROTOCOL_DAO_ABI);
const tokenAbi = new Interface(PAST_VOTES_TOKEN_ABI);
const ownerAbi = new Interface(['function owner() view returns (address)']);

async function call(url: string, to: string, iface: Interface, fn: string, args: unknown[] = []) {
  const raw = await rpc<string>(url, 'eth_call', [
    { to, data: iface.encodeFunctionData(fn, args) },
    'latest',
  ]);
  return iface.decodeFunctionResult(fn, raw);
}

/** Proposal `id` as the DAO holds it, read here over JSON-RPC; and the first dev account's voting power then. */
async function daoProposal(url: string, diamond: string, id: number) {
  const [dao] = await call(url, diamond, ownerAbi, 'owner');
  const [p] = await call(url, dao as string, daoAbi, 'getProposal', [id]);
  const [token] = await call(url, dao as string, daoAbi, 'token');
  const [voter] = await rpc<string[]>(url, 'eth_accounts', []);
  const [power] = await call(url, token as string, tokenAbi, 'getPastVotes', [voter, p.snapshotBlock]);
  return {
    quorum: (p.quorumVotes as bigint).toString(),
    forVotes: (p.forVotes as bigint).toString(),
    againstVotes: (p.againstVotes as bigint).toString(),
    calldataHash: keccak256(p.diamondCalldata as string),
    description: p.description as string,
    power: (power as bigint).toString(),
  };
}

/**
 * How the view shows votes in base units of the DLOOP token (18 decimals, symbol DLOOP: contracts/governance/
 * DLOOPToken.sol): ethers' formatUnits, the whole part with thousands separators, as a regexp source.
 */
function shownVotes(raw: string): string {
  const [whole, frac] = formatUnits(BigInt(raw), 18).split('.');
  const text = `${BigInt(whole).toLocaleString('en-US')}${frac === '0' ? '' : `.${frac}`} DLOOP`;
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Confirms the proposal modal; returns the calldata hash it showed. */
async function confirmProposal(wb: Workbench, diamond: string, screenshot: string): Promise<string> {
  const modal = await wb.waitForDialog(
    new RegExp(`^Propose this upgrade of ${diamond} to its ProtocolDAO on chain 31337\\?$`),
    300_000,
  );
  assert.match(modal.detail, /Simulation: Simulation passed on chain 31337/);
  const hash = /Calldata hash \(keccak256\): (0x[0-9a-f]{64})/.exec(modal.detail)?.[1] ?? '';
  const calldata = /Calldata: (0x[0-9a-f]+)/.exec(modal.detail)?.[1] ?? '';
  assert.match(hash, /^0x[0-9a-f]{64}$/, 'the modal shows the calldata hash');
  assert.match(calldata, /^0x1f931c1c/, 'the modal shows diamondCut calldata');
  if (!modal.detail.includes('… (')) assert.equal(keccak256(calldata), hash, 'the hash is the calldata’s');
  assert.ok(modal.buttons.includes('Propose Upgrade'), JSON.stringify(modal.buttons));
  await wb.screenshot(screenshot);
  await wb.clickDialogButton('Propose Upgrade');
  return hash;
}

/** The Proposals view's row for proposal `id` once its label is `#id <state>`. */
async function waitForProposalRow(wb: Workbench, id: number, state: string, description?: RegExp) {
  const label = `#${id} ${state}`;
  const rows = await wb.waitForTreeRows(
    PROPOSALS,
    (rs) => rs.some((r) => r.label === label && (!description || description.test(r.description))),
    `proposal ${label}${description ? ` with ${description}` : ''} in the Proposals view`,
    60_000,
  );
  return rows.find((r) => r.label === label)!;
}

/** From the row's context menu: Vote For, then Advance Time and Execute; resolves once it is Executed. */
async function voteAndExecute(wb: Workbench, url: string, diamond: string, id: number, shots: string[]) {
  const before = await daoProposal(url, diamond, id);
  assert.equal(before.forVotes, '0');
  await wb.treeRowContextAction(PROPOSALS, `#${id} Active`, VOTE_FOR);
  await wb.waitForNotification(new RegExp(`^Proposal #${id}: vote sent, tx 0x[0-9a-f]{64}; now Active\\.$`));
  const voted = await daoProposal(url, diamond, id);
  assert.equal(voted.forVotes, voted.power, 'the DAO counted the voter’s power');
  assert.ok(BigInt(voted.forVotes) >= BigInt(voted.quorum), 'the vote reaches the quorum');
  await waitForProposalRow(
    wb,
    id,
    'Active',
    new RegExp(
      `^for ${shownVotes(voted.forVotes)} / against 0 DLOOP \\(quorum ${shownVotes(voted.quorum)}\\)`,
    ),
  );
  await wb.screenshot(shots[0]);

  await wb.treeRowContextAction(PROPOSALS, `#${id} Active`, ADVANCE_AND_EXECUTE);
  const executed = await wb.waitForNotification(
    new RegExp(
      `^Proposal #${id}: execute sent \\(clock advanced \\d+ s\\), tx 0x[0-9a-f]{64}; now Executed\\.`,
    ),
    120_000,
  );
  assert.match(executed, /Verified: the loupe and the DiamondCut event match the cut\.$/);
  await waitForProposalRow(wb, id, 'Executed');
}

test(
  'Propose Upgrade in VS Code: propose, vote, advance, execute, verify, then roll back',
  { timeout: 900_000 },
  async () => {
    await withDloopWorkbench('propose', async (s, rpcUrl) => {
      const wb = s.workbench;
      // Edit a facet of the upgrade: one more function (the plan reads the files on disk).
      addFunctionToRewardsV2(s.folder);
      const { v1, v2, replaced, added } = rewardsUpgradeSelectors(s.folder);
      assert.ok(v2.has('rewardsVersion()'), 'solc sees the edit');

      const diamond = await deployDloopAndShow(s, rpcUrl);
      const routingBefore = await routingOverRpc(rpcUrl, diamond);
      const v1Address = routingBefore.get([...v1.values()][0]);
      assert.ok(v1Address, 'RewardsFacet is routed');
      for (const sel of v1.values()) assert.equal(routingBefore.get(sel), v1Address, sel);

      // 1. Propose: Plan Upgrade's questions, the simulation, the modal.
      await wb.runCommand('Diamond: Propose Upgrade');
      await answerRewardsV2Plan(wb, 'Propose Upgrade');
      const shownHash = await confirmProposal(wb, diamond, '1-proposal-modal');

      const created = await wb.waitForNotification(/^Proposal #1 created \(tx 0x[0-9a-f]{64}\)/, 240_000);
      const p1 = await daoProposal(rpcUrl, diamond, 1);
      assert.equal(p1.calldataHash, shownHash, 'the DAO holds the calldata the modal showed');
      assert.ok(created.includes(`calldata hash ${shownHash}`), created);
      assert.ok(created.includes(`specification hash ${keccak256(Buffer.from(p1.description))}`), created);

      // The specification (the proposal's description) opens as a Markdown preview.
      const spec = await wb.waitForFrameText(
        new RegExp(`Upgrade specification: ${V2}[\\s\\S]*Rollback`),
        'the specification in a Markdown preview',
      );
      assert.ok(spec.text.includes(shownHash), 'the specification names the calldata hash');
      for (const [, sel] of [...replaced, ...added]) assert.ok(spec.text.includes(sel), sel);
      await wb.screenshot('2-specification');

      // 2. The Proposals view: #1 Active, no votes yet, the DAO's quorum.
      await wb.runCommand('Diamond: Show Facet Explorer');
      await wb.widenSideBar(280);
      await wb.expandView(PROPOSALS);
      // The explorer's rows would leave the Proposals view a few lines: fold it while voting.
      await wb.collapseView(EXPLORER);
      const active = await waitForProposalRow(
        wb,
        1,
        'Active',
        new RegExp(`^for 0 DLOOP / against 0 DLOOP \\(quorum ${shownVotes(p1.quorum)}\\) · vote ends in `),
      );
      assert.ok(BigInt(p1.quorum) > 0n, 'the DAO has a quorum');
      await wb.expandTreeRow(PROPOSALS, active.label);
      const details = childrenOf(await wb.treeRows(PROPOSALS), active.label).map((r) => r.label);
      assert.ok(details.includes(`Calldata hash: ${shownHash}`), JSON.stringify(details));
      await wb.screenshot('3-proposals-active');
      await wb.collapseTreeRow(PROPOSALS, active.label);

      // 3. Vote for, advance time and execute, from the row's context menu.
      await voteAndExecute(wb, rpcUrl, diamond, 1, ['4-voted']);

      // 4. The loupe routes solc's RewardsV2Facet selectors; the explorer shows it without drift.
      await wb.expandView(EXPLORER);
      const routingAfter = await routingOverRpc(rpcUrl, diamond);
      const v2Address = routingAfter.get([...v2.values()][0]);
      assert.ok(v2Address && v2Address !== v1Address, 'RewardsV2Facet is routed');
      assert.deepEqual(
        [...routingAfter]
          .filter(([, a]) => a === v2Address)
          .map(([sel]) => sel)
          .sort(),
        [...v2.values()].sort(),
        'the loupe routes exactly solc’s RewardsV2Facet selectors to it',
      );
      assert.ok(![...routingAfter.values()].includes(v1Address!), 'RewardsFacet routes nothing now');
      const explorer = await wb.waitForTreeRows(
        EXPLORER,
        (rs) => rs.some((r) => r.label === 'RewardsV2Facet') && !rs.some((r) => r.label === 'RewardsFacet'),
        'RewardsV2Facet listed and RewardsFacet gone',
      );
      assert.equal(
        explorer.find((r) => r.label === 'RewardsV2Facet')?.description,
        `${v2.size} selectors`,
        'no drift and no plan marks on RewardsV2Facet',
      );
      await wb.expandTreeRow(EXPLORER, 'RewardsV2Facet');
      const rows = childrenOf(
        await wb.waitForTreeRows(EXPLORER, (rs) => childrenOf(rs, 'RewardsV2Facet').length > 0, 'its rows'),
        'RewardsV2Facet',
      );
      assert.deepEqual(
        rows.map((r) => [r.label, r.description]).sort(),
        [...v2].map(([sig, sel]) => [sig, sel]).sort(),
      );
      await wb.screenshot('5-executed-explorer');
      await wb.collapseTreeRow(EXPLORER, 'RewardsV2Facet');

      // 5. Roll back: the upgrade from the chain's history, its report, then the same propose path.
      await wb.runCommand('Notifications: Clear All Notifications');
      await wb.runCommand('Diamond: Roll Back Upgrade');
      await wb.waitForQuickInput((q) => q.title === 'Diamond: Roll Back Upgrade', 'the upgrades QuickPick');
      // The diamond's constructor and the deploy cut are upgrades #1 and #2 (its DiamondCut events); the one just
      // executed, #3, is offered first and names its proposal (joined with the records Propose Upgrade wrote).
      await wb.pickQuickItem('#3 · proposal 1');
      await wb.waitForFrameText(
        /Rollback of upgrade #3[\s\S]*What this rollback cannot undo/,
        'the rollback report',
      );
      await wb.screenshot('6-rollback-report');
      await wb.clickNotificationButton(/^Rollback of upgrade #3 planned\./, 'Propose Rollback', 60_000);
      const rollbackHash = await confirmProposal(wb, diamond, '7-rollback-modal');
      await wb.waitForNotification(/^Proposal #2 created \(tx 0x[0-9a-f]{64}\)/, 240_000);
      assert.equal((await daoProposal(rpcUrl, diamond, 2)).calldataHash, rollbackHash);
      await wb.runCommand('Diamond: Show Facet Explorer');
      await wb.collapseView(EXPLORER);
      await waitForProposalRow(wb, 2, 'Active', /^for 0 DLOOP \/ against 0 DLOOP \(quorum [\d,.]+ DLOOP\)/);
      await voteAndExecute(wb, rpcUrl, diamond, 2, ['8-rollback-voted']);

      // The loupe routes what it routed before the upgrade, RewardsFacet's selectors to RewardsFacet again.
      await wb.expandView(EXPLORER);
      const routingRolledBack = await routingOverRpc(rpcUrl, diamond);
      assert.deepEqual(
        [...routingRolledBack].sort(),
        [...routingBefore].sort(),
        'the routing is as before the upgrade',
      );
      await wb.waitForTreeRows(
        EXPLORER,
        (rs) =>
          rs.find((r) => r.label === 'RewardsFacet')?.description === `${v1.size} selectors` &&
          // The workspace still holds RewardsV2Facet's sources: listed at most as a local facet routing nothing.
          (rs.find((r) => r.label === 'RewardsV2Facet')?.description ?? '0 selectors').startsWith(
            '0 selectors',
          ),
        'RewardsFacet back without drift, RewardsV2Facet routing nothing',
      );
      await wb.screenshot('9-rolled-back');
    });
  },
);
