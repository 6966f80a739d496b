// The packaged .vsix installs into real VS Code (code-server), the workbench opens in Chromium and
// the extension activates on a Solidity workspace: its "Diamond" output channel appears and its
// commands are in the palette.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withWorkbench, workspaceFixture } from './harness';

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
      await s.workbench.screenshot('activated');
    });
  },
);
