/**
 * What the upgrade workflow's steps hand each other: the plan (workflows/upgrade-plan.ts) is what simulate,
 * propose and the exports read. One shape, so every output carries byte-identical calldata.
 */
import type { CutPlan } from '../../engine';
import type { Artifact } from './compile-types';
import type { FacetCut } from './cut';

/** A facet the cut needs that is not on chain yet. */
export interface PlannedDeployment {
  contract: string;
  /** Source unit of the artifact (two contracts of one name in different files are told apart by it). */
  file: string;
  /**
   * Where a plain CREATE from `deployer` at its next nonces puts it (in `deploy` order). Simulation and
   * proposing deploy in that order from that account and check the address they get.
   */
  predictedAddress: string;
  artifact: Artifact;
}

export interface PlannedInit {
  contract: string;
  /** Address of the init contract: predicted (deployed with the facets) or already on chain. */
  address: string;
  /** The init call as written (`migrate(uint256)`) and its arguments. */
  call: string;
  args: unknown[];
  /** `address(init).delegatecall(calldata)` after the cut. */
  calldata: string;
  /** When the init contract itself must be deployed first (it is then also in `deploy`). */
  deploy: boolean;
}

/** A problem with file and offsets when it has a place in the source (findings as `check --json` prints them). */
export interface PlanFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  file?: string;
  start?: number;
  end?: number;
}

export interface UpgradePlan {
  chainId: number;
  rpcUrl: string;
  diamond: string;
  /** The diamond's name in diamond.config.json (`--diamond`), or null when inferred. */
  diamondName: string | null;
  /** The engine's per-selector plan (reasons, from/to facets), with every address bound. */
  plan: CutPlan;
  /** The cut as the contract takes it (actions numbered, addresses bound), in plan order. */
  cut: FacetCut[];
  deploy: PlannedDeployment[];
  /** Who deploys the facets (the predicted addresses depend on it and its nonce at planning time). */
  deployer: string;
  deployerNonce: number;
  init: PlannedInit | null;
  /** `diamondCut(cut, init, initCalldata)` ABI-encoded, selector 0x1f931c1c first. */
  calldata: string;
  /** keccak256 of `calldata`. */
  calldataHash: string;
  /** Validation: errors block simulate and propose; warnings are shown. */
  findings: PlanFinding[];
}

/** True when the plan may be simulated or proposed (no error finding). */
export function planIsValid(p: Pick<UpgradePlan, 'findings'>): boolean {
  return !p.findings.some((f) => f.severity === 'error');
}
