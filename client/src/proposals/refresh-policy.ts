/**
 * When the Proposals view reads the DAO again, without `vscode` (view.ts asks). The Facet Explorer re-reads on
 * every new block and after commands and saves; reading every proposal each time is a burst of eth_calls per
 * block for a view that may be collapsed. So: an explorer read re-reads the DAO only while the view is visible
 * and only when the diamond or the block changed since the view's last read; a read missed while hidden is made
 * when the view shows again. Actions (vote, execute, propose, Refresh) read at once, whatever this says.
 */

/** What a read of the DAO was made at: the diamond and the explorer's block. */
export interface ReadPoint {
  rpcUrl: string;
  diamond: string;
  /** undefined when the explorer could not read the block number. */
  block: number | undefined;
}

const keyOf = (p: ReadPoint | undefined) =>
  p ? `${p.rpcUrl} ${p.diamond.toLowerCase()} ${p.block ?? '?'}` : 'disconnected';

export class ProposalsRefreshPolicy {
  private last: string | undefined;
  private stale = false;

  /** The explorer read (or disconnected: `at` undefined). True: read the DAO now. */
  explorerChanged(at: ReadPoint | undefined, visible: boolean): boolean {
    const key = keyOf(at);
    if (key === this.last) return false;
    // Disconnected costs no request: the view says so at once.
    if (!at) return true;
    if (!visible) {
      this.stale = true;
      return false;
    }
    return true;
  }

  /** The view was shown or hidden. True: read the DAO now (a read was missed while hidden). */
  visibilityChanged(visible: boolean): boolean {
    return visible && this.stale;
  }

  /** A read of the DAO at `at` was made (whatever asked for it). */
  didRead(at: ReadPoint | undefined): void {
    this.last = keyOf(at);
    this.stale = false;
  }
}
