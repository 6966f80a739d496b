// Chain end to end, in real VS Code: open the DLOOP sample the .vsix bundles (its contracts/ folder),
// run "Diamond: Start Local Node" and "Diamond: Deploy DLOOP Diamond" from the palette, and the
// Facet Explorer lists the deployed DLOOP facets with their functions resolved to signatures.
// Signatures and selectors are checked against solc-js's evm.methodIdentifiers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import solc from 'solc';
import { freePort, withWorkbench, type TreeRow } from './harness';

const VIEW = 'Facet Explorer';

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

test(
  'Start Local Node + Deploy DLOOP Diamond: the Facet Explorer lists the DLOOP facets with signatures',
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
      },
    );
  },
);
