/**
 * Namespaced storage of the DLOOP diamond on a real Hardhat 3 (EDR) chain, read raw with eth_getStorageAt
 * at slots computed from the namespace ids: each facet writes its own namespace and nothing else.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { encodeBytes32String, parseUnits } from 'ethers';
import { setUpDloop, type DloopFixture } from './helpers/dloop-fixture';
import { mined } from './helpers/governance';
import { areaSlot, DLOOP_NAMESPACES, mappingSlot, type DloopArea } from './helpers/namespaces';

/** Slots read per namespace: every layout here keeps its plain fields within the first six. */
const WINDOW = 6;
const areas = Object.keys(DLOOP_NAMESPACES) as DloopArea[];
const addr = (word: string, byteOffset = 0): string =>
  '0x' + ((BigInt(word) >> BigInt(8 * byteOffset)) & ((1n << 160n) - 1n)).toString(16).padStart(40, '0');

describe('DLOOP namespaced storage', () => {
  let fx: DloopFixture;
  before(async () => {
    fx = await setUpDloop();
  });
  after(() => fx?.close());
  beforeEach(() => fx.reset());

  const raw = (slot: bigint): Promise<string> => fx.chain.storageAt(fx.deployment.diamond, slot);

  /** The first WINDOW slots of every namespace, plus the diamond's sequential slots 0..WINDOW-1. */
  async function readWindows(): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const area of areas) {
      const base = areaSlot(area);
      out.set(area, await Promise.all(Array.from({ length: WINDOW }, (_, i) => raw(base + BigInt(i)))));
    }
    out.set('sequential', await Promise.all(Array.from({ length: WINDOW }, (_, i) => raw(BigInt(i)))));
    return out;
  }

  async function changedBy(action: () => Promise<unknown>): Promise<string[]> {
    const before = await readWindows();
    await action();
    const after = await readWindows();
    return [...before.keys()].filter((k) => before.get(k)?.join() !== after.get(k)?.join()).sort();
  }

  it('the slot formulas find what DiamondInit wrote, so the Solidity constants match their ids', async () => {
    const d = fx.deployment;
    const gov = areaSlot('governance');
    assert.equal(addr(await raw(gov)), d.governance.toLowerCase(), 'governance.protocolDAO');
    assert.equal(addr(await raw(gov + 1n)), d.token.toLowerCase(), 'governance.token');
    assert.equal(addr(await raw(gov + 2n)), d.guardian.toLowerCase(), 'governance.guardian');
    // core slot 0 packs paused (1 byte), pausedAt (8 bytes), protocolVersion (4 bytes) from the right.
    assert.equal(BigInt(await raw(areaSlot('core'))), 1n << 72n, 'core.protocolVersion = 1');
    // fee slot 0 packs investFeeBps, divestFeeBps (2 bytes each) and feeRecipient.
    const fee = BigInt(await raw(areaSlot('fee')));
    assert.deepEqual([fee & 0xffffn, (fee >> 16n) & 0xffffn], [50n, 100n]);
    assert.equal(addr(await raw(areaSlot('fee')), 4), d.deployer.toLowerCase(), 'fee.feeRecipient');
    assert.equal(addr(await raw(areaSlot('rewards') + 5n)), d.deployer.toLowerCase(), 'rewards.distributor');
    assert.equal(addr(await raw(areaSlot('bridge') + 1n)), d.deployer.toLowerCase(), 'bridge.relayer');
    const diamond = areaSlot('diamond');
    assert.equal(
      BigInt(await raw(diamond + 2n)),
      11n,
      'diamond.facetAddresses.length: ten facets and the diamond',
    );
    assert.equal(addr(await raw(diamond + 4n)), d.governance.toLowerCase(), 'diamond.contractOwner');
  });

  it('no facet writes the sequential slots 0.. (no facet state variables)', async () => {
    await mined(fx.diamondAs('AssetManagementFacet', fx.alice).invest(parseUnits('10', 18)));
    await mined(fx.diamondAs('BridgeFacet', fx.carol).sendToHedera(encodeBytes32String('0.0.42'), 1n));
    await mined(fx.diamondAs('RewardsFacet', fx.deployer).creditReward(fx.bob.address, 3n));
    await mined(fx.diamondAs('CoreFacet', fx.guardian).pause());
    const windows = await readWindows();
    assert.deepEqual(windows.get('sequential')?.map(BigInt), Array(WINDOW).fill(0n));
    assert.notEqual(BigInt(windows.get('bridge')?.[0] ?? 0), 0n, 'the actions did write their namespaces');
  });

  it('each action changes its own namespace and no other', async () => {
    const dao = await fx.chain.impersonate(fx.deployment.governance);
    const expectations: [string, () => Promise<unknown>, string[]][] = [
      [
        'carol bridges to Hedera',
        () => mined(fx.diamondAs('BridgeFacet', fx.carol).sendToHedera(encodeBytes32String('0.0.1234'), 9n)),
        ['bridge'],
      ],
      [
        'distributor credits a reward',
        () => mined(fx.diamondAs('RewardsFacet', fx.deployer).creditReward(fx.alice.address, 5n)),
        ['rewards'],
      ],
      [
        'governance sets the oracle max age',
        () => mined(fx.diamondAs('OracleFacet', dao).setMaxPriceAge(3600)),
        ['oracle'],
      ],
      ['governance sets fee rates', () => mined(fx.diamondAs('FeeFacet', dao).setFeeRates(10, 20)), ['fee']],
      // AssetManagement books its fee in the Fee namespace: a documented dependency, not a collision.
      [
        'alice invests',
        () => mined(fx.diamondAs('AssetManagementFacet', fx.alice).invest(parseUnits('1000', 18))),
        ['assetManagement', 'fee'],
      ],
      // Last: a paused protocol refuses the bridge and invest actions above.
      ['guardian pauses', () => mined(fx.diamondAs('CoreFacet', fx.guardian).pause()), ['core']],
    ];
    for (const [what, action, expected] of expectations) {
      assert.deepEqual(await changedBy(action), expected.sort(), what);
    }
  });

  it('mapping entries land under their namespace: invested[alice], parameters[key]', async () => {
    const amount = parseUnits('1000', 18);
    await mined(fx.diamondAs('AssetManagementFacet', fx.alice).invest(amount));
    const credited = amount - (amount * 50n) / 10_000n;
    const investedSlot = mappingSlot('address', fx.alice.address, areaSlot('assetManagement'));
    assert.equal(BigInt(await raw(investedSlot)), credited);

    const dao = await fx.chain.impersonate(fx.deployment.governance);
    const key = encodeBytes32String('maxLeverage');
    const changed = await changedBy(() =>
      mined(fx.diamondAs('CoreFacet', dao).setProtocolParameter(key, 3n)),
    );
    assert.deepEqual(changed, [], 'a mapping write leaves every namespace head alone');
    assert.equal(BigInt(await raw(mappingSlot('bytes32', key, areaSlot('core') + 1n))), 3n);
  });

  it('namespaces are far apart: no window overlaps another', () => {
    const bases = areas.map(areaSlot).sort((a, b) => (a < b ? -1 : 1));
    for (let i = 1; i < bases.length; i++) assert.ok(bases[i] - bases[i - 1] > BigInt(WINDOW));
    assert.ok(bases[0] > BigInt(WINDOW));
  });
});
