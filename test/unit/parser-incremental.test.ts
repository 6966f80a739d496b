/**
 * Incremental re-parse: only the chunk an edit touched is parsed again, the result equals a full parse, and a
 * broken region keeps its last good analysis. Also measures parse time on an ~850-line facet.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bigFacetSource } from '../../bench/workspace-gen';
import type { SourceUnit } from '../../engine/src/syntax/ast';
import { IncrementalParser, parseSource } from '../../engine/src/syntax/parser';

const F = '/ws/a.sol';

const SRC = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {X} from "./X.sol";

contract A {
    function f() external {
        uint256 v = 1;
    }

    function g() external {}
}

/// file-level struct
struct S {
    uint256 a;
}

function free() pure returns (uint256) {
    return 1;
}

contract B {
    function h() external {}
}
`;

function edit(text: string, anchor: string, insert: string, after = true): string {
  const i = text.indexOf(anchor);
  assert.ok(i >= 0, `anchor ${anchor}`);
  const at = after ? i + anchor.length : i;
  return text.slice(0, at) + insert + text.slice(at);
}

const fnNames = (u: SourceUnit, c: string) =>
  u.contracts.find((x) => x.name === c)?.functions.map((f) => f.name);

describe('chunk cache', () => {
  test('an edit inside one function body re-parses one chunk and equals a full parse', () => {
    const inc = new IncrementalParser(F);
    const first = inc.update(SRC);
    assert.equal(inc.stats.parsed, inc.stats.chunks);
    const edited = edit(SRC, 'uint256 v = 1;', '\n        v += 2;');
    const second = inc.update(edited);
    assert.equal(inc.stats.parsed, 1);
    assert.deepEqual(second, parseSource(F, edited));
    // Declarations before the edit are the same objects; after it, moved copies with correct offsets.
    assert.equal(second.imports[0], first.imports[0]);
    assert.notEqual(second.contracts[1], first.contracts[1]);
    const h = second.contracts[1].functions[0];
    assert.equal(edited.slice(h.nameSpan.start, h.nameSpan.end), 'h');
  });

  test('an edit in a doc comment re-parses only the declaration it documents', () => {
    const inc = new IncrementalParser(F);
    inc.update(SRC);
    const edited = SRC.replace('/// file-level struct', '/// the file-level struct S');
    const u = inc.update(edited);
    assert.equal(inc.stats.parsed, 1);
    assert.equal(u.structs[0].docs, '/// the file-level struct S');
    assert.deepEqual(u, parseSource(F, edited));
  });

  test('many random clean edits: the incremental result always equals a full parse', () => {
    const inc = new IncrementalParser(F);
    let text = SRC;
    inc.update(text);
    const inserts = ['\n', ' ', '// c\n', '\n    function z() external {}\n', 'uint256 constant K = 1;\n'];
    let seed = 7;
    for (let k = 0; k < 60; k++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const ins = inserts[seed % inserts.length];
      // Insert only at line starts outside function bodies, so the text stays well formed.
      const anchors = ['\ncontract B {', '\nstruct S {', '\nfunction free()', '\n    function g()'];
      const anchor = anchors[(seed >> 4) % anchors.length];
      if (ins.includes('function z') && anchor.startsWith('\nstruct')) continue;
      if (ins.includes('constant') && anchor.startsWith('\n    ')) continue;
      text = edit(text, anchor, ins.startsWith('\n') ? ins : '\n' + ins, false);
      const u = inc.update(text);
      const full = parseSource(F, text);
      assert.deepEqual(full.problems, [], `step ${k} stays clean`);
      assert.deepEqual(u, full, `step ${k}`);
    }
  });
});

describe('a broken region keeps its last good analysis', () => {
  test('an unclosed function swallowing the file keeps the file-level declarations after it', () => {
    const inc = new IncrementalParser(F);
    inc.update(SRC);
    // The new function's `{` takes A's closing brace: A now runs to `contract B`, swallowing S and free().
    const broken = edit(SRC, 'function g() external {}', '\n    function broken() external {');
    const fresh = parseSource(F, broken);
    assert.deepEqual(
      fresh.structs.map((s) => s.name),
      [],
      'the fresh parse lost S',
    );
    const u = inc.update(broken);
    assert.deepEqual(
      u.structs.map((s) => s.name),
      ['S'],
    );
    assert.deepEqual(
      u.functions.map((f) => f.name),
      ['free'],
    );
    assert.deepEqual(u.kept, ['S', 'free']);
    // Kept declarations are moved to where they now stand.
    const s = u.structs[0];
    assert.equal(broken.slice(s.nameSpan.start, s.nameSpan.end), 'S');
    assert.equal(s.docs, '/// file-level struct');
    assert.deepEqual(fnNames(u, 'B'), ['h']);
    assert.ok(u.problems.length > 0);
  });

  test('the kept analysis survives several keystrokes and goes away once the code is fixed', () => {
    const inc = new IncrementalParser(F);
    inc.update(SRC);
    const typed = '\n    function broken() external {';
    let text = SRC;
    for (let i = 1; i <= typed.length; i++) {
      text = edit(SRC, 'function g() external {}', typed.slice(0, i));
      const u = inc.update(text);
      assert.deepEqual(
        u.structs.map((s) => s.name),
        ['S'],
        `after typing ${JSON.stringify(typed.slice(0, i))}`,
      );
    }
    const fixed = edit(SRC, 'function g() external {}', typed + '}');
    const u = inc.update(fixed);
    assert.deepEqual(u.problems, []);
    assert.equal(u.kept, undefined);
    assert.deepEqual(u, parseSource(F, fixed));
    assert.deepEqual(fnNames(u, 'A'), ['f', 'g', 'broken']);
  });

  test('deleting a contract closing brace keeps what it swallowed', () => {
    const inc = new IncrementalParser(F);
    inc.update(SRC);
    const broken = SRC.replace('    function g() external {}\n}', '    function g() external {}\n');
    const u = inc.update(broken);
    assert.deepEqual(u.kept, ['S', 'free']);
    assert.deepEqual(
      u.contracts.map((c) => c.name),
      ['A', 'B'],
    );
  });

  test('an unclosed block comment keeps the members and contracts it hides', () => {
    const inc = new IncrementalParser(F);
    inc.update(SRC);
    const broken = edit(SRC, 'function f() external {\n        uint256 v = 1;\n    }\n', '/*');
    const u = inc.update(broken);
    assert.deepEqual(fnNames(u, 'A'), ['f', 'g'], 'g kept inside A');
    assert.deepEqual(
      u.contracts.map((c) => c.name),
      ['A', 'B'],
    );
    assert.ok(u.kept!.includes('A.g') && u.kept!.includes('B'));
  });

  test('a declaration the user deletes or renames while the file is broken is not kept', () => {
    const inc = new IncrementalParser(F);
    inc.update(SRC);
    const broken = edit(SRC, 'function g() external {}', '\n    function broken() external {');
    inc.update(broken);
    const deleted = broken.replace('/// file-level struct\nstruct S {\n    uint256 a;\n}\n', '');
    const u = inc.update(deleted);
    assert.deepEqual(
      u.structs.map((s) => s.name),
      [],
    );
    assert.deepEqual(
      u.functions.map((f) => f.name),
      ['free'],
    );
    const renamed = deleted.replace('function free()', 'function freed()');
    const v = inc.update(renamed);
    assert.deepEqual(
      v.functions.map((f) => f.name),
      [],
    );
  });

  test('a clean parse is never mixed with stale declarations', () => {
    const inc = new IncrementalParser(F);
    inc.update(SRC);
    const removed = SRC.replace('contract B {\n    function h() external {}\n}\n', '');
    const u = inc.update(removed);
    assert.deepEqual(
      u.contracts.map((c) => c.name),
      ['A'],
    );
    assert.equal(u.kept, undefined);
  });
});

describe('speed', () => {
  test('an ~850-line facet parses in a few ms; a one-function edit re-parses one chunk', () => {
    const text = bigFacetSource(850);
    const lines = text.split('\n').length;
    assert.ok(lines >= 840);
    const u = parseSource(F, text);
    assert.equal(u.contracts[0].functions.length, 70);
    assert.deepEqual(u.problems, []);
    const full: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      parseSource(F, text);
      full.push(performance.now() - t0);
    }
    const inc = new IncrementalParser(F);
    inc.update(text);
    const edits: number[] = [];
    for (let i = 0; i < 20; i++) {
      const anchor = `    /// @notice Moves funds for position ${30 + i}.`;
      const edited = text.replace(anchor, '\n'.repeat(i + 1) + anchor);
      const t0 = performance.now();
      inc.update(edited);
      edits.push(performance.now() - t0);
      assert.equal(inc.stats.parsed, 1);
    }
    const stat = (xs: number[]) => {
      const s = xs.slice().sort((a, b) => a - b);
      return { best: s[0], median: s[s.length >> 1] };
    };
    const f = stat(full);
    const e = stat(edits);
    console.log(
      `[parser] ${lines}-line facet: full parse best ${f.best.toFixed(2)} ms / median ${f.median.toFixed(2)} ms; ` +
        `edit re-parse best ${e.best.toFixed(2)} ms / median ${e.median.toFixed(2)} ms (${inc.stats.chunks} chunks)`,
    );
    // The machine is shared (2 cores, often loaded): bound the best run, which load inflates least; the bound
    // catches a complexity regression (unloaded, the best runs are ~3 ms and ~5 ms).
    assert.ok(f.best < 30, `full parse best ${f.best} ms`);
    assert.ok(e.best < 30, `edit best ${e.best} ms`);
  });
});
