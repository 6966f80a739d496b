/**
 * The Proposals view without VS Code (client/src/proposals/model.ts, govern.ts): nodes from an upgradeStatus
 * result (newest first, state, votes against quorum, time left / eta, flags), the actions each state offers as
 * the contextValue the manifest's menus match, the fast-track's confirmation naming its consequence, the
 * workflow action of each menu entry, and the notification after an action.
 */
import { formatVotes } from '../../chain/src/dloop/voting-token';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DaoProposal } from '../../chain/src/dloop/dao-governance';
import type { GovernResult } from '../../chain/src/workflows/upgrade-govern';
import { governActionOf, governOutcomeMessage } from '../../client/src/proposals/govern';
import { actionsFor, duration, fastTrackConfirmation, proposalNodes } from '../../client/src/proposals/model';
import { ProposalsRefreshPolicy } from '../../client/src/proposals/refresh-policy';
import { PROPOSALS_VIEW_ID } from '../../client/src/proposals/view-id';
import { voterChoices } from '../../client/src/proposals/voters';
import { repoRoot } from '../support/repo';

const NOW = 1_800_000_000;
const proposal = (over: Partial<DaoProposal>): DaoProposal => ({
  id: '1',
  state: 'Active',
  proposer: '0x000000000000000000000000000000000000bEEF',
  snapshotBlock: 10,
  voteEnd: NOW + 3 * 86_400 + 7200,
  eta: 0,
  executed: false,
  canceled: false,
  fastTracked: false,
  needsReview: false,
  quorumVotes: '400',
  forVotes: '250',
  againstVotes: '10',
  calldata: '0x1f931c1c',
  calldataHash: '0x' + 'aa'.repeat(32),
  description: '# Upgrade Main: replace RewardsFacet\n\nbody',
  descriptionHash: '0x' + 'bb'.repeat(32),
  ...over,
});

