/** Shapes shared by the DLOOP deployment routine and its callers (CLI, extension, tests). */
import type { InterfaceAbi, Signer } from 'ethers';
import type { FacetCut } from '../cut';

/** What deploying one contract needs. */
export interface DloopArtifact {
  abi: InterfaceAbi;
  /** Creation bytecode, hex with 0x. */
  bytecode: string;
}

/** The caller decides how `contracts/` is compiled (solc-js, cache, worker); deployment only looks names up. */
export type ArtifactLookup = (contractName: string) => DloopArtifact;

/** Every facet of the initial DLOOP diamond, in the order they are cut. */
export const dloopFacetNames = [
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
] as const;
export type DloopFacetName = (typeof dloopFacetNames)[number];

/** ProtocolDAO constructor parameters. */
export interface GovernanceParams {
  /** Seconds a proposal is open for votes. */
  votingPeriod: number;
  /** Seconds between a successful vote's end and the earliest execution. */
  timelockDelay: number;
  /** Share of the total supply (at the proposal's snapshot) that must vote in favour, in basis points. */
  quorumBps: number;
  /** Votes (token base units) an account needs to propose. */
  proposalThreshold: bigint;
}

export interface DeployDloopOptions {
  signer: Signer;
  artifacts: ArtifactLookup;
  onProgress?: (msg: string) => void;
  /** May pause and fast-track emergency upgrades. Default: the signer. */
  guardian?: string;
  governance?: Partial<GovernanceParams>;
  /** DLOOP minted at deployment, in base units (18 decimals). Default 100 million DLOOP. */
  tokenSupply?: bigint;
  /** Receives the whole supply. Default: the signer. */
  tokenHolder?: string;
  investFeeBps?: number;
  divestFeeBps?: number;
  /** Defaults: the signer. */
  feeRecipient?: string;
  rewardsDistributor?: string;
  bridgeRelayer?: string;
}

export interface DloopDeployment {
  chainId: number;
  diamond: string;
  /** The ProtocolDAO: owner of the diamond (and so of every cut) once deployment returns. */
  governance: string;
  token: string;
  facets: Record<DloopFacetName, string>;
  /** Selectors routed to each facet after deployment (DiamondCutFacet's by the Diamond constructor). */
  selectors: Record<DloopFacetName, string[]>;
  /** Init contracts run by the cuts of this deployment. */
  initContracts: { DiamondInit: string };
  /** The first cut exactly as sent (every facet but DiamondCutFacet, action Add). */
  initialCut: FacetCut[];
  deployer: string;
  guardian: string;
  governanceParams: GovernanceParams;
  /** Block of the ownership hand-over, the last transaction of the deployment. */
  blockNumber: number;
}
