/**
 * Every command, listed once: id → factory. Typed `Record<CommandId, …>`, so an id in ./ids.ts without a
 * factory (or a factory without an id) does not compile; the unit test holds ./ids.ts against package.json.
 * Registration adds what every command needs: the workspace-trust check and one way of reporting failure.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { describeError } from '../log';
import { buildFacets } from './build';
import { createConfig } from './create-config';
import { generateDocs } from './generate-docs';
import { showMap } from './show-map';
import { connectDiamond, disconnectDiamond, refreshExplorer, showExplorer } from './connect';
import { deployDiamond } from './deploy';
import { COMMAND_IDS, COMMAND_TITLES, TRUSTED_ONLY, type CommandId } from './ids';
import { clearDeployerKey, setDeployerKey } from './keys';
import { startNode, stopNode } from './node';
import { planUpgrade } from './plan-upgrade';
import { simulateUpgrade } from './simulate-upgrade';
import { exportProposal } from './export-proposal';
import { proposeUpgrade } from './propose-upgrade';
import { rollbackUpgrade } from './rollback-upgrade';
import {
  advanceAndExecute,
  cancelProposal,
  executeProposal,
  fastTrackProposal,
  markProposalReviewed,
  openProposalSpecification,
  refreshProposals,
  voteAgainst,
  voteFor,
} from './proposals';
import { openSample } from './sample';
import { openRuleDocs, openSettings, restartServer, showOutput } from './server';
import { copyAddress, copySelector, openSource } from './tree-items';

export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

export const COMMANDS: Record<CommandId, CommandFactory> = {
  'diamond.buildFacets': buildFacets,
  'diamond.startNode': startNode,
  'diamond.stopNode': stopNode,
  'diamond.deploy': deployDiamond,
  'diamond.planUpgrade': planUpgrade,
  'diamond.simulateUpgrade': simulateUpgrade,
  'diamond.proposeUpgrade': proposeUpgrade,
  'diamond.refreshProposals': refreshProposals,
  'diamond.openProposalSpecification': openProposalSpecification,
  'diamond.voteFor': voteFor,
  'diamond.voteAgainst': voteAgainst,
  'diamond.executeProposal': executeProposal,
  'diamond.advanceAndExecute': advanceAndExecute,
  'diamond.cancelProposal': cancelProposal,
  'diamond.fastTrackProposal': fastTrackProposal,
  'diamond.markProposalReviewed': markProposalReviewed,
  'diamond.exportProposal': exportProposal,
  'diamond.rollbackUpgrade': rollbackUpgrade,
  'diamond.connect': connectDiamond,
  'diamond.disconnect': disconnectDiamond,
  'diamond.refreshExplorer': refreshExplorer,
  'diamond.showExplorer': showExplorer,
  'diamond.restartServer': restartServer,
  'diamond.openRuleDocs': openRuleDocs,
  'diamond.copySelector': copySelector,
  'diamond.copyAddress': copyAddress,
  'diamond.openSource': openSource,
  'diamond.setDeployerKey': setDeployerKey,
  'diamond.clearDeployerKey': clearDeployerKey,
  'diamond.openSample': openSample,
  'diamond.createConfig': createConfig,
  'diamond.generateDocs': generateDocs,
  'diamond.showMap': showMap,
  'diamond.openSettings': openSettings,
  'diamond.showOutput': showOutput,
};

export function registerCommands(ctx: Ctx): vscode.Disposable[] {
  return COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, guarded(ctx, id, COMMANDS[id](ctx))));
}

function guarded(ctx: Ctx, id: CommandId, run: (...args: unknown[]) => unknown) {
  const title = `Diamond: ${COMMAND_TITLES[id]}`;
  return async (...args: unknown[]): Promise<unknown> => {
    if (TRUSTED_ONLY.includes(id) && !vscode.workspace.isTrusted) {
      const manage = 'Manage Workspace Trust';
      const picked = await vscode.window.showWarningMessage(
        `${title} is disabled in Restricted Mode: it compiles or runs code from this workspace. ` +
          'Trust the workspace to use it; analysis keeps working either way.',
        manage,
      );
      if (picked === manage) await vscode.commands.executeCommand('workbench.trust.manage');
      return undefined;
    }
    ctx.log.debug(`command ${id}`);
    try {
      return await run(...args);
    } catch (err) {
      ctx.log.error(`${title} failed`, err);
      const output = 'Show Output';
      void vscode.window
        .showErrorMessage(
          `${title} failed: ${err instanceof Error ? err.message : describeError(err)}`,
          output,
        )
        .then((picked) => picked === output && ctx.channel.show(true));
      return undefined;
    }
  };
}
