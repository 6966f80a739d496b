/**
 * The incremental lexer (engine/src/syntax/retokenize.ts) against the whole-file lexer: after every random edit
 * of real sources (the bundled DLOOP contracts, and edits that open and close comments and strings, split and join
 * operators, numbers and identifiers), `retokenize` returns exactly what `tokenize` returns for the new text; and
 * for a small edit in a big file it lexes a small part of it again.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { bigFacetSource } from '../../bench/workspace-gen';
import { retokenize } from '../../engine/src/syntax/retokenize';
import { tokenize } from '../../engine/src/syntax/tokenizer';
import { mulberry32 } from '../support/prng';
import { repoRoot } from '../support/repo';

/** Pieces that change how their surroundings lex. */
const PIECES = [
  '/*',
  '*/',
  '//',
  '/',
  '*',
  '"',
  "'",
  '\\',
  '\n',
  ' ',
  '>',
  '>>',
  '=',
  '>>>=',
  '.',
  '1',
  '0x',
  'e',
  'e-',
  '_',
  'hex',
  'unicode',
  'a',
  'contract X {',
  '}',
  '{',
  ';',
  '\u00e9',
  '\u0000',
  '///',
  '/**',
  '1.5e3',
  'x"',
];

function solidityFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? solidityFiles(join(dir, e.name)) : e.name.endsWith('.sol') ? [join(dir, e.name)] : [],
  );
}

function randomEdit(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const roll = rnd();
  if (roll < 0.4) {
    const piece = PIECES[Math.floor(rnd() * PIECES.length)];
    return text.slice(0, at) + piece + text.slice(at);
  }
  const len = 1 + Math.floor(rnd() * (roll < 0.8 ? 3 : 40));
  if (roll < 0.9) return text.slice(0, at) + text.slice(at + len);
  // Replace a run with a piece.
  return text.slice(0, at) + PIECES[Math.floor(rnd() * PIECES.length)] + text.slice(at + len);
}

describe('retokenize', () => {
  const sources = solidityFiles(join(repoRoot(), 'contracts')).map((f) => readFileSync(f, 'utf8'));

  test('equals tokenize after each of 3,000 random edits of the DLOOP contracts (edits chained per file)', () => {
    assert.ok(sources.length >= 10, 'the bundled contracts were found');
    const seed = 20261202;
    const rnd = mulberry32(seed);
    let checked = 0;
    for (const [n, source] of sources.entries()) {
      let text = source;
      let lexed = tokenize(text);
      for (let k = 0; k < Math.ceil(3000 / sources.length); k++) {
        const next = randomEdit(text, rnd);
        const got = retokenize(text, lexed, next);
        const want = tokenize(next);
        assert.deepEqual(
          { tokens: got.tokens, comments: got.comments },
          want,
          `seed ${seed}, file ${n}, edit ${k}`,
        );
        text = next;
        lexed = want;
        checked++;
      }
    }
    assert.ok(checked >= 3000);
  });

  test('edits that change how the rest of the file lexes', () => {
    const base =
      'contract A {\n  uint x = 1; // one\n  string s = "a;b";\n  /* block */ uint y = 2 >> 1;\n' +
      '  uint z = 1.q + 3e-q + 4eq;\n}\n';
    const cases: [string, string][] = [
      ['uint x', '/* uint x'], // opens a comment that swallows to the next */
      ['/* block */', 'block */'], // un-comments text
      ['"a;b"', '"a;b'], // unterminated string to the end of the line
      ['>> 1', '>>= 1'],
      ['= 1;', '= 1.5e3;'],
      ['// one', '/// one'],
      ['uint y', 'uinty'],
      // A number's end depends on characters after it: two (`1.5`, `4e7`) or three (`3e-7`) of them.
      ['1.q', '1.5'],
      ['4eq', '4e7'],
      ['3e-q', '3e-7'],
    ];
    for (const [from, to] of cases) {
      const next = base.replace(from, to);
      assert.notEqual(next, base, from);
      const forward = retokenize(base, tokenize(base), next);
      assert.deepEqual(
        { tokens: forward.tokens, comments: forward.comments },
        tokenize(next),
        `${from} → ${to}`,
      );
      const back = retokenize(next, tokenize(next), base);
      assert.deepEqual({ tokens: back.tokens, comments: back.comments }, tokenize(base), `${to} → ${from}`);
    }
  });

  test('a one-line edit in an 850-line facet lexes a few characters again, not the file', () => {
    const text = bigFacetSource(850);
    const at = text.indexOf('function', Math.floor(text.length / 2));
    const next = `${text.slice(0, at)}function added() external {}\n    ${text.slice(at)}`;
    const got = retokenize(text, tokenize(text), next);
    assert.deepEqual({ tokens: got.tokens, comments: got.comments }, tokenize(next));
    assert.ok(got.relexed < 200, `relexed ${got.relexed} of ${next.length} characters`);
    // The tokens before the edit are the same objects; those after it are shifted copies.
    const old = tokenize(text);
    const kept = retokenize(text, old, next);
    assert.equal(kept.tokens[0], old.tokens[0]);
  });
});
