// Chain end to end, in real VS Code: open the DLOOP sample the .vsix bundles (its contracts/ folder),
// run "Diamond: Start Local Node" and "Diamond: Deploy DLOOP Diamond" from the palette (the deployment
// record it writes holds the engine's storage namespaces), and the Facet Explorer lists the deployed DLOOP
// facets with their functions resolved to signatures.
// Signatures and selectors are checked against solc-js's evm.methodIdentifiers.
// Then, in the same session (one node and one deploy keep the suite short): a click on a function row
// opens its declaration; a function added to a facet in the editor shows as drift; stopping the node
// turns the tree into the "does not answer" message with its actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { areaSlot, DLOOP_NAMESPACES, type DloopArea } from '../chain/helpers/namespaces';
import { freeFixedPort, withWorkbench } from './harness';
import {
  childrenOf,
  declarationLine,
  deployDloop,
  rpc,
  solcSelectors,
  startLocalNode,
  waitForEditorAt,
} from './support/dloop';

const VIEW = 'Facet Explorer';

/** A namespace as the deployment record holds it (the engine's NamespaceEntry, the fields read here). */
interface RecordedNamespace {
  id?: string;
  slot: string;
}

// What client/src/explorer/model.ts renders for drift (DRIFT_TEXT): typed here, not imported, so a
// change of wording there is a visible change of what users read.
const LOCAL_ONLY_FACET = 'not on chain';
const LOCAL_ONLY_SELECTOR = 'in the local facet, not on chain';
const CHANGED_FACET = 'changed locally';

/** The function added to OracleFacet in the editor: a selector the deployed facet does not have. */
const DRIFT_FUNCTION = 'function pingDrift() external pure returns (uint256) { return 1; }';

/** The facets the sample's diamond.config.json puts in the "DLOOP" diamond. */
function dloopFacets(contractsDir: string): string[] {
  const config = JSON.parse(readFileSync(join(contractsDir, 'diamond.config.json'), 'utf8'));
  const dloop = config.diamonds.find((d: { name: string }) => d.name === 'DLOOP');
  return [...dloop.facets].sort();
}

