/**
 * Rule interface-incomplete: interface ids as solc computes them (`type(I).interfaceId`, compiled with solc-js
 * and run on Hardhat's EVM), and a diamond that claims an interface whose functions it does not all route, each
 * finding and each silence asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAnalysisService } from '../../engine/src/service/create-service';
import { defaultConfig } from '../../engine/src/config';
import {
  interfaceIdOf,
  standardInterface,
  STANDARD_INTERFACES,
} from '../../engine/src/selectors/interface-id';
import { blankComments } from '../../engine/src/service/claim-sites';
import { HEADER, memoryService, only } from './service-support';
import { repoRoot, solidityValues } from './storage-evm';

const BUNDLED = ['IERC165', 'IDiamondCut', 'IDiamondLoupe', 'IERC173'];
const bundled = (name: string) =>
  readFileSync(join(repoRoot(), 'contracts/interfaces', `${name}.sol`), 'utf8');
const withoutHeader = (text: string) => text.replace(/^\/\/ SPDX.*\n|^pragma .*\n/gm, '');

/** An interface with an inherited function (not part of its id), a struct and an array parameter. */
const CUSTOM = `
interface IBase { function base() external; }
interface IOrders is IBase {
    struct Order { uint256 id; address who; }
    function place(Order calldata o) external returns (uint256);
    function cancel(uint256[] calldata ids, bytes32 why) external;
    function count() external view returns (uint256);
}
`;

test('interface ids equal solc: the bundled standard interfaces and one with a base, a struct and an array', async () => {
  const prelude = BUNDLED.map((n) => withoutHeader(bundled(n))).join('\n') + CUSTOM;
  const names = [...BUNDLED, 'IOrders', 'IBase'];
  const truth = await solidityValues(
    names.map((n) => ({ type: 'bytes32' as const, expr: `bytes32(type(${n}).interfaceId)` })),
    prelude,
  );
  const solc = new Map(names.map((n, i) => [n, truth[i].slice(0, 10)]));
  // The engine's id of each interface, from the selectors it declares itself (the service reads the source).
  const files: Record<string, string> = { 'I.sol': HEADER + prelude };
  const { service } = memoryService(files);
  for (const n of names) {
    const c = service.contractSelectors().find((x) => x.name === n)!;
    const own = c.functions.filter((f) => f.declaredIn === n).map((f) => f.selector);
    assert.equal(interfaceIdOf(own), solc.get(n), n);
  }
  // The built-in table (claims by hex constant where the workspace declares no interface) agrees too.
  for (const known of STANDARD_INTERFACES) {
    assert.equal(standardInterface({ name: known.name })?.id, solc.get(known.name), known.name);
    assert.equal(standardInterface({ id: solc.get(known.name)! })?.name, known.name);
  }
  assert.equal(standardInterface({ id: '0x12345678' }), undefined);
});

