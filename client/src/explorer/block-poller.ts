/**
 * Watches `eth_blockNumber` while the Facet Explorer is visible and connected, so the tree follows cuts
 * made elsewhere (a DAO proposal executed, another terminal). One request in flight at most, the next
 * one scheduled only after the last answered: a slow or dead RPC never piles up requests.
 * Pure (timers injected) so its transitions are unit-tested without waiting.
 */

export type PollEvent =
  { kind: 'block'; block: number } | { kind: 'down'; error: unknown } | { kind: 'up'; block: number };

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class BlockPoller {
  private active = false;
  private handle: unknown;
  private inFlight = false;
  private last: number | undefined;
  private down = false;

  constructor(
    private readonly fetchBlock: () => Promise<number>,
    private readonly emit: (e: PollEvent) => void,
    readonly intervalMs = 4000,
    private readonly timers: Timers = realTimers,
  ) {}

  /** The block the tree was read at: polling reports only blocks after it. */
  reset(block: number | undefined): void {
    this.last = block;
    this.down = false;
  }

  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active) this.schedule();
    else if (this.handle !== undefined) {
      this.timers.clear(this.handle);
      this.handle = undefined;
    }
  }

  private schedule(): void {
    if (!this.active || this.inFlight || this.handle !== undefined) return;
    this.handle = this.timers.set(() => {
      this.handle = undefined;
      void this.tick();
    }, this.intervalMs);
  }

  private async tick(): Promise<void> {
    if (!this.active) return;
    this.inFlight = true;
    try {
      const block = await this.fetchBlock();
      const wasDown = this.down;
      this.down = false;
      if (wasDown) {
        this.last = block;
        this.emit({ kind: 'up', block });
      } else if (block !== this.last) {
        this.last = block;
        this.emit({ kind: 'block', block });
      }
    } catch (error) {
      if (!this.down) {
        this.down = true;
        this.emit({ kind: 'down', error });
      }
    } finally {
      this.inFlight = false;
      this.schedule();
    }
  }
}
