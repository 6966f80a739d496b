/**
 * The injection grammar highlights only what is ours. TextMate uses Oniguruma; these patterns use
 * only syntax that means the same in JavaScript, so JS RegExp checks what they match.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../protocol/lsp-client';

interface Rule {
  match: string;
  name?: string;
  captures?: Record<string, { name: string }>;
}
const grammar = JSON.parse(readFileSync(join(repoRoot(), 'syntaxes', 'diamond.injection.json'), 'utf8')) as {
  scopeName: string;
  injectionSelector: string;
  patterns: { include: string }[];
  repository: Record<string, Rule>;
};
const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));

/** Scope name given to `text` inside `line` by the first rule that matches there. */
function scopeOf(line: string, text: string): string | undefined {
  for (const { include } of grammar.patterns) {
    const rule = grammar.repository[include.slice(1)];
    const m = new RegExp(rule.match).exec(line);
    if (!m) continue;
    if (rule.name && m[0] === text) return rule.name;
    for (const [i, c] of Object.entries(rule.captures ?? {})) if (m[Number(i)] === text) return c.name;
  }
  return undefined;
}

test('the grammar is an injection into source.solidity, contributed under its scope name', () => {
  assert.equal(grammar.injectionSelector, 'L:source.solidity');
  const g = manifest.contributes.grammars.find(
    (x: { scopeName: string }) => x.scopeName === grammar.scopeName,
  );
  assert.deepEqual(g.injectTo, ['source.solidity']);
  for (const { include } of grammar.patterns) assert.ok(grammar.repository[include.slice(1)], include);
});

test('storage-location annotations: the namespace id is highlighted', () => {
  const line = '/// @custom:storage-location erc7201:dloop.storage.rewards.v1';
  assert.equal(scopeOf(line, 'dloop.storage.rewards.v1'), 'entity.name.namespace.storage.diamond');
  assert.equal(scopeOf(line, '@custom:storage-location'), 'storage.type.annotation.storage-location.diamond');
});

test('namespace ids in keccak256("...") and erc7201("...")', () => {
  assert.equal(
    scopeOf('bytes32 constant P = keccak256("dloop.storage.fee.v1");', 'dloop.storage.fee.v1'),
    'entity.name.namespace.storage.diamond',
  );
  assert.equal(
    scopeOf('bytes32 constant P = erc7201("dloop.storage.fee.v1");', 'dloop.storage.fee.v1'),
    'entity.name.namespace.storage.diamond',
  );
  // Ordinary hashed strings (no dotted namespace) are left to the user's Solidity grammar.
  assert.equal(scopeOf('bytes32 h = keccak256("hello");', 'hello'), undefined);
});

test('4-byte selector literals, but not addresses or 32-byte words', () => {
  assert.equal(scopeOf('bytes4 s = 0xa9059cbb;', '0xa9059cbb'), 'constant.numeric.selector.diamond');
  assert.equal(scopeOf('address a = 0x5FbDB2315678afecb367f032d93F642f64180aa3;', '0x5FbDB231'), undefined);
});
