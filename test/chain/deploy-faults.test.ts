/**
 * Deploys that must lose nothing (issue "faults and hostile input"), on the embedded Hardhat node:
 * - two deploys to one chain: both records stay, each found by its diamond address (`diamond loupe` names
 *   each diamond's facets from its own record), and "Connect to Diamond…" lists both;
 * - a deploy that runs out of funds half-way: the error names the journal and how many contracts were
 *   deployed, and the journal lists exactly the contracts that exist on chain (each has code; as many as were
 *   mined, counted from the deployer's nonce).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { deploymentRecordFor, type DeploymentRecord } from '../../chain/src/deployment-record';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { recentDeployments } from '../../client/src/deployments';
import { RpcClient } from '../../chain/src/rpc';
import { runCli } from './support/cli';
import { dloopProject, tempWorkspace } from './support/env';

const ws = tempWorkspace('deploy-faults');
after(() => ws.cleanup());

const project = (name: string): string => dloopProject(ws.dir, name);

interface DeployJson {
  chainId: number;
  diamond: string;
  facets: Record<string, string>;
}

describe('two deploys to one chain: both records kept', () => {
  let node: LocalNode;
  before(async () => {
    node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') });
  });
  after(async () => node?.stop());

  test('each diamond keeps its record; loupe finds each by its address; the listing shows both', async () => {
    const root = project('twice');
    const deploys: DeployJson[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['deploy', '--rpc', node.url, '--json', '--root', root], {
        cwd: ws.dir,
        env: ws.env,
      });
      assert.equal(r.code, 0, r.stderr);
      deploys.push(JSON.parse(r.stdout) as DeployJson);
    }
    const [first, second] = deploys;
    assert.notEqual(first.diamond.toLowerCase(), second.diamond.toLowerCase(), 'two diamonds');
    const records = deploys.map((d) => deploymentRecordFor([root], 31337, d.diamond));
    for (const [i, d] of deploys.entries()) {
      const rec: DeploymentRecord | undefined = records[i];
      assert.ok(rec, `the record of deploy ${i + 1} (${d.diamond}) is found by its address`);
      assert.equal(rec.diamond, d.diamond);
      assert.deepEqual(Object.fromEntries(rec.facets.map((f) => [f.name, f.address])), d.facets);
    }
    const warnings: string[] = [];
    const listed = recentDeployments([root], { warn: (m) => void warnings.push(m) });
    assert.deepEqual(listed.map((d) => d.diamond).sort(), deploys.map((d) => d.diamond).sort());
    assert.deepEqual(warnings, []);

    // A folder without sources: `diamond loupe` can name facets only from the record of the diamond it reads.
    const recordsOnly = join(ws.dir, 'records-only');
    mkdirSync(recordsOnly, { recursive: true });
    cpSync(join(root, '.diamond'), join(recordsOnly, '.diamond'), { recursive: true });
    for (const d of deploys) {
      const r = await runCli(
        ['loupe', '--rpc', node.url, '--address', d.diamond, '--json', '--root', recordsOnly],
        {
          cwd: ws.dir,
          env: ws.env,
        },
      );
      assert.equal(r.code, 0, r.stderr);
      const view = JSON.parse(r.stdout) as { facets: { address: string; name: string | null }[] };
      // (The diamond routes its own functions to itself: not a recorded facet, so unnamed here.)
      const named = Object.fromEntries(
        view.facets.filter((f) => f.name !== null).map((f) => [f.name, f.address]),
      );
      assert.deepEqual(named, d.facets, `${d.diamond}: every facet named from its own record`);
    }
  });
});

/** One line of a journal as the test reads it: only the fields the issue asks for. */
interface JournalLine {
  event: string;
  contract?: string;
  address?: string;
  txHash?: string;
}

describe('a deploy that runs out of funds half-way', () => {
  let node: LocalNode;
  before(async () => {
    node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh-poor') });
  });
  after(async () => node?.stop());

  test('the error names the journal and the count; the journal lists exactly what exists on chain', async () => {
    const root = project('poor');
    // Compile first (cached), so the deploy below fails on funds, not on anything else.
    const built = await runCli(['build', '--root', join(root, 'contracts')], { cwd: ws.dir, env: ws.env });
    assert.equal(built.code, 0, built.stderr);
    const rpc = new RpcClient(node.url);
    const [deployer] = await rpc.request<string[]>('eth_accounts');
    // Enough for a few contract creations at the node's gas price, not for fourteen.
    await rpc.request('hardhat_setBalance', [deployer, '0x' + (5n * 10n ** 15n).toString(16)]);
    const nonceBefore = Number(
      BigInt(await rpc.request<string>('eth_getTransactionCount', [deployer, 'latest'])),
    );

    const r = await runCli(['deploy', '--rpc', node.url, '--root', root], { cwd: ws.dir, env: ws.env });
    assert.equal(r.code, 1, `a failed run\n${r.stdout}\n${r.stderr}`);
    const journalDir = join(root, '.diamond', 'journal');
    assert.ok(existsSync(journalDir), `a journal folder\n${r.stderr}`);
    const journals = readdirSync(journalDir).filter((n) => n.endsWith('.jsonl'));
    assert.equal(journals.length, 1, journals.join(', '));
    const [journal] = journals;
    assert.match(journal, /^31337-.+\.jsonl$/);
    const lastLine = r.stderr.trim().split('\n').at(-1) ?? '';
    assert.ok(lastLine.includes(`.diamond/journal/${journal}`), `the error names the journal: ${lastLine}`);

    const lines = readFileSync(join(journalDir, journal), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JournalLine);
    const mined = lines.filter((l) => l.event === 'mined');
    const created = mined.filter((l) => l.address !== undefined);
    const nonceAfter = Number(
      BigInt(await rpc.request<string>('eth_getTransactionCount', [deployer, 'latest'])),
    );
    assert.equal(
      mined.length,
      nonceAfter - nonceBefore,
      'every mined transaction is journaled, and nothing else',
    );
    assert.ok(created.length > 0 && created.length < 14, `it failed half-way (${created.length} created)`);
    assert.match(
      lastLine,
      new RegExp(`\\b${created.length} of 14 contracts\\b`),
      'the error says how many exist',
    );
    for (const c of created) {
      assert.ok(c.contract, 'each created contract is named');
      assert.match(c.txHash ?? '', /^0x[0-9a-f]{64}$/);
      const code = await rpc.request<string>('eth_getCode', [c.address, 'latest']);
      assert.ok(code.length > 2, `${c.contract} at ${c.address} has code`);
    }
    assert.equal(new Set(created.map((c) => c.address)).size, created.length, 'each address once');
    assert.equal(
      existsSync(join(root, '.diamond', 'deployments')),
      false,
      'no record of a diamond that is not whole',
    );
  });
});
