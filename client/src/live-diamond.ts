/**
 * Tells the language server which diamond the Facet Explorer is connected to (`diamond/liveDiamond`), so
 * live-selector-conflict can warn about local facets: the routing after every successful loupe read, null
 * on disconnect or a failed read. Resent when the language server (re)starts: a new server knows nothing.
 * The routing is the chain module's (chain/src/live-routing.ts) from the raw loupe read the explorer keeps,
 * the same function `diamond check --rpc` uses; nothing here derives it from what the tree shows.
 */
import { liveRoutingOf } from '../../chain/src/live-routing';
import { LiveDiamondNotification, type LiveDiamond } from '../../protocol/requests';
import type { ExplorerController } from './explorer/controller';
import type { ExplorerState } from './explorer/model';
import type { ServerConnection } from './language-client';

/** What to send for an explorer state: the routing, null (nothing connected), or undefined (no news yet). */
export function liveDiamondOf(state: ExplorerState): LiveDiamond | null | undefined {
  switch (state.kind) {
    case 'connected':
      return liveRoutingOf(state.loupe);
    case 'connecting':
      // Until the read settles the last routing stands (a refresh does not pass through here).
      return undefined;
    default:
      return null;
  }
}

export function forwardLiveDiamond(
  explorer: Pick<ExplorerController, 'onDidChangeState'>,
  server: Pick<ServerConnection, 'notify' | 'onDidChangeState'>,
): { dispose(): void } {
  let last: LiveDiamond | null = null;
  let sent: string | undefined;
  const send = (force: boolean) => {
    const key = JSON.stringify(last);
    // The explorer re-reads on every block: an unchanged routing is not sent again.
    if (!force && key === sent) return;
    sent = key;
    server.notify(LiveDiamondNotification, last);
  };
  const subscriptions = [
    explorer.onDidChangeState((state) => {
      const next = liveDiamondOf(state);
      if (next === undefined) return;
      last = next;
      send(false);
    }),
    server.onDidChangeState((s) => {
      if (s === 'running' && last !== null) send(true);
    }),
  ];
  return { dispose: () => subscriptions.forEach((d) => d.dispose()) };
}
