// Language server end to end, in real VS Code: two facets of one diamond expose feeBps(); the
// duplicate-selector finding (source "diamond") shows in the Problems panel for both files. Renaming
// the function in one facet, typed key by key in the editor and left unsaved, clears it from both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import solc from 'solc';
import { withWorkbench, workspaceFixture, type Problem } from './harness';

const FACETS = ['FeeFacet.sol', 'PricingFacet.sol'];

const duplicates = (problems: Problem[]): Problem[] =>
  problems.filter((p) => p.source === 'diamond' && p.code === 'duplicate-selector');

/** solc-js's evm.methodIdentifiers: the ground truth for selectors. */
function methodIdentifiers(file: string, source: string): Record<string, string> {
  const input = {
    language: 'Solidity',
    sources: { [file]: { content: source } },
    settings: { outputSelection: { '*': { '*': ['evm.methodIdentifiers'] } } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  assert.deepEqual(errors, [], `solc errors in ${file}`);
  return Object.values(
    out.contracts[file] as Record<string, { evm: { methodIdentifiers: Record<string, string> } }>,
  )[0].evm.methodIdentifiers;
}

const filesOf = (problems: Problem[]): string[] => [...new Set(problems.map((p) => basename(p.file)))].sort();

test(
  'duplicate-selector shows on both facets and goes away when one is renamed',
  { timeout: 300_000 },
  async () => {
    await withWorkbench(
      { name: 'diagnostics', workspace: workspaceFixture('shared-selector') },
      async (s) => {
        const wb = s.workbench;
        await wb.showProblems();

        const before = await wb.waitForProblems(
          (ps) => filesOf(duplicates(ps)).join() === FACETS.join(),
          'duplicate-selector on both FeeFacet.sol and PricingFacet.sol',
          120_000,
        );
        const feeFacetSource = readFileSync(join(s.folder, 'contracts/FeeFacet.sol'), 'utf8');
        const shared = '0x' + methodIdentifiers('FeeFacet.sol', feeFacetSource)['feeBps()'];
        const found = duplicates(before);
        for (const p of found) {
          assert.equal(p.severity, 'error', `severity of ${JSON.stringify(p)}`);
          assert.ok(p.message.includes('feeBps()'), `the message names the shared signature: ${p.message}`);
          assert.ok(
            p.message.includes(shared),
            `the message carries solc's selector ${shared}: ${p.message}`,
          );
        }
        // Each finding sits on the function's declaration: line 9 in FeeFacet, line 11 in PricingFacet.
        const lineIn = (file: string) => found.find((p) => basename(p.file) === file)?.line;
        assert.equal(lineIn('FeeFacet.sol'), 9);
        assert.equal(lineIn('PricingFacet.sol'), 11);
        await wb.screenshot('1-duplicate-on-both');

        await wb.openFile('contracts/FeeFacet.sol');
        await wb.typeOver('feeBps', 'protocolFeeBps');
        assert.match(await wb.editorText(), /function protocolFeeBps\(\) external pure/);

        const after = await wb.waitForProblems(
          (ps) => duplicates(ps).length === 0,
          'duplicate-selector gone from both facets after the rename',
          60_000,
        );
        // Nothing else from our server appeared in its place.
        assert.deepEqual(
          after.filter((p) => p.source === 'diamond'),
          [],
        );
        // The selector lens above the renamed function follows the edit (solc says what it must show).
        const renamed = feeFacetSource.replace('function feeBps()', 'function protocolFeeBps()');
        const newSelector = '0x' + methodIdentifiers('FeeFacet.sol', renamed)['protocolFeeBps()'];
        await wb.waitForCodeLens(
          (lens) => lens.includes(newSelector) && lens.includes('protocolFeeBps()'),
          `a code lens '${newSelector} · protocolFeeBps()'`,
        );
        await wb.screenshot('2-renamed-no-duplicate');
      },
    );
  },
);
