/** The server's cold-open account (server/src/cold-open.ts): each phase's own time, said once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColdOpen } from '../../server/src/cold-open';

test('phases are the time since the previous mark; repeated marks and later reports say nothing', () => {
  const clock = [100, 130, 400, 999];
  const c = new ColdOpen(() => clock.shift()!);
  c.mark('bundle loaded');
  c.mark('initialize');
  c.mark('initialize');
  c.mark('first findings');
  assert.equal(
    c.report(),
    '[cold-open] bundle loaded 100.0, initialize 30.0, first findings 270.0 ms; first diagnostics 400.0 ms after the process started',
  );
  assert.equal(c.report(), undefined);
  c.mark('later');
  assert.equal(clock.length, 1, 'neither a repeated mark nor one after the report reads the clock');
});
