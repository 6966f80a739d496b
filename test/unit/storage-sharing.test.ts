/**
 * namespace-collision in real-world shapes (test/fixtures/workspaces/shared-namespaces): identical layouts at one
 * slot are sharing, flattened copies are one library, an appended layout is a warning, EIP-1967 slots read with
 * sload are no namespaces, a cast reaches the same namespace; different layouts still collide.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from './storage-evm';
import { analyzeFixture } from './storage-fixtures';
import { hoverStorage } from '../../engine/src/rules/storage-analysis';

const dir = () => join(repoRoot(), 'test', 'fixtures', 'workspaces', 'shared-namespaces');
const base = (file: string) => file.split('/').pop();

test('only the different layouts collide (error); the appended layout is a warning naming the extension', () => {
  const r = analyzeFixture(dir());
  const found = r.of('namespace-collision');
  const errors = found.filter((f) => f.severity === 'error');
  assert.deepEqual(errors.map((f) => base(f.file)).sort(), ['LibClash.sol', 'LibClashOther.sol']);
  for (const f of errors) assert.match(f.message, /their layouts overwrite each other/);
  const warnings = found.filter((f) => f.severity === 'warning');
  assert.deepEqual(warnings.map((f) => base(f.file)).sort(), ['LibConfigV1.sol', 'LibConfigV2.sol']);
  for (const f of warnings) {
    assert.match(f.message, /`LibConfigV2\.Layout` extends the others' layout \(appends `feeBps`\)/);
    assert.equal(f.related.length, 1);
  }
  assert.equal(found.length, 4, JSON.stringify(found.map((f) => f.message)));
});

test('silences: shared identical layouts, a flattened copy, EIP-1967 slots in scripts, a cast of the constant', () => {
  const r = analyzeFixture(dir());
  const found = r.of('namespace-collision');
  for (const quiet of [
    'LibVaultA.sol',
    'LibVaultB.sol',
    'FlatVault.t.sol',
    'LibCast.sol',
    'UpgradeProxy.sol',
    'ProxySlots.sol',
  ])
    assert.ok(
      !found.some((f) => base(f.file) === quiet || f.related.some((x) => base(x.file) === quiet)),
      quiet,
    );
  // The cast is the constant's namespace, not a second one: one namespace, its reader, its struct.
  const cast = r.details.filter((d) => d.entry.owner === 'LibCast');
  assert.equal(cast.length, 1);
  assert.equal(cast[0].constant?.def.name, 'CAST_STORAGE_POSITION');
  assert.equal(cast[0].struct?.def.name, 'Layout');
  assert.equal(cast[0].readers.length, 1);
  // The severities survive the registry: a configured `warning` keeps the extension a warning, `info` lowers it.
  assert.equal(r.findings.filter((f) => f.rule === 'namespace-collision').length, 4);
});

test('hover on a shared slot constant names who shares it', () => {
  const r = analyzeFixture(dir());
  const a = r.details.find((d) => d.entry.owner === 'LibVaultA' && d.entry.file.endsWith('LibVaultA.sol'))!;
  const h = hoverStorage(r.ws, r, a.entry.file, a.entry.span.start);
  assert.ok(h, 'a hover on LibVaultA.POSITION');
  assert.match(h.contents, /shared with .*`LibVaultB\.POSITION`/);
  assert.match(h.contents, /FlatVault\.t\.sol/);
  const clash = r.details.find((d) => d.entry.owner === 'LibClash')!;
  assert.doesNotMatch(
    hoverStorage(r.ws, r, clash.entry.file, clash.entry.span.start)!.contents,
    /shared with/,
  );
});
