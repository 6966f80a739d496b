/**
 * The extension and the language server read the settings they share alike: one table of raw values goes
 * through the client's reader (shared/settings.ts `readSettings`, with flat keys as WorkspaceConfiguration.get
 * answers) and the server's parser (server/src/settings.ts `coerceSettings`, with the nested `diamond` section
 * that workspace/configuration sends), and both must take the expected value or both refuse it, naming the key.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { coerceSettings } from '../../server/src/settings';
import { ALL_SETTINGS, readSettings, type DiamondSettings } from '../../shared/settings';

/** What a row expects: the value both sides use, and whether they report it as ignored. */
type Expect = { value: unknown; refused: boolean };
const takes = (value: unknown): Expect => ({ value, refused: false });
/** Ignored and reported; the default applies. */
const refuses = (fallback: unknown): Expect => ({ value: fallback, refused: true });
/** Not set (null): the default, silently. */
const unset = (fallback: unknown): Expect => ({ value: fallback, refused: false });

/** `{ 'a.b': 1 }` → `{ a: { b: 1 } }`, as VS Code sends a configuration section. */
function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let cur = out;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1]] = value;
  }
  return out;
}

interface Shared {
  key: string;
  /** The value as the client has it. */
  client: (s: DiamondSettings) => unknown;
  /** The value the server runs with (it keeps only what differs from the default). */
  server: (s: ReturnType<typeof coerceSettings>['settings']) => unknown;
  rows: [raw: unknown, expect: Expect][];
}

const DLOOP = '^dloop\\.storage\\.[a-z][a-zA-Z0-9]*\\.v[0-9]+$';

const SHARED: Shared[] = [
  {
    key: 'baseline',
    client: (s) => s.baseline,
    server: (s) => s.baseline,
    rows: [
      ['HEAD', takes('HEAD')],
      ['main', takes('main')],
      ['v1.2.0', takes('v1.2.0')],
      ['origin/main', takes('origin/main')],
      ['HEAD~1', takes('HEAD~1')],
      ['  main  ', takes('main')],
      ['', takes('')],
      ['   ', takes('')],
      ['./baseline', takes('./baseline')],
      ['../deployed v1', takes('../deployed v1')],
      ['/abs/dir', takes('/abs/dir')],
      ['-rf', refuses('HEAD')],
      ['--output=x', refuses('HEAD')],
      ['a..b', refuses('HEAD')],
      ['HEAD...main', refuses('HEAD')],
      ['x y', refuses('HEAD')],
      ['main\t--all', refuses('HEAD')],
      ['HEAD\n--x', refuses('HEAD')],
      ['/abs/dir\u0000', refuses('HEAD')],
      ['./a\u001bb', refuses('HEAD')],
      [42, refuses('HEAD')],
      [true, refuses('HEAD')],
      [['HEAD'], refuses('HEAD')],
      [null, unset('HEAD')],
    ],
  },
  {
    key: 'diagnostics.debounceMs',
    client: (s) => s.debounceMs,
    server: (s) => s.debounceMs,
    rows: [
      [0, takes(0)],
      [150, takes(150)],
      [5000, takes(5000)],
      ['300', takes(300)],
      [' 42 ', takes(42)],
      [5001, refuses(150)],
      [-1, refuses(150)],
      [1.5, refuses(150)],
      ['1e3', refuses(150)],
      ['-5', refuses(150)],
      ['', refuses(150)],
      ['fast', refuses(150)],
      [true, refuses(150)],
      [null, unset(150)],
    ],
  },
  {
    key: 'namespacePattern',
    client: (s) => s.namespacePattern,
    server: (s) => s.namespacePattern ?? DLOOP,
    rows: [
      ['^acme\\.storage\\.', takes('^acme\\.storage\\.')],
      [DLOOP, takes(DLOOP)],
      ['', refuses(DLOOP)],
      ['(unclosed', refuses(DLOOP)],
      [42, refuses(DLOOP)],
      [{}, refuses(DLOOP)],
      [null, unset(DLOOP)],
    ],
  },
  ...(
    [
      ['duplicate-selector', 'error'],
      ['namespace-orphaned', 'warning'],
    ] as const
  ).map(([id, def]): Shared => ({
    key: `rules.${id}`,
    client: (s) => s.rules[id],
    server: (s) => s.rules[id] ?? def,
    rows: [
      ['error', takes('error')],
      ['warning', takes('warning')],
      ['info', takes('info')],
      ['off', takes('off')],
      ['fatal', refuses(def)],
      ['Error', refuses(def)],
      ['', refuses(def)],
      [1, refuses(def)],
      [false, refuses(def)],
      [['off'], refuses(def)],
      [null, unset(def)],
    ],
  })),
];

const names = (problems: string[], key: string) => problems.some((p) => p.startsWith(`diamond.${key}:`));

describe('client and server read the shared settings alike', () => {
  for (const { key, client, server, rows } of SHARED) {
    test(`diamond.${key}`, () => {
      for (const [raw, expect] of rows) {
        const what = `diamond.${key} = ${JSON.stringify(raw)}`;
        const c = readSettings((k) => (k === key ? raw : undefined));
        const s = coerceSettings(nest({ [key]: raw }));
        assert.deepEqual(client(c.settings), expect.value, `client: ${what}`);
        assert.deepEqual(server(s.settings), expect.value, `server: ${what}`);
        assert.equal(names(c.problems, key), expect.refused, `client reports ${what}: ${c.problems}`);
        assert.equal(names(s.problems, key), expect.refused, `server reports ${what}: ${s.problems}`);
        // Only this key is reported.
        assert.equal(c.problems.length, expect.refused ? 1 : 0, `client: ${c.problems}`);
        assert.equal(s.problems.length, expect.refused ? 1 : 0, `server: ${s.problems}`);
      }
    });
  }

  test('the server reads exactly the settings declared as applied by the server; the client reads all', () => {
    // An object is a value no setting accepts: each key read is reported once.
    const everything = Object.fromEntries(ALL_SETTINGS.map((s) => [s.key, {}]));
    const reported = (problems: string[]) =>
      problems.map((p) => p.slice('diamond.'.length, p.indexOf(':'))).sort();
    assert.deepEqual(
      reported(readSettings((k) => everything[k]).problems),
      ALL_SETTINGS.map((s) => s.key).sort(),
    );
    const serverKeys = ALL_SETTINGS.filter((s) => s.appliedBy === 'server').map((s) => s.key);
    assert.deepEqual(reported(coerceSettings(nest(everything)).problems), [...serverKeys].sort());
    assert.ok(serverKeys.includes('baseline') && serverKeys.includes('rules.duplicate-selector'));
    assert.ok(!serverKeys.includes('rpcUrl'));
  });

  test('the server takes the section nested (VS Code) or with flat keys, alike', () => {
    const flat = {
      baseline: 'origin/main',
      'diagnostics.debounceMs': '20',
      namespacePattern: '^acme\\.',
      'rules.selector-collision': 'warning',
      'rules.namespace-convention': 'warning',
    };
    const nested = coerceSettings(nest(flat));
    assert.deepEqual(nested, coerceSettings(flat));
    assert.deepEqual(nested, {
      // namespace-convention is left at its default: the project file stays in charge of it.
      settings: {
        baseline: 'origin/main',
        debounceMs: 20,
        namespacePattern: '^acme\\.',
        rules: { 'selector-collision': 'warning' },
      },
      problems: [],
    });
  });
});
