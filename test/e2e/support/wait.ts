/** Waiting on conditions (never on fixed sleeps) for things outside the DOM: ports, files, processes. */
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs: number;
  /** Says what was awaited when the wait times out. */
  what: string;
  /** How often to ask again. */
  intervalMs?: number;
}

/** Thrown by a probe to end the wait at once (the awaited thing can no longer happen). */
export class GiveUp extends Error {}

/** Polls `probe` until it returns a value other than undefined/false; throws with the last error on timeout. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  opts: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      last = err;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${why}`);
    }
    // The poll interval, not a sleep standing in for a condition.
    await delay(opts.intervalMs ?? 100);
  }
}
