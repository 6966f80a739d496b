/**
 * Runs inside VS Code's extension host (loaded by @vscode/test-electron, see ../runTest.ts): the
 * diagnostics scenario of test/e2e/diagnostics.test.ts through the vscode API instead of the DOM.
 * VS Code calls run(); a rejection fails the run. Ends with the plain `N passed, N failed` line CI reads.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../../e2e/support/wait';

const EXTENSION_ID = 'dloop.dloop-diamond-tools';

const codeOf = (d: vscode.Diagnostic): string =>
  typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');

/** Files (base names) that carry a duplicate-selector diagnostic from our server. */
function filesWithDuplicates(): string[] {
  return vscode.languages
    .getDiagnostics()
    .filter(([, ds]) => ds.some((d) => d.source === 'diamond' && codeOf(d) === 'duplicate-selector'))
    .map(([uri]) => uri.path.split('/').pop() ?? '')
    .sort();
}

const checks: [string, () => Promise<void>][] = [
  [
    'the extension activates',
    async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is installed`);
      await ext.activate();
      assert.ok(ext.isActive);
    },
  ],
  [
    'duplicate-selector is reported on both facets',
    async () => {
      const files = await waitFor(
        () => (filesWithDuplicates().length === 2 ? filesWithDuplicates() : undefined),
        {
          timeoutMs: 60_000,
          what: 'duplicate-selector on FeeFacet.sol and PricingFacet.sol',
        },
      );
      assert.deepEqual(files, ['FeeFacet.sol', 'PricingFacet.sol']);
    },
  ],
  [
    'renaming the function in one facet clears it from both',
    async () => {
      const [uri] = await vscode.workspace.findFiles('contracts/FeeFacet.sol');
      assert.ok(uri, 'contracts/FeeFacet.sol is in the workspace');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const at = doc.getText().indexOf('function feeBps()') + 'function '.length;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(
        uri,
        new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'feeBps'.length)),
        'protocolFeeBps',
      );
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor(() => filesWithDuplicates().length === 0, {
        timeoutMs: 30_000,
        what: 'no duplicate-selector after the rename',
      });
    },
  ],
];

export async function run(): Promise<void> {
  let passed = 0;
  const failed: string[] = [];
  for (const [name, check] of checks) {
    try {
      await check();
      passed++;
      console.log(`ok - ${name}`);
    } catch (err) {
      failed.push(name);
      console.log(`not ok - ${name}\n  ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  console.log(`${passed} passed, ${failed.length} failed`);
  if (failed.length) throw new Error(`failed: ${failed.join('; ')}`);
}
