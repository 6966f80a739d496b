/** BlockPoller: one request at a time, events only on change, nothing while inactive (timers are fakes). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BlockPoller, type PollEvent, type Timers } from '../../client/src/explorer/block-poller';

/** Timers the test fires by hand: `due()` lists what is scheduled. */
class ManualTimers implements Timers {
  private next = 1;
  readonly pending = new Map<number, { fn: () => void; ms: number }>();
  set(fn: () => void, ms: number): number {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Fires the one scheduled timer (there is never more than one) and lets its promise chain run. */
  async fire(): Promise<void> {
    assert.equal(this.pending.size, 1, 'exactly one timer scheduled');
    const [[id, { fn }]] = this.pending;
    this.pending.delete(id);
    fn();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  }
}

function setup(answers: (number | Error)[]) {
  const timers = new ManualTimers();
  const events: PollEvent[] = [];
  let calls = 0;
  const poller = new BlockPoller(
    async () => {
      const a = answers[Math.min(calls++, answers.length - 1)];
      if (a instanceof Error) throw a;
      return a;
    },
    (e) => events.push(e),
    4000,
    timers,
  );
  return { poller, timers, events, calls: () => calls };
}

test('reports only new blocks, after the one the tree was read at', async () => {
  const { poller, timers, events } = setup([10, 10, 11]);
  poller.reset(10);
  poller.setActive(true);
  assert.equal([...timers.pending.values()][0].ms, 4000);
  await timers.fire();
  await timers.fire();
  assert.deepEqual(events, []);
  await timers.fire();
  assert.deepEqual(events, [{ kind: 'block', block: 11 }]);
});

test('an outage is reported once, the recovery once', async () => {
  const down = new Error('ECONNREFUSED');
  const { poller, timers, events } = setup([5, down, down, down, 7]);
  poller.reset(5);
  poller.setActive(true);
  for (let i = 0; i < 5; i++) await timers.fire();
  assert.deepEqual(
    events.map((e) => e.kind),
    ['down', 'up'],
  );
  assert.equal(events[0].kind === 'down' && events[0].error, down);
  assert.deepEqual(events[1], { kind: 'up', block: 7 });
});

test('inactive: nothing scheduled, no requests; reactivating resumes', async () => {
  const { poller, timers, calls } = setup([1]);
  poller.setActive(true);
  poller.setActive(false);
  assert.equal(timers.pending.size, 0);
  assert.equal(calls(), 0);
  poller.setActive(true);
  poller.setActive(true); // idempotent: still one timer
  assert.equal(timers.pending.size, 1);
  await timers.fire();
  assert.equal(calls(), 1);
});

test('never two requests in flight: the next poll is scheduled only after an answer', async () => {
  const timers = new ManualTimers();
  let release: (n: number) => void = () => {};
  let calls = 0;
  const poller = new BlockPoller(
    () => {
      calls++;
      return new Promise<number>((r) => (release = r));
    },
    () => {},
    4000,
    timers,
  );
  poller.setActive(true);
  await timers.fire();
  assert.equal(calls, 1);
  assert.equal(timers.pending.size, 0, 'nothing scheduled while the request is out');
  poller.setActive(false);
  poller.setActive(true); // visibility flicker while in flight
  assert.equal(timers.pending.size, 0);
  release(3);
  for (let i = 0; i < 10; i++) await Promise.resolve();
  assert.equal(timers.pending.size, 1);
  assert.equal(calls, 1);
});
