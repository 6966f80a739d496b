/**
 * The documentation of the bundled DLOOP diamond (contracts/), checked against facts written here from reading
 * the contracts, against slots computed here with the keccak / ERC-7201 formulas, and against solc's
 * `evm.methodIdentifiers` (every selector of the registry, facet by facet); then determinism: services fed
 * the files in shuffled orders give byte-equal documents.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { keccak_256 } from '@noble/hashes/sha3.js';
import solc from 'solc';
import { defaultConfig, type DiamondConfig } from '../../engine/src/config';
import { docsFiles, docsJson } from '../../engine/src/docs/docs-files';
import { layoutMap } from '../../engine/src/docs/map-layout';
import { renderMapSvg } from '../../engine/src/docs/render-svg';
import type { DocsModel } from '../../engine/src/docs/model';
import { createAnalysisService } from '../../engine/src/service/create-service';
import { mulberry32 } from '../support/prng';
import { repoRoot } from '../support/repo';

const ROOT = repoRoot();
const CONTRACTS = join(ROOT, 'contracts');

function solFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) solFiles(p, out);
    else if (name.endsWith('.sol')) out.push(p);
  }
  return out;
}

const FILES = solFiles(CONTRACTS);
const TEXTS = new Map(FILES.map((f) => [f.replace(/\\/g, '/'), readFileSync(f, 'utf8')]));
const CONFIG: DiamondConfig = {
  ...defaultConfig(),
  ...(JSON.parse(readFileSync(join(CONTRACTS, 'diamond.config.json'), 'utf8')) as Partial<DiamondConfig>),
};

/** The docs model of contracts/ with its files handed to the service in `order`. */
function docsOf(order: readonly string[]): DocsModel {
  const service = createAnalysisService(
    { readFile: (f) => TEXTS.get(f) },
    { root: CONTRACTS.replace(/\\/g, '/') },
  );
  service.setConfig(CONFIG);
  for (const f of order) service.updateFile(f, TEXTS.get(f)!);
  return service.docs();
}

const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex');
const keccak = (s: string | Uint8Array) =>
  keccak_256(typeof s === 'string' ? new TextEncoder().encode(s) : s);

/** ERC-7201: keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff, computed here from the formula. */
function erc7201(id: string): string {
  const h = BigInt(hex(keccak(id))) - 1n;
  const word = Buffer.from(h.toString(16).padStart(64, '0'), 'hex');
  const slot = BigInt(hex(keccak(word))) & ~0xffn;
  return '0x' + slot.toString(16).padStart(64, '0');
}

const model = docsOf([...TEXTS.keys()]);
const ns = (id: string) => {
  const n = model.namespaces.find((x) => x.id === id);
  assert.ok(n, `namespace ${id} documented`);
  return n;
};

