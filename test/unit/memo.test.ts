/** BoundedMemo keeps at most `max` entries, least recently used out first, and its keys keep no text alive. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedMemo, detach } from '../../engine/src/memo';
import { retainedHeap } from './memory-support';

test('computes once per key and evicts the least recently used entry beyond max', () => {
  let computed = 0;
  const memo = new BoundedMemo<string>(2);
  const get = (k: string) => memo.get(k, () => (computed++, k.toUpperCase()));
  assert.equal(get('a'), 'A');
  assert.equal(get('b'), 'B');
  assert.equal(get('a'), 'A'); // a is now the most recently used
  assert.equal(computed, 2);
  assert.equal(get('c'), 'C'); // evicts b
  assert.equal(memo.size, 2);
  assert.ok(memo.has('a') && memo.has('c') && !memo.has('b'));
  get('b');
  assert.equal(computed, 4);
});

test('keeps an undefined value apart from an absent key', () => {
  const memo = new BoundedMemo<number | undefined>(4);
  memo.set('x', undefined);
  assert.ok(memo.has('x'));
  assert.equal(memo.peek('x'), undefined);
  assert.ok(!memo.has('y'));
});

test('applies `keep` to what it stores', () => {
  const memo = new BoundedMemo<{ id: string }>(4, (v) => ({ id: `kept:${v.id}` }));
  assert.deepEqual(
    memo.get('k', () => ({ id: 'v' })),
    { id: 'kept:v' },
  );
  assert.deepEqual(memo.peek('k'), { id: 'kept:v' });
});

test('keys cut from large texts do not keep those texts alive', () => {
  const before = retainedHeap();
  const memo = new BoundedMemo<number>(1000);
  for (let i = 0; i < 200; i++) {
    // A 256 KiB text per round, as an editor's file versions; the key is a slice of it.
    const text = `${i}:`.padEnd(256 * 1024, 'x') + `id.number.${i}.end`;
    const key = text.slice(text.length - 20);
    memo.get(key, () => i);
    // Looking an entry up again with another slice must not re-attach the stored key either.
    const again = text.slice(text.length - 20);
    memo.get(again, () => -1);
  }
  const grown = retainedHeap() - before;
  assert.equal(memo.size, 200);
  // 200 texts of 256 KiB would be 50 MiB; 200 short keys are a few KiB.
  assert.ok(grown < 5 * 1024 * 1024, `heap grew by ${(grown / 1048576).toFixed(1)} MiB`);
});

test('detach returns an equal string', () => {
  const text = 'prefix '.repeat(1000) + 'the key';
  assert.equal(detach(text.slice(-7)), 'the key');
  assert.equal(detach(''), '');
  assert.equal(detach('quote " and \\ and \n'), 'quote " and \\ and \n');
});
