/**
 * deployDloop on a real Hardhat 3 (EDR) chain: what it deploys, who owns it afterwards, and a loupe that
 * equals both the cut that was sent and solc's `evm.methodIdentifiers` of each facet.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ZeroAddress } from 'ethers';
import { dloopFacetNames } from '../../chain/src/dloop/types';
import { setUpDloop, type DloopFixture } from './helpers/dloop-fixture';

const sorted = (xs: Iterable<string>): string[] => [...xs].map((x) => x.toLowerCase()).sort();

describe('deployDloop on an in-process Hardhat node', () => {
  let fx: DloopFixture;
  let t0 = 0;
  before(async () => {
    t0 = Date.now();
    fx = await setUpDloop();
    console.log(
      `# compile ${fx.build.ms} ms (${fx.build.cached ? 'cache hit' : 'solc run'}), set-up ${Date.now() - t0} ms`,
    );
  });
  after(() => fx?.close());

  it('deploys token, governance, diamond, every facet and DiamondInit, each with code', async () => {
    const d = fx.deployment;
    assert.equal(d.chainId, 31337);
    const addresses = [
      d.diamond,
      d.governance,
      d.token,
      d.initContracts.DiamondInit,
      ...Object.values(d.facets),
    ];
    assert.equal(
      new Set(addresses.map((a) => a.toLowerCase())).size,
      addresses.length,
      'every address distinct',
    );
    for (const a of addresses) assert.notEqual(await fx.chain.provider.getCode(a), '0x', `code at ${a}`);
    assert.deepEqual(Object.keys(d.facets).sort(), [...dloopFacetNames].sort());
    assert.ok(
      fx.progress.some((m) => m.includes('Handing ownership')),
      fx.progress.join('\n'),
    );
  });

  it('hands the cut to the ProtocolDAO: owner, bound diamond, governance link', async () => {
    const d = fx.deployment;
    assert.equal(await fx.diamondAs('OwnershipFacet').owner(), d.governance);
    assert.equal(await fx.dao().diamond(), d.diamond);
    const gov = fx.diamondAs('GovernanceFacet');
    const [dao, token, guardian] = await gov.governanceLink();
    assert.deepEqual([dao, token, guardian], [d.governance, d.token, await fx.guardian.getAddress()]);
    assert.equal(await gov.isGovernedByDAO(), true);
    const [deployer] = await fx.diamondAs('Diamond').diamondGenesis();
    assert.equal(deployer, await fx.deployer.getAddress());
  });

  it('DiamondInit set ERC-165 flags, protocol version and fee rates', async () => {
    const loupe = fx.diamondAs('DiamondLoupeFacet');
    // IERC165, IDiamondCut, IDiamondLoupe, IERC173 interface ids (XOR of their selectors).
    for (const id of ['0x01ffc9a7', '0x1f931c1c', '0x48e2b093', '0x7f5828d0']) {
      assert.equal(await loupe.supportsInterface(id), true, id);
    }
    assert.equal(await loupe.supportsInterface('0xffffffff'), false);
    assert.equal(await fx.diamondAs('CoreFacet').protocolVersion(), 1n);
    const [investBps, divestBps] = await fx.diamondAs('FeeFacet').feeRates();
    assert.deepEqual([investBps, divestBps], [50n, 100n]);
  });

  it('each facet cut exactly the selectors solc reports in evm.methodIdentifiers', () => {
    for (const name of dloopFacetNames) {
      assert.deepEqual(
        sorted(fx.deployment.selectors[name]),
        sorted(fx.build.methodIdentifiers(name).values()),
        name,
      );
    }
  });

  it('loupe facets() and facetAddresses() equal what was cut, plus the immutable diamondGenesis()', async () => {
    const d = fx.deployment;
    const loupe = fx.diamondAs('DiamondLoupeFacet');
    const genesis = fx.build.methodIdentifiers('Diamond').get('diamondGenesis()');
    assert.ok(genesis);
    const expected = new Map<string, string[]>([
      [d.facets.DiamondCutFacet, d.selectors.DiamondCutFacet],
      [d.diamond, [genesis]],
      ...d.initialCut.map((c) => [c.facetAddress, c.functionSelectors] as [string, string[]]),
    ]);
    const facets = (await loupe.facets()) as [string, string[]][];
    assert.deepEqual(
      facets.map(([address, selectors]) => [address, [...selectors]]),
      [...expected.entries()],
    );
    assert.deepEqual([...(await loupe.facetAddresses())], [...expected.keys()]);
    const cutOrder = dloopFacetNames.filter((n) => n !== 'DiamondCutFacet').map((n) => d.facets[n]);
    assert.deepEqual([...(await loupe.facetAddresses())].slice(2), cutOrder);
  });

  it('loupe facetFunctionSelectors and facetAddress agree with solc for every facet and selector', async () => {
    const d = fx.deployment;
    const loupe = fx.diamondAs('DiamondLoupeFacet');
    let checked = 0;
    for (const name of dloopFacetNames) {
      const solc = fx.build.methodIdentifiers(name);
      const onChain = [...(await loupe.facetFunctionSelectors(d.facets[name]))] as string[];
      assert.deepEqual(sorted(onChain), sorted(solc.values()), name);
      for (const [signature, selector] of solc) {
        assert.equal(await loupe.facetAddress(selector), d.facets[name], `${name}.${signature}`);
        checked++;
      }
    }
    // 1 + 5 + 2 + 7 + 5 + 5 + 9 + 7 + 6 + 6: guards against every list being empty alike.
    assert.equal(checked, 53, 'selectors across the ten facets');
    assert.equal(await loupe.facetAddress('0xdeadbeef'), ZeroAddress);
    assert.deepEqual([...(await loupe.facetFunctionSelectors(fx.outsider.address))], []);
  });

  it('no selector is routed twice and calls reach their facet through the diamond', async () => {
    const all = dloopFacetNames.flatMap((n) => fx.deployment.selectors[n]);
    assert.equal(new Set(all).size, all.length);
    assert.equal(await fx.diamondAs('BridgeFacet').bridgeRelayer(), await fx.deployer.getAddress());
    assert.equal(await fx.diamondAs('CoreFacet').paused(), false);
  });
});
