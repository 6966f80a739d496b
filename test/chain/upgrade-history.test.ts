/**
 * The upgrade history rebuilt from the chain alone, for a diamond no local record knows: a contract emitting
 * EIP-2535's DiamondCut and ERC-8153's FacetAdded / FacetReplaced / FacetRemoved (compiled with solc-js, run on
 * the embedded Hardhat node) comes back in chain order with each cut decoded; the local history is append-only
 * (a second entry takes the next number; no file is ever replaced).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ContractFactory, JsonRpcSigner, keccak256, ZeroAddress, type InterfaceAbi } from 'ethers';
import { compileProject } from '../../chain/src/compile';
import { hasErrors } from '../../chain/src/compile-types';
import { connect } from '../../chain/src/connect';
import { FacetCutAction } from '../../chain/src/cut';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { RpcClient } from '../../chain/src/rpc';
import { providerFor } from '../../chain/src/signer';
import {
  appendUpgradeHistory,
  chainUpgradeHistory,
  readUpgradeHistory,
  upgradeHistoryDir,
} from '../../chain/src/upgrade-history';
import { encodeDiamondCut } from '../../chain/src/workflows/upgrade-plan';
import { tempWorkspace } from './support/env';

const ws = tempWorkspace('upgrade-history');
let node: LocalNode;
let destroy: () => void;
after(async () => {
  destroy?.();
  await node?.stop();
  ws.cleanup();
});

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
contract Emitter {
    struct FacetCut { address facetAddress; uint8 action; bytes4[] functionSelectors; }
    event DiamondCut(FacetCut[] _diamondCut, address _init, bytes _calldata);
    event FacetAdded(address indexed _facet);
    event FacetReplaced(address indexed _oldFacet, address indexed _newFacet);
    event FacetRemoved(address indexed _facet);
    function cut(FacetCut[] calldata c) external { emit DiamondCut(c, address(0), ""); }
    function facets(address a, address b) external { emit FacetAdded(a); emit FacetReplaced(a, b); emit FacetRemoved(b); }
}
`;

let emitter: string;
let cutTx: string;
const F1 = '0x' + '11'.repeat(20);
const F2 = '0x' + '22'.repeat(20);

before(async () => {
  node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') });
  const dir = join(ws.dir, 'src');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Emitter.sol'), SOURCE);
  const built = await compileProject({ root: dir, cacheDir: join(ws.dir, 'cache') });
  assert.ok(!hasErrors(built), JSON.stringify(built.errors));
  const a = built.contracts.find((c) => c.name === 'Emitter')!;
  const provider = providerFor(node.url, node.chainId);
  destroy = () => provider.destroy();
  const [first] = await new RpcClient(node.url).request<string[]>('eth_accounts');
  const signer = new JsonRpcSigner(provider, first);
  const c = await new ContractFactory(a.abi as InterfaceAbi, a.bytecode, signer).deploy();
  await c.waitForDeployment();
  emitter = await c.getAddress();
  const tx = await c.getFunction('cut')([{ facetAddress: F1, action: 0, functionSelectors: ['0x12345678'] }]);
  cutTx = (await tx.wait())!.hash;
  await (await c.getFunction('facets')(F1, F2)).wait();
});

test('history from DiamondCut and ERC-8153 events, in chain order, for a diamond no record knows', async () => {
  const conn = await connect(node.url);
  const h = await chainUpgradeHistory(conn, emitter, join(ws.dir, 'no-project'));
  assert.deepEqual(
    h.map((u) => [
      u.n,
      u.source,
      u.cut.map((c) => [c.facetAddress.toLowerCase(), c.action, c.functionSelectors]),
    ]),
    [
      [1, 'DiamondCut', [[F1, FacetCutAction.Add, ['0x12345678']]]],
      [2, 'FacetAdded', [[F1, FacetCutAction.Add, []]]],
      [3, 'FacetReplaced', [[F2, FacetCutAction.Replace, []]]],
      [4, 'FacetRemoved', [[F2, FacetCutAction.Remove, []]]],
    ],
  );
  assert.equal(h[0].txHash, cutTx);
  assert.equal(
    h[0].calldataHash,
    keccak256(
      encodeDiamondCut(
        [{ facetAddress: F1, action: FacetCutAction.Add, functionSelectors: ['0x12345678'] }],
        ZeroAddress,
        '0x',
      ),
    ),
  );
  assert.ok(h.every((u) => u.proposalId === null));
});

test('the local history is append-only: entries take the next number, no file is replaced', () => {
  const root = join(ws.dir, 'project');
  const entry = {
    kind: 'executed' as const,
    at: '2026-12-02T00:00:00.000Z',
    chainId: 31337,
    diamond: emitter,
    proposalId: '7',
    txHash: cutTx,
    blockNumber: 1,
    calldataHash: '0x00',
    fastTracked: false,
    loupeAfter: [],
    verified: true,
    differences: [],
  };
  const first = appendUpgradeHistory(root, entry);
  const second = appendUpgradeHistory(root, { ...entry, proposalId: '8' });
  assert.notEqual(first, second);
  assert.deepEqual(readdirSync(upgradeHistoryDir(root, 31337, emitter)).sort(), [
    '0001-executed.json',
    '0002-executed.json',
  ]);
  assert.equal(JSON.parse(readFileSync(first, 'utf8')).proposalId, '7');
  assert.deepEqual(
    readUpgradeHistory(root, 31337, emitter).map((e) => e.proposalId),
    ['7', '8'],
  );
});