const INTERFACES = Object.fromEntries(BUNDLED.map((n) => [`interfaces/${n}.sol`, bundled(n)]));
const LIB = `${HEADER}library LibDiamond {
    struct DiamondStorage { mapping(bytes4 => bool) supportedInterfaces; address owner; }
    function diamondStorage() internal pure returns (DiamondStorage storage ds) {
        bytes32 position = keccak256("diamond.standard.diamond.storage");
        assembly { ds.slot := position }
    }
}
`;
const INIT = `${HEADER}import "./interfaces/IERC165.sol";
import "./interfaces/IDiamondCut.sol";
import "./interfaces/IDiamondLoupe.sol";
import "./interfaces/IERC173.sol";
import "./LibDiamond.sol";
contract DiamondInit {
    function init() external {
        LibDiamond.DiamondStorage storage ds = LibDiamond.diamondStorage();
        ds.supportedInterfaces[type(IERC165).interfaceId] = true;
        ds.supportedInterfaces[type(IDiamondCut).interfaceId] = true;
        ds.supportedInterfaces[type(IDiamondLoupe).interfaceId] = true;
        ds.supportedInterfaces[0x7f5828d0] = true; // IERC173, by its id
        // ds.supportedInterfaces[0x80ac58cd] = true;  (commented out: not a claim)
    }
}
`;
const CUT = `${HEADER}import "../interfaces/IDiamondCut.sol";
contract DiamondCutFacet is IDiamondCut {
    function diamondCut(FacetCut[] calldata, address, bytes calldata) external override {}
}
`;
const LOUPE = `${HEADER}import "../interfaces/IDiamondLoupe.sol";
import "../interfaces/IERC165.sol";
contract DiamondLoupeFacet is IDiamondLoupe, IERC165 {
    function facets() external view override returns (Facet[] memory) {}
    function facetFunctionSelectors(address) external view override returns (bytes4[] memory) {}
    function facetAddresses() external view override returns (address[] memory) {}
    function facetAddress(bytes4) external view override returns (address) {}
    function supportsInterface(bytes4) external view override returns (bool) {}
}
`;
const OWNERSHIP = `${HEADER}contract OwnershipFacet {
    function owner() external view returns (address) {}
    function transferOwnership(address) external {}
}
`;

function diamond(facets: Record<string, string>) {
  return memoryService({
    ...INTERFACES,
    'LibDiamond.sol': LIB,
    'DiamondInit.sol': INIT,
    ...facets,
  });
}

test('a complete diamond is silent; the commented-out claim is not one', () => {
  const { service } = diamond({
    'facets/DiamondCutFacet.sol': CUT,
    'facets/DiamondLoupeFacet.sol': LOUPE,
    'facets/OwnershipFacet.sol': OWNERSHIP,
  });
  assert.deepEqual(only(service.findings(), 'interface-incomplete'), []);
});

test('a claimed interface with functions routed nowhere is an error at the claim, naming what is missing', () => {
  // No loupe facet, and an ownership facet without transferOwnership.
  const { service, text } = diamond({
    'facets/DiamondCutFacet.sol': CUT,
    'facets/OwnershipFacet.sol': OWNERSHIP.replace(
      '    function transferOwnership(address) external {}\n',
      '',
    ),
  });
  const found = only(service.findings(), 'interface-incomplete');
  const init = text('DiamondInit.sol');
  assert.deepEqual(
    found.map((f) => [f.severity, init.slice(f.start, f.end)]),
    [
      ['error', 'supportedInterfaces[type(IERC165).interfaceId] = true'],
      ['error', 'supportedInterfaces[type(IDiamondLoupe).interfaceId] = true'],
      ['error', 'supportedInterfaces[0x7f5828d0] = true'],
    ],
  );
  assert.match(
    found[1].message,
    /^DiamondInit claims IDiamondLoupe \(0x48e2b093\) for diamond Diamond, but none of its functions is routed to a facet of Diamond \(facets\(\) \(0x7a0ed627\), facetFunctionSelectors\(address\) \(0xadfca15e\), facetAddresses\(\) \(0x52ef6b2c\), facetAddress\(bytes4\) \(0xcdffacc6\)\)/,
  );
  assert.equal(found[1].related[0]?.file, '/ws/interfaces/IDiamondLoupe.sol');
  assert.match(
    found[2].message,
    /IERC173 \(0x7f5828d0\).*but transferOwnership\(address\) \(0xf2fde38b\) is routed/,
  );
  // Severity follows the config; off is off.
  const quiet = diamond({ 'facets/DiamondCutFacet.sol': CUT });
  quiet.service.setConfig({ ...defaultConfig(), rules: { 'interface-incomplete': 'off' } });
  assert.deepEqual(only(quiet.service.findings(), 'interface-incomplete'), []);
});

