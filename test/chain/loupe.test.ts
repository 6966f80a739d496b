import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Interface, keccak256 } from 'ethers';
import { compileProject } from '../../chain/src/compile';
import type { Artifact } from '../../chain/src/compile-types';
import type { DeploymentRecord } from '../../chain/src/deployment-record';
import { readLoupe } from '../../chain/src/loupe';
import { NoLoupeError, NotAContractError } from '../../chain/src/loupe-errors';
import { startLocalNode } from '../../chain/src/node';
import { RpcClient, RpcUnreachableError } from '../../chain/src/rpc';
import { freePort, startAnvil } from './support/anvil';
import {
  artifactNamed,
  deployTestDiamond,
  FACET_NAMES,
  withSigner,
  type DeployedDiamond,
} from './support/diamond';
import { fixture, tempWorkspace } from './support/env';
import { startRpcProxy } from './support/rpc-proxy';

const ws = tempWorkspace('loupe');
let artifacts: Artifact[] = [];

before(async () => {
  const r = await compileProject({ root: fixture('diamond'), cacheDir: join(ws.dir, 'cache') });
  assert.deepEqual(
    r.errors.filter((e) => e.severity === 'error'),
    [],
  );
  artifacts = r.contracts;
});
after(() => ws.cleanup());

// Selectors by hand: keccak256 of the canonical signatures (not computed by the code under test).
const SEL = {
  diamondCut: '0x1f931c1c',
  facets: '0x7a0ed627',
  owner: '0x8da5cb5b',
  transferOwnership: '0xf2fde38b',
  greet: '0xcfae3217',
  setGreeting: '0xa4136862',
  greetTwice: '0xebb815a8',
};

