/**
 * The client hook that sends `diamond/liveDiamond` from the Facet Explorer's state (client/src/live-diamond.ts),
 * with a fake explorer and a fake server connection: what is sent for each state, no resend of an unchanged
 * routing, null on failure and disconnect, a resend when the language server runs again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExplorerLoupe, ExplorerState } from '../../client/src/explorer/model';
import type { ServerState } from '../../client/src/language-client';
import { forwardLiveDiamond, liveDiamondOf } from '../../client/src/live-diamond';

const DIAMOND = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const CORE = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const RPC = 'http://127.0.0.1:8545';

function view(): ExplorerLoupe {
  return {
    chainId: 31337,
    diamond: DIAMOND,
    owner: null,
    facets: [
      {
        address: CORE,
        name: 'CoreFacet',
        drift: [],
        selectors: [
          { selector: '0x8456CB59', signature: 'pause()', drift: [] },
          // In the local CoreFacet, not routed on chain.
          { selector: '0x5c975abb', signature: 'paused()', drift: ['local-only'] },
        ],
      },
      {
        address: DIAMOND,
        name: null,
        drift: [],
        immutable: true,
        selectors: [{ selector: '0x11111111', signature: null, drift: [] }],
      },
      // A local facet that is not on chain at all.
      {
        address: null,
        name: 'PauseGuardFacet',
        drift: ['local-only'],
        selectors: [{ selector: '0x22222222', signature: 'guard()', drift: ['local-only'] }],
      },
    ],
  };
}

const connected = (v = view()): ExplorerState => ({
  kind: 'connected',
  rpcUrl: RPC,
  view: v,
  resolved: new Map(),
});
const ROUTING = {
  chainId: 31337,
  address: DIAMOND,
  facets: [
    { address: CORE, name: 'CoreFacet', selectors: ['0x8456cb59'] },
    { address: DIAMOND, name: null, selectors: ['0x11111111'] },
  ],
};

test('liveDiamondOf: what the chain routes when connected; null when failed or disconnected; nothing while connecting', () => {
  assert.deepEqual(liveDiamondOf(connected()), ROUTING);
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
