/**
 * "Diamond: Plan Upgrade" as VS Code runs it (client/src/upgrade-plan.ts planFromEditor: connect, the deployer,
 * the workflow with the compile in the worker bundle), on real nodes, against `diamond upgrade plan` run as a
 * child process on the same node, project and inputs:
 * - the embedded Hardhat node with the deployed DLOOP diamond (a git checkout, so the layout check runs): "DLOOP
 *   after the Rewards v2 upgrade" with RewardsMigrationV2.migrate(uint16) [15000] gives the CLI's `--json` plan
 *   field for field, and the report VS Code writes equals the CLI's `--report` at the same path (links taken
 *   out); the Replace / Add rows are RewardsFacet's and RewardsV2Facet's solc selectors; an aborted signal
 *   stops it with nothing sent;
 * - anvil as chain 5 (not a local dev node): without a stored key it refuses before reading the diamond;
 *   with one, that key's account deploys, as the CLI's DIAMOND_PRIVATE_KEY does, and both plans agree.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Wallet } from 'ethers';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { RpcClient } from '../../chain/src/rpc';
import { WorkflowAbortedError } from '../../chain/src/workflows/workflow';
import { planJson } from '../../cli/src/commands/upgrade-plan';
import {
  planDocument,
  planFromEditor,
  planReportFile,
  type EditorPlanInputs,
} from '../../client/src/upgrade-plan';
import { buildDloop } from './helpers/dloop-build';
import { startAnvil, type Anvil } from './support/anvil';
import { runCli } from './support/cli';
import { dloopProject, tempWorkspace } from './support/env';
import { workerCompile } from './support/worker-compile';

const ws = tempWorkspace('upgrade-plan-editor');
after(() => ws.cleanup());
delete ws.env.DIAMOND_PRIVATE_KEY;

const V2 = 'DLOOP after the Rewards v2 upgrade';
const INIT = { contract: 'RewardsMigrationV2', call: 'migrate(uint16)', args: [15000] };
const INIT_FLAGS = [
  '--init',
  'RewardsMigrationV2',
  '--init-call',
  'migrate(uint16)',
  '--init-args',
  '[15000]',
];
// anvil's published dev account #1 (its key and address as published together).
const KEY1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

const project = (name: string, withGit: boolean): string => dloopProject(ws.dir, name, withGit);

/** The extension's compile: solc in the worker bundle (dist/). */
const compile = workerCompile;

/** What the command passes planFromEditor, with secret storage stood in for (its reads counted). */
function editorInputs(rpcUrl: string, address: string, root: string, key?: string) {
  const reads = { count: 0 };
  const inputs: EditorPlanInputs = {
    rpcUrl,
    address,
    root,
    diamond: V2,
    init: INIT,
    compile,
    key: { read: async () => (reads.count++, key), describe: 'a deployer key (Diamond: Set Deployer Key)' },
  };
  return { inputs, reads };
}

async function deployWithCli(url: string, root: string, extra: string[] = [], env = ws.env) {
  const r = await runCli(['deploy', '--rpc', url, '--json', '--root', root, ...extra], { cwd: ws.dir, env });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { diamond: string; facets: Record<string, string> };
}

const sorted = (xs: Iterable<string>) => [...xs].sort();
/** Markdown links `[text](<href>)` back to their text: the document VS Code writes without its links. */
const unlinked = (md: string) => md.replace(/\[([^\]]*)\]\(<[^>]*>\)/g, '$1');

