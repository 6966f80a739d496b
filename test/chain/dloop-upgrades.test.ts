/**
 * Upgrading the DLOOP diamond through governance on a real Hardhat 3 (EDR) chain: add / replace / remove,
 * the reference cut rules (immutable functions above all), atomicity, and the Rewards v1 -> v2 migration.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Contract, ContractFactory, ZeroAddress, type JsonRpcSigner } from 'ethers';
import { FacetCutAction, planFacetUpgrade, selectorsOfAbi, type FacetCut } from '../../chain/src/cut';
import { expectCustomError } from './helpers/custom-errors';
import { setUpDloop, type DloopFixture } from './helpers/dloop-fixture';
import { enactCut, eventNames, mined, passTime, proposeCut, vote } from './helpers/governance';
import { namespaceSlot } from './helpers/namespaces';

const sorted = (xs: Iterable<string>): string[] => [...xs].map((x) => x.toLowerCase()).sort();

describe('upgrading the DLOOP diamond through the ProtocolDAO', () => {
  let fx: DloopFixture;
  let genesisSelector: string;
  before(async () => {
    fx = await setUpDloop();
    genesisSelector = fx.build.methodIdentifiers('Diamond').get('diamondGenesis()') ?? '';
    assert.ok(genesisSelector);
  });
  after(() => fx?.close());
  beforeEach(() => fx.reset());

  const loupe = (): Contract => fx.diamondAs('DiamondLoupeFacet');
  const deploy = async (name: string): Promise<string> => {
    const { abi, bytecode } = fx.build.lookup(name);
    const c = await new ContractFactory(abi, bytecode, fx.deployer).deploy();
    await c.waitForDeployment();
    return c.getAddress();
  };
  const routing = async (): Promise<[string, string[]][]> =>
    ((await loupe().facets()) as [string, string[]][]).map(([a, s]) => [a, [...s]]);
  /** The ProtocolDAO as a signer: the owner's direct view of the cut rules, without a vote per case. */
  const asOwner = async (): Promise<JsonRpcSigner> => fx.chain.impersonate(fx.deployment.governance);

  it('remove a facet, then add it back at a new address', async () => {
    const oracleSelectors = fx.deployment.selectors.OracleFacet;
    await enactCut(fx, {
      cut: [{ facetAddress: ZeroAddress, action: FacetCutAction.Remove, functionSelectors: oracleSelectors }],
      description: 'Remove OracleFacet',
    });
    for (const s of oracleSelectors) assert.equal(await loupe().facetAddress(s), ZeroAddress, s);
    assert.ok(!(await loupe().facetAddresses()).includes(fx.deployment.facets.OracleFacet));
    await expectCustomError(fx.diamondAs('OracleFacet').maxPriceAge(), fx.errors, 'FunctionNotFound');

    const oracle = await deploy('OracleFacet');
    await enactCut(fx, {
      cut: [{ facetAddress: oracle, action: FacetCutAction.Add, functionSelectors: oracleSelectors }],
      description: 'Add OracleFacet back',
    });
    assert.deepEqual(
      sorted(await loupe().facetFunctionSelectors(oracle)),
      sorted(fx.build.methodIdentifiers('OracleFacet').values()),
    );
    assert.equal(await fx.diamondAs('OracleFacet').maxPriceAge(), 0n);
  });

  it('one proposal may batch several actions; they land together', async () => {
    const bridge = await deploy('BridgeFacet');
    const live = [...(await loupe().facetFunctionSelectors(fx.deployment.facets.BridgeFacet))];
    const [keep, ...moved] = live;
    const cut: FacetCut[] = [
      { facetAddress: bridge, action: FacetCutAction.Replace, functionSelectors: moved },
      { facetAddress: ZeroAddress, action: FacetCutAction.Remove, functionSelectors: [keep] },
    ];
    const { receipt } = await enactCut(fx, { cut });
    assert.equal(
      eventNames(fx.diamondAs('DiamondCutFacet'), receipt).filter((n) => n === 'DiamondCut').length,
      1,
    );
    assert.deepEqual(sorted(await loupe().facetFunctionSelectors(bridge)), sorted(moved));
    assert.equal(await loupe().facetAddress(keep), ZeroAddress);
  });

  describe('immutable functions (routed to the diamond itself)', () => {
    it('governance cannot Replace diamondGenesis()', async () => {
      const bridge = await deploy('BridgeFacet');
      const id = await proposeCut(fx, fx.alice, {
        cut: [{ facetAddress: bridge, action: FacetCutAction.Replace, functionSelectors: [genesisSelector] }],
      });
      await vote(fx, id, fx.alice, true);
      await vote(fx, id, fx.bob, true);
      await passTime(fx, id, 'eta');
      // The diamond's error bubbles through ProtocolDAO.execute unchanged.
      const [selector] = await expectCustomError(
        fx.dao().execute(id),
        fx.errors,
        'CannotReplaceImmutableFunction',
      );
      assert.equal(selector, genesisSelector);
      assert.equal(await loupe().facetAddress(genesisSelector), fx.deployment.diamond);
    });

    it('governance cannot Remove diamondGenesis()', async () => {
      const id = await proposeCut(fx, fx.alice, {
        cut: [
          { facetAddress: ZeroAddress, action: FacetCutAction.Remove, functionSelectors: [genesisSelector] },
        ],
      });
      await vote(fx, id, fx.alice, true);
      await vote(fx, id, fx.bob, true);
      await passTime(fx, id, 'eta');
      await expectCustomError(fx.dao().execute(id), fx.errors, 'CannotRemoveImmutableFunction');
      const [deployer] = await fx.diamondAs('Diamond').diamondGenesis();
      assert.equal(deployer, fx.deployer.address);
    });
  });

  describe('reference cut rules (checked as the owner)', () => {
    const cases: { name: string; error: string; cut: (fx: DloopFixture, fresh: string) => FacetCut[] }[] = [
      {
        name: 'Add a selector that exists',
        error: 'CannotAddFunctionToDiamondThatAlreadyExists',
        cut: (f, fresh) => [
          {
            facetAddress: fresh,
            action: FacetCutAction.Add,
            functionSelectors: [f.deployment.selectors.BridgeFacet[0]],
          },
        ],
      },
      {
        name: 'Replace with the same facet',
        error: 'CannotReplaceFunctionWithTheSameFunctionFromTheSameFacet',
        cut: (f) => [
          {
            facetAddress: f.deployment.facets.BridgeFacet,
            action: FacetCutAction.Replace,
            functionSelectors: f.deployment.selectors.BridgeFacet,
          },
        ],
      },
      {
        name: 'Replace a selector nobody routes',
        error: 'CannotReplaceFunctionThatDoesNotExist',
        cut: (_f, fresh) => [
          { facetAddress: fresh, action: FacetCutAction.Replace, functionSelectors: ['0xdeadbeef'] },
        ],
      },
      {
        name: 'Remove with a facet address',
        error: 'RemoveFacetAddressMustBeZeroAddress',
        cut: (f, fresh) => [
          {
            facetAddress: fresh,
            action: FacetCutAction.Remove,
            functionSelectors: f.deployment.selectors.BridgeFacet,
          },
        ],
      },
      {
        name: 'Add a facet without code',
        error: 'NoBytecodeAtAddress',
        cut: (f) => [
          { facetAddress: f.outsider.address, action: FacetCutAction.Add, functionSelectors: ['0xdeadbeef'] },
        ],
      },
      {
        name: 'a cut with no selectors',
        error: 'NoSelectorsProvidedForFacetForCut',
        cut: (_f, fresh) => [{ facetAddress: fresh, action: FacetCutAction.Add, functionSelectors: [] }],
      },
    ];
    for (const c of cases) {
      it(`${c.name}: ${c.error}, routing unchanged`, async () => {
        const fresh = await deploy('BridgeFacet');
        const before = await routing();
        const cutFacet = fx.diamondAs('DiamondCutFacet', await asOwner());
        await expectCustomError(cutFacet.diamondCut(c.cut(fx, fresh), ZeroAddress, '0x'), fx.errors, c.error);
        assert.deepEqual(await routing(), before);
      });
    }

    it('an init that reverts undoes the whole cut, and its own error reaches the caller', async () => {
      const cutFacet = fx.diamondAs('DiamondCutFacet', await asOwner());
      const fresh = await deploy('OracleFacet');
      const before = await routing();
      const init = fx.deployment.initContracts.DiamondInit;
      const again = new Contract(init, fx.build.lookup('DiamondInit').abi).interface.encodeFunctionData(
        'init',
        [[ZeroAddress, ZeroAddress, ZeroAddress, 0, 0, ZeroAddress, ZeroAddress, ZeroAddress]],
      );
      const remove: FacetCut = {
        facetAddress: ZeroAddress,
        action: FacetCutAction.Remove,
        functionSelectors: fx.deployment.selectors.OracleFacet,
      };
      const add: FacetCut = {
        facetAddress: fresh,
        action: FacetCutAction.Add,
        functionSelectors: fx.deployment.selectors.OracleFacet,
      };
      await expectCustomError(
        cutFacet.diamondCut([remove, add], init, again),
        fx.errors,
        'AlreadyInitialized',
      );
      assert.deepEqual(await routing(), before);
      await expectCustomError(
        cutFacet.diamondCut([], ZeroAddress, '0x1234'),
        fx.errors,
        'InitAddressZeroButCalldataNotEmpty',
      );
    });
  });

  describe('Rewards v1 -> v2: Replace cut with the RewardsMigrationV2 init', () => {
    const units = (n: number): bigint => BigInt(n) * 10n ** 18n;

    /** Rewards written under v1: alice 150 (claimed), bob 250 pending, carol 7 pending. */
    async function writeV1Rewards(): Promise<void> {
      const v1 = fx.diamondAs('RewardsFacet', fx.deployer); // the deployer is the rewards distributor
      await mined(v1.creditReward(fx.alice.address, units(100)));
      await mined(v1.creditReward(fx.bob.address, units(250)));
      await mined(v1.creditReward(fx.alice.address, units(50)));
      await mined(v1.creditReward(fx.carol.address, units(7)));
      await mined(fx.diamondAs('RewardsFacet', fx.alice).claimRewards());
    }

    async function planV2(
      multiplierBps: number,
    ): Promise<{ facet: string; migration: string; cut: FacetCut[]; initCalldata: string }> {
      const facet = await deploy('RewardsV2Facet');
      const migration = await deploy('RewardsMigrationV2');
      const live = [...(await loupe().facetFunctionSelectors(fx.deployment.facets.RewardsFacet))];
      const cut = planFacetUpgrade({
        newFacet: facet,
        newSelectors: selectorsOfAbi(fx.build.lookup('RewardsV2Facet').abi),
        liveSelectors: live,
      });
      const initCalldata = fx
        .at('RewardsMigrationV2', migration)
        .interface.encodeFunctionData('migrate', [multiplierBps]);
      return { facet, migration, cut, initCalldata };
    }

    it('data written under v1 reads the same through v2; new fields live in extension storage', async () => {
      await writeV1Rewards();
      const { facet, migration, cut, initCalldata } = await planV2(15_000);
      assert.deepEqual(
        cut.map((c) => [c.action, c.functionSelectors.length]),
        [
          [FacetCutAction.Replace, 9],
          [FacetCutAction.Add, 3],
        ],
      );
      const { receipt } = await enactCut(fx, {
        cut,
        init: migration,
        initCalldata,
        description: 'Rewards v2 + migration',
      });
      const migrated = receipt.logs
        .map((l) => fx.at('RewardsMigrationV2', migration).interface.parseLog(l))
        .find((e) => e?.name === 'RewardsMigratedToV2');
      assert.deepEqual([...(migrated?.args ?? [])], [3n, units(407), 15_000n]);

      const v2 = fx.diamondAs('RewardsV2Facet');
      assert.equal(await v2.rewardsStorageVersion(), 2n);
      assert.deepEqual(
        [await v2.pendingRewards(fx.alice.address), await v2.claimedRewards(fx.alice.address)],
        [0n, units(150)],
      );
      assert.equal(await v2.pendingRewards(fx.bob.address), units(250));
      assert.equal(await v2.pendingRewards(fx.carol.address), units(7));
      assert.equal(await v2.totalRewardsDistributed(), units(407));
      assert.equal(await v2.rewardParticipantCount(), 3n);
      assert.equal(await v2.rewardsDistributor(), fx.deployer.address);
      assert.equal(await v2.rewardMultiplier(), 15_000n);

      // The loupe: every RewardsV2Facet selector (solc's list) routed to the new facet, v1 gone.
      assert.deepEqual(
        sorted(await loupe().facetFunctionSelectors(facet)),
        sorted(fx.build.methodIdentifiers('RewardsV2Facet').values()),
      );
      assert.ok(!(await loupe().facetAddresses()).includes(fx.deployment.facets.RewardsFacet));

      // v2 behaviour: credits scaled by the multiplier, claims stamped in extension storage.
      await mined(fx.diamondAs('RewardsV2Facet', fx.deployer).creditReward(fx.bob.address, units(100)));
      assert.equal(await v2.pendingRewards(fx.bob.address), units(400));
      const claim = await mined(fx.diamondAs('RewardsV2Facet', fx.bob).claimRewards());
      const block = await fx.chain.provider.getBlock(claim.blockNumber);
      assert.equal(await v2.lastClaimAt(fx.bob.address), BigInt(block?.timestamp ?? -1));

      // v1's namespace is read, never cleared: slot 4 of the layout is totalDistributed.
      const v1Total = await fx.chain.storageAt(
        fx.deployment.diamond,
        namespaceSlot('keccak', 'dloop.storage.rewards.v1') + 4n,
      );
      assert.equal(BigInt(v1Total), units(407));
    });

    it('the migration runs once: a second init reverts RewardsAlreadyMigrated', async () => {
      await writeV1Rewards();
      const { migration, cut, initCalldata } = await planV2(10_000);
      await enactCut(fx, { cut, init: migration, initCalldata });
      const id = await proposeCut(fx, fx.alice, {
        cut: [],
        init: migration,
        initCalldata,
        description: 'migrate again',
      });
      await vote(fx, id, fx.alice, true);
      await vote(fx, id, fx.bob, true);
      await passTime(fx, id, 'eta');
      await expectCustomError(fx.dao().execute(id), fx.errors, 'RewardsAlreadyMigrated');
    });

    it('a migration that reverts leaves RewardsFacet v1 in place', async () => {
      await writeV1Rewards();
      const before = await routing();
      const { migration, cut, initCalldata } = await planV2(0); // multiplier 0 is out of range
      const id = await proposeCut(fx, fx.alice, { cut, init: migration, initCalldata });
      await vote(fx, id, fx.alice, true);
      await vote(fx, id, fx.bob, true);
      await passTime(fx, id, 'eta');
      await expectCustomError(fx.dao().execute(id), fx.errors, 'MultiplierOutOfRange');
      assert.deepEqual(await routing(), before);
      assert.equal(await fx.diamondAs('RewardsFacet').rewardsStorageVersion(), 1n);
    });

    it('rollback: cutting RewardsFacet v1 back in finds the pre-upgrade state', async () => {
      await writeV1Rewards();
      const { facet, migration, cut, initCalldata } = await planV2(15_000);
      await enactCut(fx, { cut, init: migration, initCalldata });
      await mined(fx.diamondAs('RewardsV2Facet', fx.deployer).creditReward(fx.bob.address, units(100)));

      const v1Selectors = selectorsOfAbi(fx.build.lookup('RewardsFacet').abi);
      const back = planFacetUpgrade({
        newFacet: fx.deployment.facets.RewardsFacet,
        newSelectors: v1Selectors,
        liveSelectors: [...(await loupe().facetFunctionSelectors(facet))],
      });
      assert.deepEqual(
        back.map((c) => [c.action, c.functionSelectors.length]),
        [
          [FacetCutAction.Replace, 9],
          [FacetCutAction.Remove, 3],
        ],
      );
      await enactCut(fx, { cut: back, description: 'Roll rewards back to v1' });
      const v1 = fx.diamondAs('RewardsFacet');
      assert.equal(await v1.rewardsStorageVersion(), 1n);
      assert.equal(await v1.pendingRewards(fx.bob.address), units(250), 'v1 data as before the upgrade');
      assert.equal(
        await loupe().facetAddress(fx.build.methodIdentifiers('RewardsV2Facet').get('rewardMultiplier()')),
        ZeroAddress,
      );
    });
  });
});
