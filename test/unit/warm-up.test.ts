/** The server's JIT warm-up (server/src/warm-up.ts) edits its scratch workspace for real and can be turned off. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WARM_UP_EDITS, warmUpEditPath, warmUpWanted } from '../../server/src/warm-up';

test('the warm-up runs the rules on real findings, every edit', () => {
  const one = warmUpEditPath(1);
  const all = warmUpEditPath();
  // The scratch facets share selectors: each edit's findings() reports duplicates, so the rules' paths are warmed.
  assert.ok(one.findings > 0, 'the scratch workspace has findings');
  assert.ok(
    all.findings >= WARM_UP_EDITS * one.findings,
    `${all.findings} findings over ${WARM_UP_EDITS} edits`,
  );
  assert.ok(Number.isFinite(all.ms) && all.ms >= 0);
});

test('DIAMOND_NO_WARM_UP=1 turns it off; unset or 0 leaves it on', () => {
  assert.equal(warmUpWanted({}), true);
  assert.equal(warmUpWanted({ DIAMOND_NO_WARM_UP: '0' }), true);
  assert.equal(warmUpWanted({ DIAMOND_NO_WARM_UP: '1' }), false);
});
