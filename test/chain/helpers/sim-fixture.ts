/**
 * For the simulation tests: the DLOOP diamond on the embedded Hardhat node served over HTTP (startLocalNode,
 * the node the extension starts), with token holders and v1 rewards written, and the Rewards v1 → v2
 * UpgradePlan built here by hand (the plan workflow is written elsewhere): Replace the selectors
 * RewardsV2Facet shares with the live RewardsFacet (the loupe's list), Add the others (solc's
 * methodIdentifiers), init RewardsMigrationV2.migrate(uint16), addresses from getCreateAddress.
 */
import {
  Contract,
  ContractFactory,
  getAddress,
  getCreateAddress,
  Interface,
  JsonRpcSigner,
  keccak256,
  ZeroAddress,
} from 'ethers';
import type { JsonRpcProvider, Signer } from 'ethers';
import { FacetCutAction, type FacetCut } from '../../../chain/src/cut';
import { deployDloop } from '../../../chain/src/dloop/deploy';
import type { DloopDeployment } from '../../../chain/src/dloop/types';
import { startLocalNode, type LocalNode } from '../../../chain/src/node';
import { RpcClient } from '../../../chain/src/rpc';
import { providerFor } from '../../../chain/src/signer';
import type { UpgradePlan } from '../../../chain/src/upgrade-plan-types';
import { projectNamespaces } from '../../../chain/src/project-namespaces';
import { namespaceLayouts } from '../../../chain/src/simulation/namespace-layouts';
import type { SimulationNamespace } from '../../../chain/src/simulation/storage-layout';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CutPlan, PlannedSelector } from '../../../engine';
import { repoRoot, tempWorkspace } from '../support/env';
import { neutralPlanExtras } from '../../unit/upgrade-plan-support';
import { buildDloop, type DloopBuild } from './dloop-build';
import { HOLDINGS } from './dloop-fixture';

export const units = (n: number): bigint => BigInt(n) * 10n ** 18n;

export interface SimNode {
  node: LocalNode;
  url: string;
  rpc: RpcClient;
  provider: JsonRpcProvider;
  accounts: string[];
  signer(i: number): JsonRpcSigner;
  close(): Promise<void>;
}

/** An embedded Hardhat node over HTTP, its writes confined to a temp folder. */
export async function startSimNode(prefix: string, forking?: { url: string }): Promise<SimNode> {
  const ws = tempWorkspace(prefix);
  const node = await startLocalNode({ port: 0, stateDir: ws.dir, forking });
  const provider = providerFor(node.url, node.chainId);
  const rpc = new RpcClient(node.url);
  const accounts = await rpc.request<string[]>('eth_accounts');
  return {
    node,
    url: node.url,
    rpc,
    provider,
    accounts,
    signer: (i) => new JsonRpcSigner(provider, accounts[i]),
    async close() {
      provider.destroy();
      await node.stop();
      ws.cleanup();
    },
  };
}

export interface SimDloop {
  sim: SimNode;
  build: DloopBuild;
  deployment: DloopDeployment;
  deployer: JsonRpcSigner;
  alice: JsonRpcSigner;
  bob: JsonRpcSigner;
  carol: JsonRpcSigner;
  outsider: JsonRpcSigner;
  at(name: string, address: string, signer?: Signer): Contract;
  diamondAs(name: string, signer?: Signer): Contract;
}

