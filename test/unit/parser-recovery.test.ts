/**
 * The parser on broken code: it recovers at the next `;`, `}` or declaration keyword, records a ParseProblem,
 * and never throws on anything (half-typed code, unbalanced braces, random bytes, every mutation of real files).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { SourceUnit } from '../../engine/src/syntax/ast';
import { IncrementalParser, parseSource } from '../../engine/src/syntax/parser';
import { mulberry32 as rng } from '../support/prng';
import { repoRoot as findRepoRoot } from '../support/repo';

const F = '/ws/a.sol';

const names = (u: SourceUnit, contract: string) =>
  u.contracts.find((c) => c.name === contract)?.functions.map((f) => f.name);

describe('recovery', () => {
  test('a half-typed header does not swallow the next function', () => {
    const u = parseSource(F, 'contract A {\n  function f(uint a,\n  function g() external {}\n}');
    assert.deepEqual(names(u, 'A'), ['f', 'g']);
    assert.ok(u.problems.length > 0);
  });

  test('an unclosed body ends at the next declaration, the following members survive', () => {
    const u = parseSource(
      F,
      'contract A {\n  function f() external {\n    if (x) {\n  }\n  function g() external {}\n  uint public y;\n}',
    );
    assert.deepEqual(names(u, 'A'), ['f', 'g']);
    assert.deepEqual(
      u.contracts[0].stateVars.map((v) => v.name),
      ['y'],
    );
    assert.ok(u.problems.some((p) => p.message.startsWith('Unclosed body')));
  });

  test('a contract left open ends where the next contract starts', () => {
    const u = parseSource(
      F,
      'contract A {\n  function f() external {}\n\ncontract B {\n  function g() external {}\n}',
    );
    assert.deepEqual(
      u.contracts.map((c) => c.name),
      ['A', 'B'],
    );
    assert.deepEqual(names(u, 'B'), ['g']);
    assert.ok(u.problems.some((p) => p.message.startsWith("Missing '}'")));
  });

  test('garbage in a body is skipped to the next ";" and reported', () => {
    const u = parseSource(
      F,
      'contract A {\n  ) ] + 1 2 3;\n  uint x = ;\n  uint public y;\n  function f() external {}\n}',
    );
    assert.deepEqual(
      u.contracts[0].stateVars.map((v) => v.name),
      ['x', 'y'],
    );
    assert.deepEqual(names(u, 'A'), ['f']);
    assert.ok(u.problems.length >= 2);
  });

  test('a variable with a half-typed initializer stops at the next declaration', () => {
    const u = parseSource(F, 'contract A {\n  uint x = foo(1,\n  function f() external {}\n}');
    assert.deepEqual(names(u, 'A'), ['f']);
    assert.equal(u.contracts[0].stateVars[0].name, 'x');
  });

  test('an unclosed struct ends at the next declaration', () => {
    const u = parseSource(F, 'contract A {\n  struct S { uint a;\n  function f() external {}\n}');
    assert.deepEqual(
      u.contracts[0].structs[0].members.map((m) => m.name),
      ['a'],
    );
    assert.deepEqual(names(u, 'A'), ['f']);
  });

  test('Yul functions inside assembly are not mistaken for declarations', () => {
    const u = parseSource(
      F,
      'contract A {\n  function f() external {\n    assembly ("memory-safe") { function h(x) -> y { y := x } }\n  }\n  function g() external {}\n}',
    );
    assert.deepEqual(names(u, 'A'), ['f', 'g']);
    assert.deepEqual(u.problems, []);
  });

  test('stray closing braces at file level are reported, not fatal', () => {
    const u = parseSource(F, '}}\ncontract A {}\n}');
    assert.deepEqual(
      u.contracts.map((c) => c.name),
      ['A'],
    );
    assert.equal(u.problems.filter((p) => p.message === "Unmatched '}'").length, 3);
  });

  test('an unclosed block comment is reported', () => {
    const u = parseSource(F, 'contract A {}\n/* open');
    assert.ok(u.problems.some((p) => p.message === 'Unclosed block comment'));
  });

  test('problem spans stay inside the text', () => {
    const text = 'contract A { function f( ';
    const u = parseSource(F, text);
    assert.ok(u.problems.length > 0);
    for (const p of u.problems)
      assert.ok(p.span.start >= 0 && p.span.end <= text.length && p.span.start <= p.span.end);
  });
});

const SNIPPETS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ';',
  '"',
  "'",
  '/*',
  '*/',
  '//',
  'function ',
  'contract ',
  'struct ',
  'mapping(',
  '=>',
  'returns (',
  'import {',
  'assembly {',
  'is ',
  'override(',
  'unicode"',
  'hex"',
  '\n',
  ',',
  '.',
];

