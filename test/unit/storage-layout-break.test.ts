/** storage-layout-break against a baseline: each kind of change named, the safe ones silent. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFixture } from './storage-fixtures';

const run = () => analyzeFixture('layout/current', { baseline: 'layout/baseline' });

test('inserted, removed, reordered, retyped, grown embedded struct and array element, UDVT and AppStorage', () => {
  const r = run();
  const found = r.of('storage-layout-break');
  const byLib = (lib: string) => found.filter((f) => f.message.includes(`\`${lib}.Layout\``));
  const one = (lib: string) => {
    const fs = byLib(lib);
    assert.equal(fs.length, 1, `${lib}: ${JSON.stringify(fs.map((f) => f.message))}`);
    assert.equal(fs[0].severity, 'error');
    return fs[0];
  };
  const insert = one('LibInsert');
  assert.match(insert.message, /field `x` inserted before `b`$/);
  assert.equal(r.textAt(insert), 'uint256 x');
  assert.match(insert.message, /namespace `LibInsert\.POSITION` \(`dloop\.storage\.insert\.v1`\)/);
  assert.equal(r.textAt(insert.related[0]), 'POSITION');
  const removed = one('LibRemove');
  assert.match(removed.message, /field `b` removed \(it was before `c`\)/);
  assert.equal(r.textAt(removed), 'Layout');
  assert.match(one('LibReorder').message, /field `[bc]` moved from position [23] to [23]/);
  const retyped = one('LibRetype');
  assert.match(retyped.message, /type of `fee` changed uint96 → uint128/);
  assert.equal(r.textAt(retyped), 'uint128 fee');
  assert.match(
    one('LibEmbedded').message,
    /struct `LibEmbedded\.Info` of field `info` grew \(`y` appended\), but it is embedded before other fields/,
  );
  assert.match(
    one('LibArray').message,
    /struct `LibArray\.Item` of field `items` grew \(`b` appended\), but array elements are contiguous/,
  );
  assert.match(one('LibUdvt').message, /type of `p` changed uint128 → uint256/);
  const app = found.filter((f) => f.message.includes('AppStorage `AppStorage`'));
  assert.equal(app.length, 1);
  assert.match(app[0].message, /field `inserted` inserted before `b`/);
  assert.equal(
    found.length,
    8,
    JSON.stringify(
      found.map((f) => f.message),
      null,
      1,
    ),
  );
});

test('safe changes are silent: append, mapping-value and last-field growth, enum growth, rename, uint spelling', () => {
  const r = run();
  for (const lib of ['LibSafe', 'LibRename', 'LibAppend']) {
    assert.deepEqual(
      r.of('storage-layout-break').filter((f) => f.message.includes(`\`${lib}.Layout\``)),
      [],
      lib,
    );
  }
});

test('a namespace whose id changed is namespace-orphaned, not a layout break', () => {
  const r = run();
  assert.ok(!r.of('storage-layout-break').some((f) => f.message.includes('LibMoved')));
  const orphaned = r.of('namespace-orphaned');
  assert.equal(orphaned.length, 1);
  assert.match(
    orphaned[0].message,
    /`LibMoved` moved from `dloop\.storage\.moved\.v1` \(baseline\) to `dloop\.storage\.moved\.v2`/,
  );
  assert.equal(orphaned[0].severity, 'warning');
});

test('no baseline, or a baseline equal to the sources: no layout finding', () => {
  assert.deepEqual(analyzeFixture('layout/current').of('storage-layout-break'), []);
  assert.deepEqual(
    analyzeFixture('layout/current', { baseline: 'layout/current' }).of('storage-layout-break'),
    [],
  );
});
