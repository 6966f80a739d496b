/**
 * The simulation's slot types from the engine's exact layouts (chain/src/simulation/engine-layouts.ts) equal the
 * ones read from solc's storageLayout through the layout probe (namespace-layouts.ts), member by member, for
 * the bundled DLOOP namespaces and the torture struct; and a namespace the probe cannot declare (OpenZeppelin's,
 * in node_modules, outside the compile root) gets the engine's layout, so its writes are named by field.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { projectRecordedNamespaces } from '../../chain/src/project-namespaces';
import { slotTypeOfFieldLayout } from '../../chain/src/simulation/engine-layouts';
import { namespaceLayouts } from '../../chain/src/simulation/namespace-layouts';
import { attributeStorage } from '../../chain/src/simulation/storage-attribution';
import type { SlotType } from '../../chain/src/simulation/storage-layout';
import { repoRoot } from '../support/repo';

const tmp = mkdtempSync(join(tmpdir(), 'diamond-engine-layouts-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The storage shape without labels (solc writes `enum X` / `contract Y` where the engine writes uint8 / address). */
function shape(t: SlotType): unknown {
  switch (t.kind) {
    case 'value':
      return { value: t.bytes };
    case 'bytes':
      return 'bytes';
    case 'struct':
      return { slots: t.slots, members: t.members.map((m) => [m.name, m.slot, m.offset, shape(m.type)]) };
    case 'mapping':
      return { key: t.key.bytes, value: shape(t.value) };
    case 'array':
      return { array: shape(t.base) };
    case 'fixed-array':
      return { length: t.length, slots: t.slots, base: shape(t.base) };
  }
}

for (const [what, dir] of [
  ['the bundled DLOOP namespaces', join(repoRoot(), 'contracts')],
  ['the torture struct', join(repoRoot(), 'test', 'fixtures', 'storage', 'layout-torture')],
] as const) {
  test(`${what}: the engine's slot types equal solc's`, async () => {
    const found = projectRecordedNamespaces(dir);
    const solc = await namespaceLayouts({
      root: dir,
      namespaces: found.map(({ fieldLayout: _, ...entry }) => entry),
      cacheDir: join(tmp, what),
    });
    assert.deepEqual(solc.problems, []);
    let compared = 0;
    for (const [i, ns] of found.entries()) {
      if (!ns.struct) continue;
      const fromSolc = solc.namespaces[i].layout;
      assert.ok(fromSolc, `${ns.struct}: solc laid it out`);
      const fromEngine = slotTypeOfFieldLayout(ns.fieldLayout!, ns.struct);
      assert.ok(fromEngine, `${ns.struct}: the engine laid it out`);
      assert.deepEqual(shape(fromEngine), shape(fromSolc), ns.struct);
      compared++;
    }
    assert.ok(compared >= 2, `${compared} compared`);
  });
}

test('a namespace outside the compile root (OpenZeppelin Initializable) takes the engine layout; writes are named', async () => {
  const dir = join(repoRoot(), 'test', 'fixtures', 'storage', 'oz-facet');
  const found = projectRecordedNamespaces(dir);
  const init = found.find((n) => n.id === 'openzeppelin.storage.Initializable')!;
  assert.ok(init?.fieldLayout, 'the engine laid out Initializable');
  const { namespaces, problems } = await namespaceLayouts({
    root: dir,
    namespaces: found,
    cacheDir: join(tmp, 'oz'),
  });
  assert.ok(
    problems.some((p) => p.includes('outside')),
    problems.join('\n'),
  );
  const ns = namespaces.find((n) => n.id === 'openzeppelin.storage.Initializable')!;
  assert.ok(ns.layout, 'layout from the engine');
  assert.ok(!('fieldLayout' in ns), 'the record-only part is not passed on');
  // `_initialized` (uint64) and `_initializing` (bool) pack into the root slot.
  const write = { slot: ns.slot, before: '0x' + '0'.repeat(64), after: '0x' + '1'.padStart(64, '0') };
  const rows = attributeStorage([write], [ns], new Map());
  assert.equal(rows.length, 1);
  assert.equal(rows[0].namespace, 'openzeppelin.storage.Initializable');
  assert.match(rows[0].field ?? '', /_initialized/);
  assert.deepEqual(rows[0].values?.find((v) => v.field === '_initialized')?.after, '1');
});
