/**
 * Nested diamond.config.json projects through the language server, opened as one workspace folder:
 * facets of the nested project never collide with the root project's, a duplicate inside a project
 * is still reported in both files under that project's config, and creating, deleting or editing a
 * nested config splits the folder again without a restart (editor buffers follow their file).
 * Last, the server on this repository's root reports nothing in the bundled contracts/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { id } from 'ethers';
import type { CodeLens, Hover } from 'vscode-languageserver-protocol';
import { repoRoot, TestClient, uriOf, type Settings } from './lsp-client';

const FIXTURE = join(repoRoot(), 'test', 'fixtures', 'workspaces', 'nested-projects');
const settings: Settings = { diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } };

async function open(folder: string): Promise<TestClient> {
  const client = new TestClient(structuredClone(settings));
  try {
    await client.initialize(folder);
  } catch (e) {
    await client.stop();
    throw e;
  }
  return client;
}

/** Every diagnostic of a file as `code severity line` (0-based line), sorted. */
function summary(client: TestClient, uri: string): string[] {
  return client
    .diagnosticsOf(uri)
    .map((d) => `${String(d.code)} ${d.severity} ${d.range.start.line}`)
    .sort();
}

test('one folder, two configs: no duplicate across projects; within a project both files, under its own config', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-lsp-nested-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const client = await open(dir);
  const token = uriOf(join(dir, 'facets', 'TokenFacet.sol'));
  const legacy = uriOf(join(dir, 'facets', 'LegacyFacet.sol'));
  const vaultPath = join(dir, 'vault', 'facets', 'VaultFacet.sol');
  const vault = uriOf(vaultPath);
  const vaultV2 = uriOf(join(dir, 'vault', 'facets', 'VaultV2Facet.sol'));
  const nestedCfgPath = join(dir, 'vault', 'diamond.config.json');
  const nestedCfg = uriOf(nestedCfgPath);
  const nestedCfgText = readFileSync(nestedCfgPath, 'utf8');
  const watched = (uri: string, type: number) =>
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type }] });
  const initial = {
    [token]: ['duplicate-selector 1 8'],
    [legacy]: ['duplicate-selector 1 4'],
    [vault]: ['duplicate-selector 2 10'],
    [vaultV2]: ['duplicate-selector 2 4'],
  };
  const now = () => Object.fromEntries(Object.keys(initial).map((u) => [u, summary(client, u)]));
  const is = (want: Record<string, string[]>) => () => JSON.stringify(now()) === JSON.stringify(want);
  try {
    // balanceOf: TokenFacet and LegacyFacet (root config: error). deposit: VaultFacet and VaultV2Facet
    // (vault/diamond.config.json: warning). transfer is in TokenFacet and VaultFacet: different projects.
    await client.waitFor('both projects analysed', is(initial));
    // Every analysis of the first pass has been published by the time a later request is answered.
    await client.conn.sendRequest('diamond/analysisStats');
    assert.deepEqual(now(), initial);
    assert.match(
      client.diagnosticsOf(vault)[0].message as string,
      /deposit\(uint256\).*VaultFacet and VaultV2Facet/,
    );
    assert.match(client.diagnosticsOf(token)[0].message as string, /balanceOf\(address\)/);

    // Requests answer from the project owning the file: VaultFacet's transfer is shared with nobody.
    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: vault },
      position: { line: 6, character: 16 },
    })) as Hover;
    const text = (hover.contents as { value: string }).value;
    assert.match(text, /`transfer\(address,uint256\)`/);
    assert.doesNotMatch(text, /TokenFacet/);
    // The nested project has no remappings.txt: it inherits the folder's (@shared/ → shared/).
    const lenses = (await client.conn.sendRequest('textDocument/codeLens', {
      textDocument: { uri: vault },
    })) as CodeLens[];
    const redeem = lenses.find((l) => l.command?.arguments?.[1] === 'redeem((uint256,address))');
    assert.ok(redeem, JSON.stringify(lenses.map((l) => l.command?.title)));
    assert.equal(redeem.command?.arguments?.[0], id('redeem((uint256,address))').slice(0, 10));

    // An editor buffer in the nested project: deposit renamed away, not saved.
    const vaultText = readFileSync(vaultPath, 'utf8');
    client.open(vault, vaultText.replace('function deposit(', 'function depositAll('));
    await client.waitFor('the buffer is analysed', is({ ...initial, [vault]: [], [vaultV2]: [] }));

    // The nested config goes: one project; its files join the root's with the buffer, under the root config.
    unlinkSync(nestedCfgPath);
    watched(nestedCfg, 3);
    await client.waitFor(
      'one project',
      is({
        [token]: ['duplicate-selector 1 4', 'duplicate-selector 1 8'],
        [legacy]: ['duplicate-selector 1 4'],
        [vault]: ['duplicate-selector 1 6'],
        [vaultV2]: [],
      }),
    );

    // It comes back: two projects again (the buffer moves back with its file).
    writeFileSync(nestedCfgPath, nestedCfgText);
    watched(nestedCfg, 1);
    await client.waitFor('two projects again', is({ ...initial, [vault]: [], [vaultV2]: [] }));
    client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: vault } });
    await client.waitFor('disk text again', is(initial));

    // Editing the nested config applies to the nested project only.
    writeFileSync(nestedCfgPath, '{ "rules": { "duplicate-selector": "error" } }\n');
    watched(nestedCfg, 2);
    await client.waitFor(
      'nested severity changed',
      is({ ...initial, [vault]: ['duplicate-selector 1 10'], [vaultV2]: ['duplicate-selector 1 4'] }),
    );
    // A broken nested config is reported in that file; its last good config stays in force.
    writeFileSync(nestedCfgPath, '{ "rules": { "duplicate-selector": 7 } }\n');
    watched(nestedCfg, 2);
    await client.waitFor(
      'config problem in the nested file',
      () => client.diagnosticsOf(nestedCfg).length === 1,
    );
    assert.equal(client.diagnosticsOf(nestedCfg)[0].code, 'config');
    assert.deepEqual(now(), {
      ...initial,
      [vault]: ['duplicate-selector 1 10'],
      [vaultV2]: ['duplicate-selector 1 4'],
    });
    assert.deepEqual(client.diagnosticsOf(uriOf(join(dir, 'diamond.config.json'))), []);

    // A config created in a plain folder makes it a project: facets/ leaves the root project.
    const facetsCfg = join(dir, 'facets', 'diamond.config.json');
    writeFileSync(facetsCfg, '{ "rules": { "duplicate-selector": "info" } }\n');
    watched(uriOf(facetsCfg), 1);
    await client.waitFor(
      'facets/ is a project',
      () =>
        summary(client, token).join() === 'duplicate-selector 3 8' &&
        summary(client, legacy).join() === 'duplicate-selector 3 4',
    );

    // A project's whole folder deleted (reported as the folder alone): its files and project go.
    rmSync(join(dir, 'vault'), { recursive: true, force: true });
    watched(uriOf(join(dir, 'vault')), 3);
    await client.waitFor(
      'vault/ gone',
      () => summary(client, vault).length === 0 && summary(client, vaultV2).length === 0,
    );
    const stats = (await client.conn.sendRequest('diamond/analysisStats')) as Record<string, number>;
    assert.deepEqual(stats, { files: 3, contracts: 2, facets: 2, findings: 2 });
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(client.errorLogs, []);
});

