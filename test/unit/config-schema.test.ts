/** schemas/diamond.config.schema.json describes what config-validate.ts accepts (no drift between the two). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfig } from '../../engine/src/config-validate';
import { DEFAULT_NAMESPACE_PATTERN } from '../../engine/src/config';
import { RULE_IDS } from '../../engine/src/findings';
import { repoRoot } from './service-support';

const schema = JSON.parse(readFileSync(join(repoRoot(), 'schemas', 'diamond.config.schema.json'), 'utf8'));

test('the schema lists every field, rule id and severity the validator knows', () => {
  assert.equal(schema.additionalProperties, false);
  const fields = Object.keys(schema.properties);
  // Every field the schema allows is accepted by the validator, and an unknown one is not.
  for (const f of fields) {
    const r = validateConfig(
      JSON.stringify({
        [f]: f === '$schema' || f === 'namespacePattern' ? 'x' : f === 'rules' || f === 'upgrade' ? {} : [],
      }),
    );
    assert.deepEqual(r.problems, [], f);
  }
  assert.match(validateConfig('{"nope": 1}').problems[0].message, /unknown field/);
  assert.deepEqual(Object.keys(schema.properties.rules.properties), [...RULE_IDS]);
  assert.deepEqual(schema.definitions.severity.enum, ['error', 'warning', 'info', 'off']);
  assert.equal(schema.properties.namespacePattern.default, DEFAULT_NAMESPACE_PATTERN);
});

test('the schema patterns agree with the validator on sample values', () => {
  const [selectorRe, signatureRe] = schema.properties.sharedSelectors.items.anyOf.map(
    (x: { pattern: string }) => new RegExp(x.pattern),
  );
  for (const v of [
    '0x01ffc9a7',
    'transfer(address,uint256)',
    'f((uint256,address)[],bytes32[2])',
    '0x1234',
    'transfer(address, uint256)',
    'no parens',
  ]) {
    const bySchema = selectorRe.test(v) || signatureRe.test(v);
    const byValidator = validateConfig(JSON.stringify({ sharedSelectors: [v] })).problems.length === 0;
    assert.equal(bySchema, byValidator, v);
  }
  // upgrade.protectedSelectors takes what sharedSelectors takes: the same two patterns.
  assert.deepEqual(
    schema.properties.upgrade.properties.protectedSelectors.items,
    schema.properties.sharedSelectors.items,
  );
  for (const v of ['0x1f931c1c', 'owner()', '0x1f93', 'owner( )']) {
    const bySchema = selectorRe.test(v) || signatureRe.test(v);
    const byValidator =
      validateConfig(JSON.stringify({ upgrade: { protectedSelectors: [v] } })).problems.length === 0;
    assert.equal(bySchema, byValidator, v);
  }
  assert.equal(schema.properties.upgrade.additionalProperties, false);
  assert.deepEqual(Object.keys(schema.properties.upgrade.properties), ['protectedSelectors']);
  // A facet is a contract name or `path/File.sol:Name`.
  const facetRes = schema.properties.diamonds.items.properties.facets.items.anyOf.map(
    (x: { pattern: string }) => new RegExp(x.pattern),
  );
  for (const v of [
    'CoreFacet',
    '_X1',
    '1Bad',
    'Mock*',
    'a-b',
    'src/A.sol:AFacet',
    'src/A.sol:',
    '/abs/A.sol:A',
    'A.sol:1x',
  ]) {
    const byValidator =
      validateConfig(JSON.stringify({ diamonds: [{ name: 'D', facets: [v] }] })).problems.length === 0;
    assert.equal(
      facetRes.some((re: RegExp) => re.test(v)),
      byValidator,
      v,
    );
  }
});