describe('Plan Upgrade as VS Code runs it, on the embedded Hardhat node', () => {
  let node: LocalNode;
  let root: string;
  let diamond: string;
  before(async () => {
    node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') });
    root = project('dloop', true);
    diamond = (await deployWithCli(node.url, root)).diamond;
  });
  after(async () => node?.stop());

  test('the Rewards v2 plan with the migration init: the CLI’s --json and --report, no key read', async () => {
    const { inputs, reads } = editorInputs(node.url, diamond, root);
    const progress: string[] = [];
    const outcome = await planFromEditor(inputs, { onProgress: (p) => progress.push(p.message) });
    assert.equal(outcome.kind, 'planned', outcome.kind === 'needs-key' ? outcome.message : '');
    assert.ok(outcome.kind === 'planned');
    const { plan } = outcome;
    assert.equal(reads.count, 0, 'a local dev node: its account deploys, the secret store is not read');
    for (const step of ['Reading the diamond', 'Validating the plan', 'Planned 2 cut entries'])
      assert.ok(
        progress.some((m) => m.startsWith(step)),
        `progress names "${step}": ${progress.join(' | ')}`,
      );

    // The CLI on the same node, project and inputs (it sends nothing either: the nonces are the same).
    const file = planReportFile(root, plan);
    mkdirSync(dirname(file), { recursive: true });
    const cli = await runCli(
      [
        'upgrade',
        'plan',
        '--rpc',
        node.url,
        '--address',
        diamond,
        '--diamond',
        V2,
        ...INIT_FLAGS,
        '--json',
        '--report',
        file,
      ],
      { cwd: root, env: ws.env },
    );
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(planJson(plan, root), JSON.parse(cli.stdout), 'the same plan, field for field');
    const written = readFileSync(file, 'utf8');
    assert.equal(planDocument(plan, file, null), written, 'the same report at the same place');
    // With links (here every selector linked to a made-up place), taking them out gives the CLI's report back.
    const sources = new Map(
      plan.plan.selectors.map((s) => [s.selector, { file: join(root, 'x.sol'), line: 1, column: 1 }]),
    );
    const linked = planDocument(plan, file, { sources });
    assert.notEqual(linked, written);
    assert.equal(unlinked(linked), written);

    // What the document says, from solc: RewardsV2Facet replaces RewardsFacet's selectors and adds the rest.
    const build = await buildDloop();
    const v1 = new Set(build.methodIdentifiers('RewardsFacet').values());
    const v2 = build.methodIdentifiers('RewardsV2Facet');
    const replaced = [...v2].filter(([, sel]) => v1.has(sel));
    const added = [...v2].filter(([, sel]) => !v1.has(sel));
    assert.ok(replaced.length > 0 && added.length > 0);
    assert.ok(written.includes(`## Replaced (${replaced.length})`), written);
    assert.ok(written.includes(`## Added (${added.length})`), written);
    const facetAt = plan.deploy.find((d) => d.contract === 'RewardsV2Facet')?.predictedAddress;
    for (const [sig, sel] of [...replaced, ...added])
      assert.ok(
        written.includes(`| \`${sig}\` | RewardsV2Facet (${facetAt}) |`) &&
          written.includes(`| \`${sel}\` |`),
        sig,
      );
    assert.deepEqual(
      sorted(plan.plan.selectors.filter((s) => s.action === 'replace').map((s) => s.selector)),
      sorted(replaced.map(([, sel]) => sel)),
    );
  });

  test('an aborted signal: WorkflowAbortedError, nothing sent', async () => {
    const { inputs } = editorInputs(node.url, diamond, root);
    const rpc = new RpcClient(node.url);
    const block = await rpc.request<string>('eth_blockNumber');
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(planFromEditor(inputs, { signal: abort.signal }), WorkflowAbortedError);
    assert.equal(await rpc.request<string>('eth_blockNumber'), block);
  });
});

describe('Plan Upgrade on a chain that is not a local dev node (anvil, chain 5)', () => {
  let anvil: Anvil;
  before(async () => {
    anvil = await startAnvil(['--chain-id', '5']);
  });
  after(async () => anvil?.stop());

  test('no stored key: refused before the diamond is read, naming the chain and what to set', async () => {
    // 0x…01 has no code: a plan that got as far as the loupe would fail differently.
    const { inputs, reads } = editorInputs(
      anvil.url,
      '0x0000000000000000000000000000000000000001',
      project('no-key', false),
    );
    const outcome = await planFromEditor(inputs);
    assert.equal(outcome.kind, 'needs-key');
    assert.ok(outcome.kind === 'needs-key');
    assert.match(
      outcome.message,
      /^Chain 5 \(http:\/\/127\.0\.0\.1:\d+\) is not a local dev node: .*Set a deployer key \(Diamond: Set Deployer Key\) first\.$/,
    );
    assert.equal(reads.count, 1);
  });

  test('with a stored key its account deploys the new facets, as DIAMOND_PRIVATE_KEY does for the CLI', async () => {
    assert.equal(new Wallet(KEY1).address, ACCOUNT1);
    const root = project('with-key', false);
    const env = { ...ws.env, DIAMOND_PRIVATE_KEY: KEY1 };
    const { diamond } = await deployWithCli(anvil.url, root, ['--yes-i-mean', '5'], env);
    const { inputs } = editorInputs(anvil.url, diamond, root, KEY1);
    const outcome = await planFromEditor(inputs);
    assert.ok(outcome.kind === 'planned', outcome.kind === 'needs-key' ? outcome.message : '');
    assert.equal(outcome.plan.deployer, ACCOUNT1);
    const cli = await runCli(
      ['upgrade', 'plan', '--rpc', anvil.url, '--address', diamond, '--diamond', V2, ...INIT_FLAGS, '--json'],
      { cwd: root, env },
    );
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(planJson(outcome.plan, root), JSON.parse(cli.stdout));
  });
});
