/**
 * An ethers JsonRpcProvider whose `tx.wait()` polls the receipt on a timer.
 *
 * Why: ethers waits for a receipt by re-checking on each *new block*. On an automining dev node
 * (anvil) a transaction can be mined just after ethers' first receipt check but before its block
 * poller takes its baseline; no later block ever comes, and the wait hangs forever. Polling the
 * receipt itself does not depend on further blocks.
 */
import { JsonRpcProvider, type Subscriber, type Subscription, type TransactionReceipt } from 'ethers';

class TimedReceiptSubscriber implements Subscriber {
  private running = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly provider: JsonRpcProvider,
    private readonly hash: string,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.poll();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  pause(): void {
    this.stop();
  }

  resume(): void {
    this.start();
  }

  private async poll(): Promise<void> {
    try {
      const receipt = await this.provider.getTransactionReceipt(this.hash);
      if (receipt && this.running) void this.provider.emit(this.hash, receipt);
    } catch {
      // A failed poll is retried on the next tick; ethers' own timeout (if any) still applies.
    }
    if (this.running) this.timer = setTimeout(() => void this.poll(), this.intervalMs);
  }
}

export class ReceiptPollingProvider extends JsonRpcProvider {
  override _getSubscriber(sub: Subscription): Subscriber {
    if (sub.type === 'transaction') return new TimedReceiptSubscriber(this, sub.hash, this.pollingInterval);
    return super._getSubscriber(sub);
  }
}

/**
 * Polls for the receipt of `txHash` until it is in or `timeoutMs` passed (undefined: no limit): the receipt, or
 * undefined on timeout. A poll that fails or hangs (the node is slow or briefly gone) does not end the wait;
 * only the deadline does, so a wait never outlives its timeout.
 */
export function waitForReceipt(
  provider: Pick<JsonRpcProvider, 'getTransactionReceipt'>,
  txHash: string,
  opts: { timeoutMs?: number; pollMs: number },
): Promise<TransactionReceipt | undefined> {
  return new Promise((resolve) => {
    let done = false;
    let next: NodeJS.Timeout | undefined;
    const finish = (receipt: TransactionReceipt | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(next);
      clearTimeout(deadline);
      resolve(receipt);
    };
    const deadline =
      opts.timeoutMs === undefined ? undefined : setTimeout(() => finish(undefined), opts.timeoutMs);
    const poll = async () => {
      try {
        const receipt = await provider.getTransactionReceipt(txHash);
        if (receipt) return finish(receipt);
      } catch {
        // retried on the next tick until the deadline
      }
      if (!done) next = setTimeout(() => void poll(), opts.pollMs);
    };
    void poll();
  });
}
