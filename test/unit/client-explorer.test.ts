/**
 * The Facet Explorer tree, built from a LoupeView without an editor (client/src/explorer/model.ts), and the marks
 * an upgrade plan puts on it until the diamond is cut.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NoLoupeError, NotAContractError } from '../../chain/src/loupe-errors';
import type { LoupeView } from '../../chain/src/loupe-types';
import { RpcUnreachableError } from '../../chain/src/rpc';
import { classifyLoupeError, toExplorerLoupe } from '../../client/src/explorer/loupe-adapter';
import {
  actionsFor,
  buildExplorerTree,
  planApplies,
  planMarkersOf,
  shortHex,
  type ExplorerNode,
} from '../../client/src/explorer/model';
import type { ResolvedSelector } from '../../protocol/requests';
import {
  FOREIGN as PLAN_FOREIGN,
  handBuiltPlan,
  loupe as planLoupe,
  NEW as PLAN_NEW,
  OLD as PLAN_OLD,
} from './upgrade-plan-support';

const DIAMOND = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const OWNER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const CORE = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const MYSTERY = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';
const RPC = 'http://127.0.0.1:8545';

function view(): LoupeView {
  return {
    rpcUrl: RPC,
    chainId: 31337,
    diamond: DIAMOND,
    owner: OWNER,
    facets: [
      {
        address: CORE,
        name: 'CoreFacet',
        nameSource: 'bytecode',
        codeHash: null,
        changed: true,
        selectors: [
          { selector: '0x8456cb59', signature: 'pause()', signatureSource: 'local', drift: null },
          { selector: '0x3f4ba83a', signature: null, signatureSource: null, drift: null },
        ],
      },
      {
        address: MYSTERY,
        name: null,
        nameSource: null,
        codeHash: null,
        changed: false,
        selectors: [
          { selector: '0xdeadbeef', signature: null, signatureSource: null, drift: 'on-chain-only' },
        ],
      },
      {
        // An immutable function: routed to the diamond itself.
        address: DIAMOND,
        name: 'Diamond',
        nameSource: 'bytecode',
        codeHash: null,
        changed: false,
        selectors: [
          { selector: '0x1f2e3d4c', signature: null, signatureSource: null, drift: 'on-chain-only' },
        ],
      },
    ],
    localOnly: [
      { selector: '0x5c975abb', signature: 'paused()', contract: 'CoreFacet' },
      { selector: '0x12345678', signature: 'bridge(uint256)', contract: 'BridgeFacet' },
    ],
    drift: [],
    driftChecked: true,
  };
}

const coreUri = 'file:///work/dloop/contracts/facets/CoreFacet.sol';
const range = (line: number) => ({ start: { line, character: 13 }, end: { line, character: 18 } });
const resolved: ResolvedSelector[] = [
  {
    selector: '0x8456cb59',
    signature: 'pause()',
    contracts: [
      { name: 'PausableBase', location: { uri: 'file:///work/dloop/contracts/Base.sol', range: range(3) } },
      { name: 'CoreFacet', location: { uri: coreUri, range: range(18) } },
    ],
  },
  // The server knows a signature the chain module could not name.
  {
    selector: '0x3f4ba83a',
    signature: 'unpause()',
    contracts: [{ name: 'CoreFacet', location: { uri: coreUri, range: range(29) } }],
  },
  { selector: '0xdeadbeef', signature: null, contracts: [] },
];

function connectedTree(res: ResolvedSelector[] = resolved): ExplorerNode[] {
  return buildExplorerTree({
    kind: 'connected',
    rpcUrl: RPC,
    loupe: view(),
    view: toExplorerLoupe(view()),
    resolved: new Map(res.map((r) => [r.selector, r])),
    blockNumber: 42,
  });
}

describe('Facet Explorer tree', () => {
  test('root is the diamond with its chain and owner', () => {
    const [root, ...rest] = connectedTree();
    assert.equal(rest.length, 0);
    assert.equal(root.kind, 'diamond');
    assert.equal(root.label, 'Diamond 0x5FbD…0aa3');
    assert.equal(root.description, 'chain 31337 · owner 0xf39F…2266');
    assert.equal(root.address, DIAMOND);
    assert.equal(root.expanded, true);
    assert.match(root.tooltip, new RegExp(`owner: \`${OWNER}\``));
    assert.match(root.tooltip, /block: 42/);
    // Counts what the chain routes: not BridgeFacet (local only), not paused() or bridge(uint256).
    assert.match(root.tooltip, /- 3 facets, 4 selectors/);
    assert.equal(root.contextValue, 'diamond.diamond');
  });

  test('facets in loupe order, then local facets not on chain; names or short addresses', () => {
    const facets = connectedTree()[0].children;
    assert.deepEqual(
      facets.map((f) => f.label),
      ['CoreFacet', '0x9fE4…a6e0', 'Diamond', 'BridgeFacet'],
    );
    assert.deepEqual(
      facets.map((f) => f.address),
      [CORE, MYSTERY, DIAMOND, undefined],
    );
  });

  test('facet descriptions count deployed selectors and carry the drift markers', () => {
    const [core, mystery, , bridge] = connectedTree()[0].children;
    assert.equal(core.description, '2 selectors · changed locally · 1 not on chain');
    assert.equal(mystery.description, '1 selector · 1 on chain only');
    assert.equal(bridge.description, '0 selectors · not on chain');
    assert.equal(core.iconColor, 'gitDecoration.modifiedResourceForeground');
    assert.equal(mystery.iconColor, 'problemsWarningIcon.foreground');
  });

  test('a facet whose local contract is known opens its source; context values drive the menus', () => {
    const [core, mystery, , bridge] = connectedTree()[0].children;
    assert.equal(core.contextValue, 'diamond.facet.resolved.deployed');
    assert.equal(core.location?.uri, coreUri);
    assert.equal(mystery.contextValue, 'diamond.facet.deployed');
    assert.equal(bridge.contextValue, 'diamond.facet');
  });

  test('selectors: signature as label, selector as description, sorted; click opens the same-named contract', () => {
    const core = connectedTree()[0].children[0];
    assert.deepEqual(
      core.children.map((s) => [s.label, s.description]),
      [
        ['pause()', '0x8456cb59'],
        ['paused()', '0x5c975abb · in the local facet, not on chain'],
        ['unpause()', '0x3f4ba83a'],
      ],
    );
    const pause = core.children[0];
    assert.equal(pause.command?.command, 'diamond.openSource');
    // CoreFacet's declaration, not the first contract in the server's list.
    assert.deepEqual(pause.command?.arguments, [{ uri: coreUri, range: range(18) }]);
    assert.equal(pause.contextValue, 'diamond.selector.resolved');
    assert.equal(pause.selector, '0x8456cb59');
    assert.equal(pause.address, CORE);
    assert.equal(pause.icon, 'symbol-method');
    assert.equal(core.children[1].icon, 'diff-added');
    assert.match(pause.accessibilityLabel, /pause\(\).*0x8456cb59/);
  });

  test('an unknown selector shows the selector, no click action, and the on-chain-only marker', () => {
    const sel = connectedTree()[0].children[1].children[0];
    assert.equal(sel.label, '0xdeadbeef');
    assert.equal(sel.description, 'unknown signature · on chain, in no local facet');
    assert.equal(sel.command, undefined);
    assert.equal(sel.contextValue, 'diamond.selector');
    assert.equal(sel.icon, 'cloud');
  });

  test('functions routed to the diamond itself are immutable, not drift', () => {
    const immutable = connectedTree()[0].children[2];
    assert.equal(immutable.description, 'immutable · 1 selector');
    assert.equal(immutable.icon, 'lock');
    assert.equal(immutable.iconColor, undefined);
    assert.equal(immutable.children[0].description, 'unknown signature');
  });

  test('without the language server the tree still shows the chain’s own signatures', () => {
    const core = connectedTree([])[0].children[0];
    assert.deepEqual(
      core.children.map((s) => s.label),
      ['0x3f4ba83a', 'pause()', 'paused()'],
    );
    assert.ok(core.children.every((s) => s.command === undefined));
    assert.equal(core.contextValue, 'diamond.facet.deployed');
  });

  test('ids are unique and stable across refreshes', () => {
    const ids = (nodes: ExplorerNode[]): string[] => nodes.flatMap((n) => [n.id, ...ids(n.children)]);
    const first = ids(connectedTree());
    assert.equal(new Set(first).size, first.length);
    assert.deepEqual(ids(connectedTree()), first);
  });

  test('disconnected shows nothing (the welcome view), connecting one message', () => {
    assert.deepEqual(buildExplorerTree({ kind: 'disconnected' }), []);
    const [msg] = buildExplorerTree({ kind: 'connecting', rpcUrl: RPC, address: DIAMOND });
    assert.equal(msg.kind, 'message');
    assert.match(msg.label, /Connecting to 0x5FbD…0aa3/);
  });
});

describe('Facet Explorer failures', () => {
  const target = { address: DIAMOND, rpcUrl: RPC };

  test('typed chain errors become the three clear kinds', () => {
    assert.deepEqual(classifyLoupeError(new RpcUnreachableError(RPC, 'ECONNREFUSED'), target), {
      kind: 'rpc-down',
      message: `RPC ${RPC} does not answer (ECONNREFUSED).`,
    });
    assert.equal(classifyLoupeError(new NotAContractError(DIAMOND), target).kind, 'not-a-contract');
    const noLoupe = classifyLoupeError(new NoLoupeError(DIAMOND, 'empty return data'), target);
    assert.equal(noLoupe.kind, 'no-loupe');
    assert.match(noLoupe.message, /no diamond loupe \(empty return data\)/);
    assert.equal(classifyLoupeError(new Error('boom'), target).kind, 'other');
  });

  test('RPC down: an error message with Start Local Node and Open Settings actions', () => {
    const nodes = buildExplorerTree({
      kind: 'failed',
      rpcUrl: RPC,
      address: DIAMOND,
      error: classifyLoupeError(new RpcUnreachableError(RPC, 'ECONNREFUSED'), target),
    });
    assert.deepEqual(
      nodes.map((n) => [n.label, n.command?.command]),
      [
        [`RPC ${RPC} does not answer (ECONNREFUSED).`, undefined],
        ['Start Local Node', 'diamond.startNode'],
        ['Open Settings', 'diamond.openSettings'],
      ],
    );
    assert.equal(nodes[0].icon, 'error');
  });

  test('every failure kind offers at least one action, and the tree offers the same ones', () => {
    for (const kind of ['rpc-down', 'not-a-contract', 'no-loupe', 'other'] as const) {
      const actions = actionsFor(kind);
      assert.ok(actions.length > 0, kind);
      const nodes = buildExplorerTree({
        kind: 'failed',
        rpcUrl: RPC,
        address: DIAMOND,
        error: { kind, message: 'x' },
      });
      assert.deepEqual(
        nodes.slice(1).map((n) => n.command?.command),
        actions.map((a) => a.command),
      );
    }
  });
});

describe('Facet Explorer: the marks of an upgrade plan', () => {
  // The hand-built plan: replace 0xaaaaaaaa (OldFacet → new NewFacet), add 0xbbbbbbbb to NewFacet, remove
  // 0xcccccccc; planned against `planLoupe` (OldFacet, a foreign facet, the diamond's own function).
  const tree = (l: LoupeView, plan = planMarkersOf(handBuiltPlan())) =>
    buildExplorerTree({
      kind: 'connected',
      rpcUrl: RPC,
      loupe: l,
      view: toExplorerLoupe(l),
      resolved: new Map(),
      plan: planApplies(plan, l) ? plan : undefined,
    });
  const rows = (n: ExplorerNode) => n.children.map((c) => [c.label, c.description]);

  test('the markers: live selectors replaced and removed, the facets receiving selectors, the counts', () => {
    const m = planMarkersOf(handBuiltPlan());
    assert.deepEqual(
      [...m.live],
      [
        ['0xaaaaaaaa', { action: 'replace', toFacet: 'NewFacet' }],
        ['0xcccccccc', { action: 'remove', toFacet: null }],
      ],
    );
    assert.deepEqual(m.incoming, [
      {
        name: 'NewFacet',
        address: PLAN_NEW,
        deploy: true,
        selectors: [
          { selector: '0xaaaaaaaa', signature: 'newName()', action: 'replace' },
          { selector: '0xbbbbbbbb', signature: 'added(address)', action: 'add' },
        ],
      },
    ]);
    assert.deepEqual(m.counts, { add: 1, replace: 1, remove: 1 });
  });

  test('rows the cut changes carry "→ replace" / "→ remove"; the facet to deploy is a planned entry', () => {
    const [diamond] = tree(planLoupe);
    assert.equal(diamond.description, 'chain 31337 · no owner() · plan: 1 replace, 1 add, 1 remove');
    assert.deepEqual(
      diamond.children.map((f) => [f.label, f.description]),
      [
        ['OldFacet', '2 selectors · changed locally · 1 → replace · 1 → remove'],
        [shortHex(PLAN_FOREIGN), '1 selector'],
        ['Diamond', 'immutable · 1 selector'],
        ['NewFacet', 'planned · 2 selectors · 1 → replace · 1 → add'],
      ],
    );
    const [old, foreign, , planned] = diamond.children;
    assert.deepEqual(rows(old), [
      ['legacyName()', '0xaaaaaaaa · → replace'],
      ['retired(uint256)', '0xcccccccc · → remove'],
    ]);
    assert.match(old.children[0].tooltip, /upgrade plan: replaced by NewFacet/);
    assert.equal(old.children[1].iconColor, 'gitDecoration.deletedResourceForeground');
    assert.deepEqual(rows(foreign), [['0xdddddddd', 'unknown signature']], 'left alone: no mark');
    assert.deepEqual(rows(planned), [
      ['added(address)', '0xbbbbbbbb · → add'],
      ['newName()', '0xaaaaaaaa · → replace'],
    ]);
    assert.equal(planned.contextValue, 'diamond.facet.planned');
    assert.equal(planned.address, undefined, 'not deployed: no Copy Address');
    assert.match(planned.tooltip, new RegExp(`${PLAN_NEW}.*predicted`));
    const ids = (nodes: ExplorerNode[]): string[] => nodes.flatMap((n) => [n.id, ...ids(n.children)]);
    assert.equal(new Set(ids([diamond])).size, ids([diamond]).length, 'ids stay unique');
  });

  test('a local facet not on chain that the plan deploys becomes the planned entry (one row, same id)', () => {
    const withLocal: LoupeView = {
      ...planLoupe,
      localOnly: [{ selector: '0xbbbbbbbb', signature: 'added(address)', contract: 'NewFacet' }],
    };
    const before = tree(withLocal, { ...planMarkersOf(handBuiltPlan()), chainId: 1 })[0].children;
    const local = before.find((f) => f.label === 'NewFacet');
    assert.equal(local?.description, '0 selectors · not on chain', 'no plan for chain 1: the plain tree');
    const after = tree(withLocal)[0].children.filter((f) => f.label === 'NewFacet');
    assert.equal(after.length, 1);
    assert.equal(after[0].id, local?.id);
    assert.equal(after[0].description, 'planned · 2 selectors · 1 → replace · 1 → add');
  });

  test('selectors added to a facet already on chain: new rows under it', () => {
    const plan = handBuiltPlan();
    plan.plan.selectors.push({
      selector: '0x99999999',
      signature: 'extra()',
      action: 'add',
      fromFacet: null,
      fromAddress: null,
      toFacet: 'OldFacet',
    });
    plan.plan.cut.push({
      facet: 'OldFacet',
      facetAddress: PLAN_OLD,
      action: 'add',
      functionSelectors: ['0x99999999'],
    });
    const old = tree(planLoupe, planMarkersOf(plan))[0].children[0];
    assert.equal(old.description, '2 selectors · changed locally · 1 → replace · 1 → add · 1 → remove');
    assert.deepEqual(old.children.at(-1)?.description, '0x99999999 · → add');
    assert.equal(old.children.at(-1)?.label, 'extra()');
  });

  test('the marks hold while the routing is as planned, and go after a cut (or on another chain or diamond)', () => {
    const m = planMarkersOf(handBuiltPlan());
    assert.ok(planApplies(m, planLoupe));
    // Names and signatures re-read differently: the routing is the same, the plan still applies.
    const renamed: LoupeView = {
      ...planLoupe,
      facets: planLoupe.facets.map((f) => ({ ...f, name: null, changed: false })),
    };
    assert.ok(planApplies(m, renamed));
    // The cut ran: 0xaaaaaaaa is routed to the new facet now.
    const cut: LoupeView = {
      ...planLoupe,
      facets: [
        ...planLoupe.facets.map((f) => ({
          ...f,
          selectors: f.selectors.filter((s) => s.selector !== '0xaaaaaaaa'),
        })),
        {
          address: PLAN_NEW,
          name: 'NewFacet',
          nameSource: 'bytecode',
          codeHash: null,
          changed: false,
          selectors: [
            { selector: '0xaaaaaaaa', signature: 'newName()', signatureSource: 'local', drift: null },
          ],
        },
      ],
    };
    assert.ok(!planApplies(m, cut));
    assert.ok(!tree(cut)[0].children.some((f) => f.description?.includes('→')), 'no marks after the cut');
    assert.ok(!planApplies(m, { ...planLoupe, chainId: 5 }));
    assert.ok(!planApplies(m, { ...planLoupe, diamond: PLAN_OLD }));
    assert.ok(planApplies(m, { ...planLoupe, diamond: planLoupe.diamond.toLowerCase() }));
  });
});
