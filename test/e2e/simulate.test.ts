// "Diamond: Simulate Upgrade" end to end, in real VS Code, on the DLOOP sample the .vsix bundles: start the node,
// deploy (the explorer connects), edit a facet of the Rewards v2 upgrade (a function added to
// upgrades/RewardsV2Facet.sol on disk), then "Diamond: Simulate Upgrade" picking "DLOOP after the Rewards v2
// upgrade" and the init RewardsMigrationV2.migrate(uint16) with [15000]. The progress names each step (the
// extension's output channel logs every message); the report opens as a Markdown preview: the verdict, every
// replaced and added selector (solc-js's) old facet → new facet, the storage written under
// dloop.storage.rewards.v2, the events, "restored: true". Afterwards the chain is read over JSON-RPC here: the
// block number and hash, the loupe, and every slot the result (the JSON beside the report) says was written
// hold what they held before the simulation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  addFunctionToRewardsV2,
  answerRewardsV2Plan,
  deployDloopAndShow,
  rewardsUpgradeSelectors,
  rpc,
  withDloopWorkbench,
} from './support/dloop';

const FACETS = '0x7a0ed627';

interface StorageRow {
  namespace: string | null;
  slot: string;
  field: string | null;
  before: string;
  after: string;
}

async function chainState(url: string, diamond: string) {
  const block = await rpc<{ number: string; hash: string }>(url, 'eth_getBlockByNumber', ['latest', false]);
  const loupe = await rpc<string>(url, 'eth_call', [{ to: diamond, data: FACETS }, 'latest']);
  return { number: BigInt(block.number), hash: block.hash, loupe };
}

