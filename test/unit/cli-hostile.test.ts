/**
 * The `diamond` CLI on hostile repositories: patterns that would backtrack forever, control characters
 * and bidi overrides in names and paths, credentials in RPC URLs, reserved characters in paths (SARIF),
 * and stray positionals. `node dist/cli.js` spawned as users run it.
 *
 * spawnSync's `timeout` below is a hang guard (a hung CLI fails the test instead of the whole run),
 * not a timing assertion: the assertions are on what the CLI prints.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { storageLib } from './hostile-support';
import { repoRoot } from './service-support';

const ROOT = repoRoot();
const CLI = join(ROOT, 'dist', 'cli.js');
const WS = 'test/fixtures/workspaces';
const HANG_GUARD_MS = 120_000;

function diamond(args: string[], cwd = ROOT) {
  assert.ok(existsSync(CLI), `${CLI} is missing: run node scripts/build.mjs first`);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: HANG_GUARD_MS,
    killSignal: 'SIGKILL',
  });
  assert.equal(r.error, undefined, `diamond ${args.join(' ')} did not finish: ${String(r.error)}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

const HEADER = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\n';

// ---- 1. patterns in linear time ---------------------------------------------------------------------

test('check on a repository with a ReDoS namespacePattern and exclude glob finishes and reports', () => {
  const r = diamond(['check', `${WS}/hostile-redos`, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const findings = (JSON.parse(r.stdout) as { findings: { rule: string; message: string }[] }).findings;
  assert.deepEqual(
    findings.map((f) => f.rule),
    ['namespace-convention'],
  );
  assert.match(findings[0].message, /`aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab`/);
  assert.match(findings[0].message, /`\^\(a\+\)\+\$`/);
});

test('check: a namespacePattern RE2 cannot run is a config error naming the field', () => {
  const dir = tempDir('diamond-re2-');
  try {
    writeFileSync(join(dir, 'diamond.config.json'), '{ "namespacePattern": "^(?!evil)(a)\\\\1$" }\n');
    writeFileSync(join(dir, 'AFacet.sol'), `${HEADER}contract AFacet { function f() external {} }\n`);
    const r = diamond(['check', dir]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /diamond\.config\.json:1:\d+ error config namespacePattern: not supported: /);
    assert.match(r.stderr, /backreferences/);
    assert.match(r.stderr, /lookahead/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- 2. control characters never reach the terminal -------------------------------------------------

/** Raw C0 (but newline), DEL, C1 and the bidi embedding/override/isolate controls. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const FAKE = '\u001b[2J\u001b[H all checks passed';

function hostileWorkspace(): string {
  const dir = tempDir('diamond-escape-');
  // A folder name with an OSC title sequence (ESC ] … BEL) and a C1 CSI: paths are printed too.
  const sub = join(dir, 'lib\u001b]0;pwned\u0007\u009b2J');
  mkdirSync(sub);
  // The hostile-redos fixture's facet with the terminal-attack string as its namespace id.
  writeFileSync(join(sub, 'LibEvil.sol'), storageLib(`${FAKE}\u009b31m\u202eevil\u2066\u0008`));
  // A pattern of its own: DLOOP's default is not imposed on a project that does not use it.
  writeFileSync(join(dir, 'diamond.config.json'), '{ "namespacePattern": "^acme\\\\." }\n');
  return dir;
}

test('check text: no raw control or bidi character from sources or paths reaches stdout or stderr', () => {
  const dir = hostileWorkspace();
  try {
    const r = diamond(['check', dir]);
    // namespace-convention (warning) and, the annotation id being cut at the space, erc7201-slot-mismatch.
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /namespace-convention/, 'the finding naming the namespace is printed');
    assert.doesNotMatch(r.stdout, RAW_CONTROL, JSON.stringify(r.stdout));
    assert.doesNotMatch(r.stderr, RAW_CONTROL, JSON.stringify(r.stderr));
    // Shown in a visible, unambiguous form instead.
    assert.ok(r.stdout.includes('\\u001b[2J\\u001b[H all checks passed'), r.stdout);
    assert.ok(r.stdout.includes('\\u009b31m\\u202eevil\\u2066\\u0008'), r.stdout);
    assert.ok(r.stdout.includes('lib\\u001b]0;pwned\\u0007\\u009b2J/LibEvil.sol:'), r.stdout);
    // Every line is one of ours (a finding or its related place): nothing in a name starts a line. Paths are
    // relative to the project root (the checked folder), not to cwd.
    for (const line of r.stdout.trimEnd().split('\n'))
      assert.match(line, /^ {0,2}lib\\u001b.*\/LibEvil\.sol:\d+(:\d+ (warning|error) [a-z0-9-]+)?:? /, line);
    assert.match(r.stderr, /^2 problem\(s\): 1 error\(s\), 1 warning\(s\)/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check --json and --format sarif: raw C1 and bidi characters escaped, the data unchanged', () => {
  const dir = hostileWorkspace();
  try {
    for (const args of [['--json'], ['--format', 'sarif']]) {
      const r = diamond(['check', dir, ...args]);
      assert.equal(r.code, 1, r.stderr);
      assert.doesNotMatch(
        r.stdout,
        RAW_CONTROL,
        `${args.join(' ')}: ${JSON.stringify(r.stdout.slice(0, 400))}`,
      );
      // JSON's \u escapes: a consumer reads back exactly the source's characters.
      const out = JSON.parse(r.stdout);
      const message: string =
        args[0] === '--json'
          ? out.findings.find((f: { rule: string }) => f.rule === 'namespace-convention').message
          : out.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'namespace-convention').message
              .text;
      assert.ok(message.includes(`${FAKE}\u009b31m\u202eevil\u2066\u0008`), JSON.stringify(message));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('selectors text: control characters in paths are shown escaped', () => {
  const dir = hostileWorkspace();
  try {
    const r = diamond(['selectors', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^a{60}Facet \(/m);
    assert.doesNotMatch(r.stdout, RAW_CONTROL, JSON.stringify(r.stdout));
    assert.ok(r.stdout.includes('lib\\u001b]0;pwned\\u0007\\u009b2J/LibEvil.sol'), r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors echo arguments escaped', () => {
  const r = diamond(['check', '--format', `x${FAKE}`]);
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.stderr, RAW_CONTROL, JSON.stringify(r.stderr));
  assert.ok(r.stderr.includes('x\\u001b[2J'), r.stderr);
});

// ---- 3. credentials in RPC URLs ---------------------------------------------------------------------

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const KEY = '0123456789abcdef0123456789abcdef';
const ADDRESS = '0x000000000000000000000000000000000000dEaD';

test('an unreachable RPC URL with credentials: neither the password nor the API key is printed', async () => {
  const port = await closedPort();
  const urls = [
    `http://user:secret@127.0.0.1:${port}/v3/${KEY}`,
    `http://127.0.0.1:${port}/v2/${KEY}?apikey=secret`,
    `http://127.0.0.1:${port}/rpc?network=main&api_key=secret&token=${KEY}`,
  ];
  for (const url of urls) {
    for (const args of [
      ['loupe', '--rpc', url, '--address', ADDRESS],
      ['check', `${WS}/clean`, '--rpc', url, '--address', ADDRESS],
      ['deploy', '--rpc', url, '--root', `${WS}/clean`],
    ]) {
      const r = diamond(args);
      const all = r.stdout + r.stderr;
      assert.notEqual(r.code, 0, `${args[0]}: ${all}`);
      assert.match(all, /unreachable|does not answer|ECONNREFUSED/i, `${args[0]} says what happened: ${all}`);
      assert.match(all, new RegExp(`127\\.0\\.0\\.1:${port}`), `${args[0]} names the endpoint: ${all}`);
      assert.doesNotMatch(all, /secret/, `${args[0]} ${url}: ${all}`);
      assert.ok(!all.includes(KEY), `${args[0]} ${url}: ${all}`);
      assert.doesNotMatch(all, /internal error/, all);
    }
  }
});

// ---- 6. SARIF URIs ----------------------------------------------------------------------------------

test('SARIF: reserved characters in paths are percent-encoded per segment', () => {
  const dir = tempDir('diamond-sarif-');
  try {
    const weird = join(dir, 'a#b?c', '100% [x] é');
    mkdirSync(weird, { recursive: true });
    cpSync(join(ROOT, WS, 'duplicate', 'facets'), weird, { recursive: true });
    const r = diamond(['check', '.', '--format', 'sarif'], dir);
    assert.equal(r.code, 1, r.stderr);
    const run = JSON.parse(r.stdout).runs[0];
    const base = run.originalUriBaseIds['%SRCROOT%'].uri as string;
    assert.equal(base, pathToFileURL(dir + '/').href);
    const uris = run.results.flatMap((x: any) => [
      x.locations[0].physicalLocation.artifactLocation.uri as string,
      ...x.relatedLocations.map((l: any) => l.physicalLocation.artifactLocation.uri as string),
    ]);
    assert.equal(uris.length, 4);
    for (const uri of uris) {
      assert.ok(uri.startsWith('a%23b%3Fc/100%25%20%5Bx%5D%20%C3%A9/'), uri);
      assert.doesNotMatch(uri, /[#?\[\] ]/, uri);
      // Resolved against %SRCROOT% as a consumer would, the URI names the file on disk.
      const resolved = new URL(uri, base);
      assert.equal(resolved.hash, '');
      assert.equal(resolved.search, '');
      assert.ok(existsSync(resolved), `${resolved.href} exists`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- 7. stray positionals ---------------------------------------------------------------------------

test('a positional a command does not take is a usage error naming it', () => {
  const cases: string[][] = [
    ['loupe', 'typo', '--rpc', 'http://127.0.0.1:1', '--address', ADDRESS],
    ['node', '--port', '0', 'extra'],
    ['deploy', 'oops', '--rpc', 'http://127.0.0.1:1'],
  ];
  for (const args of cases) {
    const r = diamond(args);
    const stray = args.find((a, i) => !a.startsWith('-') && i > 0 && !args[i - 1].startsWith('--'))!;
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}\n${r.stdout}${r.stderr}`);
    assert.match(r.stderr, new RegExp(`unexpected argument "${stray}"`), r.stderr);
    assert.match(r.stderr, new RegExp(`Usage: diamond ${args[0]}`), r.stderr);
    assert.equal(r.stdout, '', args.join(' '));
  }
  // Commands that take paths still take them.
  const ok = diamond(['check', `${WS}/clean`, `${WS}/duplicate`, '--json']);
  assert.equal(ok.code, 1, ok.stderr);
});
