/**
 * The language server over stdio, as an editor drives it: diagnostics for both facets of a shared
 * selector at start, cleared together when one side goes, hover, code lenses, the ERC-7201 quick
 * fix, settings pulled with workspace/configuration (debounce, rule severity) applied without a
 * restart, diamond.config.json problems, watched files, the git baseline and the custom requests.
 * Every wait is on a server message with a timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, CodeLens, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { repoRoot, TestClient, uriOf, type Settings } from './lsp-client';

const FIXTURES = join(repoRoot(), 'test', 'fixtures', 'workspaces');
const DOCS = 'https://github.com/dloop/diamond-tools/blob/main/docs/rules.md#';

function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `diamond-lsp-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

const settings = (extra: Record<string, unknown> = {}): Settings => ({
  diamond: { diagnostics: { debounceMs: 0 }, baseline: '', ...extra },
});

async function session(fixture: string, s: Settings = settings()) {
  const dir = copyFixture(fixture);
  const client = new TestClient(s);
  let init;
  try {
    init = await client.initialize(dir);
  } catch (e) {
    await client.stop();
    throw e;
  }
  return {
    dir,
    client,
    init,
    async close() {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
      assert.deepEqual(client.errorLogs, []);
    },
  };
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted)
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

test('shared selector: diagnostics in both facets at start; editing one side away clears both; hover and lenses', async () => {
  const s = await session('duplicate');
  const { client, dir } = s;
  try {
    const token = uriOf(join(dir, 'facets', 'TokenFacet.sol'));
    const legacy = uriOf(join(dir, 'facets', 'LegacyFacet.sol'));
    const sync = s.init.capabilities.textDocumentSync as { change: number };
    assert.equal(sync.change, 2, 'incremental sync');
    await client.waitFor(
      'diagnostics in both facets',
      () => client.diagnosticsOf(token).length === 1 && client.diagnosticsOf(legacy).length === 1,
    );
    const d = client.diagnosticsOf(token)[0];
    assert.equal(d.source, 'diamond');
    assert.equal(d.code, 'duplicate-selector');
    assert.equal(d.severity, 1);
    assert.equal(d.codeDescription?.href, DOCS + 'duplicate-selector');
    assert.deepEqual(d.range, { start: { line: 4, character: 13 }, end: { line: 4, character: 21 } });
    assert.match(d.message as string, /TokenFacet/);
    assert.match(d.message as string, /LegacyFacet/);
    assert.equal(d.relatedInformation?.[0].location.uri, legacy);
    assert.equal(d.relatedInformation?.[0].location.range.start.line, 4);

    // The editor opens TokenFacet and renames transfer: both files clear in the same pass.
    const text = readFileSync(join(dir, 'facets', 'TokenFacet.sol'), 'utf8');
    client.open(token, text);
    client.changeRange(
      token,
      2,
      { start: { line: 4, character: 21 }, end: { line: 4, character: 21 } },
      'Tokens',
    );
    await client.waitFor(
      'both cleared',
      () => client.diagnosticsOf(token).length === 0 && client.diagnosticsOf(legacy).length === 0,
    );
    client.changeRange(token, 3, { start: { line: 4, character: 21 }, end: { line: 4, character: 27 } }, '');
    await client.waitFor(
      'both back',
      () => client.diagnosticsOf(token).length === 1 && client.diagnosticsOf(legacy).length === 1,
    );

    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: token },
      position: { line: 4, character: 16 },
    })) as Hover;
    const value = (hover.contents as { kind: string; value: string }).value;
    assert.equal((hover.contents as { kind: string }).kind, 'markdown');
    assert.match(value, /`transfer\(address,uint256\)`/);
    assert.match(value, /`0xa9059cbb`/);
    assert.match(value, /\*\*LegacyFacet\*\* also exposes it/);

    const lenses = (await client.conn.sendRequest('textDocument/codeLens', {
      textDocument: { uri: token },
    })) as CodeLens[];
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
      [
        [
          4,
          '0xa9059cbb · transfer(address,uint256)',
          'diamond.copySelector',
          ['0xa9059cbb', 'transfer(address,uint256)'],
        ],
        [8, '0x6c02a931 · tokenName()', 'diamond.copySelector', ['0x6c02a931', 'tokenName()']],
      ],
    );
  } finally {
    await s.close();
  }
});

test('erc7201-slot-mismatch: the quick fix writes the right slot and the diagnostic goes away', async () => {
  const s = await session('erc7201');
  const { client, dir } = s;
  try {
    const path = join(dir, 'libraries', 'LibRewardsStorage.sol');
    const uri = uriOf(path);
    await client.waitFor(
      'erc7201 diagnostic',
      () => client.diagnosticsOf(uri, 'erc7201-slot-mismatch').length === 1,
    );
    const diag = client.diagnosticsOf(uri, 'erc7201-slot-mismatch')[0];
    assert.equal(diag.codeDescription?.href, DOCS + 'erc7201-slot-mismatch');
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [diag] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'quickfix');
    assert.deepEqual(actions[0].diagnostics, [diag]);
    const edits = actions[0].edit!.changes![uri];
    assert.equal(edits.length, 1);
    assert.equal(edits[0].newText, '0x7b80b2a83d21821f83cf3552fba1ccd6652dbf629a34f992a18702122d0d3800');
    const text = readFileSync(path, 'utf8');
    const fixed = applyEdits(text, edits);
    assert.ok(fixed.includes('= 0x7b80b2a83d21821f83cf3552fba1ccd6652dbf629a34f992a18702122d0d3800;'));
    client.open(uri, text);
    client.change(uri, fixed, 2);
    await client.waitFor('fixed', () => client.diagnosticsOf(uri).length === 0 && client.analyses.length > 0);
    // No quick fix is offered where there is nothing to fix.
    const none = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [] },
    })) as CodeAction[];
    assert.deepEqual(none, []);
  } finally {
    await s.close();
  }
});

test('settings: rule severity and debounce from workspace/configuration change without a restart', async () => {
  const s = await session('duplicate');
  const { client, dir } = s;
  try {
    const token = uriOf(join(dir, 'facets', 'TokenFacet.sol'));
    const legacy = uriOf(join(dir, 'facets', 'LegacyFacet.sol'));
    await client.waitFor('errors', () => client.diagnosticsOf(token)[0]?.severity === 1);
    const pulls = client.configurationRequests;
    assert.ok(pulls >= 1, 'settings were pulled at start');

    client.setSettings(settings({ rules: { 'duplicate-selector': 'warning' } }));
    await client.waitFor(
      'warnings',
      () => client.diagnosticsOf(token)[0]?.severity === 2 && client.diagnosticsOf(legacy)[0]?.severity === 2,
    );
    assert.ok(client.configurationRequests > pulls, 'settings re-pulled on didChangeConfiguration');

    client.setSettings(settings({ rules: { 'duplicate-selector': 'off' } }));
    await client.waitFor(
      'off clears both',
      () => client.diagnosticsOf(token).length === 0 && client.diagnosticsOf(legacy).length === 0,
    );

    // Debounce: with 700 ms, an edit's diagnostics come no sooner than that; with 0 they come at once.
    client.setSettings(settings({ diagnostics: { debounceMs: 700 } }));
    await client.waitFor('back on', () => client.diagnosticsOf(token).length === 1);
    const text = readFileSync(join(dir, 'facets', 'TokenFacet.sol'), 'utf8');
    client.open(token, text);
    const edit = (version: number, on: boolean) =>
      client.change(token, on ? text : text.replace('function transfer(', 'function transferX('), version);
    let t = performance.now();
    edit(2, false);
    await client.waitFor('cleared after the debounce', () => client.diagnosticsOf(token).length === 0);
    const slow = performance.now() - t;
    assert.ok(slow >= 650, `debounced: ${slow.toFixed(0)} ms`);

    client.setSettings(settings({ diagnostics: { debounceMs: 0 } }));
    const before = client.configurationRequests;
    await client.waitFor('re-pulled', () => client.configurationRequests > before);
    const analyses = client.analyses.length;
    await client.waitFor('analysed with the new settings', () => client.analyses.length > analyses);
    t = performance.now();
    edit(3, true);
    await client.waitFor('back at once', () => client.diagnosticsOf(token).length === 1);
    const fast = performance.now() - t;
    assert.ok(fast < 650, `not debounced: ${fast.toFixed(0)} ms`);
  } finally {
    await s.close();
  }
});

test('diamond.config.json: a bad file gets a diagnostic and the last good config stays; fixing clears it', async () => {
  const s = await session('duplicate');
  const { client, dir } = s;
  try {
    const token = uriOf(join(dir, 'facets', 'TokenFacet.sol'));
    const cfgPath = join(dir, 'diamond.config.json');
    const cfg = uriOf(cfgPath);
    await client.waitFor('errors', () => client.diagnosticsOf(token)[0]?.severity === 1);
    const changed = (type: number) =>
      client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: cfg, type }] });

    writeFileSync(cfgPath, JSON.stringify({ rules: { 'duplicate-selector': 'warning' } }));
    changed(1);
    await client.waitFor('config applied', () => client.diagnosticsOf(token)[0]?.severity === 2);

    writeFileSync(cfgPath, '{\n  "rules": { "duplicate-selector": "loud" }\n}\n');
    changed(2);
    await client.waitFor('config diagnostic', () => client.diagnosticsOf(cfg).length === 1);
    const d = client.diagnosticsOf(cfg)[0];
    assert.equal(d.code, 'config');
    assert.match(d.message as string, /^rules\.duplicate-selector: expected one of/);
    assert.deepEqual(d.range.start, { line: 1, character: 35 });
    assert.equal(client.diagnosticsOf(token)[0]?.severity, 2, 'the last good config (warning) is kept');

    writeFileSync(cfgPath, '{ "rules": { "duplicate-selector": "off" } }');
    changed(2);
    await client.waitFor(
      'fixed',
      () => client.diagnosticsOf(cfg).length === 0 && client.diagnosticsOf(token).length === 0,
    );

    unlinkSync(cfgPath);
    changed(3);
    await client.waitFor('defaults again', () => client.diagnosticsOf(token)[0]?.severity === 1);
  } finally {
    await s.close();
  }
});

test('watched .sol files: a facet created on disk is indexed, deleting it clears its findings', async () => {
  const s = await session('clean');
  const { client, dir } = s;
  try {
    const fee = uriOf(join(dir, 'facets', 'FeeFacet.sol'));
    await client.waitFor('first analysis', () => client.analyses.length > 0);
    assert.equal(client.diagnosticsOf(fee).length, 0);
    const newPath = join(dir, 'facets', 'CopyFacet.sol');
    const newUri = uriOf(newPath);
    writeFileSync(
      newPath,
      '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\ncontract CopyFacet {\n    function setFee(uint256 v) external {}\n}\n',
    );
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: newUri, type: 1 }] });
    await client.waitFor(
      'duplicate with FeeFacet',
      () =>
        client.diagnosticsOf(fee, 'duplicate-selector').length === 1 &&
        client.diagnosticsOf(newUri).length === 1,
    );
    unlinkSync(newPath);
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: newUri, type: 3 }] });
    await client.waitFor(
      'cleared',
      () => client.diagnosticsOf(fee).length === 0 && client.diagnosticsOf(newUri).length === 0,
    );
  } finally {
    await s.close();
  }
});

test('baseline HEAD read with git: a reordered layout is a storage-layout-break; a refused baseline keeps HEAD; no git when untrusted', async () => {
  const dir = copyFixture('layout');
  const repo = join(dir, 'current');
  const git = (...args: string[]) => {
    const g = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: repo,
      encoding: 'utf8',
    });
    assert.equal(g.status, 0, g.stderr);
  };
  // HEAD holds the baseline layout; the working tree the reordered one.
  const currentLib = readFileSync(join(repo, 'libraries', 'LibVaultStorage.sol'), 'utf8');
  cpSync(join(dir, 'baseline', 'libraries'), join(repo, 'libraries'), { recursive: true });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'deployed');
  writeFileSync(join(repo, 'libraries', 'LibVaultStorage.sol'), currentLib);
  const client = new TestClient(settings({ baseline: 'HEAD' }));
  try {
    await client.initialize(repo);
    const lib = uriOf(join(repo, 'libraries', 'LibVaultStorage.sol'));
    await client.waitFor('layout break', () => client.diagnosticsOf(lib, 'storage-layout-break').length > 0);
    client.setSettings(settings({ baseline: '' }));
    await client.waitFor(
      'no baseline, no break',
      () => client.diagnosticsOf(lib, 'storage-layout-break').length === 0,
    );
    // A range is not one commit: the server refuses it as the extension does (shared/settings.ts), says so,
    // and compares against the default, HEAD.
    client.setSettings(settings({ baseline: 'HEAD..HEAD' }));
    await client.waitFor(
      'the default baseline',
      () => client.diagnosticsOf(lib, 'storage-layout-break').length > 0,
    );
    assert.ok(
      client.logs.some((l) => l.includes('diamond.baseline: ignoring "HEAD..HEAD"; using "HEAD"')),
      client.logs.join('\n'),
    );
  } finally {
    await client.stop();
  }
  // Restricted Mode: the server runs no git in the workspace (its config could run commands).
  const untrusted = new TestClient(settings({ baseline: 'HEAD' }));
  try {
    await untrusted.initialize(repo, {}, { workspaceTrusted: false });
    await untrusted.waitFor('told why', () =>
      untrusted.logs.some((l) => l.includes('git baseline off in an untrusted workspace')),
    );
    await untrusted.waitFor('analysed', () => untrusted.analyses.length > 0);
    const lib = uriOf(join(repo, 'libraries', 'LibVaultStorage.sol'));
    assert.equal(untrusted.diagnosticsOf(lib, 'storage-layout-break').length, 0);
  } finally {
    await untrusted.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('custom requests: contracts, resolveSelectors, namespaces, analysisStats', async () => {
  const s = await session('clean');
  const { client, dir } = s;
  try {
    await client.waitFor('first analysis', () => client.analyses.length > 0);
    const { contracts } = (await client.conn.sendRequest('diamond/contracts')) as {
      contracts: {
        name: string;
        uri: string;
        isFacet: boolean;
        functions: {
          selector: string;
          signature: string;
          location: { uri: string; range: { start: { line: number } } };
        }[];
      }[];
    };
    const fee = contracts.find((c) => c.name === 'FeeFacet')!;
    assert.equal(fee.isFacet, true);
    assert.equal(fee.uri, uriOf(join(dir, 'facets', 'FeeFacet.sol')));
    const quote = fee.functions.find((f) => f.signature === 'quote((uint256,address))')!;
    assert.equal(quote.selector, '0x8b554d3f');
    assert.equal(quote.location.range.start.line, 15);
    assert.equal(contracts.find((c) => c.name === 'MockRewardsFacet')?.isFacet, false, 'excluded by Mock*');

    const { results } = (await client.conn.sendRequest('diamond/resolveSelectors', {
      selectors: ['0x69FE0E2D', '0xdeadbeef', '0xf0da6c8c'],
    })) as { results: { selector: string; signature: string | null; contracts: { name: string }[] }[] };
    assert.deepEqual(
      results.map((r) => [r.selector, r.signature, r.contracts.map((c) => c.name)]),
      [
        ['0x69fe0e2d', 'setFee(uint256)', ['FeeFacet']],
        ['0xdeadbeef', null, []],
        ['0xf0da6c8c', 'claim(uint8,address)', ['RewardsFacet', 'MockRewardsFacet']],
      ],
    );

    const { namespaces } = (await client.conn.sendRequest('diamond/namespaces')) as {
      namespaces: { id: string | null; owner: string; slot: string; location: { uri: string } }[];
    };
    assert.deepEqual(
      namespaces.map((n) => [n.id, n.owner]),
      [['dloop.storage.fees.v1', 'LibFeeStorage']],
    );
    assert.equal(namespaces[0].location.uri, uriOf(join(dir, 'libraries', 'LibFeeStorage.sol')));

    const stats = (await client.conn.sendRequest('diamond/analysisStats')) as Record<string, number>;
    assert.deepEqual(stats, { files: 3, contracts: 4, facets: 2, findings: 0 });
  } finally {
    await s.close();
  }
});

test('requests the server cannot answer usefully still get an answer', async () => {
  const s = await session('clean');
  const { client, dir } = s;
  try {
    await client.waitFor('first analysis', () => client.analyses.length > 0);
    const pos = { line: 0, character: 0 };
    assert.equal(
      await client.conn.sendRequest('textDocument/hover', {
        textDocument: { uri: 'untitled:Untitled-1' },
        position: pos,
      }),
      null,
    );
    assert.equal(
      await client.conn.sendRequest('textDocument/hover', {
        textDocument: { uri: uriOf(join(dir, 'nope.sol')) },
        position: { line: 99, character: 99 },
      }),
      null,
    );
    assert.deepEqual(
      await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: 'untitled:x' } }),
      [],
    );
    assert.deepEqual(await client.conn.sendRequest('diamond/resolveSelectors', { selectors: [42, null] }), {
      results: [],
    });
    assert.deepEqual(await client.conn.sendRequest('diamond/resolveSelectors', null), { results: [] });
    assert.equal(client.exited, undefined, 'still running');
  } finally {
    await s.close();
  }
});
