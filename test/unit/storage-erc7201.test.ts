/** erc7201-slot-mismatch: hand-written slots against their annotation or comment, with a fix checked by solc. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pointerSlots, solidityValues } from './storage-evm';
import { analyzeFixture, fixtureSources } from './storage-fixtures';
import { analyzeStorage } from '../../engine/src/rules/storage-analysis';
import { defaultConfig } from '../../engine/src/config';

test('correct ERC-7201 constants (hex with formula comment, formula written out, OZ helper shape): no finding', async () => {
  const r = analyzeFixture('erc7201');
  assert.deepEqual(r.findings, []);
  const ns = new Map(r.namespaces.map((n) => [n.owner, n]));
  assert.deepEqual([...ns.keys()].sort(), ['LibCore', 'LibRewards', 'VaultStorage']);
  for (const n of ns.values()) assert.equal(n.scheme, 'erc7201', n.owner);
  assert.equal(
    ns.get('VaultStorage')!.struct,
    'VaultStorage.VaultLayout',
    'traced through _vaultStorageSlot()',
  );
  const truth = await pointerSlots(fixtureSources('erc7201'), [
    { library: 'LibCore', fn: 'layout', type: 'LibCore.Layout' },
    { library: 'LibRewards', fn: 'layout', type: 'LibRewards.Layout' },
  ]);
  assert.deepEqual([ns.get('LibCore')!.slot, ns.get('LibRewards')!.slot], truth);
});

test('wrong constants: unmasked literal, wrong comment or tag, keccak instead of ERC-7201, erc7201() of another id', async () => {
  const r = analyzeFixture('erc7201-wrong');
  const found = r.of('erc7201-slot-mismatch');
  const byFile = new Map(found.map((f) => [f.file.split('/').pop(), f]));
  assert.deepEqual([...byFile.keys()].sort(), [
    'LibKeccakNot7201.sol',
    'LibWrongBuiltin.sol',
    'LibWrongComment.sol',
    'LibWrongLiteral.sol',
    'LibWrongTag.sol',
  ]);
  assert.equal(found.length, 5);
  const ids: Record<string, string> = {
    'LibKeccakNot7201.sol': 'dloop.storage.ledger.v1',
    'LibWrongBuiltin.sol': 'dloop.storage.fee.v1',
    'LibWrongComment.sol': 'dloop.storage.pool.v1',
    'LibWrongLiteral.sol': 'dloop.storage.rewards.v1',
    'LibWrongTag.sol': 'dloop.storage.core.v1',
  };
  const files = Object.keys(ids).sort();
  const truth = await solidityValues(files.map((f) => ({ type: 'uint256', expr: `erc7201("${ids[f]}")` })));
  files.forEach((file, i) => {
    const f = byFile.get(file)!;
    assert.equal(f.severity, 'error');
    assert.ok(f.message.includes(`\`${ids[file]}\``), f.message);
    assert.ok(f.message.includes(`expected ${truth[i]}`), f.message);
    const edit = f.fixes![0].edits[0];
    assert.equal(edit.newText, truth[i], `${file}: the fix writes solc's value`);
    assert.equal(r.textAt(edit), r.textAt(f), 'the fix replaces the initializer the finding marks');
    assert.equal(f.related.length, 1);
  });
  assert.match(byFile.get('LibWrongComment.sol')!.message, /its comment claims/);
  assert.match(byFile.get('LibWrongTag.sol')!.message, /its comment claims/);
  assert.match(byFile.get('LibWrongLiteral.sol')!.message, /struct `LibWrongLiteral\.Layout` claims/);
  assert.equal(r.textAt(byFile.get('LibWrongBuiltin.sol')!), 'erc7201("dloop.storage.fee.v2")');
});

test('applying the fixes clears the findings', () => {
  const r = analyzeFixture('erc7201-wrong');
  const found = r.of('erc7201-slot-mismatch');
  assert.ok(found.length > 0);
  for (const f of found) {
    const e = f.fixes![0].edits[0];
    const text = r.ws.text(e.file)!;
    r.ws.setFile(e.file, text.slice(0, e.start) + e.newText + text.slice(e.end));
  }
  const again = analyzeStorage(r.ws, undefined, defaultConfig());
  assert.deepEqual(
    again.findings.filter((f) => f.rule === 'erc7201-slot-mismatch'),
    [],
  );
});
