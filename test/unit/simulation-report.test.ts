/**
 * The simulation's Markdown report (chain/src/upgrade-simulation-report.ts) from a hand-built result and plan:
 * each section says what the reviewer needs, in the words and numbers written out here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simulationMarkdown } from '../../chain/src/upgrade-simulation-report';
import type { UpgradePlan } from '../../chain/src/upgrade-plan-types';
import type { SimulationResult } from '../../chain/src/workflows/upgrade-simulate';
import { neutralPlanExtras } from './upgrade-plan-support';

const DIAMOND = '0x00000000000000000000000000000000000000D1';
const OLD = '0x0000000000000000000000000000000000000a01';
const NEW = '0x0000000000000000000000000000000000000B02';
const INIT = '0x0000000000000000000000000000000000000C03';
const KEEP = '0x0000000000000000000000000000000000000a04';
const DAO = '0x0000000000000000000000000000000000000Da0';

function plan(): UpgradePlan {
  return {
    chainId: 31337,
    rpcUrl: 'http://127.0.0.1:8545',
    diamond: DIAMOND,
    diamondName: 'DLOOP',
    plan: {
      chainId: 31337,
      diamond: DIAMOND,
      cut: [
        { facet: 'RewardsV2Facet', facetAddress: NEW, action: 'replace', functionSelectors: ['0x11111111'] },
      ],
      selectors: [
        {
          selector: '0x11111111',
          signature: 'claim()',
          action: 'replace',
          fromFacet: 'RewardsFacet',
          fromAddress: OLD,
          toFacet: 'RewardsV2Facet',
        },
        {
          selector: '0x22222222',
          signature: 'boost(uint16)',
          action: 'add',
          fromFacet: null,
          fromAddress: null,
          toFacet: 'RewardsV2Facet',
        },
        {
          selector: '0x33333333',
          signature: null,
          action: 'remove',
          fromFacet: 'RewardsFacet',
          fromAddress: OLD,
          toFacet: null,
        },
        {
          selector: '0x44444444',
          signature: 'fee()',
          action: 'keep',
          fromFacet: 'FeeFacet',
          fromAddress: KEEP,
          toFacet: 'FeeFacet',
        },
      ],
      deploy: ['RewardsV2Facet'],
      problems: [],
    },
    cut: [],
    deploy: [],
    deployer: '0x00000000000000000000000000000000000000de',
    deployerNonce: 3,
    init: {
      contract: 'RewardsMigrationV2',
      address: INIT,
      call: 'migrate(uint16)',
      signature: 'migrate(uint16)',
      args: [0],
      calldata: '0x',
      deploy: true,
    },
    calldata: '0x1f931c1c',
    calldataHash: '0x' + 'ab'.repeat(32),
    findings: [
      {
        rule: 'live-selector-conflict',
        severity: 'warning',
        message: 'boost(uint16) moves | between facets',
      },
    ],
    ...neutralPlanExtras({
      chainId: 31337,
      rpcUrl: 'http://127.0.0.1:8545',
      diamond: DIAMOND,
      owner: DAO,
      compileRoot: '/ws/contracts',
    }),
  };
}

function failed(): SimulationResult {
  return {
    ok: false,
    chainId: 31337,
    rpcUrl: 'http://127.0.0.1:8545',
    mode: 'local',
    forkBlock: null,
    diamond: DIAMOND,
    owner: DAO,
    path: 'protocol-dao',
    governance: {
      dao: DAO,
      token: '0x00000000000000000000000000000000000070c0',
      proposalId: '1',
      proposer: '0x00000000000000000000000000000000000000a1',
      quorumVotes: '40',
      forVotes: '50',
      againstVotes: '0',
      voteEnd: 100,
      eta: 200,
    },
    failure: {
      step: 'Execute the proposal',
      reason: 'MultiplierOutOfRange(multiplierBps=0)',
      error: {
        name: 'MultiplierOutOfRange',
        signature: 'MultiplierOutOfRange(uint16)',
        args: { multiplierBps: '0' },
        data: '0x',
      },
    },
    steps: [
      {
        name: 'Deploy RewardsV2Facet',
        kind: 'deploy',
        from: '0x00000000000000000000000000000000000000de',
        txHash: '0x' + '01'.repeat(32),
        gasUsed: 500_000,
        ok: true,
        ms: 9,
      },
      {
        name: 'Advance past the vote end and the timelock',
        kind: 'time',
        from: null,
        txHash: null,
        gasUsed: null,
        ok: true,
        ms: 3,
        detail: { seconds: 432000 },
      },
      {
        name: 'Execute the proposal',
        kind: 'execute',
        from: '0x00000000000000000000000000000000000000a1',
        txHash: null,
        gasUsed: null,
        ok: false,
        ms: 20,
      },
    ],
    loupeBefore: [
      { facetAddress: OLD, functionSelectors: ['0x11111111', '0x33333333'] },
      { facetAddress: KEEP, functionSelectors: ['0x44444444'] },
    ],
    loupeAfter: [
      { facetAddress: KEEP, functionSelectors: ['0x44444444'] },
      { facetAddress: NEW, functionSelectors: ['0x11111111', '0x22222222'] },
    ],
    events: [
      {
        step: 'Propose the cut',
        address: DAO,
        name: 'ProposalCreated',
        signature: 'ProposalCreated(uint256)',
        args: { id: '1', diamondCalldata: '0x' + 'ff'.repeat(100) },
      },
      {
        step: 'Execute the proposal',
        address: DIAMOND,
        name: null,
        signature: null,
        args: null,
        topics: ['0x' + '99'.repeat(32)],
        data: '0x',
      },
    ],
    initResult: {
      ok: false,
      ran: true,
      revert: {
        name: 'MultiplierOutOfRange',
        signature: 'MultiplierOutOfRange(uint16)',
        args: { multiplierBps: '0' },
        data: '0x',
      },
    },
    storage: [
      {
        namespace: 'dloop.storage.rewardsExt.v1',
        slot: '0x' + '31'.repeat(32),
        field: 'multiplierBps',
        before: '0x' + '00'.repeat(32),
        after: '0x' + '00'.repeat(30) + '3a98',
        values: [{ field: 'multiplierBps', type: 'uint16', before: '0', after: '15000' }],
      },
      {
        namespace: null,
        slot: '0x' + '77'.repeat(32),
        field: null,
        before: '0x' + '00'.repeat(32),
        after: '0x' + '00'.repeat(31) + '01',
      },
    ],
    restored: true,
    restoreCheck: {
      blockNumber: 25,
      blockHash: '0x' + 'cd'.repeat(32),
      accounts: 8,
      slots: 72,
      loupe: true,
      clock: { checked: true, driftSeconds: 3, corrected: true },
    },
    timings: { prepareMs: 10, stepsMs: 30, collectMs: 5, restoreMs: 7 },
    totalMs: 52,
  };
}

describe('simulationMarkdown', () => {
  const md = simulationMarkdown(failed(), plan());
  const lines = md.split('\n');

  test('verdict, where and how, and the no-trace line', () => {
    assert.equal(lines[0], '# Upgrade simulation: DLOOP `0x00000000000000000000000000000000000000D1`');
    assert.ok(
      lines.includes(
        '**Verdict: ❌ the upgrade fails** at step "Execute the proposal": MultiplierOutOfRange(multiplierBps=0).',
      ),
    );
    assert.ok(
      md.includes('through the ProtocolDAO `0x0000000000000000000000000000000000000Da0`: proposal 1 by'),
    );
    assert.ok(md.includes('50 for / 0 against, quorum 40'));
    assert.ok(md.includes('reverted to block 25'));
    assert.ok(md.includes("the next block's time, 3 s ahead after the revert, was set right"));
  });

  test('a fork names the chain and block, its URL without the key in it', () => {
    const url = 'https://eth-mainnet.g.alchemy.com/v2/aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY';
    const forked = simulationMarkdown(
      { ...failed(), mode: 'fork', forkBlock: 21_000_000, rpcUrl: url },
      plan(),
    );
    assert.match(
      forked,
      /a Hardhat fork of chain \d+ \(https:\/\/eth-mainnet\.g\.alchemy\.com\/.*\) at block 21000000/,
    );
    assert.ok(!forked.includes('aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY'), 'the key is not in the report');
  });

  test('per selector: old facet → new facet with signatures; kept selectors only counted', () => {
    assert.ok(
      lines.includes(
        '| `0x11111111` | `claim()` | replace | RewardsFacet (`0x0000000000000000000000000000000000000a01`) | RewardsV2Facet (`0x0000000000000000000000000000000000000B02`) |',
      ),
    );
    assert.ok(
      lines.includes(
        '| `0x22222222` | `boost(uint16)` | add | — | RewardsV2Facet (`0x0000000000000000000000000000000000000B02`) |',
      ),
    );
    assert.ok(
      lines.includes(
        '| `0x33333333` | ? | remove | RewardsFacet (`0x0000000000000000000000000000000000000a01`) | — (removed) |',
      ),
    );
    assert.ok(!md.includes('0x44444444` | `fee()'));
    assert.ok(md.includes('1 other routed selector(s) stay as they are'));
  });

  test('findings, steps with gas, events, init, storage per namespace, loupe', () => {
    assert.ok(
      lines.includes('- ⚠️ warning `live-selector-conflict`: boost(uint16) moves \\| between facets'),
    );
    assert.ok(
      lines.some(
        (l) => l.startsWith('| 3 | Execute the proposal ❌ |') && l.endsWith('| not mined (would revert) |'),
      ),
    );
    assert.ok(
      lines.some((l) => l.startsWith('| 2 | Advance past the vote end and the timelock (+432000 s) |')),
    );
    assert.ok(md.includes('Total gas: 500000.'));
    assert.ok(md.includes(`diamondCalldata=0x${'f'.repeat(16)}…${'f'.repeat(16)}`), 'long bytes shortened');
    assert.ok(md.includes('| unknown (`0x9999999999…9999999999`) |'));
    assert.ok(
      lines.includes(
        '`RewardsMigrationV2.migrate(uint16)` with (0) at `0x0000000000000000000000000000000000000C03`: ❌ reverted with `MultiplierOutOfRange(multiplierBps=0)`.',
      ),
    );
    assert.ok(lines.includes('### `dloop.storage.rewardsExt.v1` (1 slot(s))'));
    assert.ok(lines.some((l) => l.startsWith('| `multiplierBps` (uint16) | 0 | 15000 |')));
    assert.ok(lines.includes('### Not attributed to a namespace (1 slot(s))'));
    assert.ok(lines.includes('| RewardsFacet `0x0000000000000000000000000000000000000a01` | 2 | 0 | gone |'));
    assert.ok(
      lines.includes('| RewardsV2Facet `0x0000000000000000000000000000000000000B02` | 0 | 2 | new |'),
    );
  });

  test('a passing simulation says so, and an init that returned', () => {
    const ok: SimulationResult = {
      ...failed(),
      ok: true,
      failure: null,
      initResult: { ok: true, ran: true, revert: null },
    };
    const text = simulationMarkdown(ok, plan());
    assert.ok(text.includes('**Verdict: ✅ the upgrade goes through.**'));
    assert.ok(text.includes(': ✅ returned.'));
  });
});
