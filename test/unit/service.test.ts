/**
 * The analysis service end to end on in-memory sources: selector rules (both sides reported, real
 * collision pairs, inherited functions, getters), configuration (severities, shared selectors,
 * exclusions, several diamonds), incremental updates, hover and code lenses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coveredText, HEADER, memoryService, only } from './service-support';

const TOKEN = `${HEADER}
contract TokenFacet {
    function transfer(address to, uint256 amount) external returns (bool) { return true; }
    function name() external pure returns (string memory) { return "DLOOP"; }
}
`;
const LEGACY = `${HEADER}
contract LegacyFacet {
    function transfer(address recipient, uint amount) public returns (bool) { return true; }
}
`;

test('duplicate-selector: reported in both facets, each pointing at the other', () => {
  const w = memoryService({ 'TokenFacet.sol': TOKEN, 'LegacyFacet.sol': LEGACY });
  const dups = only(w.service.findings(), 'duplicate-selector');
  assert.equal(dups.length, 2);
  const inToken = dups.find((f) => f.file === w.key('TokenFacet.sol'))!;
  const inLegacy = dups.find((f) => f.file === w.key('LegacyFacet.sol'))!;
  assert.ok(inToken && inLegacy, 'one finding in each facet file');
  assert.equal(coveredText(TOKEN, inToken), 'transfer');
  assert.equal(coveredText(LEGACY, inLegacy), 'transfer');
  assert.equal(inToken.severity, 'error');
  assert.match(inToken.message, /transfer\(address,uint256\) \(0xa9059cbb\)/);
  assert.match(inToken.message, /TokenFacet/);
  assert.match(inToken.message, /LegacyFacet/);
  assert.equal(inToken.related.length, 1);
  assert.equal(inToken.related[0].file, w.key('LegacyFacet.sol'));
  assert.equal(coveredText(LEGACY, inToken.related[0]), 'transfer');
  assert.equal(inLegacy.related[0].file, w.key('TokenFacet.sol'));
  assert.deepEqual(only(w.service.findings(), 'selector-collision'), []);
});

test('incremental: removing one side clears both findings; restoring brings both back', () => {
  const w = memoryService({ 'TokenFacet.sol': TOKEN, 'LegacyFacet.sol': LEGACY });
  assert.equal(only(w.service.findings(), 'duplicate-selector').length, 2);
  w.edit('LegacyFacet.sol', LEGACY.replace('function transfer(', 'function transferLegacy('));
  assert.deepEqual(only(w.service.findings(), 'duplicate-selector'), []);
  w.edit('LegacyFacet.sol', LEGACY);
  assert.equal(only(w.service.findings(), 'duplicate-selector').length, 2);
  w.service.removeFile(w.key('LegacyFacet.sol'));
  // The host still serves the file, but nothing imports it: it is no longer part of the workspace.
  assert.deepEqual(only(w.service.findings(), 'duplicate-selector'), []);
});

test('selector-collision: burn(uint256) / collate_propagate_storage(bytes16) = 0x42966c68', () => {
  const burn = `${HEADER}\ncontract BurnFacet {\n    function burn(uint256 amount) external {}\n}\n`;
  const storage = `${HEADER}\ncontract StorageFacet {\n    function collate_propagate_storage(bytes16 data) external {}\n}\n`;
  const w = memoryService({ 'BurnFacet.sol': burn, 'StorageFacet.sol': storage });
  const cols = only(w.service.findings(), 'selector-collision');
  assert.equal(cols.length, 2);
  const inBurn = cols.find((f) => f.file === w.key('BurnFacet.sol'))!;
  assert.equal(coveredText(burn, inBurn), 'burn');
  assert.match(inBurn.message, /0x42966c68/);
  assert.match(inBurn.message, /burn\(uint256\) in BurnFacet/);
  assert.match(inBurn.message, /collate_propagate_storage\(bytes16\) in StorageFacet/);
  assert.equal(coveredText(storage, inBurn.related[0]), 'collate_propagate_storage');
  assert.deepEqual(only(w.service.findings(), 'duplicate-selector'), []);
});

test('inherited function and public mapping getter: transferFrom / gasprice_bit_ether(int128) = 0x23b872dd', () => {
  const base = `${HEADER}\nabstract contract TransferBase {\n    function transferFrom(address a, address b, uint256 c) external virtual returns (bool) { return true; }\n}\n`;
  const token = `${HEADER}\nimport {TransferBase} from "./TransferBase.sol";\n\ncontract TokenFacet is TransferBase {\n    function decimals() external pure returns (uint8) { return 18; }\n}\n`;
  // A public mapping's getter takes the key: gasprice_bit_ether(int128).
  const gas = `${HEADER}\ncontract GasFacet {\n    mapping(int128 => uint256) public gasprice_bit_ether;\n}\n`;
  const w = memoryService({ 'TransferBase.sol': base, 'TokenFacet.sol': token, 'GasFacet.sol': gas });
  const cols = only(w.service.findings(), 'selector-collision');
  assert.equal(cols.length, 2, JSON.stringify(cols, null, 1));
  const inToken = cols.find((f) => f.file === w.key('TokenFacet.sol'))!;
  // Inherited: the finding sits on the `is` base in the facet's own file.
  assert.equal(coveredText(token, inToken), 'TransferBase');
  assert.match(
    inToken.message,
    /transferFrom\(address,address,uint256\) in TokenFacet \(inherited from TransferBase\)/,
  );
  assert.match(inToken.message, /gasprice_bit_ether\(int128\) in GasFacet/);
  const inGas = cols.find((f) => f.file === w.key('GasFacet.sol'))!;
  assert.equal(coveredText(gas, inGas), 'gasprice_bit_ether');
  assert.equal(inGas.related[0].file, w.key('TokenFacet.sol'));
  assert.equal(coveredText(token, inGas.related[0]), 'TransferBase');
});

test('three facets: a duplicate and a collision on one selector are told apart', () => {
  const a = `${HEADER}\ncontract AFacet { function burn(uint256 x) external {} }\n`;
  const b = `${HEADER}\ncontract BFacet { function burn(uint256 y) external {} }\n`;
  const c = `${HEADER}\ncontract CFacet { function collate_propagate_storage(bytes16 z) external {} }\n`;
  const w = memoryService({ 'A.sol': a, 'B.sol': b, 'C.sol': c });
  const f = w.service.findings();
  const dupFiles = only(f, 'duplicate-selector')
    .map((x) => x.file)
    .sort();
  assert.deepEqual(dupFiles, [w.key('A.sol'), w.key('B.sol')]);
  const col = only(f, 'selector-collision');
  assert.deepEqual(col.map((x) => x.file).sort(), [w.key('A.sol'), w.key('B.sol'), w.key('C.sol')]);
  const inC = col.find((x) => x.file === w.key('C.sol'))!;
  assert.equal(inC.related.length, 2, 'C collides with both A and B');
});

test('config: severities, off, shared selectors by selector and by signature', () => {
  const files = { 'TokenFacet.sol': TOKEN, 'LegacyFacet.sol': LEGACY };
  const warn = memoryService(files, { rules: { 'duplicate-selector': 'warning' } });
  assert.deepEqual(
    only(warn.service.findings(), 'duplicate-selector').map((f) => f.severity),
    ['warning', 'warning'],
  );
  const off = memoryService(files, { rules: { 'duplicate-selector': 'off' } });
  assert.deepEqual(only(off.service.findings(), 'duplicate-selector'), []);
  for (const shared of ['0xa9059cbb', 'transfer(address,uint256)']) {
    const s = memoryService(files, { sharedSelectors: [shared] });
    assert.deepEqual(only(s.service.findings(), 'duplicate-selector'), [], shared);
  }
  // setConfig on a live service takes effect at once.
  const live = memoryService(files);
  assert.equal(only(live.service.findings(), 'duplicate-selector').length, 2);
  live.service.setConfig({ ...defaultLike(), rules: { 'duplicate-selector': 'info' } });
  assert.deepEqual(
    only(live.service.findings(), 'duplicate-selector').map((f) => f.severity),
    ['info', 'info'],
  );
});

function defaultLike() {
  return {
    diamonds: [],
    exclude: [],
    sharedSelectors: [],
    namespacePattern: '.*',
    remappings: [],
    rules: {},
  };
}

test('facet discovery: *Facet only, abstract and excluded contracts are not facets', () => {
  const src = `${HEADER}
abstract contract BaseFacet { function ping() external virtual {} }
contract PingFacet { function ping() external {} }
contract MockPingFacet { function ping() external {} }
contract PingHelper { function ping() external {} }
interface IPingFacet { function ping() external; }
`;
  const w = memoryService({ 'All.sol': src }, { exclude: ['Mock*'] });
  assert.deepEqual(w.service.findings(), []);
  const facets = w.service
    .contractSelectors()
    .filter((c) => c.isFacet)
    .map((c) => c.name);
  assert.deepEqual(facets, ['PingFacet']);
  const noExclude = memoryService({ 'All.sol': src });
  assert.equal(
    only(noExclude.service.findings(), 'duplicate-selector').length,
    2,
    'PingFacet and MockPingFacet',
  );
});

test('several diamonds: conflicts count only within one diamond, and messages name it', () => {
  const src = `${HEADER}
contract OwnershipFacet { function owner() external view returns (address) { return address(0); } }
contract TreasuryOwnershipFacet { function owner() external view returns (address) { return address(1); } }
contract VaultFacet { function owner() external view returns (address) { return address(2); } }
`;
  const split = memoryService(
    { 'F.sol': src },
    {
      diamonds: [
        { name: 'Protocol', facets: ['OwnershipFacet'] },
        { name: 'Treasury', facets: ['TreasuryOwnershipFacet'] },
      ],
    },
  );
  assert.deepEqual(split.service.findings(), []);
  const shared = memoryService(
    { 'F.sol': src },
    {
      diamonds: [
        { name: 'Protocol', facets: ['OwnershipFacet'] },
        { name: 'Treasury', facets: ['TreasuryOwnershipFacet', 'VaultFacet'] },
      ],
    },
  );
  const dups = only(shared.service.findings(), 'duplicate-selector');
  assert.equal(dups.length, 2);
  for (const d of dups) assert.match(d.message, /in diamond Treasury/);
});

test('hover: function → signature, selector and the other facet; getter; internal → nothing', () => {
  const src = `${HEADER}
contract TokenFacet {
    uint256 public constant CAP = 1000;
    struct Order { address owner; uint64 deadline; }
    function transfer(address to, uint256 amount) external returns (bool) { return true; }
    function place(Order calldata o, bytes32[2] memory tags) external {}
    function _helper() internal {}
}
`;
  const w = memoryService({ 'TokenFacet.sol': src, 'LegacyFacet.sol': LEGACY });
  const file = w.key('TokenFacet.sol');
  const at = (needle: string) => src.indexOf(needle) + 2;
  const h = w.service.hover(file, at('transfer('));
  assert.ok(h);
  assert.match(h.contents, /`transfer\(address,uint256\)`/);
  assert.match(h.contents, /`0xa9059cbb`/);
  assert.match(h.contents, /\*\*LegacyFacet\*\* also exposes it/);
  assert.equal(src.slice(h.span.start, h.span.end), 'transfer');
  // Anywhere on the header works too (the parameter list).
  assert.match(w.service.hover(file, at('uint256 amount'))!.contents, /0xa9059cbb/);
  const place = w.service.hover(file, at('place('))!;
  assert.match(place.contents, /`place\(\(address,uint64\),bytes32\[2\]\)`/);
  assert.match(place.contents, /No other facet/);
  const cap = w.service.hover(file, at('CAP'))!;
  assert.match(cap.contents, /\*\*Getter\*\* `CAP\(\)`/);
  assert.equal(w.service.hover(file, at('_helper')), undefined);
  assert.equal(w.service.hover(file, 0), undefined);
});

test('code lenses: one per external/public function or getter a facet declares', () => {
  const src = `${HEADER}
contract Base { function inherited() external {} }
contract TokenFacet is Base {
    uint256 public total;
    function transfer(address to, uint256 amount) external returns (bool) { return true; }
    function _internal() internal {}
    function visible() public {}
}
contract NotAFacetHelper { function helper() external {} }
`;
  const w = memoryService({ 'TokenFacet.sol': src });
  const lenses = w.service.codeLenses(w.key('TokenFacet.sol'));
  assert.deepEqual(
    lenses.map((l) => l.title),
    ['0x2ddbd13a · total()', '0xa9059cbb · transfer(address,uint256)', '0xaf6a6d79 · visible()'],
  );
  assert.deepEqual(
    lenses.map((l) => src.slice(l.span.start, l.span.end)),
    ['total', 'transfer', 'visible'],
  );
  assert.equal(lenses[1].selector, '0xa9059cbb');
  assert.equal(lenses[1].signature, 'transfer(address,uint256)');
});

test('hover on a storage slot constant shows namespace, slot and owner (from the storage analysis)', () => {
  const lib = `${HEADER}
library LibFeeStorage {
    struct Layout { uint256 feeBps; }
    bytes32 internal constant POSITION = keccak256("dloop.storage.fees.v1");
    function layout() internal pure returns (Layout storage l) {
        bytes32 position = POSITION;
        assembly { l.slot := position }
    }
}
`;
  const w = memoryService({ 'LibFeeStorage.sol': lib });
  const h = w.service.hover(w.key('LibFeeStorage.sol'), lib.indexOf('POSITION =') + 1);
  assert.ok(h, 'a hover on the constant');
  assert.match(h.contents, /dloop\.storage\.fees\.v1/);
  assert.match(h.contents, /0x[0-9a-f]{64}/);
  const ns = w.service.namespaces();
  assert.equal(ns.length, 1);
  assert.equal(ns[0].owner, 'LibFeeStorage');
});