test("solidstate's shape: a diamond contract registering its own functions with _setSupportsInterface is complete", () => {
  const { service } = memoryService({
    ...INTERFACES,
    'Diamond.sol': `${HEADER}import "./interfaces/IDiamondLoupe.sol";
import "./interfaces/IERC165.sol";
contract Diamond is IDiamondLoupe, IERC165 {
    constructor() {
        _setSupportsInterface(type(IDiamondLoupe).interfaceId, true);
        _setSupportsInterface(type(IERC165).interfaceId, true);
        _setSupportsInterface(type(IERC721).interfaceId, true);
    }
    function _setSupportsInterface(bytes4, bool) internal {}
    function facets() external view override returns (Facet[] memory) {}
    function facetFunctionSelectors(address) external view override returns (bytes4[] memory) {}
    function facetAddresses() external view override returns (address[] memory) {}
    function facetAddress(bytes4) external view override returns (address) {}
    function supportsInterface(bytes4 interfaceId) external view override returns (bool) { return interfaceId == 0x6352211e; }
    fallback() external payable { address f = address(0); assembly { let r := delegatecall(gas(), f, 0, 0, 0, 0) } }
}
interface IERC721 { function ownerOf(uint256) external view returns (address); }
`,
    'facets/TokenFacet.sol': `${HEADER}contract TokenFacet { function name() external view returns (string memory) {} }\n`,
  });
  // IERC721 (claimed twice: by type() and by its id in supportsInterface) is the one routed nowhere.
  const found = only(service.findings(), 'interface-incomplete');
  assert.deepEqual(
    found.map((f) => f.message.slice(0, f.message.indexOf(' for diamond'))),
    ['Diamond claims IERC721 (0x6352211e)', 'Diamond claims IERC721 (0x6352211e)'],
  );
});

test('facets of a shared folder no diamond owns count as routable in each inferred diamond', () => {
  const files = {
    ...INTERFACES,
    'contracts/shared/LibDiamond.sol': LIB,
    'contracts/shared/facets/DiamondCutFacet.sol': CUT.replace(/\.\.\/interfaces/g, '../../../interfaces'),
    'contracts/shared/facets/DiamondLoupeFacet.sol': LOUPE.replace(
      /\.\.\/interfaces/g,
      '../../../interfaces',
    ),
    'contracts/shared/facets/OwnershipFacet.sol': OWNERSHIP,
  };
  const app = (d: string) =>
    `${HEADER}struct AppStorage${d} { uint256 x; }\ncontract ${d}Facet { AppStorage${d} internal s; function ${d.toLowerCase()}() external {} }\n`;
  const init = (d: string) =>
    INIT.replace(/\.\/interfaces/g, '../../interfaces')
      .replace('./LibDiamond.sol', '../shared/LibDiamond.sol')
      .replace('contract DiamondInit', `contract ${d}Init`);
  const { service } = memoryService({
    ...files,
    'contracts/A/facets/AFacet.sol': app('A'),
    'contracts/A/InitA.sol': init('A'),
    'contracts/B/facets/BFacet.sol': app('B'),
    'contracts/B/InitB.sol': init('B'),
  });
  assert.deepEqual(only(service.findings(), 'interface-incomplete'), []);
  // Without the shared folder, both inits claim what neither diamond routes.
  const bare = createAnalysisService({ readFile: () => undefined }, { root: '/ws' });
  bare.setConfig(defaultConfig());
  for (const [k, v] of Object.entries({
    ...INTERFACES,
    'contracts/shared/LibDiamond.sol': LIB,
    'contracts/A/facets/AFacet.sol': app('A'),
    'contracts/A/InitA.sol': init('A'),
    'contracts/B/facets/BFacet.sol': app('B'),
    'contracts/B/InitB.sol': init('B'),
  }))
    bare.updateFile(`/ws/${k}`, v);
  assert.deepEqual(
    only(bare.findings(), 'interface-incomplete').map((f) => f.message.slice(0, f.message.indexOf(' ('))),
    [
      'AInit claims IERC165',
      'AInit claims IDiamondCut',
      'AInit claims IDiamondLoupe',
      'AInit claims IERC173',
      'BInit claims IERC165',
      'BInit claims IDiamondCut',
      'BInit claims IDiamondLoupe',
      'BInit claims IERC173',
    ],
  );
});

