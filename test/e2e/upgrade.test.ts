// "Diamond: Plan Upgrade" end to end, in real VS Code, on the DLOOP sample the .vsix bundles: start the node,
// deploy (the explorer connects), then plan "DLOOP after the Rewards v2 upgrade" with the init
// RewardsMigrationV2.migrate(uint16), picked from QuickPicks; the arguments box refuses [70000] as typed and
// takes [15000]. The report opens as a Markdown preview with RewardsV2Facet's Replace and Add rows (selectors
// from solc-js), a selector's link opens its function; the Facet Explorer marks RewardsFacet's rows
// "→ replace" and lists RewardsV2Facet as planned. Then a diamond whose new facet duplicates a deployed
// selector: "Plan has 1 error" with "Show Problems", the error in the Problems panel (source diamond-upgrade)
// at the function; planning the valid diamond again clears it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeFixedPort, withWorkbench, type Workbench } from './harness';
import {
  childrenOf,
  declarationLine,
  deployDloopAndShow,
  rewardsUpgradeSelectors,
  waitForEditorAt,
} from './support/dloop';

const VIEW = 'Facet Explorer';
const V2 = 'DLOOP after the Rewards v2 upgrade';
const DUP = 'DLOOP with a duplicate';

// What client/src/explorer/model.ts and the command write: typed here, not imported, so a change of wording
// there is a visible change of what users read.
const REPLACE = '→ replace';
const ADD = '→ add';
/** The arguments box's prompt: shown under the box while what is typed encodes (a refusal replaces it). */
const ARGS_PROMPT = 'A JSON array, checked against the ABI as you type';

