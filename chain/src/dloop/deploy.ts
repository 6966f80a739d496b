/**
 * deployDloop: the bundled DLOOP diamond on any chain a signer reaches.
 * Order: token -> ProtocolDAO -> DiamondCutFacet + Diamond -> the other facets and DiamondInit ->
 * first cut (Add every facet, init) -> ownership to the ProtocolDAO -> ProtocolDAO.bindDiamond.
 * After it returns the deployer can no longer cut: only governance can.
 *
 * Every transaction goes through journaledSteps (../journal.ts): its hash is reported as soon as the node has it,
 * it is journaled when sent and when mined (when the caller passes a journal), and its receipt is awaited with
 * the caller's timeout (TransactionTimeoutError).
 */
import { Contract, Interface, parseUnits } from 'ethers';
import { planInitialCut, selectorsOfAbi } from '../cut';
import { journaledSteps, type Journal } from '../journal';
import {
  dloopFacetNames,
  type DeployDloopOptions,
  type DloopDeployment,
  type DloopFacetName,
  type GovernanceParams,
} from './types';

export const defaultGovernanceParams: GovernanceParams = {
  votingPeriod: 3 * 24 * 60 * 60,
  timelockDelay: 2 * 24 * 60 * 60,
  quorumBps: 400,
  proposalThreshold: parseUnits('10000', 18),
};

export const DEFAULT_TOKEN_SUPPLY = parseUnits('100000000', 18);
export const DEFAULT_INVEST_FEE_BPS = 50;
export const DEFAULT_DIVEST_FEE_BPS = 100;

/** Every contract deployDloop creates, in the order it creates them. */
export const DLOOP_DEPLOY_ORDER: readonly string[] = [
  'DLOOPToken',
  'ProtocolDAO',
  'DiamondCutFacet',
  'Diamond',
  ...dloopFacetNames.filter((n) => n !== 'DiamondCutFacet'),
  'DiamondInit',
];

/** What deployDloop needs beyond DeployDloopOptions when a workflow drives it. */
export interface DeployDloopRun {
  /** Each transaction is journaled here as it is sent and mined. */
  journal?: Journal;
  /** How long one transaction may stay unmined (TransactionTimeoutError); undefined: no limit. */
  txTimeoutMs?: number;
}

export async function deployDloop(opts: DeployDloopOptions & DeployDloopRun): Promise<DloopDeployment> {
  const { signer, artifacts } = opts;
  const progress = opts.onProgress ?? (() => {});
  if (!signer.provider) throw new Error('deployDloop needs a signer connected to a provider');
  const chainId = Number((await signer.provider.getNetwork()).chainId);
  const deployer = await signer.getAddress();
  const guardian = opts.guardian ?? deployer;
  const governanceParams: GovernanceParams = { ...defaultGovernanceParams, ...opts.governance };

  const steps = journaledSteps({
    signer,
    journal: opts.journal,
    onProgress: progress,
    timeoutMs: opts.txTimeoutMs,
  });
  const deploy = (name: string, args: unknown[] = []): Promise<string> => {
    const { abi, bytecode } = artifacts(name);
    return steps.deploy(name, abi, bytecode, args);
  };
  const send = async (
    what: string,
    name: string,
    contract: Contract,
    method: string,
    args: unknown[],
  ): Promise<number> => {
    const tx = await contract.getFunction(method).populateTransaction(...args);
    return (await steps.send(what, name, tx)).blockNumber;
  };

  const token = await deploy('DLOOPToken', [
    opts.tokenHolder ?? deployer,
    opts.tokenSupply ?? DEFAULT_TOKEN_SUPPLY,
  ]);
  const governance = await deploy('ProtocolDAO', [
    token,
    guardian,
    governanceParams.votingPeriod,
    governanceParams.timelockDelay,
    governanceParams.quorumBps,
    governanceParams.proposalThreshold,
  ]);

  const facets = {} as Record<DloopFacetName, string>;
  facets.DiamondCutFacet = await deploy('DiamondCutFacet');
  const diamond = await deploy('Diamond', [deployer, facets.DiamondCutFacet]);
  const cutFacets = dloopFacetNames.filter((n) => n !== 'DiamondCutFacet');
  for (const name of cutFacets) facets[name] = await deploy(name);
  const diamondInit = await deploy('DiamondInit');

  const initialCut = planInitialCut(
    cutFacets.map((name) => ({ address: facets[name], abi: artifacts(name).abi })),
  );
  const initCalldata = new Interface(artifacts('DiamondInit').abi).encodeFunctionData('init', [
    {
      protocolDAO: governance,
      token,
      guardian,
      investFeeBps: opts.investFeeBps ?? DEFAULT_INVEST_FEE_BPS,
      divestFeeBps: opts.divestFeeBps ?? DEFAULT_DIVEST_FEE_BPS,
      feeRecipient: opts.feeRecipient ?? deployer,
      rewardsDistributor: opts.rewardsDistributor ?? deployer,
      bridgeRelayer: opts.bridgeRelayer ?? deployer,
    },
  ]);
  const asDiamond = (facet: DloopFacetName): Contract => new Contract(diamond, artifacts(facet).abi, signer);
  await send(
    `Cutting ${cutFacets.length} facets into the diamond (init: DiamondInit)`,
    'Diamond',
    asDiamond('DiamondCutFacet'),
    'diamondCut',
    [initialCut, diamondInit, initCalldata],
  );
  await send(
    'Handing ownership of the diamond to the ProtocolDAO',
    'Diamond',
    asDiamond('OwnershipFacet'),
    'transferOwnership',
    [governance],
  );
  const dao = new Contract(governance, artifacts('ProtocolDAO').abi, signer);
  const blockNumber = await send(
    'Binding the ProtocolDAO to the diamond',
    'ProtocolDAO',
    dao,
    'bindDiamond',
    [diamond],
  );

  const selectors = {} as Record<DloopFacetName, string[]>;
  selectors.DiamondCutFacet = selectorsOfAbi(artifacts('DiamondCutFacet').abi);
  for (const cut of initialCut) {
    const name = cutFacets.find((n) => facets[n] === cut.facetAddress);
    if (name) selectors[name] = cut.functionSelectors;
  }
  progress(`DLOOP diamond ready at ${diamond} (chain ${chainId})`);
  return {
    chainId,
    diamond,
    governance,
    token,
    facets,
    selectors,
    initContracts: { DiamondInit: diamondInit },
    initialCut,
    deployer,
    guardian,
    governanceParams,
    blockNumber,
  };
}
