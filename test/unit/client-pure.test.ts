/** Small pure parts of the client: addresses, build diagnostics, log lines, the status bar text. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summariseBuild, toBuildDiagnostics } from '../../client/src/build-diagnostics';
import { isAddress } from '../../client/src/deployments';
import { describeError, formatLogLine, Logger } from '../../client/src/log';
import { statusView } from '../../client/src/status-model';
import { inferenceStatusView } from '../../client/src/inference-status-model';

const A = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

describe('addresses', () => {
  test('0x + 40 hex digits, surrounding blanks ignored', () => {
    assert.ok(isAddress(` ${A} `));
    assert.ok(!isAddress('0x1234'));
    assert.ok(!isAddress(A.slice(2)));
  });
});

describe('build diagnostics', () => {
  test('solc messages land in their file at 0-based positions; file-less ones are kept apart', () => {
    const { byFile, unplaced } = toBuildDiagnostics('/w', [
      {
        severity: 'error',
        message: 'Expected ;',
        formatted: 'f',
        file: 'contracts/A.sol',
        start: 40,
        end: 45,
        line: 3,
        column: 9,
        code: '2314',
      },
      { severity: 'warning', message: 'Unused', formatted: 'f', file: 'contracts/A.sol', line: 1, column: 1 },
      { severity: 'error', message: 'No input sources', formatted: 'No input sources' },
    ]);
    assert.deepEqual([...byFile.keys()], ['/w/contracts/A.sol']);
    assert.deepEqual(byFile.get('/w/contracts/A.sol'), [
      {
        severity: 'error',
        message: 'Expected ;',
        code: '2314',
        range: { start: { line: 2, character: 8 }, end: { line: 2, character: 13 } },
      },
      {
        severity: 'warning',
        message: 'Unused',
        code: undefined,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      },
    ]);
    assert.deepEqual(
      unplaced.map((m) => m.message),
      ['No input sources'],
    );
  });

  test('summaries', () => {
    assert.equal(summariseBuild(12, [], true), 'Built 12 contracts (unchanged, from cache).');
    const warn = { severity: 'warning' as const, message: 'w', formatted: 'w' };
    assert.equal(summariseBuild(1, [warn], false), 'Built 1 contract, 1 warning.');
    assert.equal(
      summariseBuild(0, [{ ...warn, severity: 'error' }, warn, warn], false),
      'Build failed: 1 error, 2 warnings.',
    );
  });
});

describe('log lines', () => {
  test('timestamped, level-tagged, filtered by level', () => {
    const lines: string[] = [];
    const log = new Logger(
      { appendLine: (l) => lines.push(l) },
      'info',
      () => new Date(2026, 10, 21, 9, 5, 3, 7),
    );
    log.debug('hidden');
    log.info('shown');
    log.setLevel('debug');
    log.debug('now shown');
    log.setLevel('error');
    log.warn('hidden too');
    log.trace('traces follow diamond.trace.server, not the level');
    assert.deepEqual(lines, [
      '2026-11-21 09:05:03.007 [info] shown',
      '2026-11-21 09:05:03.007 [debug] now shown',
      '2026-11-21 09:05:03.007 [trace] traces follow diamond.trace.server, not the level',
    ]);
    assert.equal(
      formatLogLine('warn', new Date(2026, 0, 2, 3, 4, 5, 600), 'x'),
      '2026-01-02 03:04:05.600 [warn] x',
    );
  });

  test('errors carry their cause chain', () => {
    const err = new Error('deploy failed', { cause: new TypeError('fetch failed') });
    assert.equal(describeError(err), 'Error: deploy failed\n  caused by TypeError: fetch failed');
    assert.equal(describeError('plain'), 'plain');
  });
});

describe('status bar', () => {
  test('server, node and diamond in one item', () => {
    const v = statusView({
      server: 'running',
      node: { url: 'http://127.0.0.1:8545', chainId: 31337, ownedByUs: true },
      explorer: { kind: 'connected', address: A, chainId: 31337, rpcUrl: 'http://127.0.0.1:8545' },
    });
    assert.equal(v.text, '$(symbol-structure) Diamond  $(vm-running) 8545  $(plug) 0x5FbD…0aa3 @31337');
    assert.equal(v.tone, 'normal');
    assert.match(v.tooltip, /Local node: http:\/\/127\.0\.0\.1:8545, chain 31337/);
  });

  test('a stopped server or an unreadable diamond turns it into a warning', () => {
    const down = statusView({ server: 'stopped', node: undefined, explorer: { kind: 'disconnected' } });
    assert.equal(down.text, '$(warning) Diamond');
    assert.equal(down.tone, 'warning');
    assert.match(down.tooltip, /Restart Language Server/);
    const failed = statusView({
      server: 'running',
      node: undefined,
      explorer: { kind: 'failed', address: A, rpcUrl: 'http://x:1' },
    });
    assert.equal(failed.tone, 'warning');
    assert.match(failed.text, /debug-disconnect/);
  });
});

describe('inference status bar item', () => {
  const project = {
    folder: '/w',
    diamonds: [
      {
        name: 'EthDiamond',
        source: 'inferred' as const,
        evidence: 'facets sharing one AppStorage struct in contracts/ethereum/',
        proxy: 'EthDiamond',
        facets: [
          { name: 'BridgeFacet', path: 'contracts/ethereum/facets/BridgeFacet.sol' },
          { name: 'Vault', path: 'contracts/Vault.sol', registeredBy: 'scripts/deploy.js' },
        ],
      },
      {
        name: 'polygon',
        source: 'inferred' as const,
        facets: [{ name: 'ShopFacet', path: 'p/ShopFacet.sol' }],
      },
    ],
    notes: ['2 diamonds inferred (...)'],
    unresolvedImports: [
      { uri: 'file:///w/a.sol', path: '@oz/Ownable.sol', line: 2 },
      { uri: 'file:///w/b.sol', path: '@oz/Ownable.sol', line: 3 },
    ],
  };

  test('diamonds, facets and unresolved imports in the text; each diamond, its facets and the imports in the tooltip', () => {
    const v = inferenceStatusView({ projects: [project] });
    assert.equal(v.text, '$(type-hierarchy) 2 diamonds · 3 facets  $(warning) 2 unresolved');
    assert.equal(v.tone, 'warning');
    assert.match(
      v.tooltip,
      /\*\*EthDiamond\*\* \(inferred: .*, diamond contract EthDiamond\): 2 facets: BridgeFacet, Vault \(scripts\/deploy\\\.js\)/,
    );
    assert.match(v.tooltip, /\*\*polygon\*\* .*1 facet: ShopFacet/);
    assert.match(v.tooltip, /_2 diamonds inferred/);
    assert.match(v.tooltip, /2 unresolved imports .*: @oz\/Ownable\\\.sol$/m);
  });

  test('all resolved: no warning; no facets: the hint to configure', () => {
    const clean = inferenceStatusView({ projects: [{ ...project, unresolvedImports: [] }] });
    assert.equal(clean.tone, 'normal');
    assert.doesNotMatch(clean.text, /unresolved/);
    const none = inferenceStatusView({
      projects: [{ folder: '/w', diamonds: [], notes: [], unresolvedImports: [] }],
    });
    assert.equal(none.text, '$(type-hierarchy) 0 diamonds · 0 facets');
    assert.match(none.tooltip, /No facets recognised.*Create diamond\.config\.json/);
  });
});