/** DLOOP deployed; alice 3M, bob 2M, carol 1M DLOOP (quorum 4M); v1 rewards for alice, bob and carol. */
export async function deploySimDloop(sim: SimNode): Promise<SimDloop> {
  const build = await buildDloop();
  const [deployer, guardian, alice, bob, carol, outsider] = [0, 1, 2, 3, 4, 5].map((i) => sim.signer(i));
  const deployment = await deployDloop({
    signer: deployer,
    artifacts: build.lookup,
    guardian: await guardian.getAddress(),
  });
  const at = (name: string, address: string, signer: Signer = deployer): Contract =>
    new Contract(address, build.lookup(name).abi, signer);
  const token = at('DLOOPToken', deployment.token);
  for (const [who, amount] of [
    [alice, HOLDINGS.alice],
    [bob, HOLDINGS.bob],
    [carol, HOLDINGS.carol],
  ] as const) {
    await (await token.transfer(await who.getAddress(), amount)).wait();
  }
  // The deployer keeps the rest (94M) but is no voter in these tests: it moves its tokens to a cold address.
  const rest = (await token.balanceOf(deployer.address)) as bigint;
  await (await token.transfer('0x000000000000000000000000000000000000c01d', rest)).wait();
  const v1 = at('RewardsFacet', deployment.diamond); // the deployer is the rewards distributor
  for (const [who, amount] of [
    [alice, units(100)],
    [bob, units(250)],
    [carol, units(7)],
  ] as const) {
    await (await v1.creditReward(await who.getAddress(), amount)).wait();
  }
  await (await at('RewardsFacet', deployment.diamond, alice).claimRewards()).wait();
  return {
    sim,
    build,
    deployment,
    deployer,
    alice,
    bob,
    carol,
    outsider,
    at,
    diamondAs: (name, signer) => at(name, deployment.diamond, signer),
  };
}

export const REWARDS_V2_STRUCT_FIELDS = [
  'accounts',
  'participants',
  'isParticipant',
  'totalDistributed',
  'distributor',
  'migratedFromV1',
] as const;

/**
 * The Rewards v1 → v2 plan against the diamond as it is now: the v2 facet and the migration deployed by
 * `deployer` at its next two nonces, the cut from the loupe and solc's selectors, init migrate(multiplierBps).
 */
export async function rewardsV2Plan(
  fx: Pick<SimDloop, 'build' | 'deployment' | 'sim' | 'diamondAs'>,
  opts: { multiplierBps: number; deployer: string; chainId?: number },
): Promise<UpgradePlan> {
  const { build, deployment } = fx;
  const deployerNonce = Number(
    BigInt(await fx.sim.rpc.request<string>('eth_getTransactionCount', [opts.deployer, 'latest'])),
  );
  const facetAddress = getCreateAddress({ from: opts.deployer, nonce: deployerNonce });
  const migrationAddress = getCreateAddress({ from: opts.deployer, nonce: deployerNonce + 1 });
  const v2 = build.methodIdentifiers('RewardsV2Facet'); // signature → selector
  const loupe = fx.diamondAs('DiamondLoupeFacet');
  const live = new Set(
    ([...(await loupe.facetFunctionSelectors(deployment.facets.RewardsFacet))] as string[]).map((s) =>
      s.toLowerCase(),
    ),
  );
  const replace = [...v2].filter(([, s]) => live.has(s));
  const add = [...v2].filter(([, s]) => !live.has(s));
  const cut: FacetCut[] = [
    { facetAddress, action: FacetCutAction.Replace, functionSelectors: replace.map(([, s]) => s) },
    { facetAddress, action: FacetCutAction.Add, functionSelectors: add.map(([, s]) => s) },
  ];
  const migration = new Interface(build.lookup('RewardsMigrationV2').abi);
  const initCalldata = migration.encodeFunctionData('migrate', [opts.multiplierBps]);
  const calldata = new Interface(build.lookup('DiamondCutFacet').abi).encodeFunctionData('diamondCut', [
    cut,
    migrationAddress,
    initCalldata,
  ]);
  const rows: PlannedSelector[] = [
    ...replace.map(([signature, selector]) => ({
      selector,
      signature,
      action: 'replace' as const,
      fromFacet: 'RewardsFacet',
      fromAddress: getAddress(deployment.facets.RewardsFacet),
      toFacet: 'RewardsV2Facet',
    })),
    ...add.map(([signature, selector]) => ({
      selector,
      signature,
      action: 'add' as const,
      fromFacet: null,
      fromAddress: null,
      toFacet: 'RewardsV2Facet',
    })),
  ];
  const cutPlan: CutPlan = {
    chainId: opts.chainId ?? 31337,
    diamond: deployment.diamond,
    cut: cut.map((c) => ({
      facet: 'RewardsV2Facet',
      facetAddress: c.facetAddress,
      action: c.action === FacetCutAction.Replace ? 'replace' : 'add',
      functionSelectors: c.functionSelectors,
    })),
    selectors: rows,
    deploy: ['RewardsV2Facet'],
    problems: [],
  };
  const artifact = (name: string) => {
    const a = build.artifacts.find((x) => x.name === name);
    if (!a) throw new Error(`no artifact ${name}`);
    return a;
  };
  return {
    chainId: opts.chainId ?? 31337,
    rpcUrl: fx.sim.url,
    diamond: deployment.diamond,
    diamondName: 'DLOOP',
    plan: cutPlan,
    cut,
    deploy: [
      {
        contract: 'RewardsV2Facet',
        file: artifact('RewardsV2Facet').file,
        predictedAddress: facetAddress,
        artifact: artifact('RewardsV2Facet'),
      },
      {
        contract: 'RewardsMigrationV2',
        file: artifact('RewardsMigrationV2').file,
        predictedAddress: migrationAddress,
        artifact: artifact('RewardsMigrationV2'),
      },
    ],
    deployer: opts.deployer,
    deployerNonce,
    init: {
      contract: 'RewardsMigrationV2',
      address: migrationAddress,
      call: 'migrate(uint16)',
      signature: 'migrate(uint16)',
      args: [opts.multiplierBps],
      calldata: initCalldata,
      deploy: true,
    },
    calldata,
    calldataHash: keccak256(calldata),
    findings: [],
    ...neutralPlanExtras({ chainId: opts.chainId ?? 31337, rpcUrl: fx.sim.url, diamond: deployment.diamond }),
  };
}

