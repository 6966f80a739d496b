/**
 * The settings as the extension reads them (shared/settings.ts `readSettings`, what client/src/extension.ts calls):
 * coercion of untrusted values. Agreement with the server: settings-agreement.test.ts; with package.json:
 * client-manifest.test.ts and rule-catalogue.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_NAMESPACE_PATTERN,
  keysNeedingNodeRestart,
  readSettings,
  SETTINGS,
} from '../../shared/settings';

/** A `get` over a flat map, as WorkspaceConfiguration.get answers for keys under `diamond.`. */
const from = (values: Record<string, unknown>) => (key: string) => values[key];

describe('client settings: coercion of untrusted values', () => {
  test('nothing set gives every default and no problems', () => {
    const { settings, problems } = readSettings(from({}));
    assert.deepEqual(problems, []);
    assert.equal(settings.rpcUrl, 'http://127.0.0.1:8545');
    assert.equal(settings.nodePort, 8545);
    assert.equal(settings.debounceMs, 150);
    assert.equal(settings.baseline, 'HEAD');
    assert.equal(settings.namespacePattern, '^dloop\\.storage\\.[a-z][a-zA-Z0-9]*\\.v[0-9]+$');
    assert.equal(settings.traceServer, 'off');
    assert.equal(settings.logLevel, 'info');
    assert.equal(settings.rules['namespace-orphaned'], 'warning');
    assert.equal(settings.rules['storage-layout-break'], 'error');
  });

  test('valid values are taken, numbers also written as strings', () => {
    const { settings, problems } = readSettings(
      from({
        rpcUrl: ' https://rpc.example.org/v1 ',
        'node.port': '9545',
        'diagnostics.debounceMs': 0,
        'rules.duplicate-selector': 'off',
        namespacePattern: '^acme\\.',
        baseline: 'origin/main',
        'trace.server': 'verbose',
        'log.level': 'debug',
      }),
    );
    assert.deepEqual(problems, []);
    assert.equal(settings.rpcUrl, 'https://rpc.example.org/v1');
    assert.equal(settings.nodePort, 9545);
    assert.equal(settings.debounceMs, 0);
    assert.equal(settings.rules['duplicate-selector'], 'off');
    assert.equal(settings.namespacePattern, '^acme\\.');
    assert.equal(settings.baseline, 'origin/main');
    assert.equal(settings.traceServer, 'verbose');
    assert.equal(settings.logLevel, 'debug');
  });

  test('bad values fall back to the default, each named once with its key', () => {
    const { settings, problems } = readSettings(
      from({
        rpcUrl: 'ws://127.0.0.1:8546',
        'node.port': 70000,
        'diagnostics.debounceMs': 1.5,
        'rules.selector-collision': 'fatal',
        namespacePattern: '(unclosed',
        baseline: '--output=/etc/passwd',
        'trace.server': true,
        'log.level': ['debug'],
      }),
    );
    assert.equal(settings.rpcUrl, 'http://127.0.0.1:8545');
    assert.equal(settings.nodePort, 8545);
    assert.equal(settings.debounceMs, 150);
    assert.equal(settings.rules['selector-collision'], 'error');
    assert.equal(settings.namespacePattern, DEFAULT_NAMESPACE_PATTERN);
    assert.equal(settings.baseline, 'HEAD');
    assert.equal(settings.traceServer, 'off');
    assert.equal(settings.logLevel, 'info');
    assert.equal(problems.length, 8);
    for (const key of ['rpcUrl', 'node.port', 'rules.selector-collision', 'baseline', 'log.level']) {
      assert.ok(
        problems.some((p) => p.startsWith(`diamond.${key}:`)),
        `a problem names diamond.${key}`,
      );
    }
  });

  test('an empty baseline disables it; control characters do not pass', () => {
    assert.equal(readSettings(from({ baseline: '' })).settings.baseline, '');
    assert.equal(readSettings(from({ baseline: 'HEAD\n--x' })).settings.baseline, 'HEAD');
  });

  test('garbage URLs and non-strings are not RPC URLs', () => {
    for (const raw of ['not a url', 'file:///etc/passwd', 8545, {}, '']) {
      assert.equal(SETTINGS.rpcUrl.coerce(raw), undefined, JSON.stringify(raw));
    }
  });

  test('only the node port asks for a node restart', () => {
    assert.deepEqual(
      keysNeedingNodeRestart(() => true),
      ['diamond.node.port'],
    );
    assert.deepEqual(
      keysNeedingNodeRestart((k) => k === 'diamond.rpcUrl'),
      [],
    );
  });
});
