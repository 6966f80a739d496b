/**
 * The live routing (`diamond/liveDiamond`): one function in the chain module (chain/src/live-routing.ts) from a
 * loupe read to the routing, used by both faces. For one real LoupeView (made by the loupe's own naming and
 * drift code, with local-only selectors, a local-only facet and the diamond's own functions), what the client
 * forwards equals what `diamond check --rpc` hands the engine; the client builds it from the raw read the
 * explorer keeps, not from the tree's display model. Then the client hook (client/src/live-diamond.ts) with a
 * fake explorer and a fake server connection: what is sent for each state, no resend of an unchanged routing,
 * null on failure and disconnect, a resend when the language server runs again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveRoutingOf } from '../../chain/src/live-routing';
import { nameAndDrift } from '../../chain/src/loupe-match';
import type { LoupeView } from '../../chain/src/loupe-types';
import { toExplorerLoupe } from '../../client/src/explorer/loupe-adapter';
import type { ExplorerState } from '../../client/src/explorer/model';
import type { ServerState } from '../../client/src/language-client';
import { forwardLiveDiamond, liveDiamondOf, type InterfaceReader } from '../../client/src/live-diamond';
import type { LiveDiamond as EngineLiveDiamond } from '../../engine';
import type { LiveDiamond as ProtocolLiveDiamond } from '../../protocol/requests';

const DIAMOND = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const CORE = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const MYSTERY = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';
const RPC = 'http://127.0.0.1:8545';

/** A loupe read as readLoupe returns it: the chain's routing named and drift-marked by chain/src/loupe-match.ts. */
function loupe(): LoupeView {
  return nameAndDrift(
    { rpcUrl: RPC, chainId: 31337, diamond: DIAMOND, owner: null },
    [
      { address: CORE, selectors: ['0x8456cb59', '0x3f4ba83a'], codeHash: null },
      // The diamond's own (immutable) function.
      { address: DIAMOND, selectors: ['0x11111111'], codeHash: null },
      { address: MYSTERY, selectors: ['0xdeadbeef'], codeHash: null },
    ],
    {
      deployment: {
        format: 1,
        chainId: 31337,
        diamond: DIAMOND,
        governance: null,
        token: null,
        facets: [
          { name: 'CoreFacet', address: CORE, runtimeBytecodeHash: '0x' + '00'.repeat(32), selectors: [] },
        ],
        contracts: {},
        storageLayouts: { solc: {}, namespaces: null },
        sourceCommit: null,
        timestamp: '2026-11-21T23:00:00.000Z',
      },
      localSelectors: [
        { selector: '0x8456cb59', signature: 'pause()', contract: 'CoreFacet' },
        { selector: '0x3f4ba83a', signature: 'unpause()', contract: 'CoreFacet' },
        // In the local CoreFacet, not routed on chain.
        { selector: '0x5c975abb', signature: 'paused()', contract: 'CoreFacet' },
        // A local facet that is not on chain at all.
        { selector: '0x22222222', signature: 'guard()', contract: 'PauseGuardFacet' },
      ],
    },
  );
}

/** The connected state exactly as the explorer controller sets it after a read. */
const connected = (l = loupe()): ExplorerState => ({
  kind: 'connected',
  rpcUrl: RPC,
  loupe: l,
  view: toExplorerLoupe(l),
  resolved: new Map(),
});

/** Written out by hand: what the chain routes, and nothing the explorer folds in. */
const ROUTING = {
  chainId: 31337,
  address: DIAMOND,
  facets: [
    { address: CORE, name: 'CoreFacet', selectors: ['0x8456cb59', '0x3f4ba83a'] },
    { address: DIAMOND, name: null, selectors: ['0x11111111'] },
    { address: MYSTERY, name: null, selectors: ['0xdeadbeef'] },
  ],
};

// The notification's type is the engine's: a change to one without the other does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<ProtocolLiveDiamond, EngineLiveDiamond> = true;

test('one loupe read, one routing: the client forwards what `diamond check --rpc` hands the engine', () => {
  assert.ok(sameShape);
  const l = loupe();
  const state = connected(l);
  // The explorer shows more than the chain routes: paused() under CoreFacet, and a PauseGuardFacet.
  assert.ok(state.kind === 'connected');
  const tree = state.view.facets;
  assert.ok(tree.find((f) => f.name === 'CoreFacet')?.selectors.some((s) => s.selector === '0x5c975abb'));
  assert.ok(tree.some((f) => f.name === 'PauseGuardFacet' && f.address === null));
  assert.deepEqual(liveDiamondOf(state), ROUTING, 'the client');
  assert.deepEqual(liveRoutingOf(l), ROUTING, 'the CLI (check-live.ts)');
});

test('the client builds the routing from the raw loupe read, not from what the tree shows', () => {
  const state = connected();
  assert.ok(state.kind === 'connected');
  // A display model that says something else (folded, filtered, renamed): the routing does not change.
  const shown = { ...state, view: { ...state.view, facets: state.view.facets.slice(0, 1) } };
  assert.deepEqual(liveDiamondOf(shown), ROUTING);
});

test('liveDiamondOf: null when failed or disconnected; nothing while connecting', () => {
  assert.equal(liveDiamondOf({ kind: 'disconnected' }), null);
  assert.equal(
    liveDiamondOf({
      kind: 'failed',
      rpcUrl: RPC,
      address: DIAMOND,
      error: { kind: 'rpc-down', message: 'down' },
    }),
    null,
  );
  assert.equal(liveDiamondOf({ kind: 'connecting', rpcUrl: RPC, address: DIAMOND }), undefined);
});

