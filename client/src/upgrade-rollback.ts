/**
 * "Diamond: Roll Back Upgrade" without `vscode` (commands/rollback-upgrade.ts renders): the upgrades to pick from
 * (the diamond's history rebuilt from its events, chain/src/upgrade-history.ts), where the rollback's report goes
 * and what it says (the plan's report, then plainly what a cut cannot undo). The reverse plan itself is
 * chain/src/workflows/upgrade-rollback.ts's; it is proposed by "Diamond: Propose Upgrade" like any plan.
 */
import { join } from 'node:path';
import type { ChainUpgrade } from '../../chain/src/upgrade-history';
import type { RollbackPlan } from '../../chain/src/workflows/upgrade-rollback';
import { DIAMOND_DIR } from '../../host/src/project';
import { planDocument } from './upgrade-plan';

const ACTIONS = ['add', 'replace', 'remove'];

/** One QuickPick row per upgrade, the latest first (it is the default rollback). */
export function rollbackChoices(
  history: readonly ChainUpgrade[],
): { label: string; description: string; detail: string; n: number }[] {
  return [...history]
    .sort((a, b) => b.n - a.n)
    .map((u) => ({
      label: `#${u.n}${u.proposalId !== null ? ` · proposal ${u.proposalId}` : ''}`,
      description: `block ${u.block} · ${u.source}`,
      detail:
        u.cut
          .map((c) => `${ACTIONS[c.action]} ${c.functionSelectors.length} → ${c.facetAddress}`)
          .join('; ') || 'no selectors known',
      n: u.n,
    }));
}

/** `<root>/.diamond/plans/rollback-plan-<chainId>-<diamond>-<n>.md`: one per upgrade undone. */
export function rollbackReportFile(
  root: string,
  plan: Pick<RollbackPlan, 'chainId' | 'diamond' | 'rollbackOf'>,
) {
  return join(
    root,
    DIAMOND_DIR,
    'plans',
    `rollback-plan-${plan.chainId}-${plan.diamond}-${plan.rollbackOf.n}.md`,
  );
}

/** The rollback's report: the plan's, then what the reverse cut cannot undo. */
export function rollbackDocument(plan: RollbackPlan, file: string): string {
  const head = `# Rollback of upgrade #${plan.rollbackOf.n} (block ${plan.rollbackOf.block}, tx ${plan.rollbackOf.txHash})\n\n`;
  const cannot = plan.cannotUndo.length
    ? `\n## What this rollback cannot undo\n\n${plan.cannotUndo.map((c) => `- ${c}`).join('\n')}\n`
    : '';
  return `${head}${planDocument(plan, file, null)}${cannot}`;
}
