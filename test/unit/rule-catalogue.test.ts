/**
 * The rule catalogue (shared/rules.ts) and the settings table (shared/settings.ts) against everything that
 * repeats them: package.json `contributes.configuration` and the config schema (written by `npm run generate`:
 * these tests fail when the files were not regenerated or were edited by hand), the config validator's known
 * rule ids, the engine's registry, and the headings, index table and default severities of docs/rules.md.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RULES, validateConfig } from '../../engine';
import { withGeneratedSchema, withGeneratedSettings } from '../../shared/manifest';
import { RULE_CATALOGUE, RULE_IDS } from '../../shared/rules';
import { repoRoot } from '../support/repo';

const root = repoRoot();
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const DOCS = 'https://github.com/dloop/diamond-tools/blob/main/docs/rules.md';

describe('generated files are up to date (npm run generate)', () => {
  test('package.json contributes.configuration: every setting as shared/settings.ts declares it', () => {
    const pkg = readJson('package.json');
    const actual = pkg.contributes.configuration.properties;
    const expected = (withGeneratedSettings(pkg) as typeof pkg).contributes.configuration.properties;
    assert.deepEqual(
      Object.keys(actual),
      Object.keys(expected),
      'the settings and their order: npm run generate',
    );
    for (const key of Object.keys(expected))
      assert.deepEqual(actual[key], expected[key], `${key}: npm run generate`);
  });

  test('schemas/diamond.config.schema.json: the rule list, severities and namespace pattern default', () => {
    const schema = readJson('schemas/diamond.config.schema.json');
    assert.deepEqual(schema, withGeneratedSchema(schema), 'npm run generate');
  });

  test('a rule setting per catalogued rule, linking to its section of the rule reference', () => {
    const properties = readJson('package.json').contributes.configuration.properties;
    const ruleKeys = Object.keys(properties).filter((k) => k.startsWith('diamond.rules.'));
    assert.deepEqual(
      ruleKeys,
      RULE_IDS.map((id) => `diamond.rules.${id}`),
    );
    for (const rule of RULE_CATALOGUE) {
      const p = properties[`diamond.rules.${rule.id}`];
      assert.equal(p.default, rule.defaultSeverity, rule.id);
      assert.deepEqual(p.enum, ['error', 'warning', 'info', 'off'], rule.id);
      assert.ok(p.markdownDescription.includes(`(${DOCS}#${rule.id})`), rule.id);
      assert.ok(p.markdownDescription.includes(rule.description), rule.id);
    }
  });
});

describe('the catalogue is the one rule list', () => {
  test('the config validator knows every catalogued rule id and severity, and nothing else', () => {
    for (const id of RULE_IDS) {
      for (const sev of ['error', 'warning', 'info', 'off']) {
        assert.deepEqual(
          validateConfig(JSON.stringify({ rules: { [id]: sev } })).problems,
          [],
          `${id}: ${sev}`,
        );
      }
    }
    const unknown = validateConfig('{ "rules": { "no-such-rule": "off" } }').problems;
    assert.equal(unknown.length, 1);
    assert.match(unknown[0].message, new RegExp(`known: ${RULE_IDS.join(', ')}\\)`));
    assert.equal(validateConfig('{ "rules": { "duplicate-selector": "loud" } }').problems.length, 1);
  });

  test('the engine runs every catalogued rule, in catalogue order, with its default severity', () => {
    assert.deepEqual(
      RULES.map((r) => [r.id, r.defaultSeverity, typeof r.run]),
      RULE_CATALOGUE.map((r) => [r.id, r.defaultSeverity, 'function']),
    );
  });

  test('ids are unique kebab-case', () => {
    assert.equal(new Set(RULE_IDS).size, RULE_IDS.length);
    for (const id of RULE_IDS) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('docs/rules.md documents every rule (the diagnostics link to its headings)', () => {
  const doc = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
  const lines = doc.split('\n');
  /** Sections of the reference that are not rules. */
  const NOT_RULES = new Set(['configuration']);

  test('one `## <id>` section per rule, in catalogue order', () => {
    const headings = lines.filter((l) => l.startsWith('## ')).map((l) => l.slice(3).trim());
    assert.deepEqual(
      headings.filter((h) => !NOT_RULES.has(h)),
      [...RULE_IDS],
    );
  });

  test('each section opens with the rule’s default severity', () => {
    for (const rule of RULE_CATALOGUE) {
      const at = lines.indexOf(`## ${rule.id}`);
      assert.ok(at >= 0, `docs/rules.md has no heading "## ${rule.id}"`);
      const first = lines.slice(at + 1).find((l) => l.trim() !== '');
      assert.ok(first?.startsWith(`**Default: ${rule.defaultSeverity}.**`), `${rule.id}: ${first}`);
    }
  });

  test('the index table lists every rule with its default severity and a link to its section', () => {
    const rows = lines
      .map((l) => /^\| \[`([^`]+)`\]\(#([^)]+)\) \| (\w+) \|$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => [m[1], m[2], m[3]]);
    assert.deepEqual(
      rows,
      RULE_CATALOGUE.map((r) => [r.id, r.id, r.defaultSeverity]),
    );
  });
});
