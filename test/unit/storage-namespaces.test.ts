/**
 * Namespace discovery on diamond storage (the EIP-2535 reference shape), the erc7201 builtin and an
 * inline slot: every slot equals where solc really places the pointer (probe on the EVM). Also: the
 * fixtures are valid Solidity, and the hover data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hoverStorage } from '../../engine/src/rules/storage-analysis';
import { hoverNamespace } from '../../engine/src/storage/hover';
import { workspaceView } from '../../engine/src/storage/workspace-view';
import { compileSources, pointerSlots } from './storage-evm';
import { analyzeFixture, fixtureSources, fixturesRoot } from './storage-fixtures';

test('every storage fixture compiles with solc 0.8.37', () => {
  const dirs: string[] = [];
  const walk = (rel: string) => {
    const abs = join(fixturesRoot(), rel);
    const entries = readdirSync(abs);
    if (entries.some((e) => e.endsWith('.sol'))) dirs.push(rel);
    for (const e of entries) if (statSync(join(abs, e)).isDirectory()) walk(rel ? `${rel}/${e}` : e);
  };
  walk('');
  assert.ok(dirs.length >= 10, dirs.join(', '));
  for (const d of dirs) assert.doesNotThrow(() => compileSources(fixtureSources(d)), d);
});

test('diamond storage, erc7201 builtin and an inline slot: ids, schemes, structs and solc slots', async () => {
  const r = analyzeFixture('diamond-storage');
  const byOwner = new Map(r.namespaces.map((n) => [n.owner, n]));
  assert.deepEqual([...byOwner.keys()].sort(), ['LibDiamond', 'LibFee', 'LibLedger', 'LibVault']);
  const truth = await pointerSlots(fixtureSources('diamond-storage'), [
    { library: 'LibDiamond', fn: 'diamondStorage', type: 'LibDiamond.DiamondStorage' },
    { library: 'LibVault', fn: 'layout', type: 'LibVault.Layout' },
    { library: 'LibFee', fn: 'layout', type: 'LibFee.Layout' },
    { library: 'LibLedger', fn: 'ledger', type: 'LibLedger.Ledger' },
  ]);
  const expect = [
    [
      'LibDiamond',
      'diamond.standard.diamond.storage',
      'keccak',
      'LibDiamond.DiamondStorage',
      'DIAMOND_STORAGE_POSITION',
    ],
    ['LibVault', 'dloop.storage.vault.v1', 'keccak', 'LibVault.Layout', 'STORAGE_POSITION'],
    ['LibFee', 'dloop.storage.fee.v1', 'erc7201', 'LibFee.Layout', 'LOCATION'],
    [
      'LibLedger',
      'dloop.storage.ledger.v1',
      'keccak',
      'LibLedger.Ledger',
      'keccak256(abi.encodePacked("dloop.storage.ledger.v1"))',
    ],
  ];
  expect.forEach(([owner, id, scheme, struct, text], i) => {
    const n = byOwner.get(owner)!;
    assert.equal(n.id, id, owner);
    assert.equal(n.scheme, scheme, owner);
    assert.equal(n.struct, struct, owner);
    assert.equal(n.slot, truth[i], `${owner} slot`);
    assert.equal(r.textAt({ file: n.file, ...n.span }), text, owner);
  });
  // The reference implementation's published position.
  assert.equal(
    byOwner.get('LibDiamond')!.slot,
    '0xc8fcad8db84d3cc18b4c41d551ea0ee66dd599cde068d998e57d5e09332c131c',
  );
  // VaultFacet reads LibVault's constant into its own pointer: a reader, not a second namespace.
  const vault = r.details.find((d) => d.entry.owner === 'LibVault')!;
  assert.deepEqual(vault.readers.map((p) => p.file.split('/').pop()).sort(), [
    'LibVault.sol',
    'VaultFacet.sol',
  ]);
  assert.deepEqual(r.of('namespace-collision'), []);
  assert.deepEqual(r.of('erc7201-slot-mismatch'), []);
  assert.deepEqual(r.of('facet-state-variable'), []);
});

test('constants derived from a file-level constant, another library (`L.X`) and a unit alias', async () => {
  const r = analyzeFixture('references');
  const truth = await pointerSlots(fixtureSources('references'), [
    { library: 'LibRefA', fn: 'layout', type: 'LibRefA.Layout' },
    { library: 'LibRefB', fn: 'layout', type: 'LibRefB.Layout' },
  ]);
  const slot = (owner: string) => r.namespaces.find((n) => n.owner === owner && n.struct)?.slot;
  assert.deepEqual([slot('LibRefA'), slot('LibRefB')], truth);
  // Derived from a hashed id: the id is kept, and the scheme says the value came from a hash.
  const a = r.namespaces.find((n) => n.owner === 'LibRefA')!;
  assert.equal(a.id, 'dloop.storage.refs.v1');
  assert.equal(a.scheme, 'keccak');
});

test('hover on a slot constant, its use in another contract, a struct field, and off any namespace', () => {
  const r = analyzeFixture('diamond-storage');
  const view = workspaceView(r.ws);
  const file = r.ws.files().find((f) => f.endsWith('/VaultFacet.sol'))!;
  const text = r.ws.text(file)!;
  const use = text.indexOf('STORAGE_POSITION');
  const h = hoverStorage(r.ws, r, file, use + 3)!;
  assert.ok(h, 'hover on LibVault.STORAGE_POSITION used in VaultFacet');
  assert.equal(text.slice(h.span.start, h.span.end), 'LibVault.STORAGE_POSITION');
  assert.match(h.contents, /`dloop\.storage\.vault\.v1`/);
  assert.match(h.contents, /slot: `0x[0-9a-f]{64}`/);
  assert.match(h.contents, /declared by: `LibVault\.STORAGE_POSITION`/);
  assert.match(h.contents, /struct: `LibVault\.Layout`/);

  const lib = r.ws.files().find((f) => f.endsWith('/LibFee.sol'))!;
  const libText = r.ws.text(lib)!;
  const onDecl = hoverNamespace(view, r.details, lib, libText.indexOf('LOCATION ='))!;
  assert.match(onDecl.contents, /ERC-7201/);
  assert.match(onDecl.contents, /`dloop\.storage\.fee\.v1`/);
  // A field of the namespace's struct: where it lives. `collector` packs after the 12-byte feeBps.
  const onField = hoverNamespace(view, r.details, lib, libText.indexOf('collector'))!;
  assert.equal(libText.slice(onField.span.start, onField.span.end), 'address collector');
  const root = r.namespaces.find((n) => n.id === 'dloop.storage.fee.v1')!.slot;
  assert.ok(onField.contents.includes(`slot: \`${root}\``), onField.contents);
  assert.match(onField.contents, /offset: 12 · 20 bytes/);
  assert.equal(hoverNamespace(view, r.details, lib, libText.indexOf('function layout')), undefined);
  assert.equal(hoverNamespace(view, r.details, file, text.indexOf('totalAssets')), undefined);
});
