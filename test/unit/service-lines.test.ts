/** LineIndex: offsets ↔ 0-based line/UTF-16 character, with \n, \r\n and lone \r line breaks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../engine/src/lines';

test('positions across \\n, \\r\\n and \\r line breaks, and back', () => {
  const text = 'ab\ncd\r\nef\rgh';
  const idx = new LineIndex(text);
  assert.equal(idx.lineCount, 4);
  const expected: [number, number, number][] = [
    [0, 0, 0],
    [2, 0, 2],
    [3, 1, 0],
    [5, 1, 2],
    [7, 2, 0],
    [10, 3, 0],
    [12, 3, 2],
  ];
  for (const [off, line, character] of expected) {
    assert.deepEqual(idx.positionAt(off), { line, character }, `offset ${off}`);
    assert.equal(idx.offsetAt({ line, character }), off, `line ${line} char ${character}`);
  }
});

test('UTF-16 columns: a character outside the BMP counts two', () => {
  const text = 'x = "🙂"; y\nz';
  const idx = new LineIndex(text);
  const y = text.indexOf('y');
  assert.deepEqual(idx.positionAt(y), { line: 0, character: 10 });
  assert.equal(idx.offsetAt({ line: 1, character: 0 }), text.indexOf('z'));
});

test('out-of-range input clamps instead of throwing', () => {
  const idx = new LineIndex('abc\ndef');
  assert.deepEqual(idx.positionAt(-5), { line: 0, character: 0 });
  assert.deepEqual(idx.positionAt(999), { line: 1, character: 3 });
  assert.equal(
    idx.offsetAt({ line: 0, character: 99 }),
    3,
    'past the end of a line: its end, not the next line',
  );
  assert.equal(idx.offsetAt({ line: 9, character: 0 }), 7);
  assert.equal(idx.offsetAt({ line: -1, character: 4 }), 0);
  const empty = new LineIndex('');
  assert.deepEqual(empty.positionAt(0), { line: 0, character: 0 });
  assert.equal(empty.offsetAt({ line: 0, character: 3 }), 0);
});