const nodes: { kind: string; start: () => Promise<{ url: string; stop(): Promise<void> }> }[] = [
  { kind: 'embedded Hardhat node', start: () => startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') }) },
  { kind: 'anvil', start: () => startAnvil() },
];

for (const { kind, start } of nodes) {
  describe(`readLoupe against ${kind}`, () => {
    let node: { url: string; stop(): Promise<void> };
    let d: DeployedDiamond;
    before(async () => {
      node = await start();
      d = await deployTestDiamond(node.url, artifacts);
    });
    after(async () => node?.stop());

    test('facets named by runtime code (immutables and metadata ignored), signatures from local ABIs, no drift', async () => {
      const v = await readLoupe({ rpcUrl: node.url, address: d.diamond, artifacts });
      assert.equal(v.chainId, 31337);
      assert.equal(v.diamond, d.diamond);
      assert.equal(v.owner, d.owner);
      assert.deepEqual(
        v.facets.map((f) => [f.address, f.name, f.nameSource, f.changed]),
        FACET_NAMES.map((n) => [d.facets[n], n, 'bytecode', false]),
      );
      const counter = v.facets.find((f) => f.name === 'CounterFacet')!;
      assert.deepEqual(counter.selectors.map((s) => s.signature).sort(), [
        'count()',
        'increment()',
        'step()',
      ]);
      const cut = v.facets.find((f) => f.name === 'DiamondCutFacet')!;
      assert.deepEqual(cut.selectors, [
        {
          selector: SEL.diamondCut,
          signature: 'diamondCut((address,uint8,bytes4[])[],address,bytes)',
          signatureSource: 'local',
          drift: null,
        },
      ]);
      assert.equal(v.driftChecked, true);
      assert.deepEqual(v.drift, []);
    });

    test('without local artifacts: names null, well-known signatures from the bundled table, unknown null', async () => {
      const v = await readLoupe({ rpcUrl: node.url, address: d.diamond });
      assert.ok(v.facets.every((f) => f.name === null && !f.changed));
      const bySel = new Map(v.facets.flatMap((f) => f.selectors).map((s) => [s.selector, s]));
      assert.equal(bySel.get(SEL.facets)?.signature, 'facets()');
      assert.equal(bySel.get(SEL.facets)?.signatureSource, 'table');
      assert.equal(bySel.get(SEL.transferOwnership)?.signature, 'transferOwnership(address)');
      assert.equal(bySel.get(SEL.greet)?.signature, null);
      assert.equal(bySel.get(SEL.greet)?.signatureSource, null);
      assert.equal(v.driftChecked, false);
      assert.deepEqual(v.drift, []);
    });

    test('drift after a local edit: changed facet, on-chain-only and local-only selectors', async () => {
      const greeterFile = fixture('diamond', 'facets', 'GreeterFacet.sol');
      const edited = readFileSync(greeterFile, 'utf8').replace(
        'function setGreeting(string calldata greeting) external {',
        'function greetTwice() external view returns (string memory) {\n        return LibGreeter.store().greeting;\n    }\n\n    function unused(string calldata greeting) internal {',
      );
      const r = await compileProject({
        root: fixture('diamond'),
        cacheDir: join(ws.dir, 'cache-edited'),
        sources: { [greeterFile]: edited },
      });
      assert.deepEqual(
        r.errors.filter((e) => e.severity === 'error'),
        [],
      );
      const v = await readLoupe({ rpcUrl: node.url, address: d.diamond, artifacts: r.contracts });
      const greeter = v.facets.find((f) => f.address === d.facets.GreeterFacet)!;
      assert.equal(greeter.name, 'GreeterFacet');
      assert.equal(greeter.nameSource, 'selectors');
      assert.equal(greeter.changed, true);
      assert.deepEqual(
        v.drift.map((m) => ({ ...m })),
        [
          { kind: 'changed', facet: d.facets.GreeterFacet, name: 'GreeterFacet', reason: 'local-bytecode' },
          { kind: 'on-chain-only', selector: SEL.setGreeting, signature: null, facet: d.facets.GreeterFacet },
          {
            kind: 'local-only',
            selector: SEL.greetTwice,
            signature: 'greetTwice()',
            contract: 'GreeterFacet',
          },
        ],
      );
      assert.deepEqual(
        v.facets.filter((f) => f.changed).map((f) => f.name),
        ['GreeterFacet'],
      );
    });

    test('deployment record: names a facet whose code matches nothing local, flags a hash mismatch', async () => {
      const client = new RpcClient(node.url);
      const code = await client.request<string>('eth_getCode', [d.facets.OwnershipFacet, 'latest']);
      assert.ok(code.length > 2);
      const record: DeploymentRecord = {
        format: 1,
        chainId: 31337,
        diamond: d.diamond,
        governance: null,
        token: null,
        facets: [
          {
            name: 'RenamedGreeter',
            address: d.facets.GreeterFacet,
            runtimeBytecodeHash: '0x' + '00'.repeat(32),
            selectors: [],
          },
          {
            name: 'OwnershipFacet',
            address: d.facets.OwnershipFacet,
            runtimeBytecodeHash: '0x' + '11'.repeat(32),
            selectors: [],
          },
        ],
        contracts: {},
        storageLayouts: { solc: {}, namespaces: null },
        sourceCommit: null,
        timestamp: new Date(0).toISOString(),
      };
      const noGreeter = artifacts.filter((a) => a.name !== 'GreeterFacet');
      const v = await readLoupe({
        rpcUrl: node.url,
        address: d.diamond,
        artifacts: noGreeter,
        deployment: record,
      });
      const greeter = v.facets.find((f) => f.address === d.facets.GreeterFacet)!;
      assert.equal(greeter.name, 'RenamedGreeter');
      assert.equal(greeter.nameSource, 'deployment');
      const changed = v.drift.filter((m) => m.kind === 'changed');
      assert.deepEqual(changed, [
        {
          kind: 'changed',
          facet: d.facets.OwnershipFacet,
          name: 'OwnershipFacet',
          reason: 'deployment-hash',
        },
        { kind: 'changed', facet: d.facets.GreeterFacet, name: 'RenamedGreeter', reason: 'deployment-hash' },
      ]);
    });

    test('one HTTP request per read once facet code was matched; the plain path when a node refuses the probe', async () => {
      const proxy = await startRpcProxy(node.url);
      try {
        const mine = artifacts.slice(); // a fresh array: nothing matched for it yet
        const first = await readLoupe({ rpcUrl: proxy.url, address: d.diamond, artifacts: mine });
        const second = await readLoupe({ rpcUrl: proxy.url, address: d.diamond, artifacts: mine });
        assert.deepEqual(second.facets, first.facets);
        assert.deepEqual(proxy.requests, [
          ['eth_chainId', 'eth_getCode', 'eth_call', 'eth_call'],
          ['eth_getCode', 'eth_getCode', 'eth_getCode', 'eth_getCode', 'eth_getCode'],
          ['eth_chainId', 'eth_getCode', 'eth_call', 'eth_call'],
        ]);
        // The probe's code hashes are keccak256 of each facet's runtime code.
        const client = new RpcClient(node.url);
        for (const f of second.facets) {
          assert.equal(
            f.codeHash,
            keccak256(await client.request<string>('eth_getCode', [f.address, 'latest'])),
          );
        }
      } finally {
        await proxy.close();
      }
      // A node without eth_call state overrides (the probe) gives the same view through facets() and every facet's code.
      const strict = await startRpcProxy(node.url, (c) => c.method === 'eth_call' && c.params.length > 2);
      try {
        const v = await readLoupe({ rpcUrl: strict.url, address: d.diamond, artifacts });
        assert.deepEqual(
          v.facets.map((f) => [f.name, f.nameSource, f.codeHash]),
          (await readLoupe({ rpcUrl: node.url, address: d.diamond, artifacts })).facets.map((f) => [
            f.name,
            f.nameSource,
            f.codeHash,
          ]),
        );
        assert.deepEqual(strict.requests.slice(1), [['eth_call'], Array(5).fill('eth_getCode')]);
      } finally {
        await strict.close();
      }
    });

    test('a diamond routing 1,000+ selectors (facets() data over 24 KB) is still read in one batch', async () => {
      const big = await deployTestDiamond(node.url, artifacts);
      // 1,000 arbitrary selectors routed to GreeterFacet, cut 200 at a time (per-transaction gas cap).
      const extra = Array.from({ length: 1000 }, (_, i) =>
        keccak256(Buffer.from(`extra${i}()`)).slice(0, 10),
      );
      const cut = new Interface(artifactNamed(artifacts, 'DiamondCutFacet').abi as never);
      await withSigner(node.url, async (signer) => {
        for (let i = 0; i < extra.length; i += 200) {
          const data = cut.encodeFunctionData('diamondCut', [
            [
              {
                facetAddress: big.facets.GreeterFacet,
                action: 0,
                functionSelectors: extra.slice(i, i + 200),
              },
            ],
            '0x0000000000000000000000000000000000000000',
            '0x',
          ]);
          await (await signer.sendTransaction({ to: big.diamond, data })).wait();
        }
      });
      const proxy = await startRpcProxy(node.url);
      try {
        const mine = artifacts.slice();
        await readLoupe({ rpcUrl: proxy.url, address: big.diamond, artifacts: mine });
        const v = await readLoupe({ rpcUrl: proxy.url, address: big.diamond, artifacts: mine });
        assert.equal(proxy.requests.length, 3, JSON.stringify(proxy.requests));
        const greeter = v.facets.find((f) => f.address === big.facets.GreeterFacet)!;
        assert.equal(greeter.name, 'GreeterFacet');
        assert.equal(greeter.selectors.length, 1002);
        assert.deepEqual(
          greeter.selectors.slice(2).map((s) => s.selector),
          extra,
        );
        assert.equal(v.drift.filter((m) => m.kind === 'on-chain-only').length, 1000);
      } finally {
        await proxy.close();
      }
    });

    test('typed errors: an EOA, a contract without a loupe, a malformed address', async () => {
      const [, eoa] = await new RpcClient(node.url).request<string[]>('eth_accounts');
      await assert.rejects(readLoupe({ rpcUrl: node.url, address: eoa }), NotAContractError);
      await assert.rejects(readLoupe({ rpcUrl: node.url, address: d.plain }), (err: unknown) => {
        assert.ok(err instanceof NoLoupeError);
        assert.equal(err.address, d.plain);
        return true;
      });
      await assert.rejects(readLoupe({ rpcUrl: node.url, address: '0x1234' }), /Not an address/);
    });
  });
}

test('RPC down: RpcUnreachableError naming the URL', async () => {
  const url = `http://127.0.0.1:${await freePort()}`;
  await assert.rejects(
    readLoupe({ rpcUrl: url, address: '0x' + '12'.repeat(20) }),
    (err: unknown) => err instanceof RpcUnreachableError && err.url === url && err.message.includes(url),
  );
});
