/**
 * Planning a cut against the live DLOOP diamond (chain/src/workflows/upgrade-plan.ts and `diamond upgrade plan`),
 * on real nodes with real solc. Every expectation is computed here, independently of the planner: the routing
 * from the loupe's facets() read with ethers, the facet selectors from solc's methodIdentifiers, the addresses
 * from plain CREATE at the deployer's nonces, the calldata decoded with ethers.
 * - the embedded Hardhat node: the Rewards v2 plan (Replace / Add / Remove, deploy list, init, calldata; the
 *   predicted addresses proved by deploying in that order and the calldata by executing it as the owner, then
 *   reverted); the CLI's --json shape field by field, text and --report; the unchanged diamond → empty cut;
 *   config mistakes (no --diamond among several, unknown name, unknown facet) → exit 2; duplicate selectors,
 *   a storage layout break and an orphaned namespace under an init → exit 1 at their places; a foreign facet
 *   removed only with --prune and never when protected; a wrong init call, an RPC that does not answer, an
 *   address that is no diamond → exit 2;
 * - anvil (a second node implementation): the same plan; without git the layout check reads the deployment
 *   record's per-field layouts (a record without them: test/chain/layout-record.test.ts);
 * - anvil as chain 5 (not a local dev node): no deployer named → exit 2 before the diamond is read.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AbiCoder,
  getAddress,
  getCreateAddress,
  id,
  Interface,
  keccak256,
  toBeHex,
  toUtf8Bytes,
  ZeroAddress,
} from 'ethers';
import { compileProject } from '../../chain/src/compile';
import { hasErrors, type Artifact } from '../../chain/src/compile-types';
import { connect } from '../../chain/src/connect';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { dloopFacetNames } from '../../chain/src/dloop/types';
import type { JsonFinding } from '../../cli/src/commands/upgrade-plan';
import { RpcClient } from '../../chain/src/rpc';
import type { UpgradePlan } from '../../chain/src/upgrade-plan-types';
import { planUpgrade } from '../../chain/src/workflows/upgrade-plan';
import { buildDloop, type DloopBuild } from './helpers/dloop-build';
import {
  decodeDiamondCut,
  DIAMOND_CUT,
  expectedSwap,
  firstAccount,
  loupeFacets,
  nextCreateAddresses,
  nonceOf,
  sorted,
} from './helpers/upgrade-expect';
import { freePort, startAnvil, type Anvil } from './support/anvil';
import { runCli } from './support/cli';
import { deployContract, withSigner } from './support/diamond';
import { repoRoot, tempWorkspace, waitFor } from './support/env';

const ws = tempWorkspace('upgrade-plan');
after(() => ws.cleanup());
delete ws.env.DIAMOND_PRIVATE_KEY;

const V2 = 'DLOOP after the Rewards v2 upgrade';
const UNKNOWN = 'DLOOP with an unknown facet';
const BOTH = 'DLOOP with both rewards facets';
/** The facets the deploy routine cuts in: the "DLOOP" diamond of the bundled config. */
const DLOOP_FACETS: readonly string[] = dloopFacetNames;
/** The cut, loupe and ownership functions, from their signatures (not from the planner's list). */
const PROTECTED = [
  'diamondCut((address,uint8,bytes4[])[],address,bytes)',
  'facets()',
  'facetFunctionSelectors(address)',
  'facetAddresses()',
  'facetAddress(bytes4)',
  'supportsInterface(bytes4)',
  'owner()',
  'transferOwnership(address)',
].map((s) => id(s).slice(0, 10));
const INIT = ['--init', 'RewardsMigrationV2', '--init-call', 'migrate(uint16)', '--init-args', '[15000]'];

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd });

/** A project holding the bundled contracts/ (config extended by two test diamonds), a git checkout when asked. */
function project(name: string, withGit: boolean): string {
  const root = join(ws.dir, name);
  cpSync(join(repoRoot(), 'contracts'), join(root, 'contracts'), { recursive: true });
  const configFile = join(root, 'contracts', 'diamond.config.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
    diamonds: { name: string; facets: string[] }[];
  };
  config.diamonds.push(
    { name: UNKNOWN, facets: [...DLOOP_FACETS, 'NoSuchFacet'] },
    { name: BOTH, facets: [...DLOOP_FACETS, 'RewardsV2Facet'] },
  );
  writeFileSync(configFile, JSON.stringify(config, null, 2) + '\n');
  if (withGit) {
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'contracts');
  }
  return root;
}

/** A copy of a deployed project: its git history and deployment record too. */
function copyOf(root: string, name: string): string {
  const copy = join(ws.dir, name);
  cpSync(root, copy, { recursive: true });
  return copy;
}

