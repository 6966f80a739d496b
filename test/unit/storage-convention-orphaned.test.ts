/** namespace-convention (the configured id pattern) and namespace-orphaned (v1 -> v2 with no migration). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../engine/src/config';
import { analyzeStorage } from '../../engine/src/rules/storage-analysis';
import { analyzeFixture } from './storage-fixtures';

test('convention: only the id outside dloop.storage.<area>.v<N> is reported; bare hex has no id to judge', () => {
  const r = analyzeFixture('diamond-storage');
  const found = r.of('namespace-convention');
  assert.equal(found.length, 1);
  assert.equal(r.textAt(found[0]), 'DIAMOND_STORAGE_POSITION');
  assert.match(
    found[0].message,
    /`diamond\.standard\.diamond\.storage`\) does not follow the configured pattern/,
  );
  assert.equal(found[0].severity, 'warning');
  // LibPoolHex's POOL_SLOT is a bare literal: no convention finding for it.
  assert.ok(
    !analyzeFixture('collision')
      .of('namespace-convention')
      .some((f) => r.textAt(f) === 'POOL_SLOT'),
  );
});

test('convention follows config.namespacePattern', () => {
  const r = analyzeFixture('diamond-storage', {
    config: { namespacePattern: '^(dloop\\.storage\\.|diamond\\.standard\\.)' },
  });
  assert.deepEqual(r.of('namespace-convention'), []);
  const strict = analyzeFixture('diamond-storage', { config: { namespacePattern: '^acme\\.' } });
  assert.equal(strict.of('namespace-convention').length, 4);
  const broken = analyzeFixture('diamond-storage', { config: { namespacePattern: '(' } });
  assert.deepEqual(
    broken.of('namespace-convention'),
    [],
    'an invalid pattern is the config validator’s to report',
  );
});

test('orphaned: v2 with a migration reading v1 is fine; v2 with no v1, or an unread v1, is reported', () => {
  const r = analyzeFixture('orphaned');
  const found = r.of('namespace-orphaned');
  const files = found.map((f) => f.file.split('/').pop()).sort();
  assert.deepEqual(files, ['LibLedger.sol', 'LibPoolV2.sol']);
  const pool = found.find((f) => f.file.endsWith('LibPoolV2.sol'))!;
  assert.match(
    pool.message,
    /supersedes `dloop\.storage\.pool\.v1`, but nothing in the workspace declares or reads `dloop\.storage\.pool\.v1`/,
  );
  const ledger = found.find((f) => f.file.endsWith('LibLedger.sol'))!;
  assert.match(
    ledger.message,
    /`dloop\.storage\.ledger\.v1` is still declared, yet nothing outside its declaration reads it/,
  );
  assert.equal(ledger.related.length, 1);
  assert.equal(r.textAt(ledger.related[0]), 'keccak256("dloop.storage.ledger.v1")');
  assert.ok(!found.some((f) => f.message.includes('rewards')), 'RewardsMigration reads v1');
});

test('orphaned: removing the migration orphans rewards v1', () => {
  const r = analyzeFixture('orphaned');
  r.ws.removeFile(r.ws.files().find((f) => f.endsWith('RewardsMigration.sol'))!);
  const found = analyzeStorage(r.ws, undefined, defaultConfig()).findings.filter(
    (f) => f.rule === 'namespace-orphaned',
  );
  const rewards = found.filter((f) => f.message.includes('dloop.storage.rewards.v1'));
  assert.equal(rewards.length, 1);
  assert.ok(rewards[0].file.endsWith('LibRewardsV2.sol'));
});