test('a claim no diamond can be tied to is said (info), not checked and not dropped in silence', () => {
  const app = (d: string) =>
    `${HEADER}struct AppStorage${d} { uint256 x; }\ncontract ${d}Facet { AppStorage${d} internal s; function ${d.toLowerCase()}() external {} }\n`;
  // Two diamonds (one AppStorage each, own folders) and an init in neither folder.
  const { service, text } = memoryService({
    ...INTERFACES,
    'LibDiamond.sol': LIB,
    'DiamondInit.sol': INIT,
    'contracts/A/facets/AFacet.sol': app('A'),
    'contracts/B/facets/BFacet.sol': app('B'),
    // A contract answering supportsInterface itself claims for itself, not for a diamond: nothing to say.
    'tokens/Token.sol': `${HEADER}import "../interfaces/IERC165.sol";
contract Token {
    mapping(bytes4 => bool) internal supportedInterfaces;
    constructor() { supportedInterfaces[type(IERC165).interfaceId] = true; }
    function supportsInterface(bytes4 i) external view returns (bool) { return supportedInterfaces[i]; }
}
`,
  });
  const found = only(service.findings(), 'interface-incomplete');
  assert.ok(
    found.every((f) => f.file.endsWith('/DiamondInit.sol')),
    JSON.stringify(found.map((f) => f.file)),
  );
  const init = text('DiamondInit.sol');
  assert.deepEqual(
    found.map((f) => [f.severity, init.slice(f.start, f.end)]),
    [
      ['info', 'supportedInterfaces[type(IERC165).interfaceId] = true'],
      ['info', 'supportedInterfaces[type(IDiamondCut).interfaceId] = true'],
      ['info', 'supportedInterfaces[type(IDiamondLoupe).interfaceId] = true'],
      ['info', 'supportedInterfaces[0x7f5828d0] = true'],
    ],
  );
  assert.match(
    found[2].message,
    /^DiamondInit claims IDiamondLoupe \(0x48e2b093\), but which diamond it is for cannot be told \(.*\), so whether its functions are routed was not checked: pin the diamonds in diamond\.config\.json/,
  );
  // Configured as a warning, it stays info (it is not a finding about the code); off is off.
  service.setConfig({ ...defaultConfig(), rules: { 'interface-incomplete': 'warning' } });
  assert.ok(only(service.findings(), 'interface-incomplete').every((f) => f.severity === 'info'));
  service.setConfig({ ...defaultConfig(), rules: { 'interface-incomplete': 'off' } });
  assert.deepEqual(only(service.findings(), 'interface-incomplete'), []);
});

test('comments are blanked with their offsets kept; strings are left alone', () => {
  const text = 'a // x[1] = true\nb /* y\nz */ c "//s"';
  const out = blankComments(text);
  assert.equal(out.length, text.length);
  assert.equal(out, 'a               \nb     \n     c "//s"');
});

/** The diamond contract: a delegating fallback. */
const PROXY = `${HEADER}contract Diamond {
    fallback() external payable {
        address facet = address(0);
        assembly { let r := delegatecall(gas(), facet, 0, calldatasize(), 0, 0) }
    }
}
`;
const LIVE_ADDRESS = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const LOUPE_SELECTORS = ['0x7a0ed627', '0xadfca15e', '0x52ef6b2c', '0xcdffacc6', '0x01ffc9a7'];