/**
 * The bundled Diamond without the DAO: DiamondCutFacet, DiamondLoupeFacet and OwnershipFacet cut in by the
 * signer, then ownership handed to `owner` (an address no node holds a key for, unless the caller says so).
 */
export async function deployPlainDiamond(
  signer: Signer,
  build: DloopBuild,
  owner: string,
): Promise<{ diamond: string; facets: Record<string, string> }> {
  const from = await signer.getAddress();
  const deploy = async (name: string, args: unknown[] = []) => {
    const { abi, bytecode } = build.lookup(name);
    const c = await new ContractFactory(abi, bytecode, signer).deploy(...args);
    await c.waitForDeployment();
    return c.getAddress();
  };
  const facets: Record<string, string> = {};
  facets.DiamondCutFacet = await deploy('DiamondCutFacet');
  const diamond = await deploy('Diamond', [from, facets.DiamondCutFacet]);
  facets.DiamondLoupeFacet = await deploy('DiamondLoupeFacet');
  facets.OwnershipFacet = await deploy('OwnershipFacet');
  const cut: FacetCut[] = ['DiamondLoupeFacet', 'OwnershipFacet'].map((name) => ({
    facetAddress: facets[name],
    action: FacetCutAction.Add,
    functionSelectors: [...build.methodIdentifiers(name).values()],
  }));
  const asCut = new Contract(diamond, build.lookup('DiamondCutFacet').abi, signer);
  await (await asCut.diamondCut(cut, ZeroAddress, '0x')).wait();
  const asOwnership = new Contract(diamond, build.lookup('OwnershipFacet').abi, signer);
  await (await asOwnership.transferOwnership(owner)).wait();
  return { diamond, facets };
}

