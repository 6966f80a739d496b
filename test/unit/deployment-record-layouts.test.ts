/**
 * Per-field namespace layouts in deployment records (chain/src/deployment-record.ts): written with each
 * namespace (name, type, absolute slot, offset, bytes, shape), read back whole; records from before them (no
 * `fieldLayout`, or `namespaces: null`) stay readable and yield no layouts, so the caller falls back to the source
 * commit; a layout of a later version is ignored, not fatal; a malformed one is refused by the writer and skipped
 * by the reader. (On a real node, after a real deploy: test/chain/layout-record.test.ts.)
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import {
  readDeploymentRecord,
  readDeploymentRecordFile,
  recordedFieldLayouts,
  writeDeploymentRecord,
  type DeploymentRecord,
  type RecordedNamespace,
} from '../../chain/src/deployment-record';
import { projectRecordedNamespaces } from '../../chain/src/project-namespaces';
import { bareRecord } from '../support/records';
import { repoRoot } from '../support/repo';

const DIAMOND = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const tmp = mkdtempSync(join(tmpdir(), 'diamond-record-layouts-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const record = (namespaces: RecordedNamespace[] | null): DeploymentRecord =>
  bareRecord(DIAMOND, { storageLayouts: { solc: {}, namespaces } });

let n = 0;
const root = () => join(tmp, `r${n++}`);
const namespaces = () => projectRecordedNamespaces(join(repoRoot(), 'contracts'));

test('the DLOOP namespaces are recorded with every field, and read back whole', () => {
  const ns = namespaces();
  const core = ns.find((x) => x.id === 'dloop.storage.core.v1')!;
  assert.ok(core.fieldLayout, 'the core namespace has a layout');
  assert.equal(core.fieldLayout.version, 1);
  assert.equal(core.fieldLayout.slot, core.slot);
  assert.equal(core.fieldLayout.fields[0].slot, core.slot, 'the first field sits at the root');
  const dir = root();
  const { file } = writeDeploymentRecord(dir, record(ns));
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), record(ns));
  const back = readDeploymentRecord(dir, 31337, DIAMOND)!;
  const layouts = recordedFieldLayouts(back);
  assert.equal(layouts.length, ns.filter((x) => x.fieldLayout).length);
  assert.ok(layouts.length >= 10, `${layouts.length} layouts`);
  for (const l of layouts) {
    assert.ok(l.fields.length > 0);
    for (const f of l.fields) {
      assert.match(f.slot, /^0x[0-9a-f]{64}$/);
      assert.ok(f.bytes > 0 && f.offset >= 0 && f.offset + Math.min(f.bytes, 32) <= 32, `${f.name}`);
      assert.equal(typeof f.shape.k, 'string');
    }
  }
});

test('older records stay readable: no layout, or no namespaces at all, yield no field layouts', () => {
  const bare = namespaces().map(({ fieldLayout: _, ...entry }) => entry);
  for (const old of [record(bare), record(null)]) {
    const dir = root();
    writeDeploymentRecord(dir, old);
    const back = readDeploymentRecord(dir, 31337, DIAMOND);
    assert.ok(back, 'read');
    assert.deepEqual(recordedFieldLayouts(back), []);
  }
});

test('a layout of a later version is ignored; a malformed one is refused and skipped with its reason', () => {
  const ns = namespaces();
  const later = ns.map((x) =>
    x.fieldLayout ? { ...x, fieldLayout: { ...x.fieldLayout, version: 2 as unknown as 1 } } : x,
  );
  const dir = root();
  writeDeploymentRecord(dir, record(later));
  assert.deepEqual(recordedFieldLayouts(readDeploymentRecord(dir, 31337, DIAMOND)!), []);

  const i = ns.findIndex((x) => x.fieldLayout);
  const broken = structuredClone(ns);
  (broken[i].fieldLayout!.fields[0] as { offset: unknown }).offset = 40;
  assert.throws(
    () => writeDeploymentRecord(root(), record(broken)),
    /namespaces\[\d+\]\.fieldLayout\.fields\[0\] is not a field/,
  );
  const file = join(root(), '31337', `${DIAMOND.toLowerCase()}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(record(broken)));
  const read = readDeploymentRecordFile(file);
  assert.equal(read.ok, false);
  assert.match(!read.ok ? read.reason : '', /fieldLayout\.fields\[0\] is not a field/);
});
