/**
 * Workflow: plan the rollback of upgrade N of a diamond's history (upgrade-history.ts: rebuilt from its
 * DiamondCut events, joined with local records): the reverse cut from the routing just before N (the loupe at the
 * block before N, else the local record's loupe before), as an UpgradePlan of its own, so it is simulated and
 * proposed like any plan (upgrade-simulate.ts, upgrade-propose.ts) and exported the same way.
 *
 * Validated against the diamond as it is now: the previous facets must still have code; a selector the reverse
 * cut Removes or Replaces must be routed now, one it Adds must not be. It says what it cannot undo: storage the
 * init (or anything since) wrote stays as it is.
 */
import { getAddress, keccak256, ZeroAddress } from 'ethers';
import type { PlannedSelector } from '../../../engine';
import type { Artifact } from '../compile-types';
import type { ChainConnection } from '../connect';
import { reverseCut, routingOf, type RoutingRow } from '../cut-reverse';
import { FacetCutAction } from '../cut';
import { readLoupe } from '../loupe';
import { nameAndDrift, type OnChainFacet } from '../loupe-match';
import {
  chainUpgradeHistory,
  readUpgradeHistory,
  type ChainUpgrade,
  type ProposedUpgradeEntry,
} from '../upgrade-history';
import type { PlanCheck, PlanFinding, UpgradePlan } from '../upgrade-plan-types';
import { loupeAt } from '../upgrade-verify';
import { encodeDiamondCut } from './upgrade-plan';
import { compileRootOf } from '../../../host/src/project';

export interface PlanRollbackInputs {
  connection: ChainConnection;
  diamond: string;
  /** Project root (local records); the rollback's plan compiles nothing. */
  root: string;
  /** The history number to undo (default: the last upgrade). */
  n?: number;
  /** Artifacts to name the live facets and signatures with (optional). */
  artifacts?: Artifact[];
}

export interface RollbackPlan extends UpgradePlan {
  /** The upgrade undone. */
  rollbackOf: ChainUpgrade;
  /** What a cut cannot undo, in words. */
  cannotUndo: string[];
}

export class NoSuchUpgradeError extends Error {
  override readonly name = 'NoSuchUpgradeError';
  constructor(
    readonly n: number | undefined,
    readonly count: number,
  ) {
    super(
      count === 0
        ? 'The diamond has no recorded upgrade (no DiamondCut event): nothing to roll back.'
        : `There is no upgrade ${n} (the history has ${count}).`,
    );
  }
}

const ACTION_NAMES = ['add', 'replace', 'remove'] as const;