describe('docs of the bundled DLOOP diamond', () => {
  test('who writes and reads each namespace (read from the contracts by hand)', () => {
    assert.deepEqual(ns('dloop.storage.rewards.v1').writtenBy, ['RewardsFacet']);
    assert.deepEqual(ns('dloop.storage.rewards.v2').writtenBy, ['RewardsV2Facet']);
    // Pausing is CoreFacet's alone; every facet that checks the pause reads it (RewardsFacet through
    // LibCoreStorage.enforceNotPaused(), a library call: the dependency is transitive).
    assert.deepEqual(ns('dloop.storage.core.v1').writtenBy, ['CoreFacet']);
    assert.ok(ns('dloop.storage.core.v1').readBy.includes('RewardsFacet'));
    // The governance link is written once by DiamondInit (not a facet): facets only read it.
    assert.deepEqual(ns('dloop.storage.governance.v1').writtenBy, []);
    assert.deepEqual(ns('dloop.storage.governance.v1').readBy, ['CoreFacet', 'GovernanceFacet']);
    // Cutting and transferring ownership write LibDiamond's storage; the loupe only reads it.
    const diamond = ns('dloop.storage.diamond.v1');
    assert.deepEqual(diamond.writtenBy, ['DiamondCutFacet', 'OwnershipFacet']);
    assert.ok(diamond.readBy.includes('DiamondLoupeFacet'));
    assert.ok(!diamond.writtenBy.includes('DiamondLoupeFacet'));
    assert.deepEqual(ns('dloop.storage.rewardsExt.v1').writtenBy, ['RewardsV2Facet']);
  });

  test('versions, migration and extension', () => {
    const v2 = ns('dloop.storage.rewards.v2');
    assert.equal(v2.previousVersion, 'dloop.storage.rewards.v1');
    assert.deepEqual(v2.migratedBy, ['RewardsMigrationV2']);
    assert.equal(ns('dloop.storage.rewards.v1').previousVersion, null);
    assert.equal(ns('dloop.storage.rewardsExt.v1').extends, 'dloop.storage.rewards');
    assert.equal(ns('dloop.storage.core.v1').extends, null);
  });

  test('slots from the keccak and ERC-7201 formulas, fields packed as solc packs them', () => {
    const v1 = ns('dloop.storage.rewards.v1');
    assert.equal(v1.scheme, 'keccak');
    assert.equal(v1.slot, hex(keccak('dloop.storage.rewards.v1')));
    assert.equal(v1.library, 'LibRewardsStorage');
    const v2 = ns('dloop.storage.rewards.v2');
    assert.equal(v2.scheme, 'erc7201');
    assert.equal(v2.slot, erc7201('dloop.storage.rewards.v2'));
    assert.equal(v2.slot, '0x226334baf9233cdbaac818ceefb5db74bc0ca072ad6f5c45894224564e824d00');
    const at = (k: bigint) => '0x' + (BigInt(v2.slot) + k).toString(16).padStart(64, '0');
    // accounts, participants, isParticipant, totalDistributed: a slot each; distributor (20 bytes) and
    // migratedFromV1 (1 byte) share the fifth, right to left.
    assert.deepEqual(
      v2.fields.map((f) => [f.name, f.slot, f.offset, f.bytes]),
      [
        ['accounts', at(0n), 0, 32],
        ['participants', at(1n), 0, 32],
        ['isParticipant', at(2n), 0, 32],
        ['totalDistributed', at(3n), 0, 32],
        ['distributor', at(4n), 0, 20],
        ['migratedFromV1', at(4n), 20, 1],
      ],
    );
    for (const n of model.namespaces.filter((x) => x.scheme === 'erc7201'))
      assert.equal(n.slot, erc7201(n.id!));
  });

  test("the selector registry is solc's methodIdentifiers, facet by facet, with the declaring line", () => {
    const dloop = model.diamonds.find((d) => d.name === 'DLOOP')!;
    const facets = CONFIG.diamonds.find((d) => d.name === 'DLOOP')!.facets ?? [];
    const sources: Record<string, { content: string }> = {};
    for (const [f, t] of TEXTS) sources[relative(CONTRACTS, f).replace(/\\/g, '/')] = { content: t };
    const out = JSON.parse(
      solc.compile(
        JSON.stringify({
          language: 'Solidity',
          sources,
          settings: { outputSelection: { '*': { '*': ['evm.methodIdentifiers'] } } },
        }),
      ),
    ) as {
      contracts: Record<string, Record<string, { evm: { methodIdentifiers: Record<string, string> } }>>;
    };
    const expected: string[] = [];
    for (const file of Object.values(out.contracts))
      for (const [name, c] of Object.entries(file))
        if (facets.includes(name))
          for (const [sig, id] of Object.entries(c.evm.methodIdentifiers))
            expected.push(`0x${id} ${sig} ${name}`);
    assert.equal(new Set(facets).size, facets.length);
    assert.deepEqual(
      dloop.selectors.map((s) => `${s.selector} ${s.signature} ${s.facet}`).sort(),
      expected.sort(),
    );
    // One selector by hand: keccak256("claimRewards()")[0..4].
    const claim = dloop.selectors.find((s) => s.signature === 'claimRewards()')!;
    assert.equal(claim.selector, hex(keccak('claimRewards()')).slice(0, 10));
    assert.equal(claim.facet, 'RewardsFacet');
    assert.equal(claim.file, 'facets/RewardsFacet.sol');
    const lines = TEXTS.get(join(CONTRACTS, 'facets/RewardsFacet.sol').replace(/\\/g, '/'))!.split('\n');
    assert.match(lines[claim.line - 1], /function claimRewards\(/);
  });

  test('dependencies: reads, writes and the libraries each facet uses', () => {
    const deps = new Set(model.dependencies.map((d) => `${d.from} ${d.kind} ${d.to}`));
    assert.ok(deps.has('RewardsV2Facet writes dloop.storage.rewardsExt.v1'));
    assert.ok(deps.has('RewardsFacet reads dloop.storage.core.v1'));
    assert.ok(!deps.has('DiamondLoupeFacet writes dloop.storage.diamond.v1'));
    // No DLOOP facet calls another through the diamond.
    assert.equal(model.dependencies.filter((d) => d.kind === 'calls').length, 0);
    const rewards = model.diamonds
      .find((d) => d.name === 'DLOOP')!
      .facets.find((f) => f.name === 'RewardsFacet')!;
    assert.deepEqual(rewards.libraries, ['LibCoreStorage', 'LibDiamond', 'LibRewardsStorage']);
    assert.deepEqual(model.unparsed, []);
  });

  test("the JSON has the issue's shape exactly", () => {
    const json = JSON.parse(docsJson(model));
    assert.deepEqual(Object.keys(json), ['namespaces', 'diamonds', 'dependencies']);
    assert.deepEqual(Object.keys(json.namespaces[0]), [
      'id',
      'slot',
      'library',
      'struct',
      'scheme',
      'fields',
      'readBy',
      'writtenBy',
    ]);
    assert.deepEqual(Object.keys(json.namespaces[0].fields[0]), ['name', 'type', 'slot', 'offset', 'bytes']);
    assert.deepEqual(Object.keys(json.diamonds[0]), ['name', 'selectors']);
    assert.deepEqual(Object.keys(json.diamonds[0].selectors[0]), [
      'selector',
      'signature',
      'facet',
      'file',
      'line',
    ]);
    assert.deepEqual(Object.keys(json.dependencies[0]), ['from', 'to', 'kind']);
    assert.ok(
      json.dependencies.every((d: { kind: string }) => ['reads', 'writes', 'calls'].includes(d.kind)),
    );
  });

  test('the map: one node per facet, shared namespaces marked, laid out (no two nodes at one place)', () => {
    const svg = docsFiles(model, 'md').find((f) => f.name === 'map-dloop.svg')!.text;
    for (const f of CONFIG.diamonds[0].facets ?? []) assert.ok(svg.includes(`data-id="facet:${f}"`), f);
    assert.match(svg, /class="node namespace shared" data-id="ns:dloop\.storage\.core\.v1"/);
    assert.match(svg, /class="node namespace" data-id="ns:dloop\.storage\.oracle\.v1"/);
    const places = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width/g)].map((m) => `${m[1]},${m[2]}`);
    assert.ok(places.length > 10);
    assert.equal(new Set(places).size, places.length);
  });

  test('the map with a connected diamond: drifting facets dashed, a facet only the chain routes drawn, a live line', () => {
    const facets = CONFIG.diamonds[0].facets ?? [];
    const [drifting, steady] = facets;
    const chainOnly = '0x00000000000000000000000000000000000000ab';
    const live: DocsModel['live'] = {
      chainId: 31337,
      address: '0x00000000000000000000000000000000000000d1',
      same: 40,
      differences: [
        { selector: '0x11111111', signature: 'a()', facet: drifting, drift: ['changed'] },
        { selector: '0x22222222', signature: 'b()', facet: drifting, drift: ['local-only'] },
        { selector: '0x33333333', signature: null, facet: chainOnly, drift: ['on-chain-only'] },
        { selector: '0x44444444', signature: 'c()', facet: 'RewardsV2Facet', drift: ['local-only'] },
      ],
    };
    const layout = layoutMap({ ...model, live }, model.diamonds[0].name)!;
    const node = (id: string) => layout.nodes.find((n) => n.id === id);
    assert.equal(node(`facet:${drifting}`)?.drift, true);
    assert.match(node(`facet:${drifting}`)!.detail, / · 2 differ on chain$/);
    assert.equal(node(`facet:${steady}`)?.drift, false);
    assert.match(node(`facet:${steady}`)!.detail, / · as on chain$/);
    assert.deepEqual(
      {
        drift: node(`chain:${chainOnly}`)?.drift,
        detail: node(`chain:${chainOnly}`)?.detail,
        file: node(`chain:${chainOnly}`)?.file,
      },
      { drift: true, detail: 'on chain only · 1 selector', file: '' },
    );
    const svg = renderMapSvg(layout);
    assert.match(svg, new RegExp(`class="node facet drift" data-id="facet:${drifting}"`));
    assert.match(svg, /connected: 0x0+d1 on chain 31337: 40 selector\(s\) as the sources, 4 differ/);
    // A facet of another diamond that only the sources have is not drawn on this diamond's map.
    assert.equal(node('chain:RewardsV2Facet'), undefined);
    // Without a connection: no drift anywhere, no live line (what `diamond docs` writes).
    const offline = layoutMap(model, model.diamonds[0].name)!;
    assert.ok(offline.nodes.every((n) => !n.drift && !n.detail.includes('on chain')));
    assert.doesNotMatch(renderMapSvg(offline), /connected:/);
  });

  test('deterministic: files handed over in shuffled orders give byte-equal documents', () => {
    const keys = [...TEXTS.keys()];
    const random = mulberry32(11);
    const shuffled = keys
      .map((k) => ({ k, r: random() }))
      .sort((a, b) => a.r - b.r)
      .map((x) => x.k);
    assert.notDeepEqual(shuffled, keys);
    const other = docsOf(shuffled);
    for (const format of ['md', 'json'] as const) {
      const a = docsFiles(model, format);
      const b = docsFiles(other, format);
      assert.deepEqual(
        b.map((f) => f.name),
        a.map((f) => f.name),
      );
      for (const [i, f] of a.entries()) assert.equal(b[i].text, f.text, f.name);
    }
    // Nothing dated: the text holds no year of this century.
    assert.doesNotMatch(
      docsFiles(model, 'md')
        .map((f) => f.text)
        .join(''),
      /20\d\d-\d\d-\d\d/,
    );
  });
});