/** A minimal vscode.Event: listeners in a set, `fire` calls them. */
function emitter<T>() {
  const listeners = new Set<(e: T) => void>();
  const event = (l: (e: T) => void) => {
    listeners.add(l);
    return { dispose: () => listeners.delete(l) };
  };
  return { event, fire: (e: T) => listeners.forEach((l) => l(e)), listeners };
}

test('forwardLiveDiamond: sends on change, null on failure/disconnect, again when the server restarts', () => {
  const states = emitter<ExplorerState>();
  const serverStates = emitter<ServerState>();
  const sent: { method: string; params: unknown }[] = [];
  const hook = forwardLiveDiamond(
    { onDidChangeState: states.event },
    {
      onDidChangeState: serverStates.event,
      notify: (type, params) => void sent.push({ method: type.method, params }),
    },
  );
  states.fire({ kind: 'connecting', rpcUrl: RPC, address: DIAMOND });
  assert.equal(sent.length, 0);
  states.fire(connected());
  assert.deepEqual([...sent], [{ method: 'diamond/liveDiamond', params: ROUTING }]);
  // A refresh on the next block with the same routing: not sent again.
  states.fire(connected());
  assert.equal(sent.length, 1);
  // The server restarted: it knows nothing, so the routing goes again.
  serverStates.fire('starting');
  serverStates.fire('running');
  assert.equal(sent.length, 2);
  assert.deepEqual(sent[1].params, ROUTING);
  states.fire({
    kind: 'failed',
    rpcUrl: RPC,
    address: DIAMOND,
    error: { kind: 'rpc-down', message: 'down' },
  });
  assert.deepEqual(sent[2], { method: 'diamond/liveDiamond', params: null });
  states.fire({ kind: 'disconnected' });
  assert.equal(sent.length, 3, 'null again is not news');
  serverStates.fire('running');
  assert.equal(sent.length, 3, 'nothing connected: nothing to resend');

  hook.dispose();
  assert.equal(states.listeners.size + serverStates.listeners.size, 0);
});

test('forwardLiveDiamond with an interface reader: the routing goes with the supportsInterface answers, read once per routing; a failed read is said', async () => {
  const states = emitter<ExplorerState>();
  const serverStates = emitter<ServerState>();
  const sent: unknown[] = [];
  let notified: () => void = () => undefined;
  const reads: { rpcUrl: string; address: string; ids: readonly string[] }[] = [];
  const warnings: string[] = [];
  let fail = false;
  const ANSWERS = [
    { id: '0x01ffc9a7', supported: true },
    { id: '0x48e2b093', supported: false },
  ];
  const reader: InterfaceReader = {
    ids: async () => ['0x01ffc9a7', '0x48e2b093'],
    read: async (rpcUrl, address, ids) => {
      reads.push({ rpcUrl, address, ids });
      if (fail) throw new Error('RPC endpoint http://127.0.0.1:8545 is unreachable: connection refused');
      return ANSWERS;
    },
    warn: (m) => void warnings.push(m),
  };
  forwardLiveDiamond(
    { onDidChangeState: states.event },
    {
      onDidChangeState: serverStates.event,
      notify: (_type, params) => {
        sent.push(params);
        notified();
      },
    },
    reader,
  );
  const next = () => new Promise<void>((resolve) => (notified = resolve));
  let arrived = next();
  states.fire(connected());
  await arrived;
  assert.deepEqual(sent, [{ ...ROUTING, interfaces: ANSWERS }]);
  assert.deepEqual(reads, [{ rpcUrl: RPC, address: DIAMOND, ids: ['0x01ffc9a7', '0x48e2b093'] }]);
  // The next block's refresh, same routing: nothing read, nothing sent.
  states.fire(connected());
  assert.equal(reads.length, 1);
  // A new routing whose read fails: said, and the routing goes without answers.
  fail = true;
  arrived = next();
  const l = loupe();
  states.fire(connected({ ...l, facets: l.facets.slice(0, 1) }));
  await arrived;
  assert.equal(reads.length, 2);
  assert.deepEqual(sent[1], { ...ROUTING, facets: ROUTING.facets.slice(0, 1) });
  assert.match(
    warnings[0] ?? '',
    /supportsInterface not read on 0x5FbDB.* \(chain 31337\): RPC endpoint .* unreachable/,
  );
  // No language server to ask for the ids: the routing goes alone, and the next refresh reads again.
  let serverUp = false;
  const ids = reader.ids;
  reader.ids = async () => (serverUp ? ids() : undefined);
  fail = false;
  arrived = next();
  states.fire(connected({ ...l, facets: l.facets.slice(0, 2) }));
  await arrived;
  assert.deepEqual(sent[2], { ...ROUTING, facets: ROUTING.facets.slice(0, 2) });
  serverUp = true;
  arrived = next();
  states.fire(connected({ ...l, facets: l.facets.slice(0, 2) }));
  await arrived;
  assert.deepEqual(sent[3], { ...ROUTING, facets: ROUTING.facets.slice(0, 2), interfaces: ANSWERS });
  sent.splice(2, 2);
  // A read overtaken by a disconnect is dropped (latest wins).
  fail = false;
  states.fire(connected());
  states.fire({ kind: 'disconnected' });
  assert.deepEqual(sent[2], null);
  await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
  assert.equal(sent.length, 3, JSON.stringify(sent));
});
