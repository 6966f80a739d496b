/**
 * The Governor export against a real OpenZeppelin 5.x Governor + TimelockController (compiled from
 * node_modules/@openzeppelin/contracts with solc-js, deployed on the embedded Hardhat node): our proposal id equals
 * the Governor's hashProposal and the id its ProposalCreated event carries, our description hash is the one it
 * queues with, and our timelock operation id is the operation the timelock holds after `queue` (and its
 * hashOperationBatch). The Safe batch carries the same calldata bytes.
 */
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Contract, ContractFactory, JsonRpcSigner, ZeroAddress, type InterfaceAbi } from 'ethers';
import { compileProject } from '../../chain/src/compile';
import { hasErrors, type Artifact } from '../../chain/src/compile-types';
import { FacetCutAction } from '../../chain/src/cut';
import { startLocalNode, type LocalNode } from '../../chain/src/node';
import { RpcClient } from '../../chain/src/rpc';
import { providerFor } from '../../chain/src/signer';
import { governorProposal, safeBatchFile } from '../../chain/src/upgrade-exports';
import { encodeDiamondCut } from '../../chain/src/workflows/upgrade-plan';
import { fixture, repoRoot, tempWorkspace } from './support/env';

const ws = tempWorkspace('governor-export');
let node: LocalNode;
let artifacts: Artifact[];
let signer: JsonRpcSigner;
let destroy: () => void;

before(async () => {
  node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'hh') });
  const dir = join(ws.dir, 'gov');
  cpSync(fixture('governor'), dir, { recursive: true });
  writeFileSync(
    join(dir, 'remappings.txt'),
    `@openzeppelin/=${join(repoRoot(), 'node_modules', '@openzeppelin')}/\n`,
  );
  const built = await compileProject({ root: dir, optimizer: true, cacheDir: join(ws.dir, 'cache') });
  assert.ok(!hasErrors(built), JSON.stringify(built.errors.filter((e) => e.severity === 'error')));
  artifacts = built.contracts;
  const provider = providerFor(node.url, node.chainId);
  destroy = () => provider.destroy();
  const [first] = await new RpcClient(node.url).request<string[]>('eth_accounts');
  signer = new JsonRpcSigner(provider, first);
});
after(async () => {
  destroy?.();
  await node?.stop();
  ws.cleanup();
});

async function deploy(name: string, args: unknown[] = []): Promise<Contract> {
  const a = artifacts.find((x) => x.name === name);
  assert.ok(a, name);
  const c = await new ContractFactory(a.abi as InterfaceAbi, a.bytecode, signer).deploy(...args);
  await c.waitForDeployment();
  return new Contract(await c.getAddress(), a.abi as InterfaceAbi, signer);
}

const mine = (n: number) => new RpcClient(node.url).request('hardhat_mine', [`0x${n.toString(16)}`]);

test('proposal id, description hash and timelock operation id equal what the Governor and the timelock compute', async () => {
  const me = await signer.getAddress();
  const token = await deploy('TestVotesToken');
  await (await token.delegate(me)).wait();
  const timelock = await deploy('TestTimelock', [60, [], [ZeroAddress], me]);
  const governor = await deploy('TestGovernor', [await token.getAddress(), await timelock.getAddress()]);
  await (await timelock.grantRole(await timelock.PROPOSER_ROLE(), await governor.getAddress())).wait();
  await mine(1);

  // A diamond upgrade as the timelock would run it (the timelock must own the diamond; queue does not call it).
  const diamond = '0x00000000000000000000000000000000d1a700d0';
  const calldata = encodeDiamondCut(
    [{ facetAddress: me, action: FacetCutAction.Add, functionSelectors: ['0x12345678', '0x9abcdef0'] }],
    ZeroAddress,
    '0x',
  );
  const description = '# Upgrade specification\n\nAdd two selectors. ✅ simulated.\n';
  const g = governorProposal({ diamond, calldata, description, governor: await governor.getAddress() });
  assert.deepEqual(g.calldatas, [calldata]);
  const safe = safeBatchFile({ chainId: 31337, diamond, calldata, name: 'x', description: 'y' });
  assert.equal(safe.transactions[0].data, calldata);

  const hashed = (await governor.hashProposal(g.targets, g.values, g.calldatas, g.descriptionHash)) as bigint;
  assert.equal(hashed.toString(), g.proposalId);
  const receipt = await (await governor.propose(g.targets, g.values, g.calldatas, g.description)).wait();
  const created = receipt.logs
    .map((l: { topics: string[]; data: string }) => governor.interface.parseLog(l))
    .find((p: { name: string } | null) => p?.name === 'ProposalCreated');
  assert.equal((created.args.proposalId as bigint).toString(), g.proposalId);

  await mine(2);
  await (await governor.castVote(g.proposalId, 1)).wait();
  await mine(6);
  await (await governor.queue(g.targets, g.values, g.calldatas, g.descriptionHash)).wait();
  assert.ok(g.timelock);
  assert.equal(
    await timelock.hashOperationBatch(
      g.targets,
      g.values,
      g.calldatas,
      `0x${'00'.repeat(32)}`,
      g.timelock.salt,
    ),
    g.timelock.operationId,
  );
  assert.equal(await timelock.isOperationPending(g.timelock.operationId), true);
  // Another description is another proposal and another operation.
  const other = governorProposal({
    diamond,
    calldata,
    description: `${description} `,
    governor: await governor.getAddress(),
  });
  assert.notEqual(other.proposalId, g.proposalId);
  assert.equal(await timelock.isOperation(other.timelock!.operationId), false);
});
