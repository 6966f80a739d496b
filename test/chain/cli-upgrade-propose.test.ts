/**
 * `diamond upgrade propose|status|vote|execute|export|history|rollback` end to end, as a user runs them: the
 * bundled DLOOP diamond deployed with the CLI on the embedded Hardhat node, the Rewards v2 upgrade proposed with
 * its specification, voted, executed with --advance and verified, exported in every format (the same calldata
 * bytes everywhere), the history read from the chain, then rolled back through the DAO. The loupe is read with
 * ethers; `--advance` is refused on anvil running chain 5 (not a local dev node), nothing sent.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { keccak256, toUtf8Bytes } from 'ethers';
import { safeBatchChecksum } from '../../chain/src/upgrade-exports';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { RpcClient } from '../../chain/src/rpc';
import { loupeFacets, sorted } from './helpers/upgrade-expect';
import { startAnvil, type Anvil } from './support/anvil';
import { runCli } from './support/cli';
import { repoRoot, tempWorkspace } from './support/env';

const ws = tempWorkspace('cli-upgrade-propose');
delete ws.env.DIAMOND_PRIVATE_KEY;
const V2 = 'DLOOP after the Rewards v2 upgrade';
const INIT = ['--init', 'RewardsMigrationV2', '--init-call', 'migrate(uint16)', '--init-args', '[15000]'];

let node: LocalNode;
let anvil: Anvil | undefined;
let root: string;
let diamond: string;

const cli = async (args: string[], code = 0) => {
  const r = await runCli(args, { cwd: root, env: ws.env, timeoutMs: 240_000 });
  assert.equal(r.code, code, `diamond ${args.join(' ')}\n${r.stderr}`);
  return r;
};
const json = async <T>(args: string[]) => JSON.parse((await cli([...args, '--json'])).stdout) as T;
const routing = async () =>
  [...(await loupeFacets(node.url, diamond))].map(([a, s]) => `${a}:${sorted(s).join(',')}`).sort();

before(async () => {
  node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') });
  root = join(ws.dir, 'dloop');
  cpSync(join(repoRoot(), 'contracts'), join(root, 'contracts'), { recursive: true });
  diamond = (await json<{ diamond: string }>(['deploy', '--rpc', node.url])).diamond;
});
after(async () => {
  await anvil?.stop();
  await node?.stop();
  ws.cleanup();
});

test('propose → status → vote → execute --advance (verified) → export → history → rollback --propose → back where it was', async () => {
  const loupe0 = await routing();
  const chain = ['--rpc', node.url, '--address', diamond];
  const reportFile = join(ws.dir, 'spec.md');
  const proposed = await json<Record<string, string>>([
    'upgrade',
    'propose',
    ...chain,
    '--diamond',
    V2,
    ...INIT,
    '--report',
    reportFile,
  ]);
  assert.deepEqual(Object.keys(proposed), [
    'proposalId',
    'txHash',
    'calldata',
    'calldataHash',
    'descriptionHash',
  ]);
  assert.equal(proposed.calldataHash, keccak256(proposed.calldata));
  const spec = readFileSync(reportFile, 'utf8');
  assert.equal(proposed.descriptionHash, keccak256(toUtf8Bytes(spec)));
  assert.deepEqual(await routing(), loupe0);

  const id = ['--id', proposed.proposalId];
  const { proposals } = await json<{ proposals: Record<string, unknown>[] }>(['upgrade', 'status', ...chain]);
  assert.equal(proposals.length, 1);
  assert.deepEqual(Object.keys(proposals[0]), [
    'id',
    'state',
    'forVotes',
    'againstVotes',
    'quorumVotes',
    'voteEnd',
    'eta',
    'fastTracked',
    'needsReview',
    'calldataHash',
    'description',
  ]);
  assert.equal(proposals[0].state, 'Active');
  assert.equal(proposals[0].description, spec);
  assert.equal(proposals[0].calldataHash, proposed.calldataHash);

  // Exports of the proposal carry the proposal's calldata byte for byte.
  const raw = (await cli(['upgrade', 'export', ...chain, ...id, '--format', 'calldata'])).stdout.trim();
  const gov = JSON.parse(
    (await cli(['upgrade', 'export', ...chain, ...id, '--format', 'governor'])).stdout,
  ) as Record<string, unknown>;
  const safe = JSON.parse((await cli(['upgrade', 'export', ...chain, ...id, '--format', 'safe'])).stdout) as {
    chainId: string;
    meta: { checksum: string };
    transactions: { to: string; value: string; data: string }[];
  };
  assert.equal(raw, proposed.calldata);
  assert.deepEqual(gov.calldatas, [proposed.calldata]);
  assert.deepEqual(Object.keys(gov), [
    'targets',
    'values',
    'calldatas',
    'description',
    'descriptionHash',
    'proposalId',
  ]);
  assert.equal(gov.descriptionHash, proposed.descriptionHash);
  assert.deepEqual(safe.transactions, [{ to: diamond, value: '0', data: proposed.calldata }]);
  assert.equal(safe.chainId, '31337');
  const { checksum, ...meta } = safe.meta; // what the Transaction Builder checks on import
  assert.equal(safeBatchChecksum({ ...safe, meta }), checksum);

  await cli(['upgrade', 'vote', ...chain, ...id, '--support', 'for']);
  const early = await cli(['upgrade', 'execute', ...chain, ...id], 1);
  assert.match(early.stderr, /too early: proposal 1 is timelocked|too early: the vote on proposal 1 is open/);
  const executed = await json<{ txHash: string; verified: boolean; differences: string[] }>([
    'upgrade',
    'execute',
    ...chain,
    ...id,
    '--advance',
  ]);
  assert.deepEqual(Object.keys(executed), ['txHash', 'verified', 'differences']);
  assert.equal(executed.verified, true, executed.differences.join('\n'));
  assert.notDeepEqual(await routing(), loupe0);

  const history = await json<{
    upgrades: {
      n: number;
      block: number;
      txHash: string;
      cut: unknown[];
      init: string;
      proposalId: string | null;
    }[];
  }>(['upgrade', 'history', ...chain]);
  const last = history.upgrades[history.upgrades.length - 1];
  assert.deepEqual(Object.keys(last), ['n', 'block', 'txHash', 'cut', 'init', 'proposalId']);
  assert.equal(last.txHash, executed.txHash);
  assert.equal(last.proposalId, proposed.proposalId);
  assert.equal(history.upgrades[0].proposalId, null); // the deploy's own cut: no proposal

  const reverse = await json<{
    cut: { action: string }[];
    calldata: string;
    rollbackOf: number;
    cannotUndo: string[];
  }>(['upgrade', 'rollback', ...chain]);
  assert.equal(reverse.rollbackOf, last.n);
  assert.match(reverse.cannotUndo[0], /stays/);
  const rb = await json<Record<string, string>>([
    'upgrade',
    'rollback',
    String(last.n),
    ...chain,
    '--propose',
  ]);
  assert.equal(rb.calldata, reverse.calldata);
  await cli(['upgrade', 'vote', ...chain, '--id', rb.proposalId, '--support', 'for']);
  const undone = await json<{ verified: boolean }>([
    'upgrade',
    'execute',
    ...chain,
    '--id',
    rb.proposalId,
    '--advance',
  ]);
  assert.equal(undone.verified, true);
  assert.deepEqual(await routing(), loupe0);
});

test('execute --advance is refused on a chain that is not a local dev node (anvil as chain 5), nothing sent', async () => {
  anvil = await startAnvil(['--chain-id', '5']);
  const r = await cli(
    ['upgrade', 'execute', '--rpc', anvil.url, '--address', diamond, '--id', '1', '--advance'],
    2,
  );
  assert.match(r.stderr, /chain 5 .* is not a local dev node: its clock cannot be advanced/i);
  assert.match(r.stderr, /Nothing was sent/);
});

test('on a chain that is not a local dev node (anvil as chain 5): the gate refuses without --yes-i-mean, then proposes with the key (simulated on a fork)', async () => {
  anvil ??= await startAnvil(['--chain-id', '5']);
  // anvil's dev account #1; its key only through the environment.
  const KEY1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
  const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
  const root5 = join(ws.dir, 'dloop-5');
  cpSync(join(repoRoot(), 'contracts'), join(root5, 'contracts'), { recursive: true });
  const env = { ...ws.env, DIAMOND_PRIVATE_KEY: KEY1 };
  const run = (args: string[]) => runCli(args, { cwd: root5, env, timeoutMs: 300_000 });
  const deployed = await run(['deploy', '--rpc', anvil.url, '--json', '--yes-i-mean', '5']);
  assert.equal(deployed.code, 0, deployed.stderr);
  const d5 = (JSON.parse(deployed.stdout) as { diamond: string }).diamond;
  const nonce = async () =>
    Number(
      BigInt(
        await new RpcClient(anvil!.url).request<string>('eth_getTransactionCount', [ACCOUNT1, 'latest']),
      ),
    );
  const propose = [
    'upgrade',
    'propose',
    '--rpc',
    anvil.url,
    '--address',
    d5,
    '--diamond',
    V2,
    ...INIT,
    '--json',
  ];
  const n0 = await nonce();
  const refused = await run(propose);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /was not confirmed.*--yes-i-mean 5.*Nothing was sent/);
  assert.equal(await nonce(), n0);

  const r = await run([...propose, '--yes-i-mean', '5']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, string>;
  assert.equal(out.proposalId, '1');
  assert.equal(await nonce(), n0 + 3); // RewardsV2Facet, RewardsMigrationV2, propose: from the key's account
  const status = await run(['upgrade', 'status', '--rpc', anvil.url, '--address', d5, '--json']);
  const [p] = (JSON.parse(status.stdout) as { proposals: { state: string; calldataHash: string }[] })
    .proposals;
  assert.equal(p.state, 'Active');
  assert.equal(p.calldataHash, out.calldataHash);
});