test(
  'Facet Explorer in VS Code: lists the deployed DLOOP facets, opens sources, shows drift and a stopped node',
  { timeout: 420_000 },
  async () => {
    const port = await freeFixedPort();
    const rpcUrl = `http://127.0.0.1:${port}`;
    await withWorkbench(
      {
        name: 'explorer',
        // The sample exactly as the .vsix ships it; opened directly, as a folder named contracts/.
        workspace: (extensionDir) => join(extensionDir, 'contracts'),
        // A port of our own: 8545 may be taken by another test or a developer's node.
        settings: { 'diamond.rpcUrl': rpcUrl, 'diamond.node.port': port },
      },
      async (s) => {
        const wb = s.workbench;
        const expectedFacets = dloopFacets(s.folder);
        assert.ok(expectedFacets.includes('CoreFacet') && expectedFacets.includes('GovernanceFacet'));
        const solcTruth = solcSelectors(s.folder);
        await s.waitForDiamondLog(/\S/, 90_000);

        await startLocalNode(wb, rpcUrl);
        const chainId = await rpc<string>(rpcUrl, 'eth_chainId', []);
        assert.equal(Number(chainId), 31337, 'the node the command started answers on the configured port');
        await wb.screenshot('1-node-started');

        const diamond = await deployDloop(wb);
        // The diamond is real: the loupe answers facetAddresses() (0x52ef6b2c) on the node.
        const loupe = await rpc<string>(rpcUrl, 'eth_call', [{ to: diamond, data: '0x52ef6b2c' }, 'latest']);
        assert.match(loupe, /^0x[0-9a-f]{128,}$/, `facetAddresses() on ${diamond}`);
        // The deployment record VS Code wrote (in the DLOOP root: the folder above the opened contracts/)
        // holds the engine's namespaces, each at the slot its id gives (computed here).
        const record = JSON.parse(
          readFileSync(
            join(dirname(s.folder), '.diamond', 'deployments', '31337', `${diamond.toLowerCase()}.json`),
            'utf8',
          ),
        ) as { diamond: string; storageLayouts: { namespaces: RecordedNamespace[] | null } };
        assert.equal(record.diamond, diamond);
        assert.ok(record.storageLayouts.namespaces, 'the record VS Code wrote has namespaces');
        for (const [area, { id }] of Object.entries(DLOOP_NAMESPACES)) {
          const ns: RecordedNamespace | undefined = record.storageLayouts.namespaces.find((n) => n.id === id);
          assert.equal(ns && BigInt(ns.slot), areaSlot(area as DloopArea), `namespace ${id} in the record`);
        }

        await wb.runCommand('Diamond: Show Facet Explorer');
        const rows = await wb.waitForTreeRows(
          VIEW,
          (rs) => expectedFacets.every((f) => rs.some((r) => r.label === f)),
          `the ${VIEW} to list ${expectedFacets.join(', ')}`,
          60_000,
        );
        const top = rows.find((r) => r.level === 1);
        assert.ok(top, 'a diamond row');
        assert.ok(
          top.label.toLowerCase().startsWith(`diamond ${diamond.slice(0, 6).toLowerCase()}`),
          `the diamond row names ${diamond}: ${top.label}`,
        );
        assert.match(top.description, /chain 31337/);
        await wb.screenshot('2-facets-listed');

        for (const facet of ['CoreFacet', 'GovernanceFacet']) {
          await wb.expandTreeRow(VIEW, facet);
          const truth = solcTruth.get(facet);
          assert.ok(truth, `solc knows ${facet}`);
          const fns = childrenOf(
            await wb.waitForTreeRows(VIEW, (rs) => childrenOf(rs, facet).length > 0, `${facet}'s functions`),
            facet,
          );
          // Every function row is resolved to a signature and carries solc's selector for it.
          for (const fn of fns) {
            assert.ok(
              truth.has(fn.label),
              `${facet}: '${fn.label}' is a signature solc reports (${[...truth.keys()]})`,
            );
            assert.ok(
              fn.description.startsWith(truth.get(fn.label) ?? '?'),
              `${facet}: ${fn.label} → ${fn.description}`,
            );
          }
          // And every function solc says the facet exposes is there.
          assert.deepEqual(fns.map((f) => f.label).sort(), [...truth.keys()].sort(), `${facet}'s functions`);
        }
        await wb.screenshot('3-facet-functions');

        // A click on a function row opens its declaration: CoreFacet › pause() → facets/CoreFacet.sol,
        // cursor on the line of `function pause` (the line number read from the file here).
        const pause = declarationLine(join(s.folder, 'facets', 'CoreFacet.sol'), 'pause');
        assert.ok(pause.line > 0, 'CoreFacet.sol declares pause()');
        await wb.clickTreeRow(VIEW, 'pause()');
        const at = await waitForEditorAt(wb, 'facets/CoreFacet.sol', pause.line);
        // The selection is the function's name on that line (the cursor at its end; columns are 1-based).
        const nameColumn = pause.text.search(/\bpause\s*\(/) + 1;
        assert.deepEqual(
          { from: at.column - at.selected, selected: at.selected },
          { from: nameColumn, selected: 'pause'.length },
          `the selection covers 'pause' in '${pause.text.trim()}'`,
        );
        await wb.screenshot('4-pause-source');
        await wb.collapseTreeRow(VIEW, 'CoreFacet');
        await wb.collapseTreeRow(VIEW, 'GovernanceFacet');

        // Drift: a function typed into OracleFacet and saved is in the local facet but not on chain.
        const oracleFile = join(s.folder, 'facets', 'OracleFacet.sol');
        const oracleOnChain = solcTruth.get('OracleFacet');
        assert.ok(oracleOnChain, 'solc knows OracleFacet');
        await wb.openFile('facets/OracleFacet.sol');
        await wb.typeOver('function maxPriceAge()', `${DRIFT_FUNCTION} function maxPriceAge()`);
        await wb.save();
        assert.ok(readFileSync(oracleFile, 'utf8').includes(DRIFT_FUNCTION), 'the edit is saved to disk');
        const pingDrift = solcSelectors(s.folder).get('OracleFacet')?.get('pingDrift()');
        assert.ok(pingDrift && !oracleOnChain.has('pingDrift()'), 'solc gives pingDrift() a new selector');
        // Local selectors come from the language server (unsaved edits included) on every read;
        // saving re-reads too, but the command is what a user runs to be sure.
        await wb.runCommand('Diamond: Refresh Facet Explorer');
        await wb.expandTreeRow(VIEW, 'OracleFacet');
        const deployedCount = `${oracleOnChain.size} selectors`;
        const drifted = await wb.waitForTreeRows(
          VIEW,
          (rs) =>
            rs.find((r) => r.label === 'OracleFacet')?.description ===
              `${deployedCount} · 1 ${LOCAL_ONLY_FACET}` &&
            childrenOf(rs, 'OracleFacet').some((r) => r.label === 'pingDrift()'),
          `OracleFacet marked '1 ${LOCAL_ONLY_FACET}' with a pingDrift() row`,
          30_000,
        );
        const oracleRows = childrenOf(drifted, 'OracleFacet');
        assert.equal(
          oracleRows.find((r) => r.label === 'pingDrift()')?.description,
          `${pingDrift} · ${LOCAL_ONLY_SELECTOR}`,
          'the new function: its solc selector, marked as not on chain',
        );
        for (const r of oracleRows.filter((r) => r.label !== 'pingDrift()')) {
          assert.equal(r.description, oracleOnChain.get(r.label), `${r.label} is deployed and unchanged`);
        }
        await wb.screenshot('5-drift-local-only');

        // A changed facet needs fresh artifacts: the on-chain code no longer matches the rebuilt
        // OracleFacet, so only the deployment record names it, and it is marked changed.
        await wb.runCommand('Diamond: Build Facets');
        await wb.waitForNotification(/^Built \d+ contracts/, 120_000);
        await wb.waitForTreeRows(
          VIEW,
          (rs) =>
            rs.find((r) => r.label === 'OracleFacet')?.description ===
            `${deployedCount} · ${CHANGED_FACET} · 1 ${LOCAL_ONLY_FACET}`,
          `OracleFacet marked '${CHANGED_FACET}' after Build Facets`,
          30_000,
        );
        const afterBuild = await wb.treeRows(VIEW);
        assert.equal(
          afterBuild.find((r) => r.label === 'CoreFacet')?.description,
          `${solcTruth.get('CoreFacet')?.size} selectors`,
          'an untouched facet carries no drift marker',
        );
        await wb.screenshot('6-drift-changed');

        // RPC down: the node stops, and the tree says the RPC does not answer, with what to do about it.
        await wb.runCommand('Diamond: Stop Local Node');
        await wb.waitForNotification(
          new RegExp(`Local node at ${rpcUrl.replace(/\./g, '\\.')} stopped`),
          30_000,
        );
        await assert.rejects(rpc(rpcUrl, 'eth_chainId', []), 'the node no longer answers');
        const down = await wb.waitForTreeRows(
          VIEW,
          (rs) => rs.some((r) => r.label.startsWith(`RPC ${rpcUrl} does not answer`)),
          `the ${VIEW} to say ${rpcUrl} does not answer`,
          30_000,
        );
        assert.deepEqual(
          down.map((r) => ({ label: r.label, level: r.level })),
          [
            { label: down[0].label, level: 1 },
            { label: 'Start Local Node', level: 1 },
            { label: 'Open Settings', level: 1 },
          ],
          'the message, then its two actions, and no diamond left',
        );
        assert.match(
          down[0].label,
          new RegExp(`^RPC ${rpcUrl.replace(/\./g, '\\.')} does not answer \\(.+\\)\\.$`),
        );
        await wb.screenshot('7-rpc-down');
      },
    );
  },
);