/** A connected diamond routing the three facets (minus `drop`) and answering `claimed` true. */
function liveDiamond(claimed: readonly string[], drop: readonly string[] = []) {
  const keep = (sels: string[]) => sels.filter((s) => !drop.includes(s));
  return {
    chainId: 31337,
    address: LIVE_ADDRESS,
    facets: [
      { address: '0x' + '1'.repeat(40), name: 'DiamondCutFacet', selectors: keep(['0x1f931c1c']) },
      { address: '0x' + '2'.repeat(40), name: 'DiamondLoupeFacet', selectors: keep(LOUPE_SELECTORS) },
      {
        address: '0x' + '3'.repeat(40),
        name: 'OwnershipFacet',
        selectors: keep(['0x8da5cb5b', '0xf2fde38b']),
      },
    ],
    interfaces: ['0x01ffc9a7', '0x1f931c1c', '0x48e2b093', '0x7f5828d0'].map((id) => ({
      id,
      supported: claimed.includes(id),
    })),
  };
}

test('a connected diamond claiming the loupe while the chain routes facetAddress nowhere: an error at the diamond contract', () => {
  const complete = {
    'facets/DiamondCutFacet.sol': CUT,
    'facets/DiamondLoupeFacet.sol': LOUPE,
    'facets/OwnershipFacet.sol': OWNERSHIP,
    'Diamond.sol': PROXY,
  };
  const { service, text } = diamond(complete);
  // The ids a face asks the chain about: the standard four, and the workspace's own interfaces by their id.
  assert.deepEqual(
    service
      .knownInterfaces()
      .map((k) => `${k.name} ${k.id}`)
      .sort(),
    ['IDiamondCut 0x1f931c1c', 'IDiamondLoupe 0x48e2b093', 'IERC165 0x01ffc9a7', 'IERC173 0x7f5828d0'],
  );
  const all = ['0x01ffc9a7', '0x1f931c1c', '0x48e2b093', '0x7f5828d0'];
  // Locally complete and live as the sources: silent.
  service.setLiveDiamond(liveDiamond(all));
  assert.deepEqual(only(service.findings(), 'interface-incomplete'), []);
  // A cut removed facetAddress(bytes4) on chain; supportsInterface still answers true for the loupe.
  service.setLiveDiamond(liveDiamond(all, ['0xcdffacc6']));
  const found = only(service.findings(), 'interface-incomplete');
  assert.equal(found.length, 1, JSON.stringify(found));
  const [f] = found;
  assert.equal(f.severity, 'error');
  assert.equal(f.file, '/ws/Diamond.sol');
  assert.equal(text('Diamond.sol').slice(f.start, f.end), 'Diamond');
  assert.equal(
    f.message,
    `The diamond on chain 31337 at ${LIVE_ADDRESS} answers supportsInterface(0x48e2b093) true (IDiamondLoupe), ` +
      'but facetAddress(bytes4) (0xcdffacc6) is routed to no facet on chain: calls to it revert. ' +
      'Cut the facet that implements it back in, or stop claiming the interface',
  );
  assert.equal(f.related[0]?.file, '/ws/interfaces/IDiamondLoupe.sol');
  // The same routing, but the chain no longer claims the loupe: silent (the local claim is still complete).
  service.setLiveDiamond(liveDiamond(['0x01ffc9a7', '0x1f931c1c', '0x7f5828d0'], ['0xcdffacc6']));
  assert.deepEqual(only(service.findings(), 'interface-incomplete'), []);
  // Routing without answers (not read): the live claims are not guessed.
  const { interfaces: _unread, ...routingOnly } = liveDiamond(all, ['0xcdffacc6']);
  service.setLiveDiamond(routingOnly);
  assert.deepEqual(only(service.findings(), 'interface-incomplete'), []);
  // Two functions of ownership gone: both named, at the same place; off is off.
  service.setLiveDiamond(liveDiamond(all, ['0x8da5cb5b', '0xf2fde38b']));
  assert.match(
    only(service.findings(), 'interface-incomplete')[0]?.message ?? '',
    /\(IERC173\), but owner\(\) \(0x8da5cb5b\), transferOwnership\(address\) \(0xf2fde38b\) are routed to no facet on chain/,
  );
  service.setConfig({ ...defaultConfig(), rules: { 'interface-incomplete': 'off' } });
  assert.deepEqual(only(service.findings(), 'interface-incomplete'), []);
});

