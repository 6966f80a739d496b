// Bundles the @vscode/test-electron entry point and the in-editor suite into out/test/electron/.
// Separate from scripts/build.mjs on purpose: these are not *.test.ts files, and scripts/test.mjs
// must not run them (they download VS Code). Usage: node test/electron/build.mjs
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['test/electron/runTest.ts', 'test/electron/suite/index.ts'],
  outdir: 'out',
  outbase: '.',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  // vscode comes from the extension host; @vscode/test-electron and the rest from node_modules.
  packages: 'external',
  logLevel: 'warning',
});
console.log('[electron] built out/test/electron/runTest.js and suite/index.js');