test(
  'Simulate Upgrade in VS Code: named steps, the report, and the chain unchanged afterwards',
  { timeout: 600_000 },
  async () => {
    await withDloopWorkbench('simulate', async (s, rpcUrl) => {
      const wb = s.workbench;
      // Edit a facet of the upgrade: one more function (the plan reads the files on disk).
      addFunctionToRewardsV2(s.folder);

      const { v1, v2, replaced, added, removed } = rewardsUpgradeSelectors(s.folder);
      assert.ok(v2.has('rewardsVersion()'), 'solc sees the edit');
      assert.ok(v1.size > 0 && replaced.length > 0 && added.length > 1, 'the example replaces and adds');
      const diamond = await deployDloopAndShow(s, rpcUrl);
      const before = await chainState(rpcUrl, diamond);

      // Plan Upgrade's questions, asked by Simulate Upgrade.
      await wb.runCommand('Diamond: Simulate Upgrade');
      await answerRewardsV2Plan(wb, 'Simulate Upgrade');

      // The progress notification names the step under way, then the verdict.
      await wb.waitForNotification(
        /Simulate Upgrade: (Reading the storage namespaces|Deploy|Propose|Vote|Advance|Execute|Revert|Checking)/,
        120_000,
      );
      await wb.screenshot('1-simulation-progress');
      const verdict = await wb.waitForNotification(/^Simulation (passed|failed)/, 240_000);
      assert.match(
        verdict,
        /^Simulation passed on chain 31337: \d+ steps, \d+ gas, \d+ slots written in \d+ namespaces?; the chain was reverted and checked \(restored: true\)\.$/,
      );

      // Each step was named in the progress (the output channel logs every message).
      const log = await s.waitForDiamondLog(/Simulation passed on chain .*; report \S+\.md$/m, 30_000);
      for (const step of [
        /Simulate Upgrade: Deploy RewardsV2Facet…/,
        /Simulate Upgrade: Deploy RewardsMigrationV2…/,
        /Simulate Upgrade: Propose the cut…/,
        /Simulate Upgrade: Vote for \(0x[0-9a-fA-F]{40}\)…/,
        /Simulate Upgrade: Advance the clock past the vote end and the timelock…/,
        /Simulate Upgrade: Execute the proposal…/,
        /Simulate Upgrade: Reading the loupe, the init outcome and the storage written/,
        /Simulate Upgrade: Reverting to the snapshot at block \d+/,
        /Simulate Upgrade: Checking the chain is restored/,
      ])
        assert.match(log, step);

      // The report: a Markdown preview of the document written under .diamond/simulations/.
      const { frame, text } = await wb.waitForFrameText(
        /Upgrade simulation: DLOOP after the Rewards v2 upgrade[\s\S]*Loupe before and after/,
        'the simulation report in a Markdown preview',
      );
      assert.match(text, /Verdict: ✅ the upgrade goes through/);
      assert.match(text, /No trace \(restored: true\): ✅ reverted to block/);
      assert.ok(text.includes(diamond), 'the report names the diamond');
      const rowOf = (sel: string) => text.split('\n').find((l) => l.startsWith(sel)) ?? '';
      const esc = (sig: string) => sig.replace(/[()[\]]/g, '\\$&');
      for (const [sig, sel] of replaced)
        assert.match(rowOf(sel), new RegExp(`${esc(sig)}\\s+replace\\s+RewardsFacet .*RewardsV2Facet`), sel);
      for (const [sig, sel] of added)
        assert.match(rowOf(sel), new RegExp(`${esc(sig)}\\s+add\\s+—\\s+RewardsV2Facet`), sel);
      for (const [sig, sel] of removed)
        assert.match(rowOf(sel), new RegExp(`${esc(sig)}\\s+remove\\s+RewardsFacet .*— \\(removed\\)`), sel);
      for (const e of [
        'ProposalCreated',
        'VoteCast',
        'DiamondCut',
        'RewardsMigratedToV2',
        'ProposalExecuted',
      ])
        assert.match(text, new RegExp(e));
      assert.match(text, /RewardsMigrationV2\.migrate\(uint16\).*✅ returned/);

      // Where the command wrote it (the output channel says): the project's .diamond/simulations/.
      const reportFile = /Simulation passed on chain .*; report (\S+\.md)$/m.exec(log)?.[1] ?? '';
      assert.match(
        reportFile,
        new RegExp(`/\\.diamond/simulations/upgrade-simulation-31337-${diamond}\\.md$`),
      );
      const result = JSON.parse(readFileSync(reportFile.replace(/\.md$/, '.json'), 'utf8')) as {
        ok: boolean;
        restored: boolean;
        storage: StorageRow[];
      };
      assert.deepEqual([result.ok, result.restored], [true, true]);
      const v2Rows = result.storage.filter((r) => r.namespace === 'dloop.storage.rewards.v2');
      assert.ok(v2Rows.length > 0, 'storage written in rewards.v2');
      assert.match(text, new RegExp(`dloop\\.storage\\.rewards\\.v2 \\(${v2Rows.length} slot\\(s\\)\\)`));
      assert.match(text, /totalDistributed/);
      await wb.screenshot('2-simulation-report');
      await frame.locator('h2', { hasText: 'Storage written in the diamond' }).scrollIntoViewIfNeeded();
      await wb.screenshot('3-simulation-storage');

      // The chain afterwards: as it was, read here over JSON-RPC.
      const after = await chainState(rpcUrl, diamond);
      assert.deepEqual(after, before, 'block number, block hash and loupe unchanged');
      for (const r of result.storage) {
        const now = await rpc<string>(rpcUrl, 'eth_getStorageAt', [diamond, r.slot, 'latest']);
        assert.equal(BigInt(now), BigInt(r.before), `${r.namespace ?? 'raw'} ${r.field ?? r.slot}`);
      }
      assert.ok(
        v2Rows.some((r) => BigInt(r.after) !== 0n && BigInt(r.before) !== BigInt(r.after)),
        'the migration wrote values into rewards.v2 (now undone)',
      );
      await wb.runCommand('Diamond: Show Facet Explorer');
      await wb.screenshot('4-explorer-after-simulation');
    });
  },
);
