/**
 * `diamond upgrade simulate` end to end, as a user runs it: the bundled DLOOP diamond deployed with the CLI on the
 * embedded Hardhat node, then the Rewards v1 → v2 upgrade planned from the sources and simulated through the
 * ProtocolDAO (propose, vote, timelock, execute) in one command. Expectations come from the chain and solc, read
 * here: the routing after from methodIdentifiers and the predicted facet address, and the chain afterwards from
 * the node itself (block, latest hash, loupe) compared with the same reads before.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { RpcClient } from '../../chain/src/rpc';
import { buildDloop, type DloopBuild } from './helpers/dloop-build';
import { loupeFacets, sorted } from './helpers/upgrade-expect';
import { runCli } from './support/cli';
import { repoRoot, tempWorkspace } from './support/env';

const ws = tempWorkspace('cli-upgrade-simulate');
delete ws.env.DIAMOND_PRIVATE_KEY;
const V2 = 'DLOOP after the Rewards v2 upgrade';
const BOTH = 'DLOOP with both rewards facets';
const INIT = ['--init', 'RewardsMigrationV2', '--init-call', 'migrate(uint16)', '--init-args', '[15000]'];

let node: LocalNode;
let root: string;
let build: DloopBuild;
let diamond: string;

before(async () => {
  node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') });
  root = join(ws.dir, 'dloop');
  cpSync(join(repoRoot(), 'contracts'), join(root, 'contracts'), { recursive: true });
  const configFile = join(root, 'contracts', 'diamond.config.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
    diamonds: { name: string; facets: string[] }[];
  };
  const dloop = config.diamonds.find((d) => d.name === 'DLOOP')!;
  config.diamonds.push({ name: BOTH, facets: [...dloop.facets, 'RewardsV2Facet'] });
  writeFileSync(configFile, JSON.stringify(config, null, 2) + '\n');
  build = await buildDloop();
  const r = await runCli(['deploy', '--rpc', node.url, '--json', '--root', root], {
    cwd: ws.dir,
    env: ws.env,
  });
  assert.equal(r.code, 0, r.stderr);
  diamond = (JSON.parse(r.stdout) as { diamond: string }).diamond;
});
after(async () => {
  await node?.stop();
  ws.cleanup();
});

async function chainState() {
  const rpc = new RpcClient(node.url);
  const block = await rpc.request<{ number: string; hash: string }>('eth_getBlockByNumber', [
    'latest',
    false,
  ]);
  return {
    number: block.number,
    hash: block.hash,
    loupe: [...(await loupeFacets(node.url, diamond))].sort(),
  };
}

test('upgrade simulate: plan + DAO path + revert, the report shows the new routing, the chain is unchanged', async () => {
  const before = await chainState();
  const reportFile = join(ws.dir, 'simulation.md');
  const args = ['upgrade', 'simulate', '--rpc', node.url, '--address', diamond, '--diamond', V2, ...INIT];
  const r = await runCli([...args, '--root', root, '--json', '--report', reportFile], {
    cwd: ws.dir,
    env: ws.env,
    timeoutMs: 240_000,
  });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    ok: boolean;
    restored: boolean;
    cut: { facetAddress: string; action: string; functionSelectors: string[] }[];
    deploy: { contract: string; address: string }[];
    loupeAfter: { facetAddress: string; functionSelectors: string[] }[];
    events: { name: string }[];
    initResult: { ok: boolean };
    storage: { namespace: string | null }[];
    steps: { name: string; gasUsed: unknown }[];
  };
  // The plan's fields and the simulation's in one document.
  assert.equal(out.ok, true);
  assert.equal(out.restored, true);
  assert.deepEqual(
    out.deploy.map((d) => d.contract),
    ['RewardsV2Facet', 'RewardsMigrationV2'],
  );
  // After the cut, every RewardsV2Facet selector (solc's) is routed to the facet the plan deployed.
  const v2Selectors = sorted([...build.methodIdentifiers('RewardsV2Facet').values()]);
  const v2At = out.deploy[0].address.toLowerCase();
  const after = out.loupeAfter.find((f) => f.facetAddress.toLowerCase() === v2At);
  assert.ok(after, `the loupe after routes to RewardsV2Facet at ${v2At}`);
  assert.deepEqual(sorted(after.functionSelectors), v2Selectors);
  assert.equal(out.initResult.ok, true);
  const names = out.events.map((e) => e.name);
  for (const e of ['ProposalCreated', 'VoteCast', 'DiamondCut', 'RewardsMigratedToV2', 'ProposalExecuted'])
    assert.ok(names.includes(e), `event ${e} in ${names.join(', ')}`);
  assert.ok(
    out.storage.some((s) => s.namespace === 'dloop.storage.rewards.v2'),
    'storage written in dloop.storage.rewards.v2',
  );
  // The Markdown report names the swap and the verdict.
  const report = readFileSync(reportFile, 'utf8');
  assert.match(report, /RewardsV2Facet/);
  assert.match(report, /setRewardMultiplier\(uint16\)/);
  // No trace: the node as it was.
  assert.deepEqual(await chainState(), before);
});

test('upgrade simulate refuses a plan with errors and runs nothing', async () => {
  const before = await chainState();
  // Both rewards facets in one diamond: every shared selector is a duplicate, an error of the plan.
  const r = await runCli(
    ['upgrade', 'simulate', '--rpc', node.url, '--address', diamond, '--diamond', BOTH, '--root', root],
    { cwd: ws.dir, env: ws.env, timeoutMs: 240_000 },
  );
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /the plan has errors; nothing was simulated/);
  assert.match(r.stdout, /duplicate-selector/);
  assert.deepEqual(await chainState(), before);
});