/** A facet that exposes one function RewardsFacet already routes: the plan must refuse it. */
const DUP_FACET = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract DuplicateRewardsFacet {
    function claimRewards() external pure returns (uint256) {
        return 0;
    }
}
`;

/** Runs "Diamond: Plan Upgrade" picking `diamond`, then the migration init with `[15000]` or no init. */
async function plan(wb: Workbench, diamond: string, withInit: boolean): Promise<void> {
  await wb.runCommand('Diamond: Plan Upgrade');
  await wb.waitForQuickInput((q) => /which diamond/.test(q.title), 'the diamond QuickPick');
  await wb.pickQuickItem(diamond);
  // The project compiles in the worker, then the init QuickPick.
  await wb.waitForQuickInput((q) => /run an init/.test(q.title), 'the init QuickPick', 120_000);
  if (!withInit) {
    await wb.pickQuickItem('No init');
    return;
  }
  await wb.pickQuickItem('RewardsMigrationV2');
  await wb.waitForQuickInput(
    (q) => q.title.includes('arguments of RewardsMigrationV2.migrate(uint16)'),
    'the arguments box',
  );
}

test(
  'Plan Upgrade in VS Code: the report, the explorer marks, errors in the Problems panel',
  { timeout: 600_000 },
  async () => {
    const port = await freeFixedPort();
    const rpcUrl = `http://127.0.0.1:${port}`;
    await withWorkbench(
      {
        name: 'upgrade',
        workspace: (extensionDir) => join(extensionDir, 'contracts'),
        settings: { 'diamond.rpcUrl': rpcUrl, 'diamond.node.port': port },
      },
      async (s) => {
        const wb = s.workbench;
        const { v1, v2, replaced, added, removed } = rewardsUpgradeSelectors(s.folder);
        assert.ok(replaced.length > 0 && added.length > 0, 'the example replaces and adds');
        const diamond = await deployDloopAndShow(s, rpcUrl);

        // The plan: the v2 diamond, the migration, arguments checked as typed.
        await plan(wb, V2, true);
        await wb.typeInQuickInput('[70000]');
        const refused = await wb.waitForQuickInput(
          (q) => q.message.startsWith('Does not encode as migrate(uint16)'),
          'the arguments box to refuse 70000 for a uint16',
        );
        assert.match(refused.message, /Does not encode as migrate\(uint16\)/);
        await wb.screenshot('1-init-arguments-refused');
        await wb.typeInQuickInput('[15000]');
        await wb.waitForQuickInput(
          (q) => q.message.startsWith(ARGS_PROMPT),
          'the arguments box to take [15000]',
        );
        await wb.acceptQuickInput();

        // No git in the workspace, but the deployment record keeps per-field layouts: the layout check runs
        // against them, and the valid plan has no warning.
        const verdict = await wb.waitForNotification(/^Plan valid/, 180_000);
        assert.equal(
          verdict,
          `Plan valid: ${replaced.length} replaced, ${added.length} added, ${removed.length} removed; 2 contracts to deploy.`,
        );

        // The report: a Markdown preview of the document `diamond upgrade plan --report` writes.
        const { frame, text } = await wb.waitForFrameText(
          new RegExp(`Upgrade plan: ${V2}[\\s\\S]*Validation`),
          'the plan report in a Markdown preview',
        );
        assert.match(text, new RegExp(`Replaced \\(${replaced.length}\\)`));
        assert.match(text, new RegExp(`Added \\(${added.length}\\)`));
        assert.match(text, new RegExp(`Removed \\(${removed.length}\\)`));
        const rowOf = (sel: string) => text.split('\n').find((l) => l.startsWith(sel)) ?? '';
        for (const [sig, sel] of replaced) {
          assert.match(
            rowOf(sel),
            new RegExp(`RewardsFacet.*${sig.replace(/[()[\]]/g, '\\$&')}\\s+RewardsV2Facet`),
            sel,
          );
        }
        for (const [sig, sel] of added) {
          assert.match(
            rowOf(sel),
            new RegExp(`not routed.*${sig.replace(/[()[\]]/g, '\\$&')}\\s+RewardsV2Facet`),
            sel,
          );
        }
        assert.match(text, /RewardsMigrationV2/);
        assert.match(text, /migrate\(uint16\)/);
        assert.ok(text.includes(diamond), 'the report names the diamond');
        await wb.screenshot('2-plan-report');

        // The Facet Explorer marks what the cut changes.
        const rewardsRow = `${v1.size} selectors · ${replaced.length} ${REPLACE}`;
        const plannedRow = `planned · ${v2.size} selectors · ${replaced.length} ${REPLACE} · ${added.length} ${ADD}`;
        await wb.runCommand('Diamond: Show Facet Explorer');
        await wb.widenSideBar(280);
        const marked = await wb.waitForTreeRows(
          VIEW,
          (rs) =>
            rs.find((r) => r.label === 'RewardsFacet')?.description === rewardsRow &&
            rs.find((r) => r.label === 'RewardsV2Facet')?.description === plannedRow,
          `RewardsFacet '${rewardsRow}' and RewardsV2Facet '${plannedRow}'`,
          60_000,
        );
        assert.match(
          marked.find((r) => r.level === 1)?.description ?? '',
          new RegExp(`plan: ${replaced.length} replace, ${added.length} add$`),
        );
        const rowsUnder = async (facet: string) => {
          await wb.expandTreeRow(VIEW, facet);
          const rows = await wb.waitForTreeRows(
            VIEW,
            (rs) => childrenOf(rs, facet).length > 0,
            `${facet}'s rows`,
          );
          return childrenOf(rows, facet).map((r) => [r.label, r.description]);
        };
        const rewards = await rowsUnder('RewardsFacet');
        assert.deepEqual(rewards.sort(), [...v1].map(([sig, sel]) => [sig, `${sel} · ${REPLACE}`]).sort());
        const planned = await rowsUnder('RewardsV2Facet');
        assert.deepEqual(
          planned.sort(),
          [
            ...replaced.map(([sig, sel]) => [sig, `${sel} · ${REPLACE}`]),
            ...added.map(([sig, sel]) => [sig, `${sel} · ${ADD}`]),
          ].sort(),
        );
        await wb.screenshot('3-explorer-plan-marks');
        await wb.collapseTreeRow(VIEW, 'RewardsV2Facet');
        await wb.collapseTreeRow(VIEW, 'RewardsFacet');

        // A selector of the report links to its function: lastClaimAt(address) in upgrades/RewardsV2Facet.sol.
        const [addSig, addSel] = added.find(([sig]) => sig.startsWith('lastClaimAt(')) ?? added[0];
        const fnName = addSig.slice(0, addSig.indexOf('('));
        const decl = declarationLine(join(s.folder, 'upgrades', 'RewardsV2Facet.sol'), fnName);
        assert.ok(decl.line > 0, `RewardsV2Facet.sol declares ${fnName}`);
        await frame.locator('a', { hasText: addSel }).first().click();
        const at = await waitForEditorAt(wb, 'upgrades/RewardsV2Facet.sol', decl.line);
        assert.equal(
          at.column,
          decl.text.search(new RegExp(`\\b${fnName}\\s*\\(`)) + 1,
          'at the function name',
        );

        // A facet duplicating a deployed selector: the plan refuses it, in the Problems panel at the function.
        writeFileSync(join(s.folder, 'upgrades', 'DuplicateRewardsFacet.sol'), DUP_FACET);
        const configFile = join(s.folder, 'diamond.config.json');
        const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
          diamonds: { name: string; facets: string[] }[];
        };
        const dloop = config.diamonds.find((d) => d.name === 'DLOOP');
        assert.ok(dloop);
        config.diamonds.push({ name: DUP, facets: [...dloop.facets, 'DuplicateRewardsFacet'] });
        writeFileSync(configFile, JSON.stringify(config, null, 2) + '\n');
        const claim = declarationLine(
          join(s.folder, 'upgrades', 'DuplicateRewardsFacet.sol'),
          'claimRewards',
        );
        assert.ok(v1.has('claimRewards()'), 'RewardsFacet routes claimRewards()');

        await plan(wb, DUP, false);
        const blocked = await wb.waitForNotification(/^Plan has 1 error\b/, 180_000);
        assert.match(
          blocked,
          /^Plan has 1 error(?: and \d+ warnings?)?: it cannot be simulated or proposed as it is/,
        );
        await wb.clickNotificationButton(/^Plan has 1 error\b/, 'Show Problems');
        const problems = await wb.waitForProblems(
          (ps) => ps.some((p) => p.source === 'diamond-upgrade' && p.severity === 'error'),
          'the plan’s error in the Problems panel',
        );
        const errors = problems.filter((p) => p.source === 'diamond-upgrade' && p.severity === 'error');
        assert.deepEqual(
          errors.map((p) => ({ file: p.file.split('/').pop(), code: p.code, line: p.line })),
          [{ file: 'DuplicateRewardsFacet.sol', code: 'duplicate-selector', line: claim.line }],
        );
        assert.match(errors[0].message, /claimRewards\(\)/);
        await wb.screenshot('4-plan-errors-problems');

        // The next plan replaces the findings: the valid plan leaves no diamond-upgrade error.
        await wb.runCommand('Notifications: Clear All Notifications');
        await plan(wb, V2, true);
        await wb.typeInQuickInput('[15000]');
        await wb.waitForQuickInput(
          (q) => q.message.startsWith(ARGS_PROMPT),
          'the arguments box to take [15000]',
        );
        await wb.acceptQuickInput();
        await wb.waitForNotification(/^Plan valid:/, 180_000);
        await wb.waitForProblems(
          (ps) => !ps.some((p) => p.source === 'diamond-upgrade'),
          'the previous plan’s findings to be cleared',
          30_000,
        );
      },
    );
  },
);