interface DeployJson {
  diamond: string;
  governance: string;
  facets: Record<string, string>;
}
/** The CLI's finding type; its keys are asserted one by one below (the check --json shape). */
type FindingJson = JsonFinding;
interface PlanJson {
  chainId: number;
  diamond: string;
  cut: { facetAddress: string; action: string; functionSelectors: string[] }[];
  selectors: {
    selector: string;
    signature: string | null;
    action: string;
    fromFacet: string | null;
    toFacet: string | null;
  }[];
  deploy: { contract: string; address: string }[];
  init: { contract: string; address: string; calldata: string } | null;
  calldata: string;
  findings: FindingJson[];
}

async function deployWithCli(url: string, root: string): Promise<DeployJson> {
  const r = await runCli(['deploy', '--rpc', url, '--json', '--root', root], { cwd: ws.dir, env: ws.env });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as DeployJson;
}

/** 1-based line of the first occurrence of `needle` in a file. */
function lineOf(file: string, needle: string): number {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} in ${file}`);
  return text.slice(0, at).split('\n').length;
}

/** A contract no project here declares: the facet someone else cut in. */
const FOREIGN = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract ForeignFacet {
    function foreignPing() external pure returns (uint256) {
        return 1;
    }

    function foreignVersion() external pure returns (uint256) {
        return 7;
    }
}
`;

/** ERC-7201: keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff, as the standard writes it. */
function erc7201Slot(namespace: string): string {
  const inner = BigInt(keccak256(toUtf8Bytes(namespace))) - 1n;
  return toBeHex(BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(['uint256'], [inner]))) & ~0xffn, 32);
}

async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  return new RpcClient(url).request<T>(method, params);
}

/** Sends `data` to the diamond as its owner (the ProtocolDAO, impersonated) and waits for a successful receipt. */
async function asOwner(url: string, owner: string, to: string, data: string): Promise<void> {
  await rpc(url, 'hardhat_impersonateAccount', [owner]);
  await rpc(url, 'hardhat_setBalance', [owner, toBeHex(10n ** 20n)]);
  const hash = await rpc<string>(url, 'eth_sendTransaction', [{ from: owner, to, data }]);
  const receipt = await waitFor('the receipt', () =>
    rpc<{ status: string } | null>(url, 'eth_getTransactionReceipt', [hash]).then((r) => r ?? undefined),
  );
  assert.equal(receipt.status, '0x1', `transaction to ${to} reverted`);
  await rpc(url, 'hardhat_stopImpersonatingAccount', [owner]);
}

/** The v2 plan's expectations for one node, from the loupe, methodIdentifiers and the deployer's nonce. */
async function expectations(url: string, deployed: DeployJson, build: DloopBuild) {
  const routing = await loupeFacets(url, deployed.diamond);
  const v2 = build.methodIdentifiers('RewardsV2Facet');
  const swap = expectedSwap(routing, deployed.facets.RewardsFacet, v2.values());
  const deployer = await firstAccount(url);
  const [facetAt, initAt] = await nextCreateAddresses(url, deployer, 2);
  const signatureOf = new Map([...v2].map(([sig, sel]) => [sel, sig]));
  const migration = new Interface(build.lookup('RewardsMigrationV2').abi);
  return {
    routing,
    swap,
    deployer,
    facetAt,
    initAt,
    signatureOf,
    initCalldata: migration.encodeFunctionData('migrate', [15000]),
    immutable: routing.get(deployed.diamond.toLowerCase()) ?? [],
  };
}

