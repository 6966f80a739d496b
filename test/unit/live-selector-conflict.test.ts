/**
 * live-selector-conflict through the analysis service, against hand-made LiveDiamonds: a selector routed
 * to another facet (named, unknown, the diamond itself), same-name facets, inherited functions, configured
 * diamonds that plan a replacement, unlisted new facets, shared selectors, severities, and clearing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { id } from 'ethers';
import { defaultConfig } from '../../engine/src/config';
import type { LiveDiamond } from '../../engine/src/vocabulary';
import { coveredText, HEADER, memoryService, only } from './service-support';

const sel = (signature: string): string => id(signature).slice(0, 10);

const DIAMOND = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const CORE_AT = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const REWARDS_AT = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';
const MYSTERY_AT = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9';

const CORE = `${HEADER}
contract CoreFacet {
    function pause() external {}
    function paused() external view returns (bool) { return false; }
}
`;
const PAUSE_GUARD = `${HEADER}
contract PauseGuardFacet {
    function guardian() external view returns (address) { return address(0); }
    function pause() external {}
}
`;

function live(facets: LiveDiamond['facets']): LiveDiamond {
  return { chainId: 31337, address: DIAMOND, facets };
}

const CORE_LIVE = { address: CORE_AT, name: 'CoreFacet', selectors: [sel('pause()'), sel('paused()')] };

test('no connected diamond: nothing; a selector routed to another facet: a warning at the function naming both sides', () => {
  const w = memoryService({ 'PauseGuardFacet.sol': PAUSE_GUARD });
  assert.deepEqual(only(w.service.findings(), 'live-selector-conflict'), []);

  w.service.setLiveDiamond(live([CORE_LIVE]));
  const found = only(w.service.findings(), 'live-selector-conflict');
  assert.equal(found.length, 1, JSON.stringify(found, null, 1));
  const f = found[0];
  assert.equal(f.severity, 'warning');
  assert.equal(f.file, w.key('PauseGuardFacet.sol'));
  assert.equal(coveredText(PAUSE_GUARD, f), 'pause');
  assert.equal(sel('pause()'), '0x8456cb59');
  for (const part of [
    'PauseGuardFacet',
    'pause() (0x8456cb59)',
    `CoreFacet (${CORE_AT})`,
    'chain 31337',
    'a cut that Adds it reverts: Replace it, or Remove it from CoreFacet first',
  ]) {
    assert.ok(f.message.includes(part), `${part} in: ${f.message}`);
  }
  // CoreFacet is not in this workspace: nothing local to point at.
  assert.deepEqual(f.related, []);

  w.service.setLiveDiamond(undefined);
  assert.deepEqual(only(w.service.findings(), 'live-selector-conflict'), []);
});

test('the live facet has the local name: a Replace, not a conflict; the local copy of the other facet is related', () => {
  const w = memoryService({ 'CoreFacet.sol': CORE, 'PauseGuardFacet.sol': PAUSE_GUARD });
  w.service.setLiveDiamond(live([CORE_LIVE]));
  const found = only(w.service.findings(), 'live-selector-conflict');
  // CoreFacet's own pause()/paused() are routed to CoreFacet: nothing there.
  assert.deepEqual(
    found.map((f) => f.file),
    [w.key('PauseGuardFacet.sol')],
  );
  assert.equal(found[0].related.length, 1);
  assert.equal(found[0].related[0].file, w.key('CoreFacet.sol'));
  assert.equal(coveredText(CORE, found[0].related[0]), 'pause');
  assert.match(found[0].related[0].message, new RegExp(`CoreFacet exposes pause\\(\\).*${CORE_AT}`));
  // The same facets locally are a duplicate as well: both rules speak, each about its own thing.
  assert.equal(only(w.service.findings(), 'duplicate-selector').length, 2);
});

test('unknown live facet (no bytecode match): named by its address', () => {
  const w = memoryService({ 'PauseGuardFacet.sol': PAUSE_GUARD });
  w.service.setLiveDiamond(live([{ address: MYSTERY_AT, name: null, selectors: [sel('pause()')] }]));
  const [f, ...rest] = only(w.service.findings(), 'live-selector-conflict');
  assert.equal(rest.length, 0);
  assert.ok(f.message.includes(`an unknown facet at ${MYSTERY_AT}`), f.message);
  assert.ok(f.message.includes(`Remove it from ${MYSTERY_AT} first`), f.message);
});

test('a selector routed to the diamond itself: immutable, no cut can replace it', () => {
  const genesis = `${HEADER}\ncontract GenesisFacet {\n    function diamondGenesis() external {}\n}\n`;
  const w = memoryService({ 'GenesisFacet.sol': genesis });
  w.service.setLiveDiamond(
    live([{ address: DIAMOND.toLowerCase(), name: 'Diamond', selectors: [sel('diamondGenesis()')] }]),
  );
  const [f, ...rest] = only(w.service.findings(), 'live-selector-conflict');
  assert.equal(rest.length, 0);
  assert.equal(coveredText(genesis, f), 'diamondGenesis');
  assert.match(f.message, /diamondGenesis\(\) \(0x[0-9a-f]{8}\)/);
  assert.ok(f.message.includes(`immutable on the diamond ${DIAMOND}`), f.message);
  assert.ok(f.message.includes('no cut can replace it'), f.message);
  assert.ok(!f.message.includes('Replace it,'), f.message);
});

test('an inherited function: the finding sits on the `is` base in the facet file', () => {
  const base = `${HEADER}\nabstract contract Pausable {\n    function pause() external virtual {}\n}\n`;
  const facet = `${HEADER}\nimport {Pausable} from "./Pausable.sol";\n\ncontract GuardFacet is Pausable {\n    function guard() external {}\n}\n`;
  const w = memoryService({ 'Pausable.sol': base, 'GuardFacet.sol': facet });
  w.service.setLiveDiamond(live([CORE_LIVE]));
  const [f, ...rest] = only(w.service.findings(), 'live-selector-conflict');
  assert.equal(rest.length, 0);
  assert.equal(f.file, w.key('GuardFacet.sol'));
  assert.equal(coveredText(facet, f), 'Pausable');
  assert.match(f.message, /GuardFacet exposes pause\(\) \(0x8456cb59\) \(inherited from Pausable\)/);
});

test('configured diamonds: a facet list that drops the live facet plans its replacement; unlisted facets are checked', () => {
  const rewards = `${HEADER}\ncontract RewardsFacet {\n    function claimRewards() external {}\n}\n`;
  const rewardsV2 = `${HEADER}\ncontract RewardsV2Facet {\n    function claimRewards() external {}\n    function rewardMultiplier() external view returns (uint256) { return 1; }\n}\n`;
  const w = memoryService(
    {
      'CoreFacet.sol': CORE,
      'RewardsFacet.sol': rewards,
      'RewardsV2Facet.sol': rewardsV2,
      'PauseGuardFacet.sol': PAUSE_GUARD,
    },
    {
      diamonds: [
        { name: 'before', facets: ['CoreFacet', 'RewardsFacet'] },
        { name: 'after', facets: ['CoreFacet', 'RewardsV2Facet'] },
      ],
    },
  );
  const routed = live([
    CORE_LIVE,
    { address: REWARDS_AT, name: 'RewardsFacet', selectors: [sel('claimRewards()')] },
  ]);
  w.service.setLiveDiamond(routed);
  const found = only(w.service.findings(), 'live-selector-conflict');
  // RewardsV2Facet takes claimRewards() over in "after" (RewardsFacet is gone there): planned, not reported.
  // PauseGuardFacet is in no diamond yet: it is what a cut would Add next, so its pause() is reported.
  assert.deepEqual(
    found.map((f) => `${f.file} ${coveredText(w.text(f.file.slice('/ws/'.length)), f)}`),
    [`${w.key('PauseGuardFacet.sol')} pause`],
  );
  assert.deepEqual(only(w.service.findings(), 'duplicate-selector'), []);

  // The same move into a diamond that still lists RewardsFacet is a conflict.
  w.service.setConfig({
    ...defaultConfig(),
    diamonds: [{ name: 'after', facets: ['CoreFacet', 'RewardsFacet', 'RewardsV2Facet'] }],
    exclude: ['PauseGuardFacet'],
  });
  const moved = only(w.service.findings(), 'live-selector-conflict');
  assert.equal(moved.length, 1, JSON.stringify(moved, null, 1));
  assert.equal(moved[0].file, w.key('RewardsV2Facet.sol'));
  assert.match(moved[0].message, /claimRewards\(\).*RewardsFacet \(0x9fE4/);
});

test('sharedSelectors are exempt; severities come from the config; off turns it off', () => {
  const base = defaultConfig();
  const w = memoryService({ 'PauseGuardFacet.sol': PAUSE_GUARD });
  w.service.setLiveDiamond(live([CORE_LIVE]));
  assert.equal(only(w.service.findings(), 'live-selector-conflict').length, 1);
  w.service.setConfig({ ...base, sharedSelectors: ['pause()'] });
  assert.deepEqual(only(w.service.findings(), 'live-selector-conflict'), []);
  w.service.setConfig({ ...base, sharedSelectors: ['0x8456cb59'] });
  assert.deepEqual(only(w.service.findings(), 'live-selector-conflict'), []);
  w.service.setConfig({ ...base, rules: { 'live-selector-conflict': 'error' } });
  assert.deepEqual(
    only(w.service.findings(), 'live-selector-conflict').map((f) => f.severity),
    ['error'],
  );
  w.service.setConfig({ ...base, rules: { 'live-selector-conflict': 'off' } });
  assert.deepEqual(only(w.service.findings(), 'live-selector-conflict'), []);
});

test('the same routing again changes nothing; a new routing is analysed again', () => {
  const w = memoryService({ 'PauseGuardFacet.sol': PAUSE_GUARD });
  w.service.setLiveDiamond(live([CORE_LIVE]));
  const first = w.service.findings();
  // A refresh of the explorer sends an equal object: the memoised findings stay.
  w.service.setLiveDiamond(structuredClone(live([CORE_LIVE])));
  assert.equal(w.service.findings(), first);
  w.service.setLiveDiamond(live([{ ...CORE_LIVE, selectors: [sel('paused()')] }]));
  assert.notEqual(w.service.findings(), first);
  assert.deepEqual(only(w.service.findings(), 'live-selector-conflict'), []);
});
