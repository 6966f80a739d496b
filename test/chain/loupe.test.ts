import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compileProject } from '../../chain/src/compile';
import type { Artifact } from '../../chain/src/compile-types';
import type { DeploymentRecord } from '../../chain/src/deployment-record';
import { readLoupe } from '../../chain/src/loupe';
import { NoLoupeError, NotAContractError } from '../../chain/src/loupe-errors';
import { startLocalNode } from '../../chain/src/node';
import { RpcClient, RpcUnreachableError } from '../../chain/src/rpc';
import { freePort, startAnvil } from './support/anvil';
import { deployTestDiamond, FACET_NAMES, type DeployedDiamond } from './support/diamond';
import { fixture, tempWorkspace } from './support/env';

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
