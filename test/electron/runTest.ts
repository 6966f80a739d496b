/**
 * @vscode/test-electron entry point, for machines with internet access: downloads VS Code (stable
 * unless VSCODE_TEST_VERSION says otherwise), opens a temp copy of the shared-selector workspace with
 * this repo as the extension under development, and runs ./suite/index.ts in its extension host.
 *
 * Not part of the test suite: this offline machine cannot download VS Code (ENOTFOUND); the e2e
 * suite in test/e2e runs the same scenario in code-server instead. Build and run:
 *   node scripts/build.mjs && node test/electron/build.mjs && node out/test/electron/runTest.js
 * (on Linux without a display: xvfb-run -a node out/test/electron/runTest.js)
 */
import { runTests } from '@vscode/test-electron';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, workspaceFixture } from '../e2e/support/paths';

async function main(): Promise<number> {
  const root = repoRoot();
  if (!existsSync(join(root, 'dist/extension.js'))) {
    console.error('dist/extension.js is missing: run `node scripts/build.mjs` first');
    return 1;
  }
  const base = mkdtempSync(join(tmpdir(), 'dloop-electron-'));
  const workspace = join(base, 'shared-selector');
  cpSync(workspaceFixture('shared-selector'), workspace, { recursive: true });
  for (const d of ['user-data', 'extensions', 'xdg-config', 'xdg-cache']) mkdirSync(join(base, d));
  try {
    return await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: join(__dirname, 'suite', 'index.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        join(base, 'user-data'),
        '--extensions-dir',
        join(base, 'extensions'),
      ],
      // Hardhat writes ~/.config and ~/.cache: keep them in the temp tree.
      extensionTestsEnv: {
        XDG_CONFIG_HOME: join(base, 'xdg-config'),
        XDG_CACHE_HOME: join(base, 'xdg-cache'),
      },
    });
  } finally {
    rmSync(base, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