function mutate(text: string, r: () => number): string {
  let s = text;
  const n = 1 + Math.floor(r() * 6);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * (s.length + 1));
    const op = r();
    if (op < 0.35) s = s.slice(0, at) + SNIPPETS[Math.floor(r() * SNIPPETS.length)] + s.slice(at);
    else if (op < 0.7) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 40));
    else if (op < 0.85) s = s.slice(0, at);
    else s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x3000)) + s.slice(at);
  }
  return s;
}

/** Checks what the parser must guarantee on any input. */
function checkSane(u: SourceUnit, text: string, label: string): void {
  for (const p of u.problems) {
    assert.ok(!p.message.startsWith('Internal'), `${label}: ${p.message}`);
    assert.ok(p.span.start >= 0 && p.span.end <= text.length && p.span.start <= p.span.end, `${label}: span`);
  }
  for (const c of u.contracts) {
    assert.ok(c.span.start <= c.span.end && c.span.end <= text.length, `${label}: contract span`);
    for (const f of c.functions)
      assert.ok(f.span.start >= c.span.start && f.span.end <= text.length, `${label}: fn span`);
  }
}

describe('never throws', () => {
  const root = findRepoRoot();
  const corpus: string[] = [];
  const dirs = ['test/fixtures/selectors', 'contracts', 'node_modules/@openzeppelin/contracts/token/ERC20'];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.sol')) corpus.push(readFileSync(p, 'utf8'));
    }
  };
  for (const d of dirs) walk(join(root, d));

  test('mutated real files (3,000 mutants, fixed seeds)', () => {
    assert.ok(corpus.length >= 10);
    const t0 = Date.now();
    let count = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const r = rng(seed);
      const text = mutate(corpus[seed % corpus.length], r);
      const u = parseSource(F, text);
      checkSane(u, text, `seed ${seed}`);
      count++;
    }
    console.log(`[parser-recovery] ${count} mutants parsed in ${Date.now() - t0} ms`);
  });

  test('random bytes and token soup', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = rng(seed * 7919);
      let bytes = '';
      const len = Math.floor(r() * 400);
      for (let i = 0; i < len; i++) bytes += String.fromCharCode(Math.floor(r() * 256));
      checkSane(parseSource(F, bytes), bytes, `bytes ${seed}`);
      let soup = '';
      for (let i = 0; i < 60; i++)
        soup += SNIPPETS[Math.floor(r() * SNIPPETS.length)] + (r() < 0.5 ? ' x ' : '');
      checkSane(parseSource(F, soup), soup, `soup ${seed}`);
    }
  });

  test('every prefix of a real facet (typing it from the start)', () => {
    const text = corpus.find((t) => t.includes('function') && t.length > 1500) ?? corpus[0];
    const inc = new IncrementalParser(F);
    for (let i = 0; i <= text.length; i += 7) {
      const prefix = text.slice(0, i);
      checkSane(parseSource(F, prefix), prefix, `prefix ${i}`);
      checkSane(inc.update(prefix), prefix, `incremental prefix ${i}`);
    }
  });

  test('random edit sequences through the incremental parser', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed * 31);
      const inc = new IncrementalParser(F);
      let text = corpus[seed % corpus.length];
      for (let step = 0; step < 15; step++) {
        text = mutate(text, r);
        checkSane(inc.update(text), text, `seed ${seed} step ${step}`);
      }
    }
  });
});
