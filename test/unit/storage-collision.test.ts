/** namespace-collision: the same string in two libraries, a hex literal equal to another's hash, two structs at one constant. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pointerSlots } from './storage-evm';
import { analyzeFixture, fixtureSources } from './storage-fixtures';

test('same id twice and a literal equal to its hash collide; the alias and a distinct namespace do not', async () => {
  const r = analyzeFixture('collision');
  const found = r.of('namespace-collision');
  const bySlot = found.filter((f) => f.message.includes('resolves to slot'));
  const sides = bySlot.map((f) => `${f.file.split('/').pop()}:${r.textAt(f)}`).sort();
  assert.deepEqual(sides, ['LibPoolA.sol:POSITION', 'LibPoolB.sol:POSITION', 'LibPoolHex.sol:POOL_SLOT']);
  for (const f of bySlot) {
    assert.equal(f.severity, 'error');
    assert.equal(f.related.length, 2, 'points at both other declarations');
  }
  const a = bySlot.find((f) => f.file.endsWith('LibPoolA.sol'))!;
  assert.match(
    a.message,
    /`LibPoolA\.POSITION` \(`dloop\.storage\.pool\.v1`\) resolves to slot 0x65701a1f…7918d9, the same as `LibPoolB\.POSITION` \(`dloop\.storage\.pool\.v1`\), `LibPoolHex\.POOL_SLOT`/,
  );
  // Not in any finding: LibPoolV2 (another slot) and its OLD_POSITION alias of LibPoolA's constant.
  assert.ok(!found.some((f) => f.file.endsWith('LibPoolV2.sol')));
  assert.ok(
    !r.details.some((d) => d.constant?.def.name === 'OLD_POSITION'),
    'an alias is no namespace of its own',
  );
  const poolA = r.details.find((d) => d.entry.owner === 'LibPoolA')!;
  assert.ok(
    poolA.readers.some((p) => p.file.endsWith('LibPoolV2.sol')),
    'the alias reads LibPoolA',
  );

  // The slots the rule compares are where solc places the pointers.
  const truth = await pointerSlots(fixtureSources('collision'), [
    { library: 'LibPoolA', fn: 'layout', type: 'LibPoolA.Layout' },
    { library: 'LibPoolB', fn: 'layout', type: 'LibPoolB.Layout' },
    { library: 'LibPoolHex', fn: 'layout', type: 'LibPoolHex.Layout' },
    { library: 'LibPoolV2', fn: 'layout', type: 'LibPoolV2.Layout' },
    { library: 'LibPoolV2', fn: 'oldLayout', type: 'LibPoolA.Layout' },
  ]);
  assert.equal(new Set(truth.slice(0, 3)).size, 1, 'solc agrees: the three collide');
  assert.equal(truth[4], truth[0], 'the alias is LibPoolA slot');
  const slotOf = (owner: string) => r.namespaces.find((n) => n.owner === owner)!.slot;
  assert.deepEqual(['LibPoolA', 'LibPoolB', 'LibPoolHex', 'LibPoolV2'].map(slotOf), truth.slice(0, 4));
});

test('one constant with two different structs placed at it', () => {
  const r = analyzeFixture('collision');
  const two = r.of('namespace-collision').filter((f) => f.file.endsWith('LibTwoStructs.sol'));
  assert.equal(two.length, 1);
  assert.match(two[0].message, /`LibTwoStructs\.Config` and `LibTwoStructs\.Queue`/);
  assert.deepEqual(
    two[0].related.map((p) => r.textAt(p)),
    ['Config', 'Queue'],
  );
});

test('no collision in a workspace of distinct namespaces', () => {
  for (const name of ['diamond-storage', 'erc7201', 'orphaned']) {
    assert.deepEqual(analyzeFixture(name).of('namespace-collision'), [], name);
  }
});
