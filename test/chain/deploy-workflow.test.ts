/**
 * The deploy workflow (chain/src/workflows/deploy-dloop.ts) run exactly as "Diamond: Deploy DLOOP Diamond"
 * runs it (client/src/deployments.ts deployFromEditor: connect, the transaction gate, the workflow; the
 * compile in a worker), on real nodes:
 * - the embedded Hardhat node: the record it writes holds the engine's namespaces of contracts/ (their slots
 *   computed here from the ids); an abort before the first transaction sends nothing; and "Connect to
 *   Diamond…" and `diamond loupe` agree on which files are records (the real one, not foreign shapes);
 * - anvil with chain id 5 (not a local dev node): the gate refuses without a key, refuses when the modal is
 *   declined (after naming chain 5, the RPC and the key's account), and with both deploys from the key.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compileInWorker } from '../../chain/src/compile-in-worker';
import type { CompileOptions } from '../../chain/src/compile-types';
import { connect } from '../../chain/src/connect';
import type { DeploymentRecord } from '../../chain/src/deployment-record';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { RpcClient } from '../../chain/src/rpc';
import { txGate, type ConfirmationRequest } from '../../chain/src/tx-gate';
import { DEPLOY_DLOOP_ACTION, deployDloopProject } from '../../chain/src/workflows/deploy-dloop';
import { WorkflowAbortedError, type WorkflowProgress } from '../../chain/src/workflows/workflow';
import { deployFromEditor, recentDeployments, type EditorDeployOutcome } from '../../client/src/deployments';
import type { NamespaceEntry } from '../../engine';
import { areaSlot, DLOOP_NAMESPACES, type DloopArea } from './helpers/namespaces';
import { startAnvil, type Anvil } from './support/anvil';
import { runCli } from './support/cli';
import { dloopProject, repoRoot, tempWorkspace } from './support/env';

const ws = tempWorkspace('deploy-workflow');
after(() => ws.cleanup());

// anvil's well-known dev accounts #0 and #1 (the key and its address as published together).
const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const KEY1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';

/** A project folder holding a copy of the bundled DLOOP contracts. */
const project = (name: string): string => dloopProject(ws.dir, name);

/** The extension's compile: solc in the worker bundle (dist/), one cache for this file's projects. */
const compile = (opts: CompileOptions) =>
  compileInWorker({
    ...opts,
    workerPath: join(repoRoot(), 'dist', 'compile-worker.js'),
    cacheDir: join(ws.dir, 'solc-cache'),
  });

/** deployFromEditor with what the extension passes, the secret store and the modal stood in for. */
function fromEditor(rpcUrl: string, root: string, key: string | undefined, confirm: boolean) {
  const seen = { keyReads: 0, asked: [] as ConfirmationRequest[], progress: [] as WorkflowProgress[] };
  const run = (): Promise<EditorDeployOutcome> =>
    deployFromEditor({
      rpcUrl,
      root,
      key: {
        read: async () => (seen.keyReads++, key),
        describe: 'a deployer key (Diamond: Set Deployer Key)',
      },
      confirmation: {
        ask: async (req) => (seen.asked.push(req), confirm),
        hint: () => 'run the command again and confirm the dialog',
      },
      compile,
      inProgress: (task) => task({ onProgress: (p) => seen.progress.push(p) }),
    });
  return { seen, run };
}

/** Records are one file per diamond: `.diamond/deployments/<chainId>/<diamond, lower case>.json`. */
const recordFile = (root: string, chainId: number, diamond: string) =>
  join(root, '.diamond', 'deployments', String(chainId), `${diamond.toLowerCase()}.json`);
const recordsOf = (root: string, chainId: number) => join(root, '.diamond', 'deployments', String(chainId));
const readRecord = (root: string, chainId: number, diamond: string) =>
  JSON.parse(readFileSync(recordFile(root, chainId, diamond), 'utf8')) as DeploymentRecord;

/** Every DLOOP namespace in the record, at the slot its id gives (computed here, not by the engine). */
function assertDloopNamespaces(rec: DeploymentRecord): void {
  const namespaces: NamespaceEntry[] | null = rec.storageLayouts.namespaces;
  assert.ok(namespaces, 'the record has namespaces');
  for (const [area, { id }] of Object.entries(DLOOP_NAMESPACES)) {
    const entry: NamespaceEntry | undefined = namespaces.find((n) => n.id === id);
    assert.ok(entry, `namespace ${id} recorded (ids: ${namespaces.map((n) => n.id).join(', ')})`);
    assert.equal(BigInt(entry.slot), areaSlot(area as DloopArea), `${id} slot`);
  }
}

