/**
 * solc's `erc7201("id")` in solidstate's shape (test/fixtures/workspaces/erc7201-udvt): a UDVT constant
 * `sslot.wrap(erc7201('x.y'))` passed through `ref(sslot slot)` into `$.slot := slot`. A right annotation is
 * silent, a wrong one is found with both fixes, a colliding id is found; the slots are solc's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { writeDeploymentRecord } from '../../chain/src/deployment-record';
import { runCli } from '../chain/support/cli';
import { pointerSlots, repoRoot } from './storage-evm';
import { analyzeFixture, solFiles } from './storage-fixtures';

const fixtureDir = () => join(repoRoot(), 'test', 'fixtures', 'workspaces', 'erc7201-udvt');
const dir = fixtureDir;
const sources = () =>
  Object.fromEntries(solFiles(dir()).map((f) => [relative(dir(), f), readFileSync(f, 'utf8')]));

test('the UDVT constant is a namespace with its struct, traced through the parameter; slots equal solc', async () => {
  const r = analyzeFixture(dir());
  const owner = r.details.find((d) => d.entry.owner === 'OwnerStorage')!;
  assert.ok(owner, 'OwnerStorage.DEFAULT_STORAGE_SLOT is found');
  assert.equal(owner.constant?.def.name, 'DEFAULT_STORAGE_SLOT');
  assert.equal(owner.struct?.def.name, 'Layout', 'placed through ref(sslot slot)');
  assert.equal(owner.entry.scheme, 'erc7201');
  assert.equal(owner.entry.id, 'acme.layout.Owner');
  assert.ok(owner.readers.length >= 1);
  const libs = ['OwnerStorage', 'PauseStorage', 'TokenStorage', 'LegacyTokenStorage'];
  const truth = await pointerSlots(
    sources(),
    libs.map((l) => ({ library: l, fn: 'ref', type: `${l}.Layout` })),
  );
  const slotOf = (l: string) => r.details.find((d) => d.entry.owner === l)!.entry.slot;
  assert.deepEqual(libs.map(slotOf), truth);
});

test('a wrong annotation: erc7201-slot-mismatch with both fixes, the constant one moving storage', () => {
  const r = analyzeFixture(dir());
  const found = r.of('erc7201-slot-mismatch');
  assert.deepEqual(
    found.map((f) => f.file.split('/').pop()),
    ['PauseStorage.sol'],
    'OwnerStorage and the Token libraries agree with their annotations',
  );
  const f = found[0];
  assert.equal(r.textAt(f), "sslot.wrap(erc7201('acme.layout.Pausable'))");
  assert.match(
    f.message,
    /not the ERC-7201 slot of `acme\.layout\.Pause` that struct `PauseStorage\.Layout` claims/,
  );
  assert.match(
    f.message,
    /Correcting the annotation to `acme\.layout\.Pausable` keeps storage where it is; correcting the constant moves it/,
  );
  const [constant, annotation] = f.fixes!;
  assert.match(constant.title, /moves the namespace/);
  assert.equal(
    constant.preferred,
    true,
    'nothing deployed: fixing the constant to the annotation is preferred',
  );
  assert.equal(constant.dangerous, undefined);
  assert.match(
    annotation.title,
    /Correct the annotation to "acme\.layout\.Pausable" \(storage stays where it is\)/,
  );
  assert.equal(
    r.textAt(annotation.edits[0]),
    'acme.layout.Pause',
    'the edit replaces the id in the annotation',
  );
});

test('deployed (the baseline has the slot): the annotation fix is preferred, the constant fix is dangerous', () => {
  const r = analyzeFixture(dir(), { baseline: dir() });
  const f = r.of('erc7201-slot-mismatch')[0];
  const [first, second] = f.fixes!;
  assert.match(first.title, /Correct the annotation/);
  assert.equal(first.preferred, true);
  assert.equal(second.dangerous, true);
  assert.match(second.title, /^Dangerous: .*moves storage the deployed diamond uses/);
  assert.match(f.message, /away from the deployed data/);
});

test('two libraries with one ERC-7201 id and different layouts collide', () => {
  const r = analyzeFixture(dir());
  const found = r.of('namespace-collision');
  assert.deepEqual(found.map((f) => f.file.split('/').pop()).sort(), [
    'LegacyTokenStorage.sol',
    'TokenStorage.sol',
  ]);
  for (const f of found) assert.equal(f.severity, 'error');
});

test('deployed (a deployment record lists the slot): `diamond check` says the constant fix moves deployed data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'erc7201-deployed-'));
  try {
    cpSync(fixtureDir(), dir, { recursive: true });
    const before = await runCli(['check', '--json'], { cwd: dir, env: process.env, timeoutMs: 60_000 });
    const plain = (JSON.parse(before.stdout) as CheckJson).findings.find(
      (f) => f.rule === 'erc7201-slot-mismatch',
    )!;
    assert.doesNotMatch(plain.message, /deploy/, 'no record yet: nothing is said about deployed data');
    const r = analyzeFixture(fixtureDir());
    const pause = r.details.find((d) => d.entry.owner === 'PauseStorage')!;
    writeDeploymentRecord(dir, {
      format: 1,
      chainId: 31337,
      diamond: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      governance: null,
      token: null,
      facets: [],
      contracts: {},
      storageLayouts: {
        solc: {},
        namespaces: [{ ...pause.entry, file: 'contracts/storage/PauseStorage.sol' }],
      },
      sourceCommit: null,
      timestamp: new Date(0).toISOString(),
    });
    const after = await runCli(['check', '--json'], { cwd: dir, env: process.env, timeoutMs: 60_000 });
    const f = (JSON.parse(after.stdout) as CheckJson).findings.find(
      (x) => x.rule === 'erc7201-slot-mismatch',
    )!;
    assert.match(
      f.message,
      /away from the deployed data \(the baseline or a deployment record has this slot\)/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

interface CheckJson {
  findings: { rule: string; message: string }[];
}
