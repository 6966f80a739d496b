// The packaged .vsix installs into real VS Code (code-server), the workbench opens in Chromium and
// the extension activates on a Solidity workspace: its "Diamond" output channel appears and its
// commands are in the palette; the inference status bar item says what the server found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { filesUnder, withWorkbench, workspaceFixture } from './harness';
import { waitFor } from './support/wait';

test(
  'the installed extension activates in code-server and contributes its commands',
  { timeout: 240_000 },
  async () => {
    await withWorkbench({ name: 'activation', workspace: workspaceFixture('shared-selector') }, async (s) => {
      // workspaceContains:**/*.sol activates the extension; the channel exists only after activate().
      const log = await s.waitForDiamondLog(/\S/, 90_000);
      assert.match(log, /\S/);

      // A command from the manifest runs: "Show Output" reveals the Diamond channel in the Output panel.
      await s.workbench.runCommand('Diamond: Show Output');
      const channel = await s.workbench.waitForOutputChannel('Diamond');
      assert.equal(channel, 'Diamond');
      // FeeFacet and PricingFacet: one diamond of two facets, every import resolved (no warning part).
      const item = s.workbench.page.locator('.statusbar-item').filter({ hasText: /diamonds? · \d+ facets?/ });
      const text = await waitFor(async () => ((await item.count()) ? item.first().innerText() : undefined), {
        timeoutMs: 60_000,
        what: 'the inference status bar item',
      });
      assert.match(text, /1 diamond · 2 facets/);
      assert.doesNotMatch(text, /unresolved/);
      // The server ran with Node's compile cache in the extension's own storage (never the workspace) and wrote
      // it after its first analysis: the next start skips compiling the bundle.
      const cacheDir = join(
        s.dirs.userData,
        'User',
        'globalStorage',
        'dloop.dloop-diamond-tools',
        'compile-cache',
      );
      const cached = await waitFor(() => (filesUnder(cacheDir).length ? filesUnder(cacheDir) : undefined), {
        timeoutMs: 30_000,
        what: `a compile cache under ${cacheDir}`,
      });
      assert.ok(cached.length > 0);
      assert.equal(filesUnder(s.folder).filter((f) => f.includes('compile-cache')).length, 0);
      await s.workbench.screenshot('activated');
    });
  },
);