describe('Proposals view model', () => {
  test('nodes: newest first; label with state and flags; votes against quorum and time left', () => {
    const nodes = proposalNodes(
      {
        dao: '0xDa0',
        now: NOW,
        token: { address: '0x70ce' },
        proposals: [
          proposal({}),
          proposal({ id: '2', state: 'Queued', eta: NOW + 600 }),
          proposal({ id: '10', state: 'Executed', fastTracked: true, needsReview: true }),
        ],
      },
      true,
    );
    assert.deepEqual(
      nodes.map((n) => n.label),
      ['#10 Executed · fast-tracked · needs review', '#2 Queued', '#1 Active'],
    );
    assert.equal(nodes[2].description, 'for 250 / against 10 (quorum 400) · vote ends in 3 d 2 h');
    assert.equal(nodes[1].description, 'for 250 / against 10 (quorum 400) · eta in 10 min');
    assert.equal(nodes[0].description, 'for 250 / against 10 (quorum 400)');
    assert.ok(nodes[2].tooltip.startsWith('Upgrade Main: replace RewardsFacet\n'), nodes[2].tooltip);
    assert.ok(nodes[0].details.includes('State: Executed (fast-tracked, needs review)'));
    assert.ok(nodes[1].details.includes(`Eta: ${new Date((NOW + 600) * 1000).toISOString()}`));
    assert.ok(nodes[2].details.includes('Eta: not queued'));
    assert.ok(nodes[2].details.includes(`Calldata hash: 0x${'aa'.repeat(32)}`));
  });

  test('votes in the token units: thousands separated, exact fractions, the symbol; base units without decimals', () => {
    const token = { address: '0x70ce', symbol: 'DLOOP', decimals: 18 };
    const [node] = proposalNodes(
      {
        dao: '0xDa0',
        now: NOW,
        token,
        proposals: [
          proposal({
            forVotes: '4000000000000000000000000',
            againstVotes: '1500000000000000000',
            quorumVotes: '0',
          }),
        ],
      },
      true,
    );
    assert.ok(
      node.description.startsWith('for 4,000,000 DLOOP / against 1.5 DLOOP (quorum 0 DLOOP)'),
      node.description,
    );
    assert.equal(formatVotes('123456789', { decimals: 6 }), '123.456789');
    assert.equal(formatVotes('1000', {}), '1000');
    assert.equal(formatVotes('not a number', { decimals: 18 }), 'not a number');
  });

  test('actions per state; advance only on a local node; mark reviewed only when it needs review', () => {
    const on = (over: Partial<DaoProposal>, local = true) => actionsFor(proposal(over), local);
    assert.deepEqual(on({}), ['vote', 'cancel', 'fastTrack', 'advance']);
    assert.deepEqual(on({}, false), ['vote', 'cancel', 'fastTrack']);
    assert.deepEqual(on({ state: 'Queued' }), ['cancel', 'fastTrack', 'advance']);
    assert.deepEqual(on({ state: 'Queued' }, false), ['cancel', 'fastTrack']);
    assert.deepEqual(on({ state: 'Ready' }), ['execute', 'cancel', 'fastTrack']);
    assert.deepEqual(on({ state: 'Defeated' }), []);
    assert.deepEqual(on({ state: 'Canceled' }), []);
    assert.deepEqual(on({ state: 'Executed' }), []);
    assert.deepEqual(on({ state: 'Executed', needsReview: true }), ['review']);
  });

  test("the manifest's menus match exactly the actions in a node's contextValue", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
    const items = (pkg.contributes.menus['view/item/context'] as { command: string; when: string }[]).filter(
      (m) => m.when.includes(`view == ${PROPOSALS_VIEW_ID}`),
    );
    const shown = (contextValue: string) =>
      items
        .filter((m) => {
          const re = /viewItem =~ \/(.*?)\/(?: |$)/.exec(m.when);
          return re !== null && new RegExp(re[1]).test(contextValue);
        })
        .map((m) => m.command)
        .sort();
    const [active] = proposalNodes(
      { dao: '', now: NOW, token: { address: '' }, proposals: [proposal({})] },
      true,
    );
    assert.deepEqual(shown(active.contextValue), [
      'diamond.advanceAndExecute',
      'diamond.cancelProposal',
      'diamond.exportProposal',
      'diamond.fastTrackProposal',
      'diamond.openProposalSpecification',
      'diamond.voteAgainst',
      'diamond.voteFor',
    ]);
    const [ready] = proposalNodes(
      { dao: '', now: NOW, token: { address: '' }, proposals: [proposal({ state: 'Ready' })] },
      false,
    );
    assert.deepEqual(shown(ready.contextValue), [
      'diamond.cancelProposal',
      'diamond.executeProposal',
      'diamond.exportProposal',
      'diamond.fastTrackProposal',
      'diamond.openProposalSpecification',
    ]);
    const [review] = proposalNodes(
      {
        dao: '',
        now: NOW,
        token: { address: '' },
        proposals: [proposal({ state: 'Executed', needsReview: true })],
      },
      false,
    );
    assert.deepEqual(shown(review.contextValue), [
      'diamond.exportProposal',
      'diamond.markProposalReviewed',
      'diamond.openProposalSpecification',
    ]);
    const readOnly = ['diamond.openProposalSpecification', 'diamond.exportProposal'];
    for (const m of items.filter((i) => !readOnly.includes(i.command)))
      assert.match(m.when, /isWorkspaceTrusted/, m.command);
  });

  test('fast-track: a second confirmation that names the consequence', () => {
    const c = fastTrackConfirmation(proposal({ id: '4' }), 31337);
    assert.equal(c.question, 'Fast-track proposal #4 on chain 31337?');
    assert.match(c.detail, /executed now, skipping the vote and the timelock/);
    assert.match(c.detail, /needs review" until its own vote ratifies it/);
    assert.equal(c.confirmLabel, 'Fast-Track #4 Now');
  });

  test('menu entries map to the workflow actions', () => {
    assert.deepEqual(governActionOf('vote', true), { kind: 'vote', support: true });
    assert.deepEqual(governActionOf('vote', false), { kind: 'vote', support: false });
    assert.deepEqual(governActionOf('execute'), { kind: 'execute' });
    assert.deepEqual(governActionOf('advance'), { kind: 'execute', advance: true });
    assert.deepEqual(governActionOf('cancel'), { kind: 'cancel' });
    assert.deepEqual(governActionOf('fastTrack'), { kind: 'fast-track' });
    assert.deepEqual(governActionOf('review'), { kind: 'mark-reviewed' });
  });

  test('after an action: verified, failed verification, no verification', () => {
    const result = (verification: GovernResult['verification'], advancedSeconds = 0) =>
      ({
        proposalId: '3',
        action: 'execute',
        txHash: '0xabc',
        advancedSeconds,
        proposal: proposal({ id: '3', state: 'Executed' }),
        verification,
        historyFile: null,
      }) as GovernResult;
    const ok = { verified: true, differences: [], loupeBefore: [], loupeAfter: [] };
    assert.deepEqual(governOutcomeMessage(result(ok, 259_201)), {
      level: 'info',
      message:
        'Proposal #3: execute sent (clock advanced 259201 s), tx 0xabc; now Executed. Verified: the loupe and ' +
        'the DiamondCut event match the cut.',
    });
    assert.equal(
      governOutcomeMessage(result({ ...ok, verified: false, differences: ['0xaaaaaaaa routes to 0x1'] }))
        .level,
      'error',
    );
    assert.match(
      governOutcomeMessage(result({ ...ok, verified: false, differences: ['0xaaaaaaaa routes to 0x1'] }))
        .message,
      /Verification FAILED: 0xaaaaaaaa routes to 0x1$/,
    );
    assert.equal(
      governOutcomeMessage(result(null)).message,
      'Proposal #3: execute sent, tx 0xabc; now Executed.',
    );
  });

  test('durations', () => {
    assert.deepEqual(
      [duration(-5), duration(40), duration(600), duration(7260), duration(90_000)],
      ['0 s', '40 s', '10 min', '2 h 1 min', '1 d 1 h'],
    );
  });

  test('the DAO is re-read for a new block or another diamond while the view shows, else once it shows again', () => {
    const at = (block: number | undefined, diamond = '0xD1') => ({ rpcUrl: 'http://n', diamond, block });
    const policy = new ProposalsRefreshPolicy();
    // Explorer reads with the view visible: the first one, then only a new block or another diamond.
    assert.equal(policy.explorerChanged(at(5), true), true);
    policy.didRead(at(5));
    assert.equal(policy.explorerChanged(at(5), true), false, 'same block (a save, a command): no re-read');
    assert.equal(policy.explorerChanged(at(5, '0xd1'), true), false, 'addresses compare without case');
    assert.equal(policy.explorerChanged(at(6), true), true, 'a new block');
    policy.didRead(at(6));
    assert.equal(policy.explorerChanged(at(6, '0xD2'), true), true, 'another diamond');
    policy.didRead(at(6, '0xD2'));
    // Hidden: no reads, however many blocks; one read when it shows again, none when nothing was missed.
    assert.equal(policy.explorerChanged(at(7, '0xD2'), false), false);
    assert.equal(policy.explorerChanged(at(8, '0xD2'), false), false);
    assert.equal(policy.visibilityChanged(false), false);
    assert.equal(policy.visibilityChanged(true), true);
    policy.didRead(at(8, '0xD2'));
    assert.equal(policy.visibilityChanged(true), false);
    // An action reads at once (didRead): the explorer's read of that same block then asks nothing.
    policy.didRead(at(9, '0xD2'));
    assert.equal(policy.explorerChanged(at(9, '0xD2'), true), false);
    // Disconnecting needs no request: always shown at once, even hidden, once.
    assert.equal(policy.explorerChanged(undefined, false), true);
    policy.didRead(undefined);
    assert.equal(policy.explorerChanged(undefined, true), false);
  });

  test('a voter is asked for only when several dev accounts hold votes', () => {
    const a = '0x00000000000000000000000000000000000000A1';
    const b = '0x00000000000000000000000000000000000000b2';
    assert.equal(voterChoices([]), undefined, 'no holder: the default votes (the DAO names the refusal)');
    assert.equal(voterChoices([{ address: a, votes: 10n }], a), undefined, 'one holder: no question');
    assert.deepEqual(
      voterChoices(
        [
          { address: a, votes: 85n * 10n ** 24n },
          { address: b, votes: 5n },
        ],
        a.toLowerCase(),
      ),
      [
        {
          label: a,
          description: '85000000000000000000000000 votes at the snapshot · the first dev account',
          address: a,
        },
        { label: b, description: '5 votes at the snapshot', address: b },
      ],
    );
  });
});
