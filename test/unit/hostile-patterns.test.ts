/**
 * Patterns a cloned repository supplies (diamond.config.json `namespacePattern` and `exclude`) run in
 * linear time: a backtracking matcher on `^(a+)+$` × `aaaa…ab` or `a*a*…*b` × a long name never returns.
 * These calls would hang before the fix (RegExp backtracking); now they answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../engine/src/config-validate';
import { isExcluded } from '../../engine/src/diamonds/discover';
import { coerceRegExpSource } from '../../shared/settings';
import { coerceSettings } from '../../server/src/settings';
import { SLOW_ID, storageLib } from './hostile-support';
import { memoryService, only } from './service-support';

const SLOW_GLOB = 'a*a*a*a*a*a*a*a*a*a*a*a*a*b';

test('namespace-convention: a catastrophic-backtracking pattern is matched in linear time', () => {
  const { service } = memoryService({ 'LibSlow.sol': storageLib(SLOW_ID) }, { namespacePattern: '^(a+)+$' });
  const found = only(service.findings(), 'namespace-convention');
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0].message, new RegExp(SLOW_ID));
  // The same pattern still accepts what it describes.
  const ok = memoryService({ 'LibSlow.sol': storageLib('a'.repeat(60)) }, { namespacePattern: '^(a+)+$' });
  assert.deepEqual(only(ok.service.findings(), 'namespace-convention'), []);
});

test('namespace-convention: RE2 semantics for the usual patterns (anchors, classes, alternation)', () => {
  const pattern = '^(dloop\\.storage\\.|acme\\.)[a-z]+\\.v\\d+$';
  const good = memoryService({ 'LibSlow.sol': storageLib('acme.vault.v2') }, { namespacePattern: pattern });
  assert.deepEqual(only(good.service.findings(), 'namespace-convention'), []);
  const bad = memoryService({ 'LibSlow.sol': storageLib('acme.Vault.v2') }, { namespacePattern: pattern });
  assert.equal(only(bad.service.findings(), 'namespace-convention').length, 1);
  // Unanchored patterns search, as RegExp.test did.
  const part = memoryService({ 'LibSlow.sol': storageLib('x.acme.y') }, { namespacePattern: 'acme' });
  assert.deepEqual(only(part.service.findings(), 'namespace-convention'), []);
});

test('config validation: the ReDoS pattern is accepted (it is linear under RE2)', () => {
  const r = validateConfig('{"namespacePattern": "^(a+)+$"}');
  assert.deepEqual(r.problems, []);
  assert.equal(r.config?.namespacePattern, '^(a+)+$');
});

test('config validation: backreferences and lookaround are config problems that say why', () => {
  const cases: [string, RegExp][] = [
    ['(a)\\1', /backreference/],
    ['^(?=dloop)', /lookahead|lookaround/],
    ['^(?!x)', /lookahead|lookaround/],
    ['(?<=a)b', /lookbehind|lookaround/],
    ['(?<!a)b', /lookbehind|lookaround/],
    ['(?<name>a)\\k<name>', /backreference/],
  ];
  for (const [pattern, why] of cases) {
    const text = JSON.stringify({ namespacePattern: pattern });
    const r = validateConfig(text);
    assert.equal(r.config, undefined, `${pattern} is refused`);
    assert.equal(r.problems.length, 1, `${pattern}: ${JSON.stringify(r.problems)}`);
    const p = r.problems[0];
    assert.equal(p.path, 'namespacePattern');
    assert.match(p.message, why, p.message);
    assert.match(p.message, /RE2/, p.message);
    assert.equal(text.slice(p.start, p.end), JSON.stringify(pattern), 'offsets cover the value');
  }
  // Plain syntax errors are still reported.
  assert.match(
    validateConfig('{"namespacePattern": "([a-z"}').problems[0]?.message ?? '',
    /regular expression/,
  );
});

test('exclude globs match without backtracking', () => {
  const name = 'a'.repeat(60) + 'Facet';
  assert.equal(isExcluded(name, [SLOW_GLOB]), false);
  assert.equal(isExcluded('a'.repeat(60) + 'b', [SLOW_GLOB]), true);
  assert.equal(isExcluded(name, ['a*a*a*a*a*a*a*a*a*a*a*a*a*Facet']), true);
});

test('exclude globs: `*` is any run, everything else literal, whole-name match', () => {
  const cases: [string, string, boolean][] = [
    ['Mock*', 'MockFacet', true],
    ['Mock*', 'Mock', true],
    ['Mock*', 'AMock', false],
    ['*Facet', 'TokenFacet', true],
    ['*Facet', 'TokenFacets', false],
    ['Test*Facet', 'TestTokenFacet', true],
    ['Test*Facet', 'TestFacet', true],
    ['Test*Facet', 'TestFace', false],
    ['*', '', true],
    ['*', 'Anything', true],
    ['**', 'X', true],
    ['A*B*C', 'AxxBxxC', true],
    ['A*B*C', 'AxxCxxB', false],
    ['A*A', 'A', false],
    ['A*A', 'AA', true],
    ['Exact', 'Exact', true],
    ['Exact', 'exact', false],
    ['a.b', 'axb', false],
    ['$x', '$x', true],
  ];
  for (const [glob, name, want] of cases) assert.equal(isExcluded(name, [glob]), want, `${glob} vs ${name}`);
});

test('the diamond.namespacePattern setting: RE2 syntax in the server and the client alike', () => {
  // Accepted: linear under RE2, whatever a backtracking engine would make of it.
  assert.equal(coerceSettings({ namespacePattern: '^(a+)+$' }).settings.namespacePattern, '^(a+)+$');
  assert.equal(coerceRegExpSource('^(a+)+$'), '^(a+)+$');
  // Refused: what RE2 cannot run (valid JavaScript, so accepted before), with the reason in the log.
  for (const pattern of ['(a)\\1', '^(?=x)', '(?<!a)b']) {
    const { settings, problems } = coerceSettings({ namespacePattern: pattern });
    assert.equal(settings.namespacePattern, undefined, pattern);
    assert.equal(problems.length, 1, pattern);
    assert.match(problems[0], /^diamond\.namespacePattern: ignoring .*not supported/, problems[0]);
    assert.equal(coerceRegExpSource(pattern), undefined, pattern);
  }
});