const nonce = async (url: string, a: string) =>
  Number(BigInt(await new RpcClient(url).request<string>('eth_getTransactionCount', [a, 'latest'])));
const blockNumber = async (url: string) =>
  Number(BigInt(await new RpcClient(url).request<string>('eth_blockNumber')));

describe('Deploy DLOOP Diamond as VS Code runs it, on the embedded Hardhat node', () => {
  let node: LocalNode;
  let root: string;
  let record: DeploymentRecord;
  before(async () => {
    node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') });
    root = project('editor');
  });
  after(async () => node?.stop());

  test("the record it writes holds the engine's namespaces of contracts/; no key read, nothing asked", async () => {
    const editor = fromEditor(node.url, root, undefined, false);
    const outcome = await editor.run();
    assert.equal(outcome.kind, 'deployed', outcome.kind === 'refused' ? outcome.refusal.message : '');
    assert.ok(outcome.kind === 'deployed');
    assert.deepEqual(
      { keyReads: editor.seen.keyReads, asked: editor.seen.asked.length },
      { keyReads: 0, asked: 0 },
    );
    assert.equal(outcome.result.recordFile, recordFile(root, 31337, outcome.result.deployment.diamond));
    assert.equal(outcome.result.namespacesProblem, undefined);
    record = readRecord(root, 31337, outcome.result.deployment.diamond);
    assert.deepEqual(record, outcome.result.record, 'what is on disk is what the workflow returned');
    assertDloopNamespaces(record);
    // Declared by LibCoreStorage, traced to its Layout struct.
    assert.equal(
      record.storageLayouts.namespaces?.find((n) => n.id === DLOOP_NAMESPACES.core.id)?.struct,
      'LibCoreStorage.Layout',
    );
    assert.ok(editor.seen.progress.some((p) => p.message === 'Writing the deployment record'));
    assert.ok(
      (await new RpcClient(node.url).request<string>('eth_getCode', [record.diamond, 'latest'])).length > 2,
    );
  });

  test('aborted during the compile: WorkflowAbortedError, nothing sent, no record', async () => {
    const aborted = project('aborted');
    const connection = await connect(node.url);
    const gate = await txGate(connection, {
      action: DEPLOY_DLOOP_ACTION,
      key: { read: () => assert.fail('a local dev node needs no key'), describe: 'none' },
      confirmation: { ask: () => assert.fail('nothing to confirm'), hint: () => '' },
    });
    assert.ok(gate.ok && gate.signer.local);
    const before = { block: await blockNumber(node.url), nonce: await nonce(node.url, gate.signer.address) };
    const controller = new AbortController();
    try {
      await assert.rejects(
        deployDloopProject(
          { connection, root: aborted, signer: gate.signer, compile },
          { signal: controller.signal, onProgress: () => controller.abort() },
        ),
        WorkflowAbortedError,
      );
    } finally {
      gate.signer.close();
    }
    assert.deepEqual(
      { block: await blockNumber(node.url), nonce: await nonce(node.url, gate.signer.address) },
      before,
    );
    assert.equal(existsSync(recordsOf(aborted, 31337)), false);
  });

  test('"Connect to Diamond…" lists and `diamond loupe` reads the same files: the real record, no foreign shape', async () => {
    assert.ok(record, 'deployed by the first test');
    const real = readFileSync(recordFile(root, 31337, record.diamond), 'utf8');
    const variant = (change: (r: Record<string, unknown>) => void) => {
      const r = JSON.parse(real) as Record<string, unknown>;
      change(r);
      return JSON.stringify(r, null, 2);
    };
    const files: Record<string, string> = {
      written: real,
      'facets-object': variant(
        (r) => (r.facets = Object.fromEntries(record.facets.map((f) => [f.name, f.address]))),
      ),
      'deployed-at': variant((r) => {
        r.deployedAt = r.timestamp;
        delete r.timestamp;
      }),
      'string-chain-id': variant((r) => (r.chainId = '31337')),
      'seconds-timestamp': variant((r) => (r.timestamp = Math.floor(Date.parse(record.timestamp) / 1000))),
      'half-written': real.slice(0, Math.floor(real.length / 2)),
    };
    const client: string[] = [];
    const cli: string[] = [];
    for (const [name, text] of Object.entries(files)) {
      // A folder without sources: facet names can only come from a record the reader accepts.
      const dir = join(ws.dir, 'records', name);
      mkdirSync(recordsOf(dir, 31337), { recursive: true });
      writeFileSync(recordFile(dir, 31337, record.diamond), text);
      const warnings: string[] = [];
      const listed = recentDeployments([dir], { warn: (m) => void warnings.push(m) });
      if (listed.length) client.push(name);
      else assert.equal(warnings.length, 1, `${name}: the skip is logged with its reason`);
      const r = await runCli(
        ['loupe', '--rpc', node.url, '--address', record.diamond, '--json', '--root', dir],
        {
          cwd: ws.dir,
          env: ws.env,
        },
      );
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      const view = JSON.parse(r.stdout) as { facets: { address: string; name: string | null }[] };
      const named = view.facets.filter((f) => f.name !== null);
      if (named.length) {
        cli.push(name);
        // Named as recorded.
        for (const f of named) assert.equal(record.facets.find((d) => d.address === f.address)?.name, f.name);
      }
    }
    assert.deepEqual(client, ['written'], 'what "Connect to Diamond…" lists');
    assert.deepEqual(cli, ['written'], 'what `diamond loupe` reads');
  });
});

