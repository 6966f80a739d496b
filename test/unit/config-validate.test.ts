/** diamond.config.json validation: accepted shapes, and problems that name the field with exact offsets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../engine/src/config-validate';
import { DEFAULT_NAMESPACE_PATTERN } from '../../engine/src/config';

/** The text a problem's offsets cover. */
function covered(text: string, p: { start: number; end: number }): string {
  return text.slice(p.start, p.end);
}

test('a full valid config comes back as DiamondConfig', () => {
  const text = JSON.stringify({
    $schema: './schemas/diamond.config.schema.json',
    diamonds: [{ name: 'DLOOP', facets: ['CoreFacet', 'FeeFacet'] }, { name: 'Treasury' }],
    exclude: ['Mock*', 'Test*Facet'],
    sharedSelectors: ['0x01FFC9A7', 'supportsInterface(bytes4)', 'f((uint256,address)[],bytes32[2])'],
    namespacePattern: '^acme\\.[a-z]+$',
    remappings: ['@oz/=node_modules/@openzeppelin/contracts/', 'src:lib/=lib/src/'],
    rules: { 'duplicate-selector': 'warning', 'namespace-convention': 'off' },
  });
  const r = validateConfig(text);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.config, {
    diamonds: [{ name: 'DLOOP', facets: ['CoreFacet', 'FeeFacet'] }, { name: 'Treasury' }],
    exclude: ['Mock*', 'Test*Facet'],
    // Selectors are normalised to lower case so they compare with computed ones.
    sharedSelectors: ['0x01ffc9a7', 'supportsInterface(bytes4)', 'f((uint256,address)[],bytes32[2])'],
    namespacePattern: '^acme\\.[a-z]+$',
    remappings: ['@oz/=node_modules/@openzeppelin/contracts/', 'src:lib/=lib/src/'],
    rules: { 'duplicate-selector': 'warning', 'namespace-convention': 'off' },
  });
});

test('an empty object gives the defaults', () => {
  const r = validateConfig('{}\n');
  assert.deepEqual(r.problems, []);
  assert.equal(r.config?.namespacePattern, DEFAULT_NAMESPACE_PATTERN);
  assert.deepEqual(r.config?.diamonds, []);
});

test('wrong values are reported with the field path and the offsets of the value', () => {
  const text = `{
  "diamonds": [{ "name": "Main", "facets": ["AFacet", 42] }],
  "rules": { "duplicate-selector": "fatal", "no-such-rule": "error" },
  "colour": "blue",
  "sharedSelectors": ["0x1234", "transfer(address, uint256)"],
  "namespacePattern": "([a-z",
  "exclude": "Mock*",
  "remappings": ["=x"]
}`;
  const r = validateConfig(text);
  assert.equal(r.config, undefined, 'a config with problems is not used');
  const byPath = new Map(r.problems.map((p) => [p.path, p]));
  const expect = (path: string, coveredText: string, words: RegExp) => {
    const p = byPath.get(path);
    assert.ok(p, `a problem at ${path}; got ${r.problems.map((x) => x.path).join(', ')}`);
    assert.equal(covered(text, p), coveredText, `offsets of ${path}`);
    assert.ok(p.message.startsWith(path + ':'), `message names the field: ${p.message}`);
    assert.match(p.message, words);
  };
  expect('diamonds[0].facets[1]', '42', /contract name/);
  expect('rules.duplicate-selector', '"fatal"', /"error", "warning", "info", "off"/);
  expect('rules.no-such-rule', '"no-such-rule"', /unknown rule id/);
  expect('colour', '"colour"', /unknown field/);
  expect('sharedSelectors[0]', '"0x1234"', /8 hex digits/);
  expect('sharedSelectors[1]', '"transfer(address, uint256)"', /canonical signature/);
  expect('namespacePattern', '"([a-z"', /regular expression/);
  expect('exclude', '"Mock*"', /expected an array/);
  expect('remappings[0]', '"=x"', /prefix=target/);
  assert.equal(r.problems.length, 9);
});

