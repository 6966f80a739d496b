/**
 * `diamond/liveDiamond` (protocol/requests.ts): the client's Facet Explorer says which diamond it is connected
 * to, how its loupe routes selectors and what its `supportsInterface` answers (null: none). Every project's
 * engine checks its facets against it (rules live-selector-conflict, interface-incomplete) and publishes again.
 * `diamond/interfaceIds`: the interface ids the client asks the diamond about.
 */
import { InterfaceIdsRequest, LiveDiamondNotification, type LiveDiamond } from '../../../protocol/requests';
import type { ServerContext } from '../context';
import { guard } from '../guard';
import type { Project } from '../project/project';
import type { Session } from '../session';

const SELECTOR = /^0x[0-9a-fA-F]{8}$/;

/**
 * The notification's params from the wire: null → undefined (disconnected); a malformed value → an
 * Error naming what is wrong (the client is ours, but the wire is typed only by agreement).
 */
export function parseLiveDiamond(raw: unknown): LiveDiamond | undefined | Error {
  if (raw === null || raw === undefined) return undefined;
  const o = raw as Partial<LiveDiamond>;
  if (typeof o !== 'object' || !Number.isSafeInteger(o.chainId))
    return new Error('chainId: expected an integer');
  if (typeof o.address !== 'string') return new Error('address: expected a string');
  if (!Array.isArray(o.facets)) return new Error('facets: expected an array');
  const facets: LiveDiamond['facets'] = [];
  for (const [i, f] of o.facets.entries()) {
    const ok =
      typeof f === 'object' &&
      f !== null &&
      typeof f.address === 'string' &&
      (f.name === null || typeof f.name === 'string') &&
      Array.isArray(f.selectors) &&
      f.selectors.every((s: unknown) => typeof s === 'string' && SELECTOR.test(s));
    if (!ok) return new Error(`facets[${i}]: expected {address, name, selectors: 0x12345678[]}`);
    // The engine keys selectors in lower case.
    facets.push({ address: f.address, name: f.name, selectors: f.selectors.map((s) => s.toLowerCase()) });
  }
  if (o.interfaces === undefined) return { chainId: o.chainId!, address: o.address, facets };
  const ok =
    Array.isArray(o.interfaces) &&
    o.interfaces.every(
      (i: unknown) =>
        typeof i === 'object' &&
        i !== null &&
        typeof (i as { id?: unknown }).id === 'string' &&
        SELECTOR.test((i as { id: string }).id) &&
        typeof (i as { supported?: unknown }).supported === 'boolean',
    );
  if (!ok) return new Error('interfaces: expected {id: 0x12345678, supported: boolean}[]');
  const interfaces = o.interfaces!.map((i) => ({ id: i.id.toLowerCase(), supported: i.supported }));
  return { chainId: o.chainId!, address: o.address, facets, interfaces };
}

/** Every project's known interface ids, once each (`diamond/interfaceIds`). */
export function interfaceIds(ctx: ServerContext): { interfaces: { id: string; name: string }[] } {
  const byId = new Map<string, string>();
  for (const p of ctx.projects.all()) {
    p.flush();
    for (const k of p.service.knownInterfaces()) if (!byId.has(k.id)) byId.set(k.id, k.name);
  }
  return { interfaces: [...byId].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, name]) => ({ id, name })) };
}

function describe(live: LiveDiamond | undefined): string {
  if (!live) return 'no connected diamond';
  const claims = live.interfaces
    ? `, ${live.interfaces.filter((i) => i.supported).length} interfaces claimed`
    : '';
  return `${live.address} on chain ${live.chainId} (${live.facets.length} facets${claims})`;
}

/** What each project was last given (as JSON): the explorer sends the same routing after every block. */
const given = new WeakMap<Project, string>();

/**
 * Hands the live diamond to every project and analyses again (debounced like an edit) those it changes for.
 * A project created later (a folder added, a config created) gets it with the client's next read.
 */
export function applyLiveDiamond(ctx: ServerContext, session: Session | undefined, raw: unknown): void {
  const live = parseLiveDiamond(raw);
  if (live instanceof Error) {
    ctx.log.warn(`[live] ignored a malformed ${LiveDiamondNotification.method}: ${live.message}`);
    return;
  }
  const key = live ? JSON.stringify(live) : '';
  const changed = ctx.projects.all().filter((p) => (given.get(p) ?? '') !== key);
  if (changed.length === 0) return;
  ctx.log.info(`[live] ${describe(live)}`);
  for (const p of changed) {
    given.set(p, key);
    p.service.setLiveDiamond(live);
    session?.schedule(p);
  }
}

/** Wires the notification; `session` is read per notification (it exists from `initialize` on). */
export function registerLiveDiamond(ctx: ServerContext, session: () => Session | undefined): void {
  // By method name: the protocol's types come from the top-level vscode-languageserver-protocol (see server.ts).
  ctx.connection.onNotification(
    LiveDiamondNotification.method,
    guard(ctx.log, LiveDiamondNotification.method, undefined, (params: unknown) =>
      applyLiveDiamond(ctx, session(), params),
    ),
  );
  ctx.connection.onRequest(
    InterfaceIdsRequest.method,
    guard(ctx.log, InterfaceIdsRequest.method, { interfaces: [] }, () => interfaceIds(ctx)),
  );
}