describe("the transaction gate, reached from VS Code's deploy: anvil --chain-id 5", () => {
  let anvil: Anvil;
  let root: string;
  before(async () => {
    anvil = await startAnvil(['--chain-id', '5']);
    root = project('editor-5');
  });
  after(async () => anvil?.stop());

  const nothingSent = async () => {
    assert.equal(await nonce(anvil.url, ACCOUNT0), 0);
    assert.equal(await nonce(anvil.url, ACCOUNT1), 0);
    assert.equal(await blockNumber(anvil.url), 0);
    assert.equal(existsSync(recordsOf(root, 5)), false);
  };

  test("no key in secret storage: refused (needs-key) in the gate's words; no modal; nothing sent", async () => {
    const editor = fromEditor(anvil.url, root, undefined, true);
    const outcome = await editor.run();
    assert.deepEqual(outcome, {
      kind: 'refused',
      refusal: {
        kind: 'needs-key',
        chainId: 5,
        rpcUrl: anvil.url,
        message:
          `Deploying the DLOOP diamond on chain 5 (${anvil.url}) needs a deployer key (Diamond: Set Deployer Key): ` +
          'it is not a local dev node. Nothing was sent.',
      },
    });
    assert.equal(editor.seen.asked.length, 0);
    assert.equal(editor.seen.progress.length, 0, 'the workflow never started');
    await nothingSent();
  });

  test("a key, the modal declined: refused (not-confirmed); the modal named chain 5, the RPC and the key's account", async () => {
    const editor = fromEditor(anvil.url, root, KEY1, false);
    const outcome = await editor.run();
    assert.equal(outcome.kind === 'refused' && outcome.refusal.kind, 'not-confirmed');
    assert.equal(editor.seen.asked.length, 1);
    const [asked] = editor.seen.asked;
    assert.deepEqual(
      { chainId: asked.chainId, rpcUrl: asked.rpcUrl, from: asked.from, question: asked.question },
      { chainId: 5, rpcUrl: anvil.url, from: ACCOUNT1, question: 'Deploy the DLOOP diamond on chain 5?' },
    );
    assert.ok(asked.detail.includes(ACCOUNT1) && asked.detail.includes(anvil.url), asked.detail);
    await nothingSent();
  });

  test("a key, confirmed: deployed from the key's account, not an unlocked one; the record holds the namespaces", async () => {
    const editor = fromEditor(anvil.url, root, KEY1, true);
    const outcome = await editor.run();
    assert.equal(outcome.kind, 'deployed', outcome.kind === 'refused' ? outcome.refusal.message : '');
    assert.ok((await nonce(anvil.url, ACCOUNT1)) > 10);
    assert.equal(await nonce(anvil.url, ACCOUNT0), 0);
    assert.equal(
      outcome.kind === 'deployed' && outcome.result.recordFile,
      recordFile(root, 5, outcome.kind === 'deployed' ? outcome.result.record.diamond : ''),
    );
    const rec = readRecord(root, 5, outcome.kind === 'deployed' ? outcome.result.record.diamond : '');
    assert.equal(rec.chainId, 5);
    assertDloopNamespaces(rec);
  });
});
