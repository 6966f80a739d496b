import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from './support/cli';
import { fixture, tempWorkspace } from './support/env';

const ws = tempWorkspace('cli-build');
after(() => ws.cleanup());
cpSync(fixture('compile-broken'), join(ws.dir, 'broken'), { recursive: true });
cpSync(fixture('diamond'), join(ws.dir, 'diamond'), { recursive: true });

describe('diamond build (built CLI)', () => {
  test('--json on a broken project: exit 1, the error with file, line and column', async () => {
    const r = await runCli(['build', '--json'], { cwd: join(ws.dir, 'broken'), env: ws.env });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      contracts: [],
      errors: [
        { severity: 'error', file: 'Broken.sol', line: 7, column: 16, message: 'Undeclared identifier.' },
      ],
    });
  });

  test('text on a broken project: file:line:col: error: message, exit 1', async () => {
    const r = await runCli(['build', '--root', 'broken'], { cwd: ws.dir, env: ws.env });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^broken\/Broken\.sol:7:16: error: Undeclared identifier\. \[7576\]$/m);
    assert.match(r.stderr, /Compilation failed: 1 error/);
  });

  test('a clean project: exit 0, contracts listed with files relative to cwd, cached on the second run', async () => {
    const r = await runCli(['build', '--root', 'diamond', '--json'], { cwd: ws.dir, env: ws.env });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { contracts: { name: string; file: string }[]; errors: unknown[] };
    assert.deepEqual(Object.keys(out), ['contracts', 'errors']);
    assert.deepEqual(
      out.contracts
        .filter((c) => c.name.endsWith('Facet') || c.name === 'Diamond')
        .sort((a, b) => a.name.localeCompare(b.name)),
      [
        { name: 'CounterFacet', file: 'diamond/facets/CounterFacet.sol' },
        { name: 'Diamond', file: 'diamond/Diamond.sol' },
        { name: 'DiamondCutFacet', file: 'diamond/facets/DiamondCutFacet.sol' },
        { name: 'DiamondLoupeFacet', file: 'diamond/facets/DiamondLoupeFacet.sol' },
        { name: 'GreeterFacet', file: 'diamond/facets/GreeterFacet.sol' },
        { name: 'OwnershipFacet', file: 'diamond/facets/OwnershipFacet.sol' },
      ],
    );
    assert.ok(existsSync(join(ws.dir, 'diamond', '.diamond', 'cache')));
    const cacheDir = join(ws.dir, 'diamond', '.diamond', 'cache');
    assert.equal(readdirSync(cacheDir).filter((f) => f.endsWith('.json')).length, 1);
    // The cache keeps itself out of the user's git status.
    assert.match(readFileSync(join(cacheDir, '.gitignore'), 'utf8'), /^\*$/m);
    const again = await runCli(['build', '--root', 'diamond'], { cwd: ws.dir, env: ws.env });
    assert.equal(again.code, 0);
    assert.match(again.stdout, /^Compiled 12 contract\(s\) from 10 file\(s\) \(up to date\)$/m);
  });

  test('`diamond build FOLDER` builds FOLDER, not the current folder (as --root FOLDER does)', async () => {
    // cwd holds the broken project: building it would fail; the folder named holds the clean one.
    const cwd = join(ws.dir, 'broken');
    const byPositional = await runCli(['build', '../diamond', '--json'], { cwd, env: ws.env });
    assert.equal(byPositional.code, 0, byPositional.stderr);
    const byFlag = await runCli(['build', '--root', '../diamond', '--json'], { cwd, env: ws.env });
    assert.equal(byFlag.code, 0, byFlag.stderr);
    const names = (stdout: string) =>
      (JSON.parse(stdout) as { contracts: { name: string; file: string }[] }).contracts
        .map((c) => `${c.file}:${c.name}`)
        .sort();
    assert.ok(names(byPositional.stdout).includes('../diamond/Diamond.sol:Diamond'), byPositional.stdout);
    assert.deepEqual(names(byPositional.stdout), names(byFlag.stdout));
    const same = await runCli(['build', '../diamond', '--root', join(ws.dir, 'diamond')], {
      cwd,
      env: ws.env,
    });
    assert.equal(same.code, 0, `the same folder both ways: ${same.stderr}`);
  });

  test('FOLDER and a different --root, or two folders: a usage error, nothing built', async () => {
    for (const args of [
      ['build', 'diamond', '--root', 'broken'],
      ['build', 'diamond', 'broken'],
    ]) {
      const r = await runCli(args, { cwd: ws.dir, env: ws.env });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^diamond build: .*(different|one folder)/m);
      assert.equal(r.stdout, '');
    }
  });

  test('a missing --root folder is a usage error', async () => {
    const r = await runCli(['build', '--root', 'nope'], { cwd: ws.dir, env: ws.env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no such folder/);
  });
});
