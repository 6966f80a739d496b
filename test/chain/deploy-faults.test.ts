/**
 * Deploys that must lose nothing (issue "faults and hostile input"), on the embedded Hardhat node:
 * - two deploys to one chain: both records stay, each found by its diamond address (`diamond loupe` names
 *   each diamond's facets from its own record), and "Connect to Diamond…" lists both.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { deploymentRecordFor, type DeploymentRecord } from '../../chain/src/deployment-record';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { recentDeployments } from '../../client/src/deployments';
import { runCli } from './support/cli';
import { repoRoot, tempWorkspace } from './support/env';

const ws = tempWorkspace('deploy-faults');
after(() => ws.cleanup());

function project(name: string): string {
  const root = join(ws.dir, name);
  cpSync(join(repoRoot(), 'contracts'), join(root, 'contracts'), { recursive: true });
  return root;
}

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
      const r = await runCli(['deploy', '--rpc', node.url, '--json', '--root', root], { cwd: ws.dir, env: ws.env });
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
      const r = await runCli(['loupe', '--rpc', node.url, '--address', d.diamond, '--json', '--root', recordsOnly], {
        cwd: ws.dir,
        env: ws.env,
      });
      assert.equal(r.code, 0, r.stderr);
      const view = JSON.parse(r.stdout) as { facets: { address: string; name: string | null }[] };
      // (The diamond routes its own functions to itself: not a recorded facet, so unnamed here.)
      const named = Object.fromEntries(view.facets.filter((f) => f.name !== null).map((f) => [f.name, f.address]));
      assert.deepEqual(named, d.facets, `${d.diamond}: every facet named from its own record`);
    }
  });
});
