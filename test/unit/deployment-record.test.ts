/**
 * The one deployment-record module (chain/src/deployment-record.ts) and what each face makes of the same
 * files: what "Connect to Diamond…" lists (client/src/deployments.ts recentDeployments) and what the CLI
 * reads (readDeploymentRecord, used by `diamond loupe` and `diamond check --rpc`). Records are one file per diamond,
 * `<chainId>/<diamond>.json`; the earlier `<chainId>.json` is read too (the last describe below). A record as the writer
 * writes it is read back whole by both; the shapes the old client parser also accepted (facets as an object,
 * `deployedAt`, a string chainId, seconds timestamps) and half-written or misnamed files are skipped by both,
 * each with its reason in the log. (The same agreement on a real node: test/chain/deploy-workflow.test.ts.)
 *
 * Records accumulate (issue "faults and hostile input", item 1): a second deploy to the same chain must not replace
 * the first diamond's record. The old single file `<chainId>.json` is still read (as the record of the diamond it
 * names) and never deleted; a second record for the same address keeps the first one under `<chainId>/superseded/`.
 * (Two real deploys to one node: test/chain/deploy-faults.test.ts.)
 */
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  deploymentRecordFor,
  listDeploymentRecords,
  readDeploymentRecord,
  readDeploymentRecordFile,
  writeDeploymentRecord,
  type DeploymentRecord,
} from '../../chain/src/deployment-record';
import { recentDeployments, sortRecent } from '../../client/src/deployments';
import { bareRecord } from '../support/records';

const DIAMOND = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const CORE = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const FEE = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';
const TIME = '2026-11-21T23:00:00.000Z';
/** A second diamond on the same chain. */
const OTHER = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9';

