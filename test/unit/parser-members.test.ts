/**
 * The member cache (engine/src/syntax/member-cache.ts): an edit of one function of a big facet parses that
 * function and reuses the others, and after every random edit of real sources (clean or broken, chained) the
 * parse equals the parse of a parser that parses every member.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { bigFacetSource } from '../../bench/workspace-gen';
import { IncrementalParser, parseSource } from '../../engine/src/syntax/parser';
import { mulberry32 } from '../support/prng';
import { repoRoot } from '../support/repo';

const F = '/ws/Facet.sol';

function solidityFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? solidityFiles(join(dir, e.name)) : e.name.endsWith('.sol') ? [join(dir, e.name)] : [],
  );
}

/** Insertions that keep a file well formed, and pieces that break it. */
const CLEAN = [
  '\n    function added(uint256 a) external pure returns (uint256) { return a; }\n',
  '\n    /// @notice documented\n    function documented() external {}\n',
  '\n    uint256 internal constant ADDED = 1;\n',
  '\n    event Added(address indexed who);\n',
  ' ',
  '\n',
];
const BROKEN = ['{', '}', ';', '(', '/*', '*/', '"', 'function', 'struct S {', ' returns ', '//'];

describe('member cache', () => {
  test('editing one function of an 850-line facet parses one member and reuses the rest', () => {
    const text = bigFacetSource(850);
    const inc = new IncrementalParser(F);
    inc.update(text);
    const at = text.indexOf('{', text.indexOf('function', Math.floor(text.length / 2))) + 1;
    const first = `${text.slice(0, at)}\n        uint256 extra = 1;${text.slice(at)}`;
    inc.update(first);
    const second = `${text.slice(0, at)}\n        uint256 extra = 2;${text.slice(at)}`;
    const u = inc.update(second);
    assert.equal(inc.stats.members.parsed, 1);
    assert.ok(inc.stats.members.reused > 50, `reused ${inc.stats.members.reused}`);
    assert.deepEqual(u, parseSource(F, second));
  });

  test('after 2,000 random edits of the DLOOP contracts, the same parse as without the cache', () => {
    const files = solidityFiles(join(repoRoot(), 'contracts')).map((f) => readFileSync(f, 'utf8'));
    assert.ok(files.length >= 10);
    const seed = 4242;
    const rnd = mulberry32(seed);
    let reused = 0;
    for (const [n, source] of files.entries()) {
      const cached = new IncrementalParser(F);
      const plain = new IncrementalParser(F, { reuseMembers: false });
      let text = source;
      cached.update(text);
      plain.update(text);
      for (let k = 0; k < Math.ceil(2000 / files.length); k++) {
        const at = Math.floor(rnd() * (text.length + 1));
        const roll = rnd();
        if (roll < 0.5) text = text.slice(0, at) + CLEAN[Math.floor(rnd() * CLEAN.length)] + text.slice(at);
        else if (roll < 0.7)
          text = text.slice(0, at) + BROKEN[Math.floor(rnd() * BROKEN.length)] + text.slice(at);
        else text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 30));
        const got = cached.update(text);
        reused += cached.stats.members.reused;
        assert.deepEqual(got, plain.update(text), `seed ${seed}, file ${n}, edit ${k}`);
      }
    }
    assert.ok(reused > 1000, `members reused: ${reused}`);
  });
});
