/**
 * Number literals and operators as the tokenizer reads them (written with character codes since the
 * edit-latency work: the regexps it had allocated on every character of a number).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../../engine/src/syntax/tokenizer';

const texts = (src: string) => tokenize(src).tokens.map((t) => `${t.kind}:${t.text}`);

test('number literals: hex, underscores, decimals, exponents, and where they stop', () => {
  assert.deepEqual(texts('0x1F_ab 1_000 2.5 .5 3e18 4E-2 7.e 8.x 9e 0Xg'), [
    'number:0x1F_ab',
    'number:1_000',
    'number:2.5',
    'number:.5',
    'number:3e18',
    'number:4E-2',
    // `7.e`: a dot not followed by a digit ends the number (member access on a literal).
    'number:7',
    'punct:.',
    'ident:e',
    'number:8',
    'punct:.',
    'ident:x',
    // An exponent without digits is not part of the number.
    'number:9',
    'ident:e',
    'number:0X',
    'ident:g',
  ]);
  // A bound stops a number as it stops everything else.
  assert.deepEqual(
    tokenize('x = 12345;', 0, 6).tokens.map((t) => t.text),
    ['x', '=', '12'],
  );
});

test('operators: the longest one at each place', () => {
  const operators = tokenize('a>>>=b>>>c<<=d**=e:=f=>g!=h->i++;')
    .tokens.filter((t) => t.kind === 'punct')
    .map((t) => t.text);
  assert.equal(operators.join(' '), '>>>= >>> <<= **= := => != -> ++ ;');
  // An operator cut by the bound is read as its shorter prefix.
  assert.deepEqual(
    tokenize('a >>= b', 0, 4).tokens.map((t) => t.text),
    ['a', '>>'],
  );
});