const tmp = mkdtempSync(join(tmpdir(), 'diamond-records-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function record(): DeploymentRecord {
  return bareRecord(DIAMOND, {
    facets: [
      {
        name: 'CoreFacet',
        address: CORE,
        runtimeBytecodeHash: '0x' + 'ab'.repeat(32),
        selectors: ['0x8456cb59'],
      },
      { name: 'FeeFacet', address: FEE, runtimeBytecodeHash: '0x' + 'cd'.repeat(32), selectors: [] },
    ],
    contracts: { DiamondInit: CORE },
    storageLayouts: { solc: { CoreFacet: null }, namespaces: null },
    timestamp: TIME,
  });
}

let n = 0;
/** A fresh project root with `.diamond/deployments/<name>` holding `text`. */
function rootWith(name: string, text: string): string {
  const root = join(tmp, `root-${n++}`);
  const file = join(root, '.diamond', 'deployments', name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return root;
}

function logger() {
  const lines: string[] = [];
  return { lines, warn: (m: string) => void lines.push(m) };
}

describe('deployment records: one writer, one reader, both faces agree', () => {
  test('a record as written is read back whole, by the CLI and by "Connect to Diamond…"', () => {
    const root = join(tmp, 'written');
    const { file } = writeDeploymentRecord(root, record());
    assert.equal(file, join(root, '.diamond', 'deployments', '31337', `${DIAMOND.toLowerCase()}.json`));
    assert.deepEqual(
      readdirSync(join(root, '.diamond', 'deployments', '31337')),
      [`${DIAMOND.toLowerCase()}.json`],
      'no temp file left',
    );
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), record());
    assert.deepEqual(readDeploymentRecord(root, 31337, DIAMOND), record());
    assert.deepEqual(deploymentRecordFor([tmp, root], 31337, DIAMOND.toLowerCase()), record());
    assert.equal(deploymentRecordFor([root], 31337, CORE), undefined, 'another diamond');
    const log = logger();
    assert.deepEqual(recentDeployments([root], log), [
      {
        chainId: 31337,
        diamond: DIAMOND,
        timestamp: Date.parse(TIME),
        facets: ['CoreFacet', 'FeeFacet'],
        file,
      },
    ]);
    assert.deepEqual(log.lines, []);
  });

  const good = JSON.stringify(record(), null, 2);
  const variant = (change: (r: Record<string, unknown>) => void): string => {
    const r = record() as unknown as Record<string, unknown>;
    change(r);
    return JSON.stringify(r, null, 2);
  };
  const foreign: { name: string; file?: string; text: string; reason: RegExp }[] = [
    {
      name: 'facets as an object',
      text: variant((r) => (r.facets = { CoreFacet: CORE })),
      reason: /^facets is not a list$/,
    },
    {
      name: 'deployedAt instead of timestamp',
      text: variant((r) => {
        r.deployedAt = TIME;
        delete r.timestamp;
      }),
      reason: /^timestamp undefined is not an ISO 8601/,
    },
    {
      name: 'a string chainId',
      text: variant((r) => (r.chainId = '31337')),
      reason: /^chainId "31337" is not a chain id/,
    },
    {
      name: 'seconds timestamp',
      text: variant((r) => (r.timestamp = 1_700_000_000)),
      reason: /^timestamp 1700000000 is not/,
    },
    { name: 'no format', text: variant((r) => delete r.format), reason: /^format is undefined, not 1$/ },
    {
      name: 'a facet without its code hash',
      text: variant(
        (r) => ((r.facets as { runtimeBytecodeHash?: string }[])[0].runtimeBytecodeHash = undefined),
      ),
      reason: /^facets\[0\]\.runtimeBytecodeHash/,
    },
    { name: 'half-written', text: good.slice(0, good.length / 2), reason: /^not JSON/ },
    {
      name: 'another chain under this chain id',
      file: '31337.json',
      text: variant((r) => (r.chainId = 5)),
      reason: /named 31337\.json but the record is for chain 5/,
    },
    {
      name: 'not named by a chain id',
      file: 'latest.json',
      text: good,
      reason: /^not named <chainId>\/<diamond address, lower case>\.json/,
    },
    {
      name: 'another diamond under this address',
      file: `31337/${CORE.toLowerCase()}.json`,
      text: good,
      reason: /named 31337\/0xe7f1.*\.json but the record is of diamond 0x5FbDB/,
    },
    {
      name: 'another chain in this chain folder',
      file: `5/${DIAMOND.toLowerCase()}.json`,
      text: good,
      reason: /named 5\/0x5fbdb.*\.json but the record is for chain 31337/,
    },
    {
      name: 'a checksummed file name',
      file: `31337/${DIAMOND}.json`,
      text: good,
      reason: /^not named <chainId>\/<diamond address, lower case>\.json/,
    },
  ];
  for (const f of foreign) {
    test(`skipped by both faces, with the reason: ${f.name}`, () => {
      const root = rootWith(f.file ?? '31337.json', f.text);
      const file = join(root, '.diamond', 'deployments', f.file ?? '31337.json');
      const read = readDeploymentRecordFile(file);
      assert.equal(read.ok, false);
      assert.match(read.ok ? '' : read.reason, f.reason);
      // The CLI reads the record of the diamond it is connected to, on its chain.
      assert.equal(readDeploymentRecord(root, 31337, DIAMOND), undefined, 'the CLI reads no record');
      assert.equal(readDeploymentRecord(root, 5, DIAMOND), undefined, 'the CLI reads no record');
      const log = logger();
      assert.deepEqual(recentDeployments([root], log), [], '"Connect to Diamond…" lists none');
      assert.equal(log.lines.length, 1);
      assert.ok(log.lines[0].startsWith(`${file} is not a deployment record (`), log.lines[0]);
      assert.deepEqual(
        listDeploymentRecords([root]).skipped.map((s) => s.file),
        [file],
      );
    });
  }

  test('the writer refuses what the readers would skip, and writes nothing', () => {
    const root = join(tmp, 'refused');
    const bad = { ...record(), timestamp: 1_700_000_000 } as unknown as DeploymentRecord;
    assert.throws(() => writeDeploymentRecord(root, bad), /Not a deployment record, not written: timestamp/);
    assert.equal(readDeploymentRecord(root, 31337, DIAMOND), undefined);
  });

  test('listing: roots in order, files by name; "Connect to Diamond…" shows the newest per chain and diamond', () => {
    const a = join(tmp, 'list-a');
    const b = join(tmp, 'list-b');
    writeDeploymentRecord(a, { ...record(), chainId: 5, timestamp: '2026-01-01T00:00:00.000Z' });
    writeDeploymentRecord(a, record());
    writeDeploymentRecord(b, { ...record(), timestamp: '2026-12-01T00:00:00.000Z' });
    const listed = listDeploymentRecords([a, b, a]);
    const own = `${DIAMOND.toLowerCase()}.json`;
    assert.deepEqual(
      listed.records.map((r) => r.file),
      [
        join(a, '.diamond/deployments/31337', own),
        join(a, '.diamond/deployments/5', own),
        join(b, '.diamond/deployments/31337', own),
      ],
    );
    assert.deepEqual(
      recentDeployments([a, b], logger()).map((d) => d.file),
      [join(b, '.diamond/deployments/31337', own), join(a, '.diamond/deployments/5', own)],
    );
    assert.deepEqual(listDeploymentRecords([join(tmp, 'nothing-here')]), { records: [], skipped: [] });
  });

  test('sortRecent: newest first, one entry per chain and diamond (address case ignored)', () => {
    const rec = (chainId: number, diamond: string, timestamp: number) => ({
      chainId,
      diamond,
      timestamp,
      facets: [],
      file: `${chainId}-${timestamp}`,
    });
    const sorted = sortRecent([rec(1, DIAMOND, 10), rec(31337, CORE, 30), rec(1, DIAMOND.toLowerCase(), 20)]);
    assert.deepEqual(
      sorted.map((d) => d.file),
      ['31337-30', '1-20'],
    );
  });
});

