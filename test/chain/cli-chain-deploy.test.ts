import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getAddress, keccak256 } from 'ethers';
import type { DeploymentRecord } from '../../chain/src/deployment-record';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { RpcClient } from '../../chain/src/rpc';
import { areaSlot, DLOOP_NAMESPACES, type DloopArea } from './helpers/namespaces';
import { freePort, startAnvil, type Anvil } from './support/anvil';
import { runCli } from './support/cli';
import { dloopProject, tempWorkspace } from './support/env';

const ws = tempWorkspace('cli-deploy');
after(() => ws.cleanup());

const DLOOP_FACETS = [
  'DiamondCutFacet',
  'DiamondLoupeFacet',
  'OwnershipFacet',
  'CoreFacet',
  'GovernanceFacet',
  'AssetManagementFacet',
  'RewardsFacet',
  'FeeFacet',
  'OracleFacet',
  'BridgeFacet',
];

/** A project folder holding a copy of the bundled DLOOP contracts; a git checkout when asked. */
const project = (name: string, git: boolean): string => dloopProject(ws.dir, name, git);

interface DeployJson {
  chainId: number;
  diamond: string;
  governance: string;
  token: string;
  facets: Record<string, string>;
}
interface LoupeJson {
  chainId: number;
  diamond: string;
  facets: {
    address: string;
    name: string | null;
    selectors: { selector: string; signature: string | null }[];
  }[];
}

