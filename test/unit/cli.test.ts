/**
 * The `diamond` CLI as users run it: `node dist/cli.js` spawned on the fixture workspaces.
 * Exit codes 0/1/2, the exact --json shape, text lines, SARIF 2.1.0 basics, config errors, a folder
 * and a git baseline, and `selectors --json` checked against solc-js's methodIdentifiers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import solc from 'solc';
import { repoRoot } from './service-support';

const ROOT = repoRoot();
const CLI = join(ROOT, 'dist', 'cli.js');
const WS = 'test/fixtures/workspaces';

function diamond(args: string[], cwd = ROOT) {
  assert.ok(existsSync(CLI), `${CLI} is missing: run node scripts/build.mjs first`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
  rule: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  related: { file: string; line: number; message: string }[];
}

test('check --json: exact shape, relative files, 1-based positions, exit 1 on an error', () => {
  const r = diamond(['check', `${WS}/duplicate`, '--json']);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { findings: JsonFinding[] };
  assert.deepEqual(Object.keys(out), ['findings', 'skipped', 'summary']);
  assert.deepEqual((out as unknown as { skipped: unknown[] }).skipped, []);
  assert.equal(out.findings.length, 2);
  for (const f of out.findings) {
    assert.deepEqual(Object.keys(f), [
      'rule',
      'severity',
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'message',
      'related',
    ]);
    for (const rel of f.related) assert.deepEqual(Object.keys(rel), ['file', 'line', 'message']);
  }
  const [legacy, token] = out.findings;
  assert.equal(legacy.file, `${WS}/duplicate/facets/LegacyFacet.sol`);
  assert.equal(token.file, `${WS}/duplicate/facets/TokenFacet.sol`);
  // "    function transfer(" on line 5: the name starts at column 14 and ends before column 22.
  assert.deepEqual([token.line, token.column, token.endLine, token.endColumn], [5, 14, 5, 22]);
  assert.equal(token.rule, 'duplicate-selector');
  assert.equal(token.severity, 'error');
  assert.deepEqual(token.related, [
    {
      file: `${WS}/duplicate/facets/LegacyFacet.sol`,
      line: 5,
      message: 'LegacyFacet exposes transfer(address,uint256) (0xa9059cbb)',
    },
  ]);
  // Same answer from inside the workspace: paths stay relative to cwd.
  const inside = diamond(['check', '--json'], join(ROOT, WS, 'duplicate'));
  assert.equal(inside.code, 1);
  assert.deepEqual(
    (JSON.parse(inside.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.file),
    ['facets/LegacyFacet.sol', 'facets/TokenFacet.sol'],
  );
});

test('check text output: one `file:line:col severity rule message` line per finding; clean → exit 0', () => {
  const r = diamond(['check', `${WS}/collision`]);
  assert.equal(r.code, 1);
  const lines = r.stdout.split('\n').filter((l) => l && !l.startsWith('  '));
  assert.equal(lines.length, 4);
  for (const l of lines)
    assert.match(
      l,
      /^test\/fixtures\/workspaces\/collision\/\S+\.sol:\d+:\d+ error selector-collision Selector 0x[0-9a-f]{8} collides: /,
    );
  assert.ok(
    r.stdout.includes('StorageFacet.sol:6:26 error selector-collision Selector 0x23b872dd'),
    r.stdout,
  );
  assert.match(r.stderr, /4 problem\(s\): 4 error\(s\)/);

  const clean = diamond(['check', `${WS}/clean`]);
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  assert.equal(clean.stdout, '');
  assert.match(clean.stderr, /no problems found/);
});

test('check --format sarif: a valid SARIF 2.1.0 log', () => {
  const r = diamond(['check', `${WS}/collision`, '--format', 'sarif']);
  assert.equal(r.code, 1);
  const log = JSON.parse(r.stdout);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'diamond');
  const ruleIds: string[] = run.tool.driver.rules.map((x: { id: string }) => x.id);
  assert.ok(ruleIds.includes('selector-collision') && ruleIds.includes('duplicate-selector'));
  for (const rule of run.tool.driver.rules)
    assert.match(rule.helpUri, new RegExp(`docs/rules\\.md#${rule.id}$`));
  assert.equal(run.results.length, 4);
  for (const res of run.results) {
    assert.equal(res.ruleId, 'selector-collision');
    assert.equal(ruleIds[res.ruleIndex], res.ruleId, 'ruleIndex points at the rule');
    assert.equal(res.level, 'error');
    assert.equal(typeof res.message.text, 'string');
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.match(loc.artifactLocation.uri, /^test\/fixtures\/workspaces\/collision\/.+\.sol$/);
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    assert.equal(res.relatedLocations.length, 1);
  }
  assert.ok(run.originalUriBaseIds['%SRCROOT%'].uri.startsWith('file:///'));
});

test('bad usage exits 2 with a usage message on stderr', () => {
  const cases: [string[], RegExp][] = [
    [['check', '--jsn'], /Unknown option '--jsn'/],
    [['check', `${WS}/no-such-folder`], /no such file or folder/],
    [['check', '--format', 'xml'], /--format must be one of text, json, sarif/],
    [['check', '--json', '--format', 'sarif'], /--json conflicts with --format sarif/],
    [['check', '--config', 'missing.json'], /no such config file/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /Usage: diamond <command>/],
  ];
  for (const [args, re] of cases) {
    const r = diamond(args);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
    assert.match(r.stderr, /Usage: diamond/, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('--help and --version exit 0', () => {
  const help = diamond(['--help']);
  assert.equal(help.code, 0);
  for (const c of ['check', 'selectors']) assert.match(help.stdout, new RegExp(`^  ${c} `, 'm'));
  const checkHelp = diamond(['check', '--help']);
  assert.equal(checkHelp.code, 0);
  assert.match(checkHelp.stdout, /--baseline <REF\|DIR>/);
  const version = diamond(['--version']);
  assert.equal(version.code, 0);
  assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
});

test('a bad diamond.config.json: exit 2, each problem at file:line:col naming the field', () => {
  const r = diamond(['check', `${WS}/bad-config`]);
  assert.equal(r.code, 2);
  const lines = r.stderr.trim().split('\n');
  assert.deepEqual(lines, [
    `${WS}/bad-config/diamond.config.json:2:55 error config diamonds[0].facets[1]: expected a contract name (a string), found a number`,
    `${WS}/bad-config/diamond.config.json:3:36 error config rules.duplicate-selector: expected one of "error", "warning", "info", "off"`,
    `${WS}/bad-config/diamond.config.json:4:3 error config colour: unknown field (known: $schema, diamonds, exclude, include, sharedSelectors, namespacePattern, remappings, rules, upgrade)`,
  ]);
});

test('--config: severities from the given file; warnings alone exit 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-cli-'));
  try {
    const cfg = join(dir, 'diamond.config.json');
    writeFileSync(cfg, JSON.stringify({ rules: { 'duplicate-selector': 'warning' } }));
    const r = diamond(['check', `${WS}/duplicate`, '--config', cfg, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    assert.deepEqual(
      out.findings.map((f) => f.severity),
      ['warning', 'warning'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--baseline DIR and --baseline REF: storage-layout-break against the deployed layout', () => {
  const cur = `${WS}/layout/current`;
  const none = diamond(['check', cur, '--json']);
  assert.equal(none.code, 0, 'without a baseline the reorder is invisible');
  const dir = diamond(['check', cur, '--baseline', `${WS}/layout/baseline`, '--json']);
  assert.equal(dir.code, 1, dir.stderr);
  const found = (JSON.parse(dir.stdout) as { findings: JsonFinding[] }).findings;
  assert.ok(found.length >= 1);
  assert.ok(
    found.every(
      (f) => f.rule === 'storage-layout-break' && f.file === `${cur}/libraries/LibVaultStorage.sol`,
    ),
    dir.stdout,
  );

  // The same through git: commit the baseline, put the current layout in the working tree.
  const repo = mkdtempSync(join(tmpdir(), 'diamond-git-'));
  try {
    cpSync(join(ROOT, WS, 'layout/baseline'), repo, { recursive: true });
    writeFileSync(join(repo, 'diamond.config.json'), '{}\n');
    const git = (...args: string[]) => {
      const g = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
      assert.equal(g.status, 0, g.stderr);
    };
    git('init', '-q');
    git(
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.com',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'empty',
    );
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'v1');
    cpSync(join(ROOT, cur, 'libraries'), join(repo, 'libraries'), { recursive: true });
    const viaGit = diamond(['check', '.', '--baseline', 'HEAD', '--json'], repo);
    assert.equal(viaGit.code, 1, viaGit.stderr);
    const gitFound = (JSON.parse(viaGit.stdout) as { findings: JsonFinding[] }).findings;
    assert.deepEqual(
      gitFound.map((f) => [f.rule, f.file]),
      found.map((f) => [f.rule, 'libraries/LibVaultStorage.sol']),
    );
    // The previous commit had no such library: nothing to compare, nothing reported.
    assert.equal(diamond(['check', '.', '--baseline', 'HEAD~1', '--json'], repo).code, 0);
    const bad = diamond(['check', '.', '--baseline', 'no-such-ref'], repo);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /cannot read baseline "no-such-ref"/);
    // What the editor's diamond.baseline refuses, the CLI refuses too (a range is not one deployed commit).
    const range = diamond(['check', '.', '--baseline', 'HEAD~1..HEAD'], repo);
    assert.equal(range.code, 2, range.stderr);
    assert.match(range.stderr, /"HEAD~1\.\.HEAD" is not a usable git ref/);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('selectors --json equals solc-js evm.methodIdentifiers for the fixture contracts', () => {
  const r = diamond(['selectors', `${WS}/clean`, `${WS}/collision`, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    contracts: { name: string; file: string; functions: { signature: string; selector: string }[] }[];
  };
  assert.deepEqual(Object.keys(out), ['contracts', 'skipped']);
  const files = [...new Set(out.contracts.map((c) => c.file))];
  const sources: Record<string, { content: string }> = {};
  for (const f of files) sources[f] = { content: readFileSync(join(ROOT, f), 'utf8') };
  const compiled = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources,
        settings: { outputSelection: { '*': { '*': ['evm.methodIdentifiers'] } } },
      }),
      {
        import: (p: string) =>
          existsSync(join(ROOT, p))
            ? { contents: readFileSync(join(ROOT, p), 'utf8') }
            : { error: 'not found' },
      },
    ),
  );
  const errors = (compiled.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  assert.deepEqual(errors, []);
  let compared = 0;
  for (const c of out.contracts) {
    assert.deepEqual(Object.keys(c), ['name', 'file', 'functions']);
    const ids: Record<string, string> = compiled.contracts[c.file][c.name].evm.methodIdentifiers;
    const expected = Object.entries(ids)
      .map(([signature, hex]) => `${signature} 0x${hex}`)
      .sort();
    assert.deepEqual(c.functions.map((f) => `${f.signature} ${f.selector}`).sort(), expected, c.name);
    compared++;
  }
  assert.ok(compared >= 6, `compared ${compared} contracts`);
});

test('check: claims of interfaces the engine does not know are counted and named, in --json and in text', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'diamond-unknown-iface-'));
  try {
    cpSync(join(ROOT, 'contracts'), join(tmp, 'contracts'), { recursive: true });
    const init = join(tmp, 'contracts/init/DiamondInit.sol');
    writeFileSync(
      init,
      readFileSync(init, 'utf8').replace(
        '        ds.supportedInterfaces[type(IERC173).interfaceId] = true;\n',
        '        ds.supportedInterfaces[type(IERC173).interfaceId] = true;\n        ds.supportedInterfaces[0x80ac58cd] = true;\n',
      ),
    );
    const json = diamond(['check', 'contracts', '--json'], tmp);
    assert.equal(json.code, 0, json.stderr);
    const summary = (JSON.parse(json.stdout) as { summary: Record<string, unknown> }).summary;
    assert.equal(summary.unknownInterfaceClaims, 1);
    assert.deepEqual(summary.unknownInterfaces, ['0x80ac58cd in DiamondInit (init/DiamondInit.sol:44)']);
    const text = diamond(['check', 'contracts'], tmp);
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stderr,
      /not checked: 1 ERC-165 claim\(s\) of interfaces the engine does not know \(0x80ac58cd in DiamondInit \(init\/DiamondInit\.sol:44\)\)/,
    );
    // The bundled contracts claim only what the engine knows: nothing said.
    const clean = diamond(['check', 'contracts'], ROOT);
    assert.doesNotMatch(clean.stderr, /not checked:/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