function recordOf(diamond: string, timestamp: string, sourceCommit: string | null = null): DeploymentRecord {
  return bareRecord(diamond, {
    facets: [
      {
        name: 'CoreFacet',
        address: CORE,
        runtimeBytecodeHash: '0x' + 'ab'.repeat(32),
        selectors: ['0x8456cb59'],
      },
    ],
    storageLayouts: { solc: { CoreFacet: null }, namespaces: null },
    sourceCommit,
    timestamp,
  });
}

describe('deployment records accumulate: one per diamond, never replaced silently', () => {
  test('two deploys to one chain: both records on disk, each found by its diamond address, both listed', () => {
    const root = join(tmp, 'two');
    const first = recordOf(DIAMOND, '2026-11-20T10:00:00.000Z', 'a'.repeat(40));
    const second = recordOf(OTHER, '2026-11-21T10:00:00.000Z', 'b'.repeat(40));
    const f1 = writeDeploymentRecord(root, first).file;
    const f2 = writeDeploymentRecord(root, second).file;
    assert.notEqual(f1, f2);
    assert.deepEqual(JSON.parse(readFileSync(f1, 'utf8')), first, 'the first record is untouched');
    assert.deepEqual(JSON.parse(readFileSync(f2, 'utf8')), second);
    assert.deepEqual(readDeploymentRecord(root, 31337, DIAMOND), first);
    assert.deepEqual(readDeploymentRecord(root, 31337, OTHER.toLowerCase()), second);
    assert.equal(readDeploymentRecord(root, 31337, FEE), undefined);
    assert.deepEqual(deploymentRecordFor([join(tmp, 'elsewhere'), root], 31337, DIAMOND), first);
    assert.deepEqual(deploymentRecordFor([root], 31337, OTHER), second);
    const listed = listDeploymentRecords([root]);
    assert.deepEqual(listed.skipped, []);
    assert.deepEqual(listed.records.map((r) => r.record.diamond).sort(), [DIAMOND, OTHER].sort());
    const log = logger();
    assert.deepEqual(
      recentDeployments([root], log).map((d) => d.diamond),
      [OTHER, DIAMOND],
      '"Connect to Diamond…" offers both, newest first',
    );
    assert.deepEqual(log.lines, []);
    const dir = join(root, '.diamond', 'deployments');
    assert.ok(
      !readdirSync(dir, { recursive: true }).some((n) => String(n).endsWith('.tmp')),
      'no temp file left',
    );
  });

  test('an old single-file record <chainId>.json is still read, listed and kept beside new ones', () => {
    const root = join(tmp, 'legacy');
    const dir = join(root, '.diamond', 'deployments');
    mkdirSync(dir, { recursive: true });
    const old = recordOf(DIAMOND, '2026-01-01T00:00:00.000Z', 'c'.repeat(40));
    const legacyFile = join(dir, '31337.json');
    writeFileSync(legacyFile, JSON.stringify(old, null, 2) + '\n');
    assert.deepEqual(readDeploymentRecord(root, 31337, DIAMOND), old, 'read before any new deploy');
    const newer = recordOf(OTHER, '2026-11-21T10:00:00.000Z');
    writeDeploymentRecord(root, newer);
    assert.ok(existsSync(legacyFile), 'the old file is never deleted');
    assert.deepEqual(JSON.parse(readFileSync(legacyFile, 'utf8')), old, 'nor rewritten');
    assert.deepEqual(readDeploymentRecord(root, 31337, DIAMOND), old);
    assert.deepEqual(readDeploymentRecord(root, 31337, OTHER), newer);
    assert.deepEqual(
      listDeploymentRecords([root])
        .records.map((r) => r.record.diamond)
        .sort(),
      [DIAMOND, OTHER].sort(),
    );
    assert.deepEqual(listDeploymentRecords([root]).skipped, []);
  });

  test('a second record for the same diamond address keeps the first one, and says where', () => {
    const root = join(tmp, 'same-address');
    const first = recordOf(DIAMOND, '2026-11-20T10:00:00.000Z', 'd'.repeat(40));
    const second = recordOf(DIAMOND, '2026-11-21T10:00:00.000Z', 'e'.repeat(40));
    const w1 = writeDeploymentRecord(root, first);
    assert.equal(w1.superseded, undefined);
    const w2 = writeDeploymentRecord(root, second);
    assert.equal(w2.file, w1.file);
    assert.ok(w2.superseded, 'the writer names where the previous record went');
    assert.deepEqual(
      JSON.parse(readFileSync(w2.superseded, 'utf8')),
      first,
      'the previous record, byte for byte',
    );
    assert.deepEqual(
      readDeploymentRecord(root, 31337, DIAMOND),
      second,
      'the newest is the record of the address',
    );
    assert.deepEqual(
      listDeploymentRecords([root]).records.map((r) => r.record.timestamp),
      [second.timestamp],
    );
  });
});
