/**
 * Exact layouts in the deployment record, on a real node (the embedded Hardhat node, real solc, the real DLOOP
 * deploy through `diamond deploy`), in a project without git, so nothing but the record can say what is deployed:
 * - the record keeps every namespace's fields, equal to the engine's layouts of the sources; the values the
 *   deploy's init wrote sit exactly at the recorded slots and offsets (eth_getStorageAt decoded at each field's
 *   offset and size equals what the facets' getters return through the diamond);
 * - the upgrade plan's storage check compares against the record's per-field layouts: a field inserted before
 *   existing ones or moved is an error at the field; an append passes; a record from before per-field layouts
 *   falls back to the source commit (none here: the check is skipped with a warning);
 * - `diamond check --rpc --address` compares against the connected diamond's record the same way.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Interface } from 'ethers';
import { connect } from '../../chain/src/connect';
import {
  deploymentRecordPath,
  readDeploymentRecord,
  recordedFieldLayouts,
  type DeploymentRecord,
} from '../../chain/src/deployment-record';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { projectRecordedNamespaces } from '../../chain/src/project-namespaces';
import { RpcClient } from '../../chain/src/rpc';
import { planUpgrade } from '../../chain/src/workflows/upgrade-plan';
import type { FieldLayout } from '../../engine';
import { runCli } from './support/cli';
import { dloopProject, tempWorkspace } from './support/env';
import { workerCompile } from './support/worker-compile';

const ws = tempWorkspace('layout-record');
after(() => ws.cleanup());
delete ws.env.DIAMOND_PRIVATE_KEY;

const GETTERS = new Interface([
  'function protocolVersion() view returns (uint32)',
  'function feeRates() view returns (uint16 investFeeBps, uint16 divestFeeBps)',
  'function governanceLink() view returns (address dao, address votesToken, address guardianAddress)',
  'function owner() view returns (address)',
  'function facetAddresses() view returns (address[])',
]);

describe('exact layouts in the deployment record, on the embedded Hardhat node', () => {
  let node: LocalNode;
  let rpc: RpcClient;
  let root: string;
  let diamond: string;
  let record: DeploymentRecord;
  before(async () => {
    node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') });
    rpc = new RpcClient(node.url);
    root = dloopProject(ws.dir, 'dloop', false);
    const r = await runCli(['deploy', '--rpc', node.url, '--json', '--root', root], {
      cwd: ws.dir,
      env: ws.env,
    });
    assert.equal(r.code, 0, r.stderr);
    diamond = (JSON.parse(r.stdout) as { diamond: string }).diamond;
    record = readDeploymentRecord(root, 31337, diamond)!;
    assert.ok(record, 'the deploy wrote its record');
  });
  after(async () => node?.stop());

  const call = async (fn: string) => {
    const data = GETTERS.encodeFunctionData(fn);
    return GETTERS.decodeFunctionResult(
      fn,
      await rpc.request<string>('eth_call', [{ to: diamond, data }, 'latest']),
    );
  };
  /** The field's value read from the diamond's storage at its recorded slot, offset and size. */
  const stored = async (layouts: FieldLayout[], id: string, field: string): Promise<bigint> => {
    const ns = layouts.find((l) => l.match === `id:${id}`);
    const f = ns?.fields.find((x) => x.name === field);
    assert.ok(f, `${id}.${field} recorded`);
    const word = BigInt(await rpc.request<string>('eth_getStorageAt', [diamond, f.slot, 'latest']));
    return (word >> BigInt(8 * f.offset)) & ((1n << BigInt(8 * Math.min(f.bytes, 32))) - 1n);
  };

  test('the record keeps every field of every namespace; the chain holds the init’s values at the recorded slots', async () => {
    const layouts = recordedFieldLayouts(record);
    const fromSources = projectRecordedNamespaces(join(root, 'contracts')).flatMap((n) =>
      n.fieldLayout ? [n.fieldLayout] : [],
    );
    assert.deepEqual(layouts, fromSources, 'the record holds the engine’s layouts of the deployed sources');
    assert.ok(layouts.length >= 10, `${layouts.length} namespaces`);
    assert.equal(record.sourceCommit, null, 'no git: the record is the only baseline');

    assert.equal(
      await stored(layouts, 'dloop.storage.core.v1', 'protocolVersion'),
      (await call('protocolVersion'))[0],
    );
    const rates = await call('feeRates');
    assert.equal(await stored(layouts, 'dloop.storage.fee.v1', 'investFeeBps'), rates[0]);
    assert.equal(await stored(layouts, 'dloop.storage.fee.v1', 'divestFeeBps'), rates[1]);
    const link = await call('governanceLink');
    assert.equal(await stored(layouts, 'dloop.storage.governance.v1', 'protocolDAO'), BigInt(link[0]));
    assert.equal(await stored(layouts, 'dloop.storage.governance.v1', 'token'), BigInt(link[1]));
    assert.equal(await stored(layouts, 'dloop.storage.governance.v1', 'guardian'), BigInt(link[2]));
    assert.equal(
      await stored(layouts, 'dloop.storage.diamond.v1', 'contractOwner'),
      BigInt((await call('owner'))[0]),
    );
    // A dynamic array's slot holds its length.
    assert.equal(
      await stored(layouts, 'dloop.storage.diamond.v1', 'facetAddresses'),
      BigInt((await call('facetAddresses'))[0].length),
    );
    assert.ok(rates[0] > 0n && BigInt(link[2]) !== 0n, 'the values compared are not zeros');
  });

  /** A copy of the deployed project (its record too) with LibOracleStorage's Layout edited. */
  const edited = (name: string, from: string, to: string): string => {
    const copy = join(ws.dir, name);
    cpSync(root, copy, { recursive: true });
    const lib = join(copy, 'contracts', 'libraries', 'LibOracleStorage.sol');
    const text = readFileSync(lib, 'utf8');
    assert.ok(text.includes(from));
    writeFileSync(lib, text.replace(from, to));
    return copy;
  };
  /** A field inserted before the first one of LibOracleStorage's Layout. */
  const INSERT = [
    '        mapping(address => Feed) feeds;',
    '        uint256 inserted;\n        mapping(address => Feed) feeds;',
  ] as const;
  // Compiled in the worker, as VS Code does: solc on this thread would also stall the embedded node serving the plan.
  const plan = async (dir: string) =>
    planUpgrade({
      connection: await connect(node.url),
      address: diamond,
      root: dir,
      diamond: 'DLOOP',
      compile: workerCompile,
    });
  const storageCheck = (p: Awaited<ReturnType<typeof plan>>) =>
    p.checks.find((c) => c.id === 'storage-layout')!;

  test('a field inserted before existing ones, or moved: storage-layout-break against the record, at the field', async () => {
    const inserted = await plan(edited('inserted', ...INSERT));
    const check = storageCheck(inserted);
    assert.equal(check.status, 'failed');
    assert.match(check.detail, /the deployment record's field layouts \(\d+ namespaces\)/);
    const breaks = inserted.findings.filter((f) => f.rule === 'storage-layout-break');
    assert.equal(breaks.length, 1, JSON.stringify(inserted.findings, null, 2));
    assert.equal(breaks[0].severity, 'error');
    assert.match(
      breaks[0].message,
      /dloop\.storage\.oracle\.v1.*against the deployed layout \(deployment record\).*`inserted` inserted before `feeds`/,
    );
    assert.ok(breaks[0].file?.endsWith('contracts/libraries/LibOracleStorage.sol'));

    const moved = await plan(
      edited(
        'moved',
        '        mapping(address => Feed) feeds;\n        // 0 = prices never go stale\n        uint64 maxPriceAge;',
        '        uint64 maxPriceAge;\n        mapping(address => Feed) feeds;',
      ),
    );
    const m = moved.findings.filter((f) => f.rule === 'storage-layout-break');
    assert.equal(m.length, 1, JSON.stringify(moved.findings, null, 2));
    assert.match(m[0].message, /field `\w+` moved from position [12] to [12]/);
  });

  test('diamond check --rpc --address: storage-layout-break against the connected diamond’s record (exit 1)', async () => {
    const copy = edited('check-rpc', ...INSERT);
    const check = (extra: string[]) => runCli(['check', '.', '--json', ...extra], { cwd: copy, env: ws.env });
    const breaksOf = (stdout: string) =>
      (JSON.parse(stdout) as { findings: { rule: string; file: string; message: string }[] }).findings.filter(
        (f) => f.rule === 'storage-layout-break',
      );
    const plain = await check([]);
    assert.deepEqual(
      breaksOf(plain.stdout),
      [],
      'without a diamond (and no git) there is nothing to compare with',
    );
    const live = await check(['--rpc', node.url, '--address', diamond]);
    assert.equal(live.code, 1, live.stderr);
    const breaks = breaksOf(live.stdout);
    assert.equal(breaks.length, 1, live.stdout);
    assert.equal(breaks[0].file, 'contracts/libraries/LibOracleStorage.sol');
    assert.match(
      breaks[0].message,
      /against the deployed layout \(deployment record\).*`inserted` inserted before `feeds`/,
    );
  });

  test('an appended field passes against the record', async () => {
    const appended = await plan(
      edited(
        'appended',
        '        uint64 maxPriceAge;',
        '        uint64 maxPriceAge;\n        uint256 appendedLater;',
      ),
    );
    assert.deepEqual(
      appended.findings.filter((f) => f.check === 'storage-layout'),
      [],
    );
    assert.equal(storageCheck(appended).status, 'passed');
  });

  test('a record from before per-field layouts: the plan falls back to the source commit (none here: skipped)', async () => {
    const copy = edited('old-record', ...INSERT);
    const file = deploymentRecordPath(copy, 31337, diamond);
    const old = JSON.parse(readFileSync(file, 'utf8')) as DeploymentRecord;
    const namespaces = old.storageLayouts.namespaces!.map(({ fieldLayout: _, ...entry }) => entry);
    // This copy's record as an earlier version wrote it (the deployed project's own record is untouched).
    writeFileSync(
      file,
      JSON.stringify({ ...old, storageLayouts: { ...old.storageLayouts, namespaces } }, null, 2),
    );
    const p = await plan(copy);
    assert.equal(storageCheck(p).status, 'skipped');
    assert.deepEqual(
      p.findings.filter((f) => f.check === 'storage-layout').map((f) => [f.rule, f.severity]),
      [['upgrade-no-baseline', 'warning']],
    );
    assert.match(p.findings.find((f) => f.rule === 'upgrade-no-baseline')!.message, /no source commit/);
  });
});