test('a diamond contract answering supportsInterface itself (not in the loupe): the live ERC-165 claim is met', () => {
  const selfAnswering = PROXY.replace(
    '    fallback()',
    '    function supportsInterface(bytes4) external pure returns (bool) { return true; }\n    fallback()',
  );
  const { service } = diamond({
    'facets/DiamondCutFacet.sol': CUT,
    'facets/DiamondLoupeFacet.sol': LOUPE,
    'facets/OwnershipFacet.sol': OWNERSHIP,
    'Diamond.sol': selfAnswering,
  });
  // The loupe does not route supportsInterface; the diamond's own code answers it before the fallback.
  service.setLiveDiamond(liveDiamond(['0x01ffc9a7'], ['0x01ffc9a7']));
  assert.deepEqual(only(service.findings(), 'interface-incomplete'), []);
  // The same chain with a diamond contract that does not: the claim is not met.
  const plain = diamond({
    'facets/DiamondCutFacet.sol': CUT,
    'facets/DiamondLoupeFacet.sol': LOUPE,
    'facets/OwnershipFacet.sol': OWNERSHIP,
    'Diamond.sol': PROXY,
  });
  plain.service.setLiveDiamond(liveDiamond(['0x01ffc9a7'], ['0x01ffc9a7']));
  assert.match(
    only(plain.service.findings(), 'interface-incomplete')[0]?.message ?? '',
    /supportsInterface\(0x01ffc9a7\) true \(IERC165\), but supportsInterface\(bytes4\)/,
  );
});

test('without a diamond contract the live finding sits at the local claim of the id', () => {
  const { service, text } = diamond({
    'facets/DiamondCutFacet.sol': CUT,
    'facets/DiamondLoupeFacet.sol': LOUPE,
    'facets/OwnershipFacet.sol': OWNERSHIP,
  });
  service.setLiveDiamond(liveDiamond(['0x7f5828d0'], ['0xf2fde38b']));
  const found = only(service.findings(), 'interface-incomplete');
  assert.deepEqual(
    found.map((f) => [f.file, text('DiamondInit.sol').slice(f.start, f.end)]),
    [['/ws/DiamondInit.sol', 'supportedInterfaces[0x7f5828d0] = true']],
  );
  assert.match(
    found[0].message,
    /transferOwnership\(address\) \(0xf2fde38b\) is routed to no facet on chain/,
  );
});

test('claims of interfaces the engine does not know are counted as not checked (incompleteness), not dropped', () => {
  const complete = {
    'facets/DiamondCutFacet.sol': CUT,
    'facets/DiamondLoupeFacet.sol': LOUPE,
    'facets/OwnershipFacet.sol': OWNERSHIP,
  };
  assert.deepEqual(diamond(complete).service.incompleteness().unknownInterfaces, []);
  const nft = INIT.replace(
    '// ds.supportedInterfaces[0x80ac58cd] = true;  (commented out: not a claim)',
    'ds.supportedInterfaces[0x80AC58CD] = true; ds.supportedInterfaces[type(IMissing).interfaceId] = true;',
  );
  const { service, text } = memoryService({
    ...INTERFACES,
    'LibDiamond.sol': LIB,
    'DiamondInit.sol': nft,
    ...complete,
  });
  const unknown = service.incompleteness().unknownInterfaces;
  assert.deepEqual(
    unknown.map((u) => [u.interface, u.claimedIn, text('DiamondInit.sol').slice(u.start, u.end)]),
    [
      ['0x80ac58cd', 'DiamondInit', 'supportedInterfaces[0x80AC58CD] = true'],
      ['IMissing', 'DiamondInit', 'supportedInterfaces[type(IMissing).interfaceId] = true'],
    ],
  );
  // Not findings: the rule stays silent about them.
  assert.deepEqual(only(service.findings(), 'interface-incomplete'), []);
});
