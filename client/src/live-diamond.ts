/**
 * Tells the language server which diamond the Facet Explorer is connected to (`diamond/liveDiamond`), so
 * live-selector-conflict can warn about local facets: the routing after every successful loupe read, null
 * on disconnect or a failed read. Resent when the language server (re)starts: a new server knows nothing.
 * The routing is the chain module's (chain/src/live-routing.ts) from the raw loupe read the explorer keeps,
 * the same function `diamond check --rpc` uses; nothing here derives it from what the tree shows. With an
 * `InterfaceReader`, the diamond's `supportsInterface` answers go with it (rule interface-incomplete, live).
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

/**
 * How the client learns what the connected diamond claims: the interface ids the engine knows
 * (`diamond/interfaceIds`), then their `supportsInterface` answers on chain (chain/src/interface-support.ts, one
 * batch with a timeout). A failure is said (`warn`) and the routing goes without answers.
 */
export interface InterfaceReader {
  ids(): Promise<string[] | undefined>;
  read(
    rpcUrl: string,
    address: string,
    ids: readonly string[],
  ): Promise<{ id: string; supported: boolean }[]>;
  warn(message: string): void;
}

export function forwardLiveDiamond(
  explorer: Pick<ExplorerController, 'onDidChangeState'>,
  server: Pick<ServerConnection, 'notify' | 'onDidChangeState'>,
  interfaces?: InterfaceReader,
): { dispose(): void } {
  let last: LiveDiamond | null = null;
  let sent: string | undefined;
  /** The routing the answers in `last` were read for: a refresh with the same routing reads nothing again. */
  let readFor: string | undefined;
  /** Latest wins: a read that a newer state overtook is dropped. */
  let generation = 0;
  const send = (force: boolean) => {
    const key = JSON.stringify(last);
    // The explorer re-reads on every block: an unchanged routing is not sent again.
    if (!force && key === sent) return;
    sent = key;
    server.notify(LiveDiamondNotification, last);
  };
  const withAnswers = async (routing: LiveDiamond, rpcUrl: string, mine: number) => {
    let answers: LiveDiamond['interfaces'];
    try {
      const ids = await interfaces!.ids();
      // The language server is not running yet: the routing goes alone, and the next refresh asks again.
      if (ids === undefined) {
        if (mine === generation) readFor = undefined;
      } else answers = await interfaces!.read(rpcUrl, routing.address, ids);
    } catch (err) {
      interfaces!.warn(
        `[live] supportsInterface not read on ${routing.address} (chain ${routing.chainId}): ` +
          `${err instanceof Error ? err.message : String(err)}; interface-incomplete checks the local claims only`,
      );
    }
    if (mine !== generation) return;
    last = answers ? { ...routing, interfaces: answers } : routing;
    send(false);
  };
  const subscriptions = [
    explorer.onDidChangeState((state) => {
      const next = liveDiamondOf(state);
      if (next === undefined) return;
      const key = JSON.stringify(next);
      if (next !== null && interfaces && state.kind === 'connected') {
        if (key === readFor) return;
        readFor = key;
        void withAnswers(next, state.rpcUrl, ++generation);
        return;
      }
      generation++;
      readFor = undefined;
      last = next;
      send(false);
    }),
    server.onDidChangeState((s) => {
      if (s === 'running' && last !== null) send(true);
    }),
  ];
  return { dispose: () => subscriptions.forEach((d) => d.dispose()) };
}