/** The CLI's plan against the independent expectations (shared by both nodes). */
function assertV2Json(out: PlanJson, deployed: DeployJson, exp: Awaited<ReturnType<typeof expectations>>) {
  assert.deepEqual(exp.swap.elsewhere, [], 'no RewardsV2Facet selector is routed to a third facet');
  assert.ok(exp.swap.replace.length > 0 && exp.swap.add.length > 0, 'the example replaces and adds');
  assert.equal(out.diamond, getAddress(deployed.diamond));
  const want = [
    { facetAddress: exp.facetAt, action: 'replace', functionSelectors: exp.swap.replace },
    { facetAddress: exp.facetAt, action: 'add', functionSelectors: exp.swap.add },
    ...(exp.swap.remove.length
      ? [{ facetAddress: ZeroAddress, action: 'remove', functionSelectors: exp.swap.remove }]
      : []),
  ];
  assert.deepEqual(
    out.cut.map((c) => ({ ...c, functionSelectors: sorted(c.functionSelectors) })),
    want,
  );
  const cutSelectors = out.cut.flatMap((c) => c.functionSelectors);
  for (const s of [...exp.immutable, ...PROTECTED]) assert.ok(!cutSelectors.includes(s), `${s} untouched`);
  assert.deepEqual(out.deploy, [
    { contract: 'RewardsV2Facet', address: exp.facetAt },
    { contract: 'RewardsMigrationV2', address: exp.initAt },
  ]);
  assert.deepEqual(out.init, {
    contract: 'RewardsMigrationV2',
    address: exp.initAt,
    calldata: exp.initCalldata,
  });
  const decoded = decodeDiamondCut(out.calldata);
  assert.deepEqual(
    decoded.cut.map((c) => ({ ...c, functionSelectors: sorted(c.functionSelectors) })),
    want.map((c) => ({ ...c, action: ['add', 'replace', 'remove'].indexOf(c.action) })),
  );
  assert.equal(decoded.init, exp.initAt);
  assert.equal(decoded.calldata, exp.initCalldata);
  // Per selector, with reasons: signatures from solc, the old facet named, nothing for unchanged facets.
  const rows = out.selectors.filter(
    (s) => s.action === 'replace' || s.action === 'add' || s.action === 'remove',
  );
  assert.deepEqual(
    sorted(rows.filter((s) => s.action === 'replace').map((s) => s.selector)),
    exp.swap.replace,
  );
  assert.deepEqual(sorted(rows.filter((s) => s.action === 'add').map((s) => s.selector)), exp.swap.add);
  for (const s of rows) {
    assert.equal(s.signature, exp.signatureOf.get(s.selector), s.selector);
    assert.equal(s.toFacet, 'RewardsV2Facet', s.selector);
    assert.equal(s.fromFacet, s.action === 'replace' ? 'RewardsFacet' : null, s.selector);
  }
  assert.ok(!out.selectors.some((s) => s.action === 'keep'), 'unchanged selectors are not listed');
  assert.deepEqual(
    sorted(out.selectors.filter((s) => s.action === 'immutable').map((s) => s.selector)),
    sorted(exp.immutable),
  );
}

