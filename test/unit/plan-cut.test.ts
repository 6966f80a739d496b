/**
 * The cut planner on hand-built diamonds: each expected cut is written out here from the rules of EIP-2535
 * (Add what is unrouted, Replace what a changed or other facet routes, Remove what a managed facet no longer
 * exposes, never touch immutable or protected selectors, leave unmanaged facets alone unless pruning).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bindAddresses, planCut, type PlanCutInput } from '../../engine/src/upgrade/plan-cut';

const DIAMOND = '0x00000000000000000000000000000000000000d1';
const OLD_REWARDS = '0x0000000000000000000000000000000000000a01';
const CORE = '0x0000000000000000000000000000000000000a02';
const LOUPE = '0x0000000000000000000000000000000000000a03';
const FOREIGN = '0x0000000000000000000000000000000000000a04';

const sel = (selector: string, signature: string) => ({ selector, signature });

function base(over: Partial<PlanCutInput> = {}): PlanCutInput {
  return {
    chainId: 31337,
    diamond: DIAMOND,
    live: [
      { address: LOUPE, name: 'DiamondLoupeFacet', sameCode: true, selectors: ['0x7a0ed627', '0xcdffacc6'] },
      { address: CORE, name: 'CoreFacet', sameCode: true, selectors: ['0x11111111', '0x22222222'] },
      {
        address: OLD_REWARDS,
        name: 'RewardsFacet',
        sameCode: false,
        selectors: ['0x33333333', '0x44444444'],
      },
      { address: DIAMOND, name: null, sameCode: false, selectors: ['0x55555555'] },
    ],
    target: [
      {
        name: 'DiamondLoupeFacet',
        selectors: [sel('0x7a0ed627', 'facets()'), sel('0xcdffacc6', 'facetAddress(bytes4)')],
      },
      { name: 'CoreFacet', selectors: [sel('0x11111111', 'a()'), sel('0x22222222', 'b()')] },
      // The new Rewards version keeps 0x33333333, drops 0x44444444 and adds 0x66666666.
      {
        name: 'RewardsFacet',
        selectors: [sel('0x33333333', 'claim()'), sel('0x66666666', 'claimFor(address)')],
      },
    ],
    managed: ['DiamondLoupeFacet', 'CoreFacet', 'RewardsFacet'],
    ...over,
  };
}

describe('planCut', () => {
  test('a changed facet: Replace what it keeps, Add what is new, Remove what it dropped; unchanged facets untouched', () => {
    const plan = planCut(base());
    assert.deepEqual(plan.deploy, ['RewardsFacet']);
    assert.deepEqual(plan.cut, [
      { facet: 'RewardsFacet', facetAddress: null, action: 'replace', functionSelectors: ['0x33333333'] },
      { facet: 'RewardsFacet', facetAddress: null, action: 'add', functionSelectors: ['0x66666666'] },
      {
        facet: null,
        facetAddress: '0x0000000000000000000000000000000000000000',
        action: 'remove',
        functionSelectors: ['0x44444444'],
      },
    ]);
    const byAction = (a: string) => plan.selectors.filter((s) => s.action === a).map((s) => s.selector);
    assert.deepEqual(byAction('keep'), ['0x7a0ed627', '0xcdffacc6', '0x11111111', '0x22222222']);
    assert.deepEqual(byAction('immutable'), ['0x55555555']);
    assert.deepEqual(plan.problems, []);
    const bound = bindAddresses(plan, { RewardsFacet: '0x0000000000000000000000000000000000000b01' });
    assert.equal(bound.cut[0].facetAddress, '0x0000000000000000000000000000000000000b01');
    assert.throws(() => bindAddresses(plan, {}), /no address for RewardsFacet/);
  });

  test('a new facet replacing a retired one (renamed version): Replace and Remove, no conflict', () => {
    const input = base();
    const target = [
      ...input.target.slice(0, 2),
      { name: 'RewardsV2Facet', selectors: input.target[2].selectors },
    ];
    const plan = planCut({ ...input, target, managed: [...input.managed, 'RewardsV2Facet'] });
    assert.deepEqual(
      plan.cut.map((c) => [c.facet, c.action, c.functionSelectors]),
      [
        ['RewardsV2Facet', 'replace', ['0x33333333']],
        ['RewardsV2Facet', 'add', ['0x66666666']],
        [null, 'remove', ['0x44444444']],
      ],
    );
    assert.deepEqual(plan.problems, []);
  });

  test('taking a selector from a facet that stays is a move (warning); immutable selectors are errors', () => {
    const input = base();
    const target = [
      ...input.target,
      {
        name: 'FeeFacet',
        selectors: [sel('0x22222222', 'b()'), sel('0x55555555', 'pause()'), sel('0x77777777', 'fee()')],
      },
    ];
    const plan = planCut({ ...input, target, managed: [...input.managed, 'FeeFacet'] });
    assert.deepEqual(
      plan.problems.map((p) => [p.kind, p.severity, p.facet, p.selector]),
      [
        ['move', 'warning', 'FeeFacet', '0x22222222'],
        ['duplicate', 'error', 'FeeFacet', '0x22222222'],
        ['immutable', 'error', 'FeeFacet', '0x55555555'],
      ],
    );
    // The duplicate stays with its first owner; the immutable one is in no cut.
    const all = plan.cut.flatMap((c) => c.functionSelectors);
    assert.ok(!all.includes('0x55555555'));
    assert.ok(!all.includes('0x22222222'));
    assert.deepEqual(
      plan.cut.find((c) => c.facet === 'FeeFacet'),
      {
        facet: 'FeeFacet',
        facetAddress: null,
        action: 'add',
        functionSelectors: ['0x77777777'],
      },
    );
  });

  test('unmanaged and unknown facets are left alone unless pruning; protected selectors never removed', () => {
    const input = base();
    const live = [
      ...input.live,
      { address: FOREIGN, name: null, sameCode: false, selectors: ['0x88888888'] },
      { address: FOREIGN, name: null, sameCode: false, selectors: ['0xf2fde38b'] },
    ];
    const keep = planCut({ ...input, live });
    const row = (p: typeof keep, s: string) => p.selectors.find((r) => r.selector === s)?.action;
    assert.equal(row(keep, '0x88888888'), 'unmanaged');
    assert.equal(row(keep, '0xf2fde38b'), 'protected');
    const pruned = planCut({ ...input, live, prune: true });
    assert.equal(row(pruned, '0x88888888'), 'remove');
    assert.equal(row(pruned, '0xf2fde38b'), 'protected');
    assert.deepEqual(pruned.cut.at(-1)?.functionSelectors, ['0x44444444', '0x88888888']);
    const custom = planCut({ ...input, live, prune: true, protectedSelectors: ['0x88888888'] });
    assert.equal(row(custom, '0x88888888'), 'protected');
    assert.equal(row(custom, '0xf2fde38b'), 'remove');
  });

  test('a target facet whose identical code is already deployed gets its stray selectors back without a deploy', () => {
    const input = base();
    const live = input.live.map((f) => (f.name === 'CoreFacet' ? { ...f, selectors: ['0x11111111'] } : f));
    const plan = planCut({ ...input, live, target: input.target.slice(0, 2) });
    assert.deepEqual(plan.deploy, []);
    assert.deepEqual(plan.cut[0], {
      facet: 'CoreFacet',
      facetAddress: CORE,
      action: 'add',
      functionSelectors: ['0x22222222'],
    });
  });

  test('nothing changed: an empty cut', () => {
    const input = base();
    const live = input.live.filter((f) => f.name !== 'RewardsFacet');
    const plan = planCut({ ...input, live, target: input.target.slice(0, 2) });
    assert.deepEqual(plan.cut, []);
    assert.deepEqual(plan.deploy, []);
  });
});
