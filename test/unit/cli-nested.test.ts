/**
 * `diamond check` / `diamond selectors` over nested diamond.config.json projects (`node dist/cli.js`
 * spawned as users run it): each project analysed on its own, a path uses the nearest config above it,
 * `--config` forces one project, bad configs reported together, inherited remappings give the
 * selectors solc-js computes, and the bundled contracts/ are clean however they are named.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import solc from 'solc';
import { cliPath, runCli } from '../chain/support/cli';
import { repoRoot } from './service-support';

const ROOT = repoRoot();
const FX = 'test/fixtures/workspaces/nested-projects';

function diamond(args: string[], cwd = ROOT) {
  assert.ok(existsSync(cliPath()), `${cliPath()} is missing: run node scripts/build.mjs first`);
  return runCli(args, { cwd, env: process.env, timeoutMs: 60_000 });
}

/** `file:line severity rule` of every finding of a `--json` run. */
function lines(stdout: string): string[] {
  const { findings } = JSON.parse(stdout) as {
    findings: { file: string; line: number; severity: string; rule: string }[];
  };
  return findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.rule}`);
}

test('check on a folder with a nested config: no cross-project duplicate; each project under its own config', async () => {
  const r = await diamond(['check', FX, '--json']);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(lines(r.stdout), [
    `${FX}/facets/LegacyFacet.sol:5 error duplicate-selector`,
    `${FX}/facets/TokenFacet.sol:9 error duplicate-selector`,
    `${FX}/vault/facets/VaultFacet.sol:11 warning duplicate-selector`,
    `${FX}/vault/facets/VaultV2Facet.sol:5 warning duplicate-selector`,
  ]);
  // The same from inside the folder with no path.
  const inside = await diamond(['check', '--json'], join(ROOT, FX));
  assert.equal(inside.code, 1, inside.stderr);
  assert.deepEqual(lines(inside.stdout), [
    'facets/LegacyFacet.sol:5 error duplicate-selector',
    'facets/TokenFacet.sol:9 error duplicate-selector',
    'vault/facets/VaultFacet.sol:11 warning duplicate-selector',
    'vault/facets/VaultV2Facet.sol:5 warning duplicate-selector',
  ]);
});

test('check on a path below a config uses the nearest config above it', async () => {
  const vault = await diamond(['check', `${FX}/vault/facets`, '--json']);
  assert.equal(vault.code, 0, 'vault/diamond.config.json makes the duplicate a warning');
  assert.deepEqual(lines(vault.stdout), [
    `${FX}/vault/facets/VaultFacet.sol:11 warning duplicate-selector`,
    `${FX}/vault/facets/VaultV2Facet.sol:5 warning duplicate-selector`,
  ]);
  // Single files from both projects: each still analysed with its own project only.
  const files = await diamond([
    'check',
    `${FX}/facets/TokenFacet.sol`,
    `${FX}/vault/facets/VaultFacet.sol`,
    '--json',
  ]);
  assert.equal(files.code, 0, files.stdout);
  assert.deepEqual(lines(files.stdout), []);
});

test('--config forces one project for everything', async () => {
  const r = await diamond(['check', FX, '--config', `${FX}/diamond.config.json`, '--json']);
  assert.equal(r.code, 1);
  assert.deepEqual(lines(r.stdout), [
    `${FX}/facets/LegacyFacet.sol:5 error duplicate-selector`,
    `${FX}/facets/TokenFacet.sol:5 error duplicate-selector`,
    `${FX}/facets/TokenFacet.sol:9 error duplicate-selector`,
    `${FX}/vault/facets/VaultFacet.sol:7 error duplicate-selector`,
    `${FX}/vault/facets/VaultFacet.sol:11 error duplicate-selector`,
    `${FX}/vault/facets/VaultV2Facet.sol:5 error duplicate-selector`,
  ]);
});

test('bad configs in several projects: exit 2, every problem of every file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-cli-nested-'));
  try {
    cpSync(join(ROOT, FX), dir, { recursive: true });
    writeFileSync(join(dir, 'diamond.config.json'), '{ "colour": 1 }\n');
    writeFileSync(
      join(dir, 'vault', 'diamond.config.json'),
      '{\n  "rules": { "duplicate-selector": 7 }\n}\n',
    );
    const r = await diamond(['check', '.'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    const out = r.stderr.trim().split('\n');
    assert.equal(out.length, 2, r.stderr);
    assert.match(out[0], /^diamond\.config\.json:1:3 error config colour: unknown field/);
    assert.match(out[1], /^vault\/diamond\.config\.json:2:36 error config rules\.duplicate-selector: /);
    // A path inside vault/ reads only the nearest config above it: the broken one higher up is not its own.
    writeFileSync(join(dir, 'vault', 'diamond.config.json'), '{}\n');
    const vault = await diamond(['check', 'vault', '--json'], dir);
    assert.equal(vault.code, 1, vault.stderr);
    assert.deepEqual(lines(vault.stdout), [
      'vault/facets/VaultFacet.sol:11 error duplicate-selector',
      'vault/facets/VaultV2Facet.sol:5 error duplicate-selector',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('selectors: the nested project inherits the folder remappings; selectors equal solc-js methodIdentifiers', async () => {
  // vault/ first: its project roots at vault/, which has no remappings.txt of its own.
  const r = await diamond(['selectors', `${FX}/vault`, `${FX}/facets`, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    contracts: { name: string; file: string; functions: { signature: string; selector: string }[] }[];
  };
  assert.deepEqual(
    out.contracts.map((c) => c.name),
    ['LegacyFacet', 'TokenFacet', 'VaultFacet', 'VaultV2Facet'],
  );
  const sources: Record<string, { content: string }> = {};
  for (const c of out.contracts) sources[c.file] = { content: readFileSync(join(ROOT, c.file), 'utf8') };
  const compiled = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources,
        settings: {
          remappings: [`@shared/=${FX}/shared/`],
          outputSelection: { '*': { '*': ['evm.methodIdentifiers'] } },
        },
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
  for (const c of out.contracts) {
    const ids: Record<string, string> = compiled.contracts[c.file][c.name].evm.methodIdentifiers;
    assert.deepEqual(
      c.functions.map((f) => `${f.signature} ${f.selector}`).sort(),
      Object.entries(ids)
        .map(([s, hex]) => `${s} 0x${hex}`)
        .sort(),
      c.name,
    );
  }
  const vault = out.contracts.find((c) => c.name === 'VaultFacet')!;
  assert.ok(vault.functions.some((f) => f.signature === 'redeem((uint256,address))'));
});

test('the bundled contracts/ are clean as a whole, by subfolder and next to other paths', async () => {
  for (const args of [['contracts'], ['contracts/facets'], ['contracts/facets', 'contracts/upgrades']]) {
    const r = await diamond(['check', ...args, '--json']);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.deepEqual(lines(r.stdout), [], args.join(' '));
  }
  // With a path outside contracts/ beside it, contracts/ keeps its own project (and its config).
  const both = await diamond(['check', 'contracts', `${FX}/vault`, '--json']);
  assert.equal(both.code, 0, both.stdout);
  assert.ok(
    lines(both.stdout).every((l) => l.startsWith(`${FX}/vault/`)),
    both.stdout,
  );
  assert.equal(lines(both.stdout).length, 2);
});
