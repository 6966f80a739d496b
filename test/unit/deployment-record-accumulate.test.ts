/**
 * Records accumulate (issue "faults and hostile input", item 1): a second deploy to the same chain must not
 * replace the first diamond's record. One record per diamond, `.diamond/deployments/<chainId>/<diamond>.json`;
 * the old single file `<chainId>.json` is still read (as the record of the diamond it names) and never
 * deleted; a second record for the same address keeps the first one under `<chainId>/superseded/`.
 * (Two real deploys to one node: test/chain/deploy-faults.test.ts.)
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  deploymentRecordFor,
  listDeploymentRecords,
  readDeploymentRecord,
  writeDeploymentRecord,
  type DeploymentRecord,
} from '../../chain/src/deployment-record';
import { recentDeployments } from '../../client/src/deployments';

const A = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const B = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const C = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';
const FACET = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9';

const tmp = mkdtempSync(join(tmpdir(), 'diamond-records-acc-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function record(diamond: string, timestamp: string, sourceCommit: string | null = null): DeploymentRecord {
  return {
    format: 1,
    chainId: 31337,
    diamond,
    governance: null,
    token: null,
    facets: [{ name: 'CoreFacet', address: FACET, runtimeBytecodeHash: '0x' + 'ab'.repeat(32), selectors: ['0x8456cb59'] }],
    contracts: {},
    storageLayouts: { solc: { CoreFacet: null }, namespaces: null },
    sourceCommit,
    timestamp,
  };
}

const noWarnings = () => ({ lines: [] as string[], warn(m: string) { this.lines.push(m); } });

describe('deployment records accumulate: one per diamond, never replaced silently', () => {
  test('two deploys to one chain: both records on disk, each found by its diamond address, both listed', () => {
    const root = join(tmp, 'two');
    const first = record(A, '2026-11-20T10:00:00.000Z', 'a'.repeat(40));
    const second = record(B, '2026-11-21T10:00:00.000Z', 'b'.repeat(40));
    const f1 = writeDeploymentRecord(root, first).file;
    const f2 = writeDeploymentRecord(root, second).file;
    assert.notEqual(f1, f2);
    assert.deepEqual(JSON.parse(readFileSync(f1, 'utf8')), first, 'the first record is untouched');
    assert.deepEqual(JSON.parse(readFileSync(f2, 'utf8')), second);
    assert.deepEqual(readDeploymentRecord(root, 31337, A), first);
    assert.deepEqual(readDeploymentRecord(root, 31337, B.toLowerCase()), second);
    assert.equal(readDeploymentRecord(root, 31337, C), undefined);
    assert.deepEqual(deploymentRecordFor([join(tmp, 'elsewhere'), root], 31337, A), first);
    assert.deepEqual(deploymentRecordFor([root], 31337, B), second);
    const listed = listDeploymentRecords([root]);
    assert.deepEqual(listed.skipped, []);
    assert.deepEqual(listed.records.map((r) => r.record.diamond).sort(), [A, B].sort());
    const log = noWarnings();
    assert.deepEqual(
      recentDeployments([root], log).map((d) => d.diamond),
      [B, A],
      '"Connect to Diamond…" offers both, newest first',
    );
    assert.deepEqual(log.lines, []);
    const dir = join(root, '.diamond', 'deployments');
    assert.ok(!readdirSync(dir, { recursive: true }).some((n) => String(n).endsWith('.tmp')), 'no temp file left');
  });

  test('an old single-file record <chainId>.json is still read, listed and kept beside new ones', () => {
    const root = join(tmp, 'legacy');
    const dir = join(root, '.diamond', 'deployments');
    mkdirSync(dir, { recursive: true });
    const old = record(A, '2026-01-01T00:00:00.000Z', 'c'.repeat(40));
    const legacyFile = join(dir, '31337.json');
    writeFileSync(legacyFile, JSON.stringify(old, null, 2) + '\n');
    assert.deepEqual(readDeploymentRecord(root, 31337, A), old, 'read before any new deploy');
    const newer = record(B, '2026-11-21T10:00:00.000Z');
    writeDeploymentRecord(root, newer);
    assert.ok(existsSync(legacyFile), 'the old file is never deleted');
    assert.deepEqual(JSON.parse(readFileSync(legacyFile, 'utf8')), old, 'nor rewritten');
    assert.deepEqual(readDeploymentRecord(root, 31337, A), old);
    assert.deepEqual(readDeploymentRecord(root, 31337, B), newer);
    assert.deepEqual(listDeploymentRecords([root]).records.map((r) => r.record.diamond).sort(), [A, B].sort());
    assert.deepEqual(listDeploymentRecords([root]).skipped, []);
  });

  test('a second record for the same diamond address keeps the first one, and says where', () => {
    const root = join(tmp, 'same-address');
    const first = record(A, '2026-11-20T10:00:00.000Z', 'd'.repeat(40));
    const second = record(A, '2026-11-21T10:00:00.000Z', 'e'.repeat(40));
    const w1 = writeDeploymentRecord(root, first);
    assert.equal(w1.superseded, undefined);
    const w2 = writeDeploymentRecord(root, second);
    assert.equal(w2.file, w1.file);
    assert.ok(w2.superseded, 'the writer names where the previous record went');
    assert.deepEqual(JSON.parse(readFileSync(w2.superseded, 'utf8')), first, 'the previous record, byte for byte');
    assert.deepEqual(readDeploymentRecord(root, 31337, A), second, 'the newest is the record of the address');
    assert.deepEqual(listDeploymentRecords([root]).records.map((r) => r.record.timestamp), [second.timestamp]);
  });
});
