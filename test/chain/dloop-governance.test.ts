/**
 * ProtocolDAO on a real Hardhat 3 (EDR) chain: the whole lifecycle ending in a cut the loupe shows,
 * the emergency path with its mandatory review, and the custom errors users meet.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ContractFactory, ZeroAddress } from 'ethers';
import { FacetCutAction, planFacetUpgrade, selectorsOfAbi, type FacetCut } from '../../chain/src/cut';
import { expectCustomError } from './helpers/custom-errors';
import { HOLDINGS, setUpDloop, type DloopFixture } from './helpers/dloop-fixture';
import { eventNames, mined, passTime, proposeCall, proposeCut, vote } from './helpers/governance';

/** ProtocolDAO.ProposalState */
const State = { Active: 0n, Defeated: 1n, Queued: 2n, Ready: 3n, Executed: 4n, Canceled: 5n };
const QUORUM = 4_000_000n * 10n ** 18n;

describe('ProtocolDAO governs the DLOOP diamond', () => {
  let fx: DloopFixture;
  before(async () => {
    fx = await setUpDloop();
  });
  after(() => fx?.close());
  beforeEach(() => fx.reset());

  /** Deploys a second BridgeFacet and plans the cut that moves the bridge selectors to it. */
  async function bridgeUpgrade(): Promise<{ address: string; cut: FacetCut[] }> {
    const { abi, bytecode } = fx.build.lookup('BridgeFacet');
    const facet = await new ContractFactory(abi, bytecode, fx.deployer).deploy();
    await facet.waitForDeployment();
    const address = await facet.getAddress();
    const live = await fx
      .diamondAs('DiamondLoupeFacet')
      .facetFunctionSelectors(fx.deployment.facets.BridgeFacet);
    return {
      address,
      cut: planFacetUpgrade({
        newFacet: address,
        newSelectors: selectorsOfAbi(abi),
        liveSelectors: [...live],
      }),
    };
  }

  it('propose -> vote -> quorum -> timelock -> execute: the loupe shows the new facet', async () => {
    const dao = fx.dao();
    const loupe = fx.diamondAs('DiamondLoupeFacet');
    const bridge = fx.diamondAs('BridgeFacet', fx.carol);
    await mined(bridge.sendToHedera('0x' + '11'.repeat(32), 5n)); // state that must survive the upgrade
    const { address: newBridge, cut } = await bridgeUpgrade();
    assert.deepEqual(
      cut.map((c) => c.action),
      [FacetCutAction.Replace],
      'same code, so every selector is a Replace',
    );

    const id = await proposeCut(fx, fx.alice, { cut, description: 'Replace BridgeFacet (audit fix #12)' });
    const proposal = await dao.getProposal(id);
    assert.equal(proposal.proposer, fx.alice.address);
    assert.equal(proposal.description, 'Replace BridgeFacet (audit fix #12)');
    assert.equal(proposal.quorumVotes, QUORUM, '4 % of the 100 M supply');
    assert.equal(await dao.state(id), State.Active);

    await vote(fx, id, fx.alice, true);
    assert.equal((await dao.getProposal(id)).forVotes, HOLDINGS.alice, 'below quorum with alice alone');
    await vote(fx, id, fx.bob, true);
    await vote(fx, id, fx.carol, false);
    const tallied = await dao.getProposal(id);
    assert.deepEqual(
      [tallied.forVotes, tallied.againstVotes],
      [HOLDINGS.alice + HOLDINGS.bob, HOLDINGS.carol],
    );

    await passTime(fx, id, 'voteEnd');
    assert.equal(await dao.state(id), State.Queued, 'approved, waiting out the timelock');
    await expectCustomError(dao.execute(id), fx.errors, 'TimelockNotExpired');
    await passTime(fx, id, 'eta');
    assert.equal(await dao.state(id), State.Ready);

    const receipt = await mined(fx.dao(fx.outsider).execute(id)); // anyone may execute
    assert.deepEqual(eventNames(dao, receipt), ['ProposalExecuted']);
    assert.ok(eventNames(fx.diamondAs('DiamondCutFacet'), receipt).includes('DiamondCut'));
    assert.equal(await dao.state(id), State.Executed);

    const addresses = [...(await loupe.facetAddresses())];
    assert.ok(addresses.includes(newBridge));
    assert.ok(!addresses.includes(fx.deployment.facets.BridgeFacet), 'the old bridge facet is gone');
    for (const s of cut[0].functionSelectors) assert.equal(await loupe.facetAddress(s), newBridge);
    assert.deepEqual([...(await bridge.bridgeNonces())], [1n, 0n], 'storage survived the Replace');
    await expectCustomError(dao.execute(id), fx.errors, 'ProposalAlreadyExecuted');
  });

  it('vote weight is fixed at the proposal snapshot: tokens moved afterwards do not vote again', async () => {
    const dao = fx.dao();
    const { cut } = await bridgeUpgrade();
    const id = await proposeCut(fx, fx.alice, { cut });
    await mined(fx.token(fx.alice).transfer(fx.carol.address, HOLDINGS.alice));
    await vote(fx, id, fx.carol, true);
    await vote(fx, id, fx.alice, true);
    const p = await dao.getProposal(id);
    assert.equal(p.forVotes, HOLDINGS.carol + HOLDINGS.alice, 'carol votes with her snapshot balance only');
    await expectCustomError(fx.dao(fx.outsider).castVote(id, true), fx.errors, 'NoVotingPower');
  });

  it('proposeCall lets governance change owner-only parameters (fee rates)', async () => {
    const fee = fx.diamondAs('FeeFacet');
    const id = await proposeCall(
      fx,
      fx.alice,
      fee.interface.encodeFunctionData('setFeeRates', [25, 75]),
      'Lower fees',
    );
    await vote(fx, id, fx.alice, true);
    await vote(fx, id, fx.bob, true);
    await passTime(fx, id, 'eta');
    await mined(fx.dao().execute(id));
    assert.deepEqual([...(await fee.feeRates())], [25n, 75n]);
    await expectCustomError(fee.setFeeRates(1, 1), fx.errors, 'NotContractOwner');
  });

  it('emergency path: fastTrack executes at once, needsReview until the vote ratifies it', async () => {
    const dao = fx.dao(fx.guardian);
    const loupe = fx.diamondAs('DiamondLoupeFacet');
    const { address: newBridge, cut } = await bridgeUpgrade();
    const id = await proposeCut(fx, fx.alice, { cut, description: 'EMERGENCY: bridge nonce bug' });

    await expectCustomError(fx.dao(fx.alice).fastTrack(id), fx.errors, 'NotGuardian');
    const receipt = await mined(dao.fastTrack(id));
    assert.deepEqual(eventNames(dao, receipt), ['ProposalFastTracked', 'ProposalExecuted']);
    assert.equal(
      await loupe.facetAddress(cut[0].functionSelectors[0]),
      newBridge,
      'in force without vote or timelock',
    );
    let p = await dao.getProposal(id);
    assert.deepEqual([p.executed, p.fastTracked, p.needsReview], [true, true, true]);
    assert.equal(await dao.state(id), State.Executed);

    await expectCustomError(dao.markReviewed(id), fx.errors, 'VotingNotEnded');
    await vote(fx, id, fx.alice, true);
    await vote(fx, id, fx.bob, true);
    await passTime(fx, id, 'voteEnd');
    await expectCustomError(fx.dao(fx.alice).markReviewed(id), fx.errors, 'NotGuardian');
    const reviewed = await mined(dao.markReviewed(id));
    assert.deepEqual(eventNames(dao, reviewed), ['ProposalReviewed']);
    p = await dao.getProposal(id);
    assert.equal(p.needsReview, false);
    await expectCustomError(dao.markReviewed(id), fx.errors, 'ReviewNotNeeded');
  });

  it('a fast-tracked change the vote does not ratify stays flagged', async () => {
    const dao = fx.dao(fx.guardian);
    const { cut } = await bridgeUpgrade();
    const id = await proposeCut(fx, fx.alice, { cut });
    await mined(dao.fastTrack(id));
    await vote(fx, id, fx.alice, true); // 3 M: under the 4 M quorum
    await passTime(fx, id, 'voteEnd');
    await expectCustomError(dao.markReviewed(id), fx.errors, 'QuorumNotMet');
    assert.equal((await dao.getProposal(id)).needsReview, true);
  });

  it('cancel: by the proposer, then no vote and no execution', async () => {
    const { cut } = await bridgeUpgrade();
    const id = await proposeCut(fx, fx.alice, { cut });
    await expectCustomError(fx.dao(fx.bob).cancel(id), fx.errors, 'NotProposerOrGuardian');
    const receipt = await mined(fx.dao(fx.alice).cancel(id));
    assert.deepEqual(eventNames(fx.dao(), receipt), ['ProposalCanceled']);
    assert.equal(await fx.dao().state(id), State.Canceled);
    await expectCustomError(fx.dao(fx.bob).castVote(id, true), fx.errors, 'ProposalIsCanceled');
    await expectCustomError(fx.dao(fx.guardian).fastTrack(id), fx.errors, 'ProposalIsCanceled');
  });

  describe('the reverts users meet', () => {
    it('unauthorised direct diamondCut: the deployer lost the cut at hand-over', async () => {
      const { cut } = await bridgeUpgrade();
      const args = await expectCustomError(
        fx.diamondAs('DiamondCutFacet', fx.deployer).diamondCut(cut, ZeroAddress, '0x'),
        fx.errors,
        'NotContractOwner',
      );
      assert.deepEqual([args[0], args[1]], [fx.deployer.address, fx.deployment.governance]);
    });

    it('vote after the deadline', async () => {
      const { cut } = await bridgeUpgrade();
      const id = await proposeCut(fx, fx.alice, { cut });
      await passTime(fx, id, 'voteEnd');
      await expectCustomError(fx.dao(fx.bob).castVote(id, true), fx.errors, 'VotingClosed');
    });

    it('double vote', async () => {
      const { cut } = await bridgeUpgrade();
      const id = await proposeCut(fx, fx.alice, { cut });
      await vote(fx, id, fx.bob, true);
      const args = await expectCustomError(fx.dao(fx.bob).castVote(id, false), fx.errors, 'AlreadyVoted');
      assert.deepEqual([args[0], args[1]], [id, fx.bob.address]);
    });

    it('execute before the vote ends, and before the timelock', async () => {
      const { cut } = await bridgeUpgrade();
      const id = await proposeCut(fx, fx.alice, { cut });
      await vote(fx, id, fx.alice, true);
      await vote(fx, id, fx.bob, true);
      await expectCustomError(fx.dao().execute(id), fx.errors, 'VotingNotEnded');
      await passTime(fx, id, 'voteEnd');
      const [, eta] = await expectCustomError(fx.dao().execute(id), fx.errors, 'TimelockNotExpired');
      assert.equal(eta, (await fx.dao().getProposal(id)).eta);
    });

    it('quorum not met: too few votes in favour, however the rest voted', async () => {
      const { cut } = await bridgeUpgrade();
      const short = await proposeCut(fx, fx.alice, { cut });
      await vote(fx, short, fx.alice, true);
      const lost = await proposeCut(fx, fx.alice, { cut });
      await vote(fx, lost, fx.carol, true);
      await vote(fx, lost, fx.alice, false);
      await vote(fx, lost, fx.bob, false);
      await passTime(fx, lost, 'eta');
      assert.equal(await fx.dao().state(short), State.Defeated);
      const [, forVotes, quorum] = await expectCustomError(
        fx.dao().execute(short),
        fx.errors,
        'QuorumNotMet',
      );
      assert.deepEqual([forVotes, quorum], [HOLDINGS.alice, QUORUM]);
      await expectCustomError(fx.dao().execute(lost), fx.errors, 'QuorumNotMet');
    });

    it('majority against with quorum reached: ProposalDefeated', async () => {
      const { cut } = await bridgeUpgrade();
      const id = await proposeCut(fx, fx.alice, { cut });
      await vote(fx, id, fx.alice, true);
      await vote(fx, id, fx.bob, true);
      await vote(fx, id, fx.deployer, false); // 94 M held at the snapshot
      await passTime(fx, id, 'eta');
      await expectCustomError(fx.dao().execute(id), fx.errors, 'ProposalDefeated');
    });

    it('proposing without enough votes', async () => {
      const { cut } = await bridgeUpgrade();
      await expectCustomError(
        fx.dao(fx.outsider).propose(cut, ZeroAddress, '0x', 'no votes'),
        fx.errors,
        'InsufficientVotingPower',
      );
    });
  });
});
