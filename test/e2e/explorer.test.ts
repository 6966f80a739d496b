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
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import solc from 'solc';
import { areaSlot, DLOOP_NAMESPACES, type DloopArea } from '../chain/helpers/namespaces';
import { freePort, withWorkbench, type TreeRow, type Workbench } from './harness';
import { waitFor } from './support/wait';

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

/** solc-js's methodIdentifiers of every contract under facets/: contract → signature → '0x…' selector. */
function solcSelectors(contractsDir: string): Map<string, Map<string, string>> {
  const sources: Record<string, { content: string }> = {};
  for (const f of readdirSync(join(contractsDir, 'facets')).filter((n) => n.endsWith('.sol'))) {
    sources[`facets/${f}`] = { content: readFileSync(join(contractsDir, 'facets', f), 'utf8') };
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: { outputSelection: { '*': { '*': ['evm.methodIdentifiers'] } } },
  };
  const findImports = (path: string) => {
    const file = join(contractsDir, path);
    return existsSync(file) ? { contents: readFileSync(file, 'utf8') } : { error: `not found: ${path}` };
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  assert.deepEqual(errors, [], 'solc compiles the bundled sample');
  const result = new Map<string, Map<string, string>>();
  for (const contracts of Object.values(out.contracts) as Record<
    string,
    { evm: { methodIdentifiers: Record<string, string> } }
  >[]) {
    for (const [name, c] of Object.entries(contracts)) {
      result.set(
        name,
        new Map(Object.entries(c.evm.methodIdentifiers).map(([sig, sel]) => [sig, `0x${sel}`])),
      );
    }
  }
  return result;
}

async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Rows under the facet row labelled `facet` (one level deeper, until the next row at its level). */
function childrenOf(rows: TreeRow[], facet: string): TreeRow[] {
  const at = rows.findIndex((r) => r.label === facet);
  if (at < 0) return [];
  const out: TreeRow[] = [];
  for (const r of rows.slice(at + 1)) {
    if (r.level <= rows[at].level) break;
    if (r.level === rows[at].level + 1) out.push(r);
  }
  return out;
}

/** 1-based number of the line declaring `function <name>(` in `file`; 0 when none does. */
function declarationLine(file: string, name: string): { line: number; text: string } {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const at = lines.findIndex((l) => new RegExp(`\\bfunction\\s+${name}\\s*\\(`).test(l));
  return { line: at + 1, text: at < 0 ? '' : lines[at] };
}

/** Waits until the active editor is `path` (breadcrumbs) with the cursor on `line` (status bar). */
async function waitForEditorAt(
  wb: Workbench,
  path: string,
  line: number,
  timeoutMs = 15_000,
): Promise<{ path: string; line: number; column: number; selected: number }> {
  let last: unknown;
  try {
    return await waitFor(
      async () => {
        const seen = { path: await wb.activeEditorPath(), ...(await wb.cursorPosition()) };
        last = seen;
        return seen.path === path && seen.line === line
          ? { ...seen, line, column: seen.column ?? 0, selected: seen.selected ?? 0 }
          : undefined;
      },
      { timeoutMs, what: `the editor to show ${path} at line ${line}`, intervalMs: 250 },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\nlast seen: ${JSON.stringify(last)}`, { cause: err });
  }
}

test(
  'Facet Explorer in VS Code: lists the deployed DLOOP facets, opens sources, shows drift and a stopped node',
  { timeout: 420_000 },
  async () => {
    const port = await freePort();
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

        await wb.runCommand('Diamond: Start Local Node');
        await wb.waitForNotification(
          new RegExp(`Local node running at ${rpcUrl.replace(/\./g, '\\.')}`),
          60_000,
        );
        const chainId = await rpc<string>(rpcUrl, 'eth_chainId', []);
        assert.equal(Number(chainId), 31337, 'the node the command started answers on the configured port');
        await wb.screenshot('1-node-started');

        await wb.runCommand('Diamond: Deploy DLOOP Diamond');
        const deployed = await wb.waitForNotification(
          /Deployed the DLOOP diamond at 0x[0-9a-fA-F]{40}/,
          240_000,
        );
        const diamond = /0x[0-9a-fA-F]{40}/.exec(deployed)?.[0] ?? '';
        // The diamond is real: the loupe answers facetAddresses() (0x52ef6b2c) on the node.
        const loupe = await rpc<string>(rpcUrl, 'eth_call', [{ to: diamond, data: '0x52ef6b2c' }, 'latest']);
        assert.match(loupe, /^0x[0-9a-f]{128,}$/, `facetAddresses() on ${diamond}`);
        // The deployment record VS Code wrote (in the DLOOP root: the folder above the opened contracts/)
        // holds the engine's namespaces, each at the slot its id gives (computed here).
        const record = JSON.parse(
          readFileSync(join(dirname(s.folder), '.diamond', 'deployments', '31337', `${diamond.toLowerCase()}.json`), 'utf8'),
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
