/**
 * Zero false positives on OpenZeppelin Contracts 5.x (node_modules): every ERC-7201 constant
 * evaluates to its id's slot, nothing collides (the transient ReentrancyGuard shares its id with the
 * persistent one on purpose), and non-slot constants are left alone. Also: the bundled DLOOP
 * contracts are clean, and OpenZeppelin namespaces reached through a facet's imports are found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../engine/src/config';
import { analyzeStorage } from '../../engine/src/rules/storage-analysis';
import { erc7201Slot } from '../../engine/src/constants/erc7201';
import { repoRoot, solidityValues } from './storage-evm';
import { analyzeFixture, solFiles, workspaceOf } from './storage-fixtures';

const OZ = () => join(repoRoot(), 'node_modules', '@openzeppelin', 'contracts');
const FORMULA_COMMENT =
  /\/\/ keccak256\(abi\.encode\(uint256\(keccak256\("([^"]+)"\)\) - 1\)\) & ~bytes32\(uint256\(0xff\)\)/g;

test('OpenZeppelin: every ERC-7201 constant matches its id, no finding at all', async () => {
  const ws = workspaceOf(OZ());
  assert.ok(ws.files().length > 200, `${ws.files().length} files`);
  const r = analyzeStorage(ws, undefined, defaultConfig());
  assert.deepEqual(
    r.findings.map((f) => `${f.rule} ${f.file}: ${f.message}`),
    [],
  );

  // What the sources claim, read with a plain regex over the text (independent of our parser).
  const claimedInText: string[] = [];
  for (const f of solFiles(OZ()))
    for (const m of readFileSync(f, 'utf8').matchAll(FORMULA_COMMENT)) claimedInText.push(m[1]);
  assert.ok(claimedInText.length >= 4, claimedInText.join(', '));
  const claimed = r.details.filter((n) => n.claim?.on === 'constant');
  assert.deepEqual(
    claimed.map((n) => n.claim!.id).sort(),
    [...claimedInText].sort(),
    'every commented constant is found',
  );
  for (const n of claimed) {
    assert.equal(n.value.value, erc7201Slot(n.claim!.id), `${n.entry.owner}.${n.constant!.def.name}`);
    assert.equal(n.entry.scheme, 'erc7201');
    assert.equal(n.entry.id, n.claim!.id);
  }
  const init = r.details.find((n) => n.entry.owner === 'Initializable')!;
  assert.equal(
    init.entry.struct,
    'Initializable.InitializableStorage',
    'traced through _initializableStorageSlot()',
  );

  // ReentrancyGuard (persistent) and ReentrancyGuardTransient share the id: the transient one is not storage.
  const guards = r.details.filter((n) => n.entry.id === 'openzeppelin.storage.ReentrancyGuard');
  assert.deepEqual(guards.map((g) => [g.entry.owner, g.transient]).sort(), [
    ['ReentrancyGuard', false],
    ['ReentrancyGuardTransient', true],
  ]);
  assert.ok(!r.details.some((n) => n.entry.owner === 'Panic'), 'Panic codes are no slots');

  // EIP-1967 slots are found as literal slots with the values solc computes from their definition.
  const eip1967 = r.details
    .filter((n) => n.entry.owner === 'ERC1967Utils')
    .map((n) => n.entry.slot)
    .sort();
  const truth = await solidityValues(
    ['implementation', 'admin', 'beacon'].map((k) => ({
      type: 'bytes32',
      expr: `bytes32(uint256(keccak256("eip1967.proxy.${k}")) - 1)`,
    })),
  );
  assert.deepEqual(eip1967, [...truth].sort());
});

test('OpenZeppelin namespaces reached through a facet’s imports', () => {
  const r = analyzeFixture('oz-facet');
  assert.deepEqual(r.findings, []);
  const ids = r.namespaces.map((n) => n.id).sort();
  assert.deepEqual(ids, ['openzeppelin.storage.Initializable', 'openzeppelin.storage.ReentrancyGuard']);
  for (const n of r.namespaces) assert.ok(n.file.includes('/node_modules/@openzeppelin/contracts/'), n.file);
});

test('the bundled DLOOP contracts: no storage finding, every namespace follows the convention', () => {
  const ws = workspaceOf(join(repoRoot(), 'contracts'));
  const r = analyzeStorage(ws, undefined, defaultConfig());
  assert.deepEqual(
    r.findings.map((f) => `${f.rule}: ${f.message}`),
    [],
  );
  assert.ok(r.namespaces.length >= 7, `${r.namespaces.length} namespaces`);
  const pattern = new RegExp(defaultConfig().namespacePattern);
  for (const n of r.namespaces) {
    assert.ok(n.id !== undefined && pattern.test(n.id), `${n.owner}: ${n.id}`);
    assert.ok(n.struct, `${n.owner} places a struct`);
  }
});