test('diamonds: missing name, duplicate names, unknown fields', () => {
  const text = '{"diamonds":[{"facets":[]},{"name":"A"},{"name":"A"},{"name":"B","facet":["X"]}]}';
  const r = validateConfig(text);
  const msgs = r.problems.map((p) => p.message);
  assert.ok(
    msgs.some((m) => m.startsWith('diamonds[0]:') && /missing required field "name"/.test(m)),
    msgs.join('\n'),
  );
  assert.ok(
    msgs.some((m) => m.startsWith('diamonds[2].name:') && /already named "A"/.test(m)),
    msgs.join('\n'),
  );
  assert.ok(
    msgs.some((m) => m.startsWith('diamonds[3].facet:') && /unknown field/.test(m)),
    msgs.join('\n'),
  );
  assert.equal(r.problems.length, 3);
});

test('JSON syntax errors point at the offending character', () => {
  const cases: [string, string, RegExp][] = [
    ['{"exclude": ["A",]}', ']', /expected a value/],
    ['{"exclude": ["A"] "rules": {}}', '"', /expected ',' or '}'/],
    ['{"exclude": ["A"]', '', /expected ',' or '}'/],
    ["{'exclude': []}", "'", /property name in double quotes/],
    ['{"a": "unterminated\n}', '"unterminated', /unterminated string/],
    ['[1, 2] 3', '3', /unexpected text after/],
    ['', '', /unexpected end of file/],
  ];
  for (const [text, at, re] of cases) {
    const r = validateConfig(text);
    assert.equal(r.config, undefined, text);
    assert.equal(r.problems.length, 1, text);
    const p = r.problems[0];
    assert.match(p.message, /^invalid JSON: /);
    assert.match(p.message, re, text);
    assert.equal(
      covered(text, p).slice(0, at.length || undefined),
      at,
      `position for ${JSON.stringify(text)}`,
    );
  }
});

test('top level must be an object; a field given twice is reported', () => {
  assert.match(
    validateConfig('[]').problems[0].message,
    /expected an object at the top level, found an array/,
  );
  const dup = validateConfig('{"exclude": [], "exclude": ["A"]}');
  assert.equal(dup.problems.length, 1);
  assert.match(dup.problems[0].message, /^exclude: field given twice/);
});

test('string escapes decode (a pattern written with \\\\ and \\u)', () => {
  const r = validateConfig('{"namespacePattern": "^a\\\\.b\\u0024"}');
  assert.deepEqual(r.problems, []);
  assert.equal(r.config?.namespacePattern, '^a\\.b$');
});

test('upgrade.protectedSelectors: selectors (lower-cased) and canonical signatures; mistakes named at their value', () => {
  const ok = validateConfig(
    JSON.stringify({ upgrade: { protectedSelectors: ['0x1F931C1C', 'owner()', 'f((uint256,address)[])'] } }),
  );
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.config?.upgrade, {
    protectedSelectors: ['0x1f931c1c', 'owner()', 'f((uint256,address)[])'],
  });
  assert.equal(validateConfig('{}').config?.upgrade, undefined, 'absent: the planner uses its default list');

  const text = `{
  "upgrade": { "protectedSelectors": ["0x1234", "owner( )", 7], "prune": true }
}`;
  const bad = validateConfig(text);
  assert.equal(bad.config, undefined);
  assert.deepEqual(
    bad.problems.map((p) => [p.path, covered(text, p)]),
    [
      ['upgrade.protectedSelectors[0]', '"0x1234"'],
      ['upgrade.protectedSelectors[1]', '"owner( )"'],
      ['upgrade.protectedSelectors[2]', '7'],
      ['upgrade.prune', '"prune"'],
    ],
  );
  assert.match(bad.problems[0].message, /^upgrade\.protectedSelectors\[0\]: "0x1234" is not a selector/);
  assert.match(bad.problems[3].message, /unknown field \(known: protectedSelectors\)/);
  const notObject = validateConfig('{ "upgrade": ["0x1f931c1c"] }');
  assert.match(
    notObject.problems[0].message,
    /^upgrade: expected an object \{"protectedSelectors"\}, found an array/,
  );
});
