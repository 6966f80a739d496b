/**
 * Diamond: Roll Back Upgrade — the connected diamond's upgrades (from its events, joined with local records) → pick
 * one (default: the latest) → the reverse plan (planRollback) → its report opened, with what a cut cannot undo →
 * "Propose Rollback" hands the plan to Diamond: Propose Upgrade (simulated, confirmed and proposed like any plan;
 * nothing is sent before its modal).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { connect } from '../../../chain/src/connect';
import { chainUpgradeHistory } from '../../../chain/src/upgrade-history';
import { planIsValid } from '../../../chain/src/upgrade-plan-types';
import { NoSuchUpgradeError, planRollback } from '../../../chain/src/workflows/upgrade-rollback';
import type { Ctx } from '../ctx';
import { pickProjectRoot, upgradeHistoryRoot } from '../project-root';
import { rollbackChoices, rollbackDocument, rollbackReportFile } from '../upgrade-rollback';
import { openMarkdown, type PlanArgument } from './plan-upgrade';

export const rollbackUpgrade = (ctx: Ctx) => async (): Promise<PlanArgument | undefined> => {
  const target = ctx.explorer.connectedTo;
  if (!target) {
    void vscode.window.showWarningMessage(
      'Roll Back Upgrade undoes an upgrade of the diamond the Facet Explorer is connected to: connect it first.',
    );
    return undefined;
  }
  const conn = await connect(target.rpcUrl, { timeoutMs: 5000 });
  // The records of the upgrade (its proposal) live where it was proposed, which may not be the workspace folder.
  const root =
    upgradeHistoryRoot(conn.chainId, target.address) ?? (await pickProjectRoot('Roll Back Upgrade'));
  if (!root) return undefined;
  const history = await chainUpgradeHistory(conn, target.address, root);
  if (history.length === 0) {
    void vscode.window.showInformationMessage(new NoSuchUpgradeError(undefined, 0).message);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(rollbackChoices(history), {
    title: 'Diamond: Roll Back Upgrade',
    placeHolder: 'The upgrade to undo (its reverse cut is planned, simulated and proposed like any plan)',
  });
  if (!picked) return undefined;
  const plan = await planRollback({
    connection: conn,
    diamond: target.address,
    root,
    n: picked.n,
    artifacts: ctx.builds.all(),
  });
  const file = rollbackReportFile(root, plan);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, rollbackDocument(plan, file));
  await openMarkdown(file);
  ctx.log.info(`Roll Back Upgrade: planned the reverse of upgrade #${plan.rollbackOf.n}; report ${file}`);
  const made: PlanArgument = {
    kind: 'diamond.editorPlan',
    plan,
    root,
    compiled: { contracts: ctx.builds.all(), errors: [] },
    reportFile: file,
  };
  const cannot = plan.cannotUndo.length ? ` It cannot undo: ${plan.cannotUndo.join(' ')}` : '';
  if (!planIsValid(plan)) {
    void vscode.window.showErrorMessage(
      `The rollback of upgrade #${plan.rollbackOf.n} has errors (see its report); nothing was sent.${cannot}`,
    );
    return made;
  }
  const propose = 'Propose Rollback';
  const answer = await vscode.window.showWarningMessage(
    `Rollback of upgrade #${plan.rollbackOf.n} planned.${cannot}`,
    propose,
  );
  if (answer === propose) await vscode.commands.executeCommand('diamond.proposeUpgrade', made);
  return made;
};