describe('diamond upgrade plan on the embedded Hardhat node', () => {
  let node: LocalNode;
  let root: string;
  let deployed: DeployJson;
  let build: DloopBuild;
  before(async () => {
    node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') });
    root = project('dloop', true);
    build = await buildDloop();
    deployed = await deployWithCli(node.url, root);
  });
  after(async () => node?.stop());

  const plan = (args: string[], cwd = root) =>
    runCli(['upgrade', 'plan', '--rpc', node.url, '--address', deployed.diamond, ...args], {
      cwd,
      env: ws.env,
    });
  const planJson = async (args: string[], code: number, cwd = root) => {
    const r = await plan([...args, '--json'], cwd);
    assert.equal(r.code, code, r.stdout + r.stderr);
    return JSON.parse(r.stdout) as PlanJson;
  };

  test('the workflow: the Rewards v2 plan equals the cut computed from the loupe and solc; deploying and cutting proves it', async () => {
    const exp = await expectations(node.url, deployed, build);
    const plan: UpgradePlan = await planUpgrade({
      connection: await connect(node.url),
      address: deployed.diamond,
      root,
      diamond: V2,
      init: { contract: 'RewardsMigrationV2', call: 'migrate(uint16)', args: [15000] },
    });
    assert.deepEqual(plan.findings, []);
    assert.deepEqual(
      plan.checks.map((c) => [c.id, c.status]),
      [
        ['selectors', 'passed'],
        ['storage-layout', 'passed'],
        ['namespaces', 'passed'],
        ['code', 'passed'],
        ['init', 'passed'],
      ],
    );
    assert.equal(plan.deployer, getAddress(exp.deployer));
    assert.equal(plan.deployerNonce, await nonceOf(node.url, exp.deployer));
    assert.equal(plan.calldataHash, keccak256(plan.calldata));
    assert.equal(plan.calldata.slice(0, 10), DIAMOND_CUT.getFunction('diamondCut')!.selector);
    assert.equal(plan.diamondName, V2);
    assert.ok(plan.recordFile?.startsWith(root), 'the record of the deploy was read');
    assertV2Json(
      {
        chainId: plan.chainId,
        diamond: plan.diamond,
        cut: plan.cut.map((c) => ({
          facetAddress: c.facetAddress,
          action: ['add', 'replace', 'remove'][c.action],
          functionSelectors: c.functionSelectors,
        })),
        selectors: plan.plan.selectors.filter((s) => s.action !== 'keep'),
        deploy: plan.deploy.map((d) => ({ contract: d.contract, address: d.predictedAddress })),
        init: plan.init && {
          contract: plan.init.contract,
          address: plan.init.address,
          calldata: plan.init.calldata,
        },
        calldata: plan.calldata,
        findings: [],
      },
      deployed,
      exp,
    );

    // Deploy in the plan's order from the deployer, cut as the owner: the addresses and the calldata hold.
    const snapshot = await rpc<string>(node.url, 'evm_snapshot');
    try {
      const addresses = await withSigner(node.url, async (signer) => {
        assert.equal(await signer.getAddress(), plan.deployer);
        const out: string[] = [];
        for (const d of plan.deploy) out.push(await deployContract(signer, d.artifact));
        return out;
      });
      assert.deepEqual(addresses, [exp.facetAt, exp.initAt]);
      await asOwner(node.url, deployed.governance, deployed.diamond, plan.calldata);
      const after = await loupeFacets(node.url, deployed.diamond);
      assert.deepEqual(sorted(after.get(exp.facetAt.toLowerCase()) ?? []), sorted(exp.signatureOf.keys()));
      assert.equal(after.has(deployed.facets.RewardsFacet.toLowerCase()), exp.swap.remove.length > 0);
      const v2 = new Interface(build.lookup('RewardsV2Facet').abi);
      const call = async (fn: string) =>
        v2.decodeFunctionResult(
          fn,
          await rpc<string>(node.url, 'eth_call', [
            { to: deployed.diamond, data: v2.encodeFunctionData(fn) },
            'latest',
          ]),
        )[0] as bigint;
      assert.equal(await call('rewardsStorageVersion'), 2n);
      assert.equal(await call('rewardMultiplier'), 15000n, 'the init ran with its argument');
    } finally {
      assert.equal(await rpc<boolean>(node.url, 'evm_revert', [snapshot]), true);
    }
    assert.deepEqual(await loupeFacets(node.url, deployed.diamond), exp.routing, 'reverted');
  });

  test('--json: exactly the documented fields; text and --report say the same; exit 0', async () => {
    const exp = await expectations(node.url, deployed, build);
    const out = await planJson(['--diamond', V2, ...INIT], 0);
    assert.deepEqual(Object.keys(out), [
      'chainId',
      'diamond',
      'cut',
      'selectors',
      'deploy',
      'init',
      'calldata',
      'findings',
    ]);
    assert.equal(out.chainId, 31337);
    for (const c of out.cut)
      assert.deepEqual(Object.keys(c), ['facetAddress', 'action', 'functionSelectors']);
    for (const s of out.selectors)
      assert.deepEqual(Object.keys(s), ['selector', 'signature', 'action', 'fromFacet', 'toFacet']);
    for (const d of out.deploy) assert.deepEqual(Object.keys(d), ['contract', 'address']);
    assert.deepEqual(Object.keys(out.init ?? {}), ['contract', 'address', 'calldata']);
    assert.deepEqual(out.findings, []);
    assertV2Json(out, deployed, exp);

    const report = join(ws.dir, 'plan.md');
    const text = await plan(['--diamond', V2, ...INIT, '--report', report]);
    assert.equal(text.code, 0, text.stderr);
    for (const s of exp.swap.replace) {
      const sig = exp.signatureOf.get(s)!.replace(/[()[\]]/g, '\\$&');
      assert.match(
        text.stdout,
        new RegExp(`^  ${s}  ${sig}  RewardsFacet +->  ${sig}  RewardsV2Facet$`, 'm'),
      );
    }
    for (const s of exp.swap.add) {
      const sig = exp.signatureOf.get(s)!.replace(/[()[\]]/g, '\\$&');
      assert.match(text.stdout, new RegExp(`^  ${s}  \\(not routed\\) +->  ${sig}  RewardsV2Facet$`, 'm'));
    }
    assert.match(
      text.stdout,
      new RegExp(`^  1\\. RewardsV2Facet +${exp.facetAt}  upgrades/RewardsV2Facet\\.sol$`, 'm'),
    );
    assert.match(
      text.stdout,
      new RegExp(`^  2\\. RewardsMigrationV2 +${exp.initAt}  upgrades/RewardsMigrationV2\\.sol$`, 'm'),
    );
    assert.ok(text.stdout.includes(`keccak256 ${keccak256(out.calldata)}`), text.stdout);
    assert.match(text.stdout, /^Plan valid: 2 cut entries$/m);

    const md = readFileSync(report, 'utf8');
    assert.ok(md.includes(`## Replaced (${exp.swap.replace.length})`), md);
    assert.ok(md.includes(`## Added (${exp.swap.add.length})`), md);
    assert.ok(md.includes(`## Removed (${exp.swap.remove.length})`), md);
    for (const s of [...exp.swap.replace, ...exp.swap.add]) {
      const sig = exp.signatureOf.get(s)!;
      assert.ok(
        md.includes(`| \`${s}\` |`) && md.includes(`| \`${sig}\` | RewardsV2Facet (${exp.facetAt}) |`),
        s,
      );
    }
    assert.equal(md.match(/^- ✅ /gm)?.length, 5, 'five validations, each ticked');
    assert.ok(md.includes(keccak256(out.calldata)));
  });

  test('the unchanged "DLOOP" diamond: an empty cut, nothing to deploy, no init; exit 0', async () => {
    const routing = await loupeFacets(node.url, deployed.diamond);
    const out = await planJson(['--diamond', 'DLOOP'], 0);
    assert.deepEqual(out.cut, []);
    assert.deepEqual(out.deploy, []);
    assert.equal(out.init, null);
    assert.ok(
      !out.selectors.some((s) => ['add', 'replace', 'remove'].includes(s.action)),
      JSON.stringify(out.selectors),
    );
    assert.deepEqual(decodeDiamondCut(out.calldata), { cut: [], init: ZeroAddress, calldata: '0x' });
    assert.deepEqual(await loupeFacets(node.url, deployed.diamond), routing, 'planning sent nothing');
  });

  test('a plan after an edit sees it: the project model and texts kept between plans are read again', async () => {
    const copy = copyOf(root, 'dloop-edit');
    // At rest, as a project between two plans is (a folder changed within the last second is never kept).
    const past = new Date(Date.now() - 60_000);
    const rest = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) rest(join(dir, e.name));
        utimesSync(join(dir, e.name), past, past);
      }
    };
    rest(copy);
    const connection = await connect(node.url);
    const planOf = () => planUpgrade({ connection, address: deployed.diamond, root: copy, diamond: 'DLOOP' });
    const before = await planOf();
    assert.deepEqual(before.cut, [], 'unchanged: nothing to cut');
    assert.deepEqual((await planOf()).cut, [], 'kept: still nothing');

    // One function added to OracleFacet, in place (its folder does not change; its ctime does).
    const file = join(copy, 'contracts', 'facets', 'OracleFacet.sol');
    const text = readFileSync(file, 'utf8');
    const added = 'function planEditProbe() external pure returns (uint256) { return 7; }';
    writeFileSync(file, text.replace(/}\s*$/, `    ${added}\n}\n`));
    const after = await planOf();
    const probe = id('planEditProbe()').slice(0, 10);
    const row = after.plan.selectors.find((s) => s.selector === probe);
    assert.deepEqual(row && [row.action, row.toFacet, row.signature], [
      'add',
      'OracleFacet',
      'planEditProbe()',
    ]);
    assert.deepEqual(
      after.deploy.map((d) => d.contract),
      ['OracleFacet'],
    );
    assert.deepEqual(
      after.cut.map((c) => c.action).sort(),
      [0, 1],
      'Add the new function, Replace the others (the facet’s code changed)',
    );

    // Back as it was: the plan is empty again.
    writeFileSync(file, text);
    assert.deepEqual((await planOf()).cut, []);
  });

  test("a node that does not mine every transaction: the deployer's pending transaction counts in the predicted addresses", async () => {
    const connection = await connect(node.url);
    const planOf = () =>
      planUpgrade({
        connection,
        address: deployed.diamond,
        root,
        diamond: V2,
        init: { contract: 'RewardsMigrationV2', call: 'migrate(uint16)', args: [15000] },
      });
    const automining = await planOf();
    assert.equal(automining.deployerNonce, await nonceOf(node.url, automining.deployer));
    const client = new RpcClient(node.url);
    const snapshot = await client.request<string>('evm_snapshot');
    await client.request('evm_setAutomine', [false]);
    try {
      // A transaction of the deployer's waits in the mempool: 'latest' does not count it, the next deploy will.
      const hash = await client.request<string>('eth_sendTransaction', [
        { from: automining.deployer, to: automining.deployer, value: '0x1' },
      ]);
      const pending = await planOf();
      assert.equal(pending.deployerNonce, automining.deployerNonce + 1);
      assert.deepEqual(
        pending.deploy.map((d) => d.predictedAddress),
        automining.deploy.map((_, i) =>
          getCreateAddress({ from: automining.deployer, nonce: automining.deployerNonce + 1 + i }),
        ),
      );
      await client.request('hardhat_dropTransaction', [hash]);
    } finally {
      await client.request('evm_setAutomine', [true]);
      await client.request('evm_revert', [snapshot]);
    }
    assert.equal((await planOf()).deployerNonce, automining.deployerNonce);
  });

  test('which diamond: several and none named, an unknown name, a config listing an unknown facet → exit 2', async () => {
    const several = await plan([]);
    assert.equal(several.code, 2, several.stdout);
    assert.match(several.stderr, /declares 4 diamonds .*pick one with --diamond NAME/);
    const unknownName = await plan(['--diamond', 'Nope']);
    assert.equal(unknownName.code, 2);
    assert.match(
      unknownName.stderr,
      /no diamond named "Nope" in .*diamond\.config\.json \(its diamonds: "DLOOP", /,
    );
    const unknownFacet = await plan(['--diamond', UNKNOWN, '--json']);
    assert.equal(unknownFacet.code, 2, unknownFacet.stdout);
    assert.equal(unknownFacet.stdout, '');
    assert.match(
      unknownFacet.stderr,
      new RegExp(
        `contracts/diamond\\.config\\.json: diamond "${UNKNOWN}" lists "NoSuchFacet", which no deployable contract`,
      ),
    );
  });

  test('two target facets exposing the same functions: duplicate-selector errors at both places; exit 1', async () => {
    const out = await planJson(['--diamond', BOTH], 1);
    const v1 = build.methodIdentifiers('RewardsFacet');
    const v2 = new Set(build.methodIdentifiers('RewardsV2Facet').values());
    const shared = [...v1].filter(([, sel]) => v2.has(sel));
    assert.ok(shared.length > 0);
    for (const f of out.findings) {
      assert.deepEqual(Object.keys(f), [
        'rule',
        'severity',
        'file',
        'line',
        'column',
        'endLine',
        'endColumn',
        'message',
        'related',
      ]);
      for (const r of f.related) assert.deepEqual(Object.keys(r), ['file', 'line', 'message']);
    }
    const dups = out.findings.filter((f) => f.rule === 'duplicate-selector');
    assert.equal(dups.length, shared.length, JSON.stringify(out.findings, null, 2));
    // Each also moves off the live RewardsFacet, which stays in this diamond: a warning per selector, nothing else.
    const moves = out.findings.filter((f) => f.rule === 'live-selector-conflict');
    assert.deepEqual(
      moves.map((f) => f.severity),
      shared.map(() => 'warning'),
    );
    assert.ok(moves.every((f) => /from RewardsFacet .*which stays in the diamond/.test(f.message)));
    assert.equal(out.findings.length, dups.length + moves.length, 'nothing else');
    const v2File = join(root, 'contracts', 'upgrades', 'RewardsV2Facet.sol');
    const v1File = join(root, 'contracts', 'facets', 'RewardsFacet.sol');
    for (const [sig, sel] of shared) {
      const name = sig.slice(0, sig.indexOf('('));
      const f = dups.find((d) => d.message.includes(`${sig} (${sel})`));
      assert.ok(f, sig);
      assert.equal(f.severity, 'error');
      assert.deepEqual(
        [f.file, f.line],
        ['contracts/upgrades/RewardsV2Facet.sol', lineOf(v2File, `function ${name}(`)],
      );
      assert.deepEqual(
        f.related.map((r) => [r.file, r.line]),
        [['contracts/facets/RewardsFacet.sol', lineOf(v1File, `function ${name}(`)]],
      );
    }
    const text = await plan(['--diamond', BOTH]);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^  ✗ No duplicate, colliding or immutable selector after the cut/m);
    assert.match(text.stdout, /^Plan blocked: \d+ error\(s\)$/m);
  });

  test('the init call: a wrong signature, arguments that do not encode, --init-call without --init → exit 2 naming it', async () => {
    const migrate = (call: string, args: string) =>
      plan(['--diamond', V2, '--init', 'RewardsMigrationV2', '--init-call', call, '--init-args', args]);
    const wrong = await migrate('migrate(uint256)', '[1]');
    assert.equal(wrong.code, 2, wrong.stdout);
    assert.match(
      wrong.stderr,
      /--init-call migrate\(uint256\): RewardsMigrationV2 has no such function \(its functions: migrate\(uint16\)\)/,
    );
    assert.equal(wrong.stdout, '');
    const badArgs = await migrate('migrate(uint16)', '[70000]');
    assert.equal(badArgs.code, 2);
    assert.match(badArgs.stderr, /--init-args do not encode as migrate\(uint16\)/);
    const count = await migrate('migrate(uint16)', '[]');
    assert.equal(count.code, 2);
    assert.match(count.stderr, /migrate\(uint16\) takes 1 argument\(s\), 0 given/);
    const noInit = await plan(['--diamond', V2, '--init-call', 'migrate(uint16)']);
    assert.equal(noInit.code, 2);
    assert.match(noInit.stderr, /--init-call and --init-args need --init CONTRACT/);
    const noContract = await plan(['--diamond', V2, '--init', 'NoSuchInit', '--init-call', 'run()']);
    assert.equal(noContract.code, 2);
    assert.match(noContract.stderr, /--init NoSuchInit: no compiled contract of that name/);
  });

  test('no diamond to read: an RPC that does not answer, an account without code, a contract without a loupe → exit 2', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const down = await runCli(
      ['upgrade', 'plan', '--rpc', url, '--address', deployed.diamond, '--diamond', 'DLOOP'],
      {
        cwd: root,
        env: ws.env,
      },
    );
    assert.equal(down.code, 2);
    assert.match(down.stderr, new RegExp(`cannot read the diamond: RPC endpoint ${url}.* unreachable`));
    const eoa = await runCli(
      ['upgrade', 'plan', '--rpc', node.url, '--address', await firstAccount(node.url), '--diamond', 'DLOOP'],
      { cwd: root, env: ws.env },
    );
    assert.equal(eoa.code, 2);
    assert.match(eoa.stderr, /has no code: it is not a contract/);
    const noLoupe = await runCli(
      ['upgrade', 'plan', '--rpc', node.url, '--address', deployed.governance, '--diamond', 'DLOOP'],
      {
        cwd: root,
        env: ws.env,
      },
    );
    assert.equal(noLoupe.code, 2);
    assert.match(noLoupe.stderr, /does not answer the diamond loupe facets\(\) call/);
  });

  test('a foreign facet (cut in by the owner): left alone, removed with --prune, never when protected in the config', async () => {
    const foreignDir = join(ws.dir, 'foreign');
    mkdirSync(foreignDir, { recursive: true });
    writeFileSync(join(foreignDir, 'ForeignFacet.sol'), FOREIGN);
    const compiled = await compileProject({ root: foreignDir });
    assert.ok(!hasErrors(compiled), JSON.stringify(compiled.errors));
    const foreign = compiled.contracts.find((a) => a.name === 'ForeignFacet') as Artifact;
    const foreignSelectors = sorted(Object.values(foreign.methodIdentifiers).map((s) => `0x${s}`));
    const protectedRoot = copyOf(root, 'protected');
    const configFile = join(protectedRoot, 'contracts', 'diamond.config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    config.upgrade = { protectedSelectors: ['foreignPing()', ...PROTECTED] };
    writeFileSync(configFile, JSON.stringify(config, null, 2));

    const snapshot = await rpc<string>(node.url, 'evm_snapshot');
    try {
      const at = await withSigner(node.url, (signer) => deployContract(signer, foreign));
      const add = DIAMOND_CUT.encodeFunctionData('diamondCut', [
        [[at, 0, foreignSelectors]],
        ZeroAddress,
        '0x',
      ]);
      await asOwner(node.url, deployed.governance, deployed.diamond, add);
      assert.deepEqual(
        sorted((await loupeFacets(node.url, deployed.diamond)).get(at.toLowerCase()) ?? []),
        foreignSelectors,
      );

      const alone = await planJson(['--diamond', 'DLOOP'], 0);
      assert.deepEqual(alone.cut, []);
      const rows = alone.selectors.filter((s) => foreignSelectors.includes(s.selector));
      assert.deepEqual(
        rows.map((s) => [s.selector, s.action, s.fromFacet?.toLowerCase(), s.toFacet]),
        foreignSelectors.map((s) => [s, 'unmanaged', at.toLowerCase(), null]),
      );

      const pruned = await planJson(['--diamond', 'DLOOP', '--prune'], 0);
      assert.deepEqual(pruned.cut, [
        { facetAddress: ZeroAddress, action: 'remove', functionSelectors: foreignSelectors },
      ]);
      assert.deepEqual(decodeDiamondCut(pruned.calldata).cut, [
        { facetAddress: ZeroAddress, action: 2, functionSelectors: foreignSelectors },
      ]);

      const kept = await planJson(['--diamond', 'DLOOP', '--prune'], 0, protectedRoot);
      const ping = id('foreignPing()').slice(0, 10);
      assert.deepEqual(kept.cut, [
        {
          facetAddress: ZeroAddress,
          action: 'remove',
          functionSelectors: foreignSelectors.filter((s) => s !== ping),
        },
      ]);
      assert.equal(kept.selectors.find((s) => s.selector === ping)?.action, 'protected');
    } finally {
      assert.equal(await rpc<boolean>(node.url, 'evm_revert', [snapshot]), true);
    }
  });

  test('a field inserted into a deployed namespace: storage-layout-break at the field (baseline: the record’s field layouts); exit 1', async () => {
    const copy = copyOf(root, 'layout-break');
    const lib = join(copy, 'contracts', 'libraries', 'LibOracleStorage.sol');
    const text = readFileSync(lib, 'utf8');
    writeFileSync(
      lib,
      text.replace(
        '        mapping(address => Feed) feeds;',
        '        uint256 inserted;\n        mapping(address => Feed) feeds;',
      ),
    );
    const out = await planJson(['--diamond', 'DLOOP'], 1, copy);
    assert.deepEqual(
      out.cut.map((c) => [c.action, sorted(c.functionSelectors)]),
      [['replace', sorted(build.methodIdentifiers('OracleFacet').values())]],
      'OracleFacet changed: replaced',
    );
    const breaks = out.findings.filter((f) => f.rule === 'storage-layout-break');
    assert.equal(breaks.length, 1, JSON.stringify(out.findings, null, 2));
    assert.equal(breaks[0].severity, 'error');
    assert.deepEqual(
      [breaks[0].file, breaks[0].line],
      ['contracts/libraries/LibOracleStorage.sol', lineOf(lib, 'uint256 inserted;')],
    );
    assert.match(breaks[0].message, /dloop\.storage\.oracle\.v1.*`inserted` inserted before `feeds`/);
  });

  test('a namespace moved to a new version with nothing reading the old one: a warning without init, an error with one', async () => {
    const copy = copyOf(root, 'orphaned');
    const lib = join(copy, 'contracts', 'libraries', 'LibFeeStorage.sol');
    const v1 = readFileSync(lib, 'utf8');
    const slotV2 = erc7201Slot('dloop.storage.fee.v2');
    const moved = v1
      .replaceAll('dloop.storage.fee.v1', 'dloop.storage.fee.v2')
      .replace(/STORAGE_POSITION = 0x[0-9a-f]{64}/, `STORAGE_POSITION = ${slotV2}`);
    assert.notEqual(moved, v1);
    writeFileSync(lib, moved);
    writeFileSync(
      join(copy, 'contracts', 'init', 'NoopInit.sol'),
      '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\n\ncontract NoopInit {\n    function run() external {}\n}\n',
    );
    const warned = await planJson(['--diamond', 'DLOOP'], 0, copy);
    const orphaned = warned.findings.filter((f) => f.rule === 'namespace-orphaned');
    assert.deepEqual(
      orphaned.map((f) => [f.severity, f.file, f.line]),
      [['warning', 'contracts/libraries/LibFeeStorage.sol', lineOf(lib, 'STORAGE_POSITION =')]],
      JSON.stringify(warned.findings, null, 2),
    );
    assert.match(
      orphaned[0].message,
      /moved from `dloop\.storage\.fee\.v1` \(baseline\) to `dloop\.storage\.fee\.v2`/,
    );
    assert.ok(
      warned.cut.some((c) => c.action === 'replace'),
      'the facets placing the namespace changed: replaced',
    );

    const blocked = await planJson(
      ['--diamond', 'DLOOP', '--init', 'NoopInit', '--init-call', 'run()'],
      1,
      copy,
    );
    const withInit = blocked.findings.filter((f) => f.rule === 'namespace-orphaned');
    assert.deepEqual(
      withInit.map((f) => [f.severity, f.file, f.line]),
      [['error', 'contracts/libraries/LibFeeStorage.sol', lineOf(lib, 'STORAGE_POSITION =')]],
    );
    assert.match(withInit[0].message, /the init NoopInit does not read it$/);
  });
});