describe('diamond deploy + diamond loupe on the embedded Hardhat node', () => {
  let node: LocalNode;
  let root: string;
  let deployed: DeployJson;
  before(async () => {
    node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') });
    root = project('dloop', true);
  });
  after(async () => node?.stop());

  test('deploy --json: exactly chainId, diamond, governance, token, facets; every address holds code', async () => {
    const r = await runCli(['deploy', '--rpc', node.url, '--json', '--root', root], {
      cwd: ws.dir,
      env: ws.env,
    });
    assert.equal(r.code, 0, r.stderr);
    deployed = JSON.parse(r.stdout) as DeployJson;
    assert.deepEqual(Object.keys(deployed), ['chainId', 'diamond', 'governance', 'token', 'facets']);
    assert.equal(deployed.chainId, 31337);
    assert.deepEqual(Object.keys(deployed.facets).sort(), [...DLOOP_FACETS].sort());
    const client = new RpcClient(node.url);
    for (const a of [
      deployed.diamond,
      deployed.governance,
      deployed.token,
      ...Object.values(deployed.facets),
    ]) {
      assert.equal(a, getAddress(a));
      assert.ok((await client.request<string>('eth_getCode', [a, 'latest'])).length > 2, `${a} has code`);
    }
  });

  test('the deployment record: addresses, code hashes, layouts, commit, timestamp', async () => {
    const rec = JSON.parse(
      readFileSync(
        join(root, '.diamond', 'deployments', '31337', `${deployed.diamond.toLowerCase()}.json`),
        'utf8',
      ),
    ) as DeploymentRecord;
    assert.equal(rec.chainId, 31337);
    assert.equal(rec.diamond, deployed.diamond);
    assert.equal(rec.governance, deployed.governance);
    assert.equal(rec.token, deployed.token);
    assert.equal(
      rec.sourceCommit,
      execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
    );
    const age = Date.now() - Date.parse(rec.timestamp);
    assert.ok(age >= 0 && age < 10 * 60_000, rec.timestamp);
    const client = new RpcClient(node.url);
    for (const f of rec.facets) {
      assert.equal(f.address, deployed.facets[f.name]);
      const code = await client.request<string>('eth_getCode', [f.address, 'latest']);
      assert.equal(f.runtimeBytecodeHash, keccak256(code));
      assert.ok(f.selectors.length > 0 && f.selectors.every((s) => /^0x[0-9a-f]{8}$/.test(s)), f.name);
    }
    assert.ok('DiamondInit' in rec.contracts);
    assert.ok(Object.keys(rec.storageLayouts.solc).includes('FeeFacet'));
    // Namespaced layouts come from the engine's analysis of contracts/ (the deploy workflow reads them itself):
    // every DLOOP namespace at the slot its id gives, computed here.
    for (const [area, { id }] of Object.entries(DLOOP_NAMESPACES)) {
      const ns = rec.storageLayouts.namespaces?.find((n) => n.id === id);
      assert.ok(ns, `namespace ${id} recorded`);
      assert.equal(BigInt(ns.slot), areaSlot(area as DloopArea), id);
    }
    const core = rec.storageLayouts.namespaces?.find((n) => n.id === 'dloop.storage.core.v1');
    assert.equal(core?.struct, 'LibCoreStorage.Layout');
    assert.match(core?.slot ?? '', /^0x[0-9a-f]{64}$/);
    // ProtocolDAO and the token declare ordinary state variables: solc reports them.
    assert.ok((rec.storageLayouts.solc.DLOOPToken?.storage.length ?? 0) > 0);
  });

  test('loupe --json: exact shape, every facet named as deployed, every signature resolved', async () => {
    const r = await runCli(
      ['loupe', '--rpc', node.url, '--address', deployed.diamond, '--json', '--root', root],
      {
        cwd: ws.dir,
        env: ws.env,
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const v = JSON.parse(r.stdout) as LoupeJson;
    assert.deepEqual(Object.keys(v), ['chainId', 'diamond', 'facets']);
    assert.equal(v.chainId, 31337);
    assert.equal(v.diamond, deployed.diamond);
    const nameOf = new Map(Object.entries(deployed.facets).map(([n, a]) => [a, n]));
    for (const f of v.facets) {
      assert.deepEqual(Object.keys(f), ['address', 'name', 'selectors']);
      // The diamond routes its own immutable functions to itself.
      assert.equal(f.name, f.address === deployed.diamond ? 'Diamond' : nameOf.get(f.address));
      for (const s of f.selectors) {
        assert.deepEqual(Object.keys(s), ['selector', 'signature']);
        assert.notEqual(s.signature, null, `${f.name} ${s.selector}`);
      }
    }
    assert.deepEqual(
      v.facets
        .filter((f) => f.address !== deployed.diamond)
        .map((f) => f.name)
        .sort(),
      [...DLOOP_FACETS].sort(),
    );
    const loupe = v.facets.find((f) => f.name === 'DiamondLoupeFacet')!;
    assert.ok(loupe.selectors.some((s) => s.selector === '0x7a0ed627' && s.signature === 'facets()'));
  });

  test('loupe text after a local edit of a facet: changed and local-only markers', async () => {
    const clean = await runCli(['loupe', '--rpc', node.url, '--address', deployed.diamond, '--root', root], {
      cwd: ws.dir,
      env: ws.env,
    });
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /, 0 drift marker\(s\)$/m);

    const file = join(root, 'contracts', 'facets', 'FeeFacet.sol');
    const src = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      src.replace(
        /contract FeeFacet \{/,
        'contract FeeFacet {\n    function feeVersionProbe() external pure returns (uint256) {\n        return 2;\n    }\n',
      ),
    );
    const r = await runCli(['loupe', '--rpc', node.url, '--address', deployed.diamond, '--root', root], {
      cwd: ws.dir,
      env: ws.env,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`^FeeFacet  ${deployed.facets.FeeFacet}  \\[changed: local code differs\\]$`, 'm'),
    );
    // keccak256("feeVersionProbe()")[0:4], computed outside the code under test.
    const probe = keccak256(Buffer.from('feeVersionProbe()')).slice(0, 10);
    assert.match(r.stdout, new RegExp(`^  ${probe}  feeVersionProbe\\(\\)  \\(FeeFacet\\)$`, 'm'));
    assert.match(r.stdout, /, 2 drift marker\(s\)$/m);
  });

  test('loupe errors: dead RPC (exit 1, names the URL), an EOA, a malformed address (usage, exit 2)', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const down = await runCli(['loupe', '--rpc', dead, '--address', deployed.diamond, '--json'], {
      cwd: ws.dir,
      env: ws.env,
    });
    assert.equal(down.code, 1);
    assert.ok(down.stderr.includes(dead), down.stderr);
    assert.equal(down.stdout, '');
    const [, eoa] = await new RpcClient(node.url).request<string[]>('eth_accounts');
    const notContract = await runCli(['loupe', '--rpc', node.url, '--address', eoa, '--root', root], {
      cwd: ws.dir,
      env: ws.env,
    });
    assert.equal(notContract.code, 1);
    assert.match(notContract.stderr, /not a contract/);
    const bad = await runCli(['loupe', '--rpc', node.url, '--address', '0x12'], { cwd: ws.dir, env: ws.env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not an address/);
  });
});

describe('diamond deploy to a chain that is not a local dev node (anvil --chain-id 5)', () => {
  let anvil: Anvil;
  let root: string;
  // anvil's well-known dev accounts #0 and #1; #1's key is handed over through the environment only.
  const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
  const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
  const KEY1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
  before(async () => {
    anvil = await startAnvil(['--chain-id', '5']);
    root = project('dloop-5', false);
  });
  after(async () => anvil?.stop());

  const nonce = async (a: string) =>
    Number(BigInt(await new RpcClient(anvil.url).request<string>('eth_getTransactionCount', [a, 'latest'])));
  const noKeyEnv = () => {
    const env = { ...ws.env };
    delete env.DIAMOND_PRIVATE_KEY;
    return env;
  };

  const refusedRuns: { name: string; extra: string[]; key?: string; code: number; stderr: RegExp }[] = [
    {
      name: 'no key, no confirmation',
      extra: [],
      code: 2,
      stderr: /needs the deployer key in DIAMOND_PRIVATE_KEY/,
    },
    {
      name: 'no key, confirmed',
      extra: ['--yes-i-mean', '5'],
      code: 2,
      stderr: /needs the deployer key in DIAMOND_PRIVATE_KEY/,
    },
    {
      name: 'a key, no confirmation',
      extra: [],
      key: KEY1,
      code: 2,
      stderr: /was not confirmed.*re-run with --yes-i-mean 5/,
    },
    {
      name: 'a key, the wrong chain id confirmed',
      extra: ['--yes-i-mean', '31337'],
      key: KEY1,
      code: 2,
      stderr: /was not confirmed.*re-run with --yes-i-mean 5/,
    },
    {
      name: 'a malformed key, confirmed',
      extra: ['--yes-i-mean', '5'],
      key: '0x1234',
      code: 1,
      stderr: /not a 32-byte hex private key/,
    },
  ];
  test('the transaction gate refuses: no key, no or the wrong --yes-i-mean, a malformed key; nothing sent', async () => {
    for (const run of refusedRuns) {
      const r = await runCli(['deploy', '--rpc', anvil.url, '--json', '--root', root, ...run.extra], {
        cwd: ws.dir,
        env: run.key ? { ...noKeyEnv(), DIAMOND_PRIVATE_KEY: run.key } : noKeyEnv(),
      });
      assert.equal(r.code, run.code, `${run.name}: ${r.stderr}`);
      assert.equal(r.stdout, '', run.name);
      assert.match(r.stderr, run.stderr, run.name);
      assert.match(
        r.stderr,
        new RegExp(
          `^diamond deploy: .*chain 5 \\(${anvil.url.replace(/\./g, '\\.')}\\).* Nothing was sent\\.\n$`,
        ),
        run.name,
      );
      // The key is never echoed.
      assert.ok(!r.stderr.includes(KEY1.slice(2)), run.name);
    }
    assert.equal(await nonce(ACCOUNT0), 0);
    assert.equal(await nonce(ACCOUNT1), 0);
    assert.equal(await new RpcClient(anvil.url).request('eth_blockNumber'), '0x0');
  });

  test('confirmed by chain id with the key from DIAMOND_PRIVATE_KEY: deployed from that key, not an unlocked account', async () => {
    const r = await runCli(['deploy', '--rpc', anvil.url, '--json', '--root', root, '--yes-i-mean', '5'], {
      cwd: ws.dir,
      env: { ...noKeyEnv(), DIAMOND_PRIVATE_KEY: KEY1 },
    });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as DeployJson;
    assert.equal(out.chainId, 5);
    assert.ok((await nonce(ACCOUNT1)) > 10);
    assert.equal(await nonce(ACCOUNT0), 0);
    const rec = JSON.parse(
      readFileSync(join(root, '.diamond', 'deployments', '5', `${out.diamond.toLowerCase()}.json`), 'utf8'),
    ) as DeploymentRecord;
    assert.equal(rec.diamond, out.diamond);
    assert.equal(rec.sourceCommit, null, 'not a git checkout');
  });
});
