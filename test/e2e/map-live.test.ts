// "Diamond: Show Diamond Map" with a connected diamond, in real VS Code on the DLOOP sample: start the node, deploy
// (the Facet Explorer connects), open the map: it says which diamond on which chain it compares with, and every
// DLOOP facet, freshly deployed from these sources, reads "as on chain". A screenshot is kept in test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployDloopAndShow, withDloopWorkbench } from './support/dloop';
import { waitFor } from './support/wait';

test(
  'diamond map in VS Code with a connected diamond: the live line and each facet as on chain',
  { timeout: 600_000 },
  async () => {
    await withDloopWorkbench('map-live', async (s, rpcUrl) => {
      const wb = s.workbench;
      const config = JSON.parse(readFileSync(join(s.folder, 'diamond.config.json'), 'utf8'));
      const facets: string[] = config.diamonds.find((d: { name: string }) => d.name === 'DLOOP').facets;
      const diamond = await deployDloopAndShow(s, rpcUrl);
      assert.match(diamond, /^0x[0-9a-fA-F]{40}$/);

      await wb.runCommand('Diamond: Show Diamond Map');
      const live = new RegExp(
        `connected: ${diamond} on chain 31337: (\\d+) selector\\(s\\) as the sources, (\\d+) differ`,
        'i',
      );
      // The map's frame (asked again each time: a redraw replaces the page) and its live line.
      const map = async () => {
        const { frame } = await wb.waitForFrameText(
          /Diamond map[\s\S]*Click a facet/,
          'the map webview',
          120_000,
        );
        return {
          frame,
          line:
            (await frame
              .locator('text.live')
              .textContent()
              .catch(() => null)) ?? '',
        };
      };
      const { frame, line } = await waitFor(
        async () => {
          const m = await map();
          return live.test(m.line) ? m : undefined;
        },
        { timeoutMs: 120_000, what: 'the map to compare with the connected diamond' },
      );
      const [, same] = live.exec(line) ?? [];
      assert.ok(Number(same) > facets.length, `${same} selectors match`);
      for (const f of facets) {
        const detail = await frame.locator(`g.node[data-id="facet:${f}"] text.detail`).textContent();
        assert.match(detail ?? '', / · as on chain$/, `${f}: ${detail}`);
        assert.equal(
          await frame.locator(`g.node.drift[data-id="facet:${f}"]`).count(),
          0,
          `${f} is not marked`,
        );
      }
      await wb.screenshot('1-diamond-map-connected');
    });
  },
);
