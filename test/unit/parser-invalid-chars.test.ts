/**
 * An invalid character inside a declaration (a NUL, a control character, a non-ASCII letter or symbol
 * outside strings and comments). solc rejects the file; we must not read `function tra\0nsfer(…)` as a
 * function `tra` (and a modifier `nsfer`), inventing selectors and duplicates that are not there.
 * Decided behaviour: the word holding the bad character is one invalid token; a declaration with an
 * invalid token in its header is unparsable and contributes nothing (a parse problem says where); the
 * declarations around it are unaffected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSource } from '../../engine/src/syntax/parser';
import { tokenize } from '../../engine/src/syntax/tokenizer';
import { HEADER, memoryService, only } from './service-support';

const BAD_CHARS = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00a0', 'é', '€', '\u202e', '🙂'];

test('a word with an invalid character inside is one invalid token, not two identifiers', () => {
  for (const bad of BAD_CHARS) {
    const src = `function tra${bad}nsfer(address to)`;
    const { tokens } = tokenize(src);
    const words = tokens.filter((t) => t.kind === 'ident').map((t) => t.text);
    assert.deepEqual(words, ['function', 'address', 'to'], JSON.stringify(bad));
    const invalid = tokens.filter((t) => t.kind === 'invalid');
    assert.equal(invalid.length, 1, JSON.stringify(bad));
    assert.equal(invalid[0].text, `tra${bad}nsfer`);
    assert.equal(src.slice(invalid[0].start, invalid[0].end), `tra${bad}nsfer`);
  }
  // Characters that are fine where they are: in strings, in comments, as whitespace.
  const ok = tokenize('string s = "tra\u0000nsfer é"; // tra\u0000nsfer é\n\ufeffuint x;');
  assert.deepEqual(
    ok.tokens.filter((t) => t.kind === 'invalid'),
    [],
  );
});

test('a function whose header holds an invalid character is not emitted; its neighbours are', () => {
  for (const bad of BAD_CHARS) {
    const u = parseSource(
      '/ws/a.sol',
      `contract A {\n  function f() external {}\n  function tra${bad}nsfer(address to, uint256 amount) external returns (bool) { return true; }\n  function transfer(addr${bad}ess to, uint256 amount) external {}\n  function g() external tra${bad}ce {}\n  uint256 public tot${bad}al;\n  function h() external {}\n}`,
    );
    const a = u.contracts.find((c) => c.name === 'A');
    assert.ok(a, JSON.stringify(bad));
    assert.deepEqual(
      a.functions.map((f) => f.name),
      ['f', 'h'],
      JSON.stringify(bad),
    );
    assert.deepEqual(
      a.stateVars.map((v) => v.name),
      [],
      JSON.stringify(bad),
    );
    assert.ok(
      u.problems.some((p) => /invalid character/i.test(p.message)),
      `${JSON.stringify(bad)}: ${u.problems.map((p) => p.message).join('; ')}`,
    );
  }
});

test('two facets: a cut name creates no phantom function and no phantom duplicate selector', () => {
  for (const bad of BAD_CHARS) {
    // Cut at the bad character, LegacyFacet would expose tra() and (as a getter) tot(): both
    // selectors TokenFacet really has.
    const { service } = memoryService({
      'TokenFacet.sol': `${HEADER}contract TokenFacet {\n    function tra() external {}\n    function tot() external view returns (uint256) { return 1; }\n    function nsfer() external {}\n}\n`,
      'LegacyFacet.sol': `${HEADER}contract LegacyFacet {\n    function tra${bad}nsfer(address to, uint256 amount) external returns (bool) { return true; }\n    uint256 public tot${bad}al;\n    function legacy() external {}\n}\n`,
    });
    assert.deepEqual(
      only(service.findings(), 'duplicate-selector').map((f) => f.message),
      [],
      JSON.stringify(bad),
    );
    const legacy = service.contractSelectors().find((c) => c.name === 'LegacyFacet');
    assert.deepEqual(
      legacy?.functions.map((f) => f.signature),
      ['legacy()'],
      JSON.stringify(bad),
    );
  }
});