/** A plan that Adds every function of `facet` (deployed by `deployer` at its next nonce), no init. */
export async function addFacetPlan(opts: {
  build: DloopBuild;
  rpc: RpcClient;
  rpcUrl: string;
  chainId: number;
  diamond: string;
  facet: string;
  deployer: string;
}): Promise<UpgradePlan> {
  const { build } = opts;
  const deployerNonce = Number(
    BigInt(await opts.rpc.request<string>('eth_getTransactionCount', [opts.deployer, 'latest'])),
  );
  const facetAddress = getCreateAddress({ from: opts.deployer, nonce: deployerNonce });
  const selectors = [...build.methodIdentifiers(opts.facet)];
  const cut: FacetCut[] = [
    { facetAddress, action: FacetCutAction.Add, functionSelectors: selectors.map(([, s]) => s) },
  ];
  const calldata = new Interface(build.lookup('DiamondCutFacet').abi).encodeFunctionData('diamondCut', [
    cut,
    ZeroAddress,
    '0x',
  ]);
  const artifact = build.artifacts.find((a) => a.name === opts.facet)!;
  return {
    chainId: opts.chainId,
    rpcUrl: opts.rpcUrl,
    diamond: opts.diamond,
    diamondName: null,
    plan: {
      chainId: opts.chainId,
      diamond: opts.diamond,
      cut: [{ facet: opts.facet, facetAddress, action: 'add', functionSelectors: cut[0].functionSelectors }],
      selectors: selectors.map(([signature, selector]) => ({
        selector,
        signature,
        action: 'add',
        fromFacet: null,
        fromAddress: null,
        toFacet: opts.facet,
      })),
      deploy: [opts.facet],
      problems: [],
    },
    cut,
    deploy: [{ contract: opts.facet, file: artifact.file, predictedAddress: facetAddress, artifact }],
    deployer: opts.deployer,
    deployerNonce,
    init: null,
    calldata,
    calldataHash: keccak256(calldata),
    findings: [],
    ...neutralPlanExtras(opts),
  };
}

/**
 * What a DLOOP simulation test starts from: solc's layouts of the bundled project's namespaces (cached; solc
 * first, it blocks the event loop and the node serves HTTP from this process), a node, the diamond on it.
 */
export async function startDloopSimulation(
  prefix: string,
): Promise<{ sim: SimNode; fx: SimDloop; namespaces: SimulationNamespace[]; problems: string[] }> {
  const contracts = join(repoRoot(), 'contracts');
  const layouts = await namespaceLayouts({
    root: contracts,
    namespaces: projectNamespaces(contracts),
    cacheDir: join(tmpdir(), 'dloop-diamond-tools-tests', 'namespace-layouts'),
  });
  const sim = await startSimNode(prefix);
  const fx = await deploySimDloop(sim);
  return { sim, fx, namespaces: layouts.namespaces, problems: layouts.problems };
}

/**
 * The plan's upgrade sent for real through the ProtocolDAO (deploy at the predicted addresses, propose, two
 * votes, past the timelock, execute): the execute transaction's hash. The caller snapshots and reverts.
 */
export async function upgradeByHand(fx: SimDloop, plan: UpgradePlan): Promise<string> {
  for (const d of plan.deploy) {
    const c = await new ContractFactory(d.artifact.abi, d.artifact.bytecode, fx.deployer).deploy();
    if ((await c.getAddress()) !== d.predictedAddress)
      throw new Error(`${d.contract} deployed at ${await c.getAddress()}, ${d.predictedAddress} predicted`);
    await c.waitForDeployment();
  }
  const dao = (s = fx.alice) => fx.at('ProtocolDAO', fx.deployment.governance, s);
  await (await dao().propose(plan.cut, plan.init!.address, plan.init!.calldata, 'by hand')).wait();
  await (await dao(fx.alice).castVote(1, true)).wait();
  await (await dao(fx.bob).castVote(1, true)).wait();
  const p = await dao().getProposal(1);
  await fx.sim.rpc.request('evm_increaseTime', [
    Number(p.eta) - (await fx.sim.provider.getBlock('latest'))!.timestamp + 1,
  ]);
  await fx.sim.rpc.request('evm_mine');
  const receipt = await (await dao(fx.bob).execute(1)).wait();
  return receipt!.hash;
}