test('a file the nested project imports from the root project: its buffer and disk changes reach the importer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-lsp-nested-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const client = await open(dir);
  const vault = uriOf(join(dir, 'vault', 'facets', 'VaultFacet.sol'));
  const ticketPath = join(dir, 'shared', 'Ticket.sol');
  const ticket = uriOf(ticketPath);
  const ticketText = readFileSync(ticketPath, 'utf8');
  const redeem = async () => {
    const lenses = (await client.conn.sendRequest('textDocument/codeLens', {
      textDocument: { uri: vault },
    })) as CodeLens[];
    const l = lenses.find((x) => String(x.command?.arguments?.[1]).startsWith('redeem('));
    return [l?.command?.arguments?.[1], l?.command?.arguments?.[0]];
  };
  const expect = (signature: string) => [signature, id(signature).slice(0, 10)];
  try {
    await client.waitFor('first analysis', () => client.analyses.some((a) => a.folder !== null));
    assert.deepEqual(await redeem(), expect('redeem((uint256,address))'));
    // Ticket.sol belongs to the root project; VaultFacet's project reads the editor buffer, unsaved.
    client.open(ticket, ticketText);
    client.change(ticket, ticketText.replace('address to;', 'address to;\n    bool urgent;'), 2);
    assert.deepEqual(await redeem(), expect('redeem((uint256,address,bool))'));
    // Closed unsaved: the disk text again.
    client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: ticket } });
    assert.deepEqual(await redeem(), expect('redeem((uint256,address))'));
    // Changed on disk.
    writeFileSync(ticketPath, ticketText.replace('uint256 amount;', 'uint128 amount;'));
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ticket, type: 2 }] });
    assert.deepEqual(await redeem(), expect('redeem((uint128,address))'));
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(client.errorLogs, []);
});

test('this repository opened at its root: no finding in any file under contracts/', async () => {
  const root = repoRoot();
  const contracts = uriOf(join(root, 'contracts')) + '/';
  const client = await open(root);
  try {
    await client.waitFor('the folder analysed', () => client.analyses.some((a) => a.folder !== null), 60_000);
    // The folder's projects are analysed in one pass: answered after it, this request sees all of it.
    await client.conn.sendRequest('diamond/analysisStats');
    // The fixtures live under test/: outside the default scope, each file is only its own diamond, so the
    // fixture's cross-file duplicate is not the repository's problem.
    const dup = uriOf(join(root, 'test', 'fixtures', 'workspaces', 'duplicate', 'facets', 'TokenFacet.sol'));
    assert.equal(client.diagnosticsOf(dup, 'duplicate-selector').length, 0);
    // Positive controls: the analysis ran over the whole folder (the facets below are found).
    const { contracts: found } = (await client.conn.sendRequest('diamond/contracts')) as {
      contracts: { name: string; uri: string; isFacet: boolean }[];
    };
    const facet = (name: string) => found.find((c) => c.name === name && c.uri.startsWith(contracts));
    assert.equal(facet('RewardsFacet')?.isFacet, true);
    assert.equal(facet('RewardsV2Facet')?.isFacet, true);

    const under = [...client.diagnostics].filter(([uri, ds]) => uri.startsWith(contracts) && ds.length > 0);
    assert.deepEqual(
      under.map(([uri, ds]) => [
        uri.slice(contracts.length),
        ds.map((d) => `${String(d.code)}: ${d.message}`),
      ]),
      [],
    );
  } finally {
    await client.stop();
  }
  assert.deepEqual(client.errorLogs, []);
});
