/**
 * What the upgrade workflow's steps hand each other: the plan (workflows/upgrade-plan.ts) is what simulate,
 * propose and the exports read. One shape, so every output carries byte-identical calldata.
 */
import type { CutPlan } from '../../engine';
import type { Artifact } from './compile-types';
import type { FacetCut } from './cut';
import type { LoupeView } from './loupe-types';

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
  /** The canonical signature of the function called (`migrate(uint16)`), from the init contract's ABI. */
  signature: string;
  /** When the init contract itself must be deployed first (it is then also in `deploy`). */
  deploy: boolean;
}

/** A problem with file and offsets when it has a place in the source (findings as `check --json` prints them). */
export interface PlanFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Engine file key (absolute, '/'-separated). */
  file?: string;
  start?: number;
  end?: number;
  /** 1-based line and UTF-16 column of `start` and `end` (set with them, so renderers need no file text). */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** The other side (a duplicate's first facet, the namespace a changed field belongs to). */
  related?: { file: string; start: number; end: number; line: number; message: string }[];
  /** Which validation check produced it (see PlanCheck). */
  check?: PlanCheckId;
}

/** The validations run on the diamond as it would be after the cut, before anything is sent. */
export type PlanCheckId = 'selectors' | 'storage-layout' | 'namespaces' | 'code' | 'init';

export interface PlanCheck {
  id: PlanCheckId;
  /** What was checked, as the report's tick list says it. */
  title: string;
  /** `failed`: an error finding; `warning`: only warnings; `skipped`: it could not run (see `detail`). */
  status: 'passed' | 'warning' | 'failed' | 'skipped';
  detail: string;
}

export interface UpgradePlan {
  chainId: number;
  rpcUrl: string;
  diamond: string;
  /** Its name in diamond.config.json (`--diamond`, or the only one); null: the default facet discovery. */
  diamondName: string | null;
  /**
   * The engine's per-selector plan (reasons, from/to facets), with every address bound, and the signatures the
   * planner left null (Removes, selectors left alone) filled from the loupe read where local knowledge has them.
   */
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
  /** One entry per validation, in a fixed order (additive: the report's ticks and crosses). */
  checks: PlanCheck[];
  /** The loupe read the plan was made against (facet names, live signatures; simulate's "before"). */
  loupe: LoupeView;
  /** The selectors never removed (the config's `upgrade.protectedSelectors`, else the default list). */
  protectedSelectors: string[];
  /** `--prune`: selectors on facets the project does not manage were removed too. */
  prune: boolean;
  /** Where the cut's facets were compiled from (the project's compile root). */
  compileRoot: string;
  /** The record of this diamond the plan read (facet names, init contracts, the layout baseline), if any. */
  recordFile: string | null;
}

/** True when the plan may be simulated or proposed (no error finding). */
export function planIsValid(p: Pick<UpgradePlan, 'findings'>): boolean {
  return !p.findings.some((f) => f.severity === 'error');
}
