// "Diamond: Show Diamond Map" end to end, in real VS Code, on the DLOOP sample the .vsix bundles: the map opens as
// a webview with a node per DLOOP facet and the shared namespaces marked; clicking the dloop.storage.rewards.v1
// node opens LibRewardsStorage.sol at its slot constant; typing a function into OracleFacet that sets the
// contract owner adds the OracleFacet → dloop.storage.diamond.v1 write edge to the open map (no save).
// A screenshot of the map is kept in test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './support/wait';
import { withWorkbench } from './harness';
import { waitForEditorAt } from './support/dloop';

test(
  'diamond map in VS Code: facets and namespaces drawn, a click opens the library, edits redraw it',
  { timeout: 300_000 },
  async () => {
    await withWorkbench(
      { name: 'map', workspace: (extensionDir) => join(extensionDir, 'contracts') },
      async (s) => {
        const wb = s.workbench;
        const config = JSON.parse(readFileSync(join(s.folder, 'diamond.config.json'), 'utf8'));
        const facets: string[] = config.diamonds.find((d: { name: string }) => d.name === 'DLOOP').facets;
        await s.waitForDiamondLog(/language server started/, 120_000);
        // The project is analysed once a facet shows its selectors' code lenses.
        await wb.openFile('facets/RewardsFacet.sol');
        await wb.waitForCodeLens(
          (l) => l.includes('claimRewards()'),
          'the RewardsFacet code lenses',
          120_000,
        );

        await wb.runCommand('Diamond: Show Diamond Map');
        const { frame } = await wb.waitForFrameText(
          /Diamond map[\s\S]*Click a facet/,
          'the diamond map webview',
          120_000,
        );
        const ids = await frame
          .locator('g.node')
          .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id')));
        for (const f of facets) assert.ok(ids.includes(`facet:${f}`), `${f} is drawn`);
        assert.equal(await frame.locator('g.node.shared[data-id="ns:dloop.storage.core.v1"]').count(), 1);
        assert.equal(await frame.locator('g.node.shared[data-id="ns:dloop.storage.oracle.v1"]').count(), 0);
        await wb.screenshot('1-diamond-map');

        // A click on a namespace opens its library at the slot constant.
        const lib = readFileSync(join(s.folder, 'libraries', 'LibRewardsStorage.sol'), 'utf8').split('\n');
        const line = lib.findIndex((l) => l.includes('constant STORAGE_POSITION')) + 1;
        assert.ok(line > 0);
        await frame.locator('g.node[data-id="ns:dloop.storage.rewards.v1"] rect').click();
        await waitForEditorAt(wb, 'libraries/LibRewardsStorage.sol', line);

        // Typing in a facet redraws the map: OracleFacet now writes LibDiamond's storage.
        const edges = async () =>
          (await wb.waitForFrameText(/Diamond map[\s\S]*Click a facet/, 'the map webview')).frame
            .locator('path.edge title')
            .allTextContents();
        const edge = 'OracleFacet reads-writes dloop.storage.diamond.v1';
        assert.ok(!(await edges()).includes(edge));
        await wb.openFile('facets/OracleFacet.sol');
        await wb.typeOver(
          'contract OracleFacet {',
          'contract OracleFacet { function seize() external { LibDiamond.setContractOwner(msg.sender); }',
        );
        await waitFor(async () => ((await edges()).includes(edge) ? true : undefined), {
          timeoutMs: 90_000,
          what: `the map to draw "${edge}" after the edit`,
        });
        await wb.runCommand('Diamond: Show Diamond Map');
        await wb.screenshot('2-diamond-map-after-edit');
      },
    );
  },
);