export async function planRollback(inputs: PlanRollbackInputs): Promise<RollbackPlan> {
  const { connection: conn } = inputs;
  const diamond = getAddress(inputs.diamond);
  const history = await chainUpgradeHistory(conn, diamond, inputs.root);
  const n = inputs.n ?? history.length;
  const target = history.find((u) => u.n === n);
  if (!target) throw new NoSuchUpgradeError(inputs.n, history.length);
  const findings: PlanFinding[] = [];

  let before: RoutingRow[];
  try {
    before = target.block > 0 ? await loupeAt(conn, diamond, target.block - 1) : [];
  } catch {
    // A node without the past state (not an archive node): the local record's loupe before, if one knows it.
    const local = readUpgradeHistory(inputs.root, conn.chainId, diamond).find(
      (e): e is ProposedUpgradeEntry => e.kind === 'proposed' && e.calldataHash === target.calldataHash,
    );
    if (!local)
      throw new Error(
        `The node has no state before block ${target.block} and no local record knows upgrade ${n}`,
      );
    before = local.loupeBefore;
  }
  const cut = reverseCut(routingOf(before), target.cut);
  const loupe = await readLoupe({ rpcUrl: conn.url, address: diamond, artifacts: inputs.artifacts });
  const now = routingOf(
    loupe.facets.map((f) => ({
      facetAddress: f.address,
      functionSelectors: f.selectors.map((s) => s.selector),
    })),
  );
  const signatureOf = (s: string) => {
    for (const f of loupe.facets)
      for (const x of f.selectors) if (x.selector.toLowerCase() === s) return x.signature;
    return null;
  };
  // The previous facets still have code.
  const previous = [
    ...new Set(cut.filter((c) => c.action !== FacetCutAction.Remove).map((c) => c.facetAddress)),
  ];
  const missingCode: string[] = [];
  const withCode: OnChainFacet[] = [];
  for (const a of previous) {
    const code = await conn.client.request<string>('eth_getCode', [a, 'latest']);
    if (!code || code === '0x') missingCode.push(a);
    else
      withCode.push({
        address: a,
        selectors: cut.filter((c) => c.facetAddress === a).flatMap((c) => c.functionSelectors),
        codeHash: keccak256(code),
        code,
      });
  }
  // A previous facet routes nothing now, so the loupe cannot name it: its code (or selectors) can.
  const previousNames = nameAndDrift(loupe, withCode, { artifacts: inputs.artifacts }).facets;
  const nameOf = (address: string) =>
    [...loupe.facets, ...previousNames].find((f) => f.address.toLowerCase() === address.toLowerCase())
      ?.name ?? address;
  for (const a of missingCode)
    findings.push({
      rule: 'rollback-facet-without-code',
      severity: 'error',
      message: `The previous facet ${a} has no code any more: the rollback cannot route back to it`,
      check: 'code',
    });
  // The reverse cut applies to the diamond as it is now.
  const selectors: PlannedSelector[] = [];
  for (const c of cut)
    for (const s of c.functionSelectors) {
      const live = now.get(s);
      const action = ACTION_NAMES[c.action];
      if (c.action === FacetCutAction.Add && live !== undefined)
        findings.push({
          rule: 'rollback-conflict',
          severity: 'error',
          check: 'selectors',
          message: `${s} is routed to ${live} now: a later upgrade changed it, the rollback cannot Add it back`,
        });
      if (c.action !== FacetCutAction.Add && live === undefined)
        findings.push({
          rule: 'rollback-conflict',
          severity: 'error',
          check: 'selectors',
          message: `${s} is not routed now: a later upgrade removed it, the rollback cannot ${action} it`,
        });
      selectors.push({
        selector: s,
        signature: signatureOf(s),
        action,
        fromFacet: live === undefined ? null : nameOf(live),
        fromAddress: live ?? null,
        toFacet: c.action === FacetCutAction.Remove ? null : nameOf(c.facetAddress),
      });
    }
  const cannotUndo = [
    target.init !== ZeroAddress
      ? `Storage written by upgrade ${n}'s init (${target.init}) stays: a cut restores the routing only.`
      : `Storage written since upgrade ${n} by the facets it routed stays: a cut restores the routing only.`,
  ];
  const calldata = encodeDiamondCut(cut, ZeroAddress, '0x');
  const status = (ok: boolean): PlanCheck['status'] => (ok ? 'passed' : 'failed');
  const checks: PlanCheck[] = [
    {
      id: 'selectors',
      title: 'The reverse cut applies to the diamond as it is now',
      status: status(!findings.some((f) => f.check === 'selectors')),
      detail: '',
    },
    {
      id: 'code',
      title: 'The previous facets still have code',
      status: status(missingCode.length === 0),
      detail: `${previous.length} facet(s)`,
    },
    {
      id: 'init',
      title: 'No init call (a rollback restores routing only)',
      status: 'passed',
      detail: cannotUndo[0],
    },
  ];
  return {
    chainId: conn.chainId,
    rpcUrl: conn.url,
    diamond,
    diamondName: `rollback of upgrade ${n}`,
    plan: {
      chainId: conn.chainId,
      diamond,
      cut: cut.map((c) => ({
        facet: c.action === FacetCutAction.Remove ? null : nameOf(c.facetAddress),
        facetAddress: c.facetAddress,
        action: ACTION_NAMES[c.action],
        functionSelectors: c.functionSelectors,
      })),
      selectors,
      deploy: [],
      problems: [],
    },
    cut,
    deploy: [],
    deployer: ZeroAddress,
    deployerNonce: 0,
    init: null,
    calldata,
    calldataHash: keccak256(calldata),
    findings,
    checks,
    loupe,
    protectedSelectors: [],
    prune: false,
    compileRoot: compileRootOf(inputs.root),
    recordFile: null,
    rollbackOf: target,
    cannotUndo,
  };
}