describe('diamond upgrade plan on anvil', () => {
  let anvil: Anvil;
  let root: string;
  let deployed: DeployJson;
  before(async () => {
    anvil = await startAnvil();
    root = project('dloop-anvil', false);
    deployed = await deployWithCli(anvil.url, root);
  });
  after(async () => anvil?.stop());

  test('the same Rewards v2 plan; without git the layout check compares against the record’s field layouts (exit 0)', async () => {
    const exp = await expectations(anvil.url, deployed, await buildDloop());
    const r = await runCli(
      [
        'upgrade',
        'plan',
        '--rpc',
        anvil.url,
        '--address',
        deployed.diamond,
        '--diamond',
        V2,
        ...INIT,
        '--json',
      ],
      { cwd: root, env: ws.env },
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as PlanJson;
    assertV2Json(out, deployed, exp);
    assert.deepEqual(
      out.findings.map((f) => [f.rule, f.severity, f.file, f.line, f.column, f.related]),
      [],
      'no upgrade-no-baseline: the record is the baseline',
    );
  });
});

describe('diamond upgrade plan on a chain that is not a local dev node', () => {
  let anvil: Anvil;
  before(async () => {
    anvil = await startAnvil(['--chain-id', '5']);
  });
  after(async () => anvil?.stop());

  test('no --deployer and no key: exit 2 before the diamond is read', async () => {
    const root = project('dloop-5', false);
    // 0x…01 is a precompile: no code, so a plan that got as far as the loupe would say "not a contract".
    const plan = (extra: string[]) =>
      runCli(
        [
          'upgrade',
          'plan',
          '--rpc',
          anvil.url,
          '--address',
          ZeroAddress.replace(/0$/, '1'),
          '--diamond',
          'DLOOP',
          ...extra,
        ],
        { cwd: root, env: ws.env },
      );
    const r = await plan([]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /chain 5 .* is not a local dev node: name the account that will deploy the new facets/,
    );
    const named = await plan(['--deployer', ZeroAddress]);
    assert.equal(named.code, 2);
    assert.match(
      named.stderr,
      /has no code: it is not a contract/,
      'with a deployer the plan goes on to read the diamond',
    );
  });
});
