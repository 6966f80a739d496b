/**
 * Diamond: Export Proposal (the Proposals view's context menu): a proposal's calldata and specification as a Safe
 * Transaction Builder batch, OpenZeppelin Governor arguments or raw calldata (chain/src/upgrade-export-text.ts,
 * the text `diamond upgrade export --id N` prints), saved where the user picks (default `.diamond/exports/`).
 * Sends nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { connect } from '../../../chain/src/connect';
import { exportText, type ExportFormat } from '../../../chain/src/upgrade-export-text';
import { ownerOf } from '../../../chain/src/workflows/upgrade-propose';
import { DIAMOND_DIR } from '../../../host/src/project';
import type { Ctx } from '../ctx';
import { isProposalNode } from '../proposals/model';
import { proposalsViewOf } from '../proposals/view';
import { recordRoots } from '../project-root';

const FORMATS: { label: string; detail: string; format: ExportFormat; suffix: string }[] = [
  {
    label: 'Safe Transaction Builder batch',
    detail: 'A JSON file the Safe app imports: the diamond as `to`, the cut as `data`, checksummed',
    format: 'safe',
    suffix: 'safe.json',
  },
  {
    label: 'OpenZeppelin Governor arguments',
    detail: 'propose(targets, values, calldatas, description) with the description hash and proposal id',
    format: 'governor',
    suffix: 'governor.json',
  },
  { label: 'Raw diamondCut calldata', detail: 'The hex bytes', format: 'calldata', suffix: 'calldata.txt' },
];

export const exportProposal =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    const target = proposalsViewOf(ctx)?.target;
    if (!target || !isProposalNode(arg)) {
      void vscode.window.showWarningMessage('Pick a proposal in the Proposals view to export it.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(FORMATS, {
      title: `Diamond: Export Proposal #${arg.id}`,
      placeHolder: 'For an owner that is not this ProtocolDAO: the same calldata bytes in every format',
    });
    if (!picked) return undefined;
    const p = arg.proposal;
    const safe =
      picked.format === 'safe' ? await ownerOf(await connect(target.rpcUrl), target.diamond) : undefined;
    const text = exportText(
      picked.format,
      {
        chainId: target.chainId,
        diamond: target.diamond,
        calldata: p.calldata,
        description: p.description,
        name: `Proposal ${p.id}`,
      },
      { safe },
    );
    const root = recordRoots()[0];
    const name = `proposal-${target.chainId}-${p.id}.${picked.suffix}`;
    const uri = await vscode.window.showSaveDialog({
      title: `Export proposal #${p.id}: ${picked.label}`,
      defaultUri: vscode.Uri.file(root ? path.join(root, DIAMOND_DIR, 'exports', name) : name),
    });
    if (!uri) return undefined;
    mkdirSync(path.dirname(uri.fsPath), { recursive: true });
    writeFileSync(uri.fsPath, `${text}\n`);
    ctx.log.info(`Export Proposal: #${p.id} as ${picked.format} → ${uri.fsPath}`);
    void vscode.window.showInformationMessage(
      `Proposal #${p.id} exported (${picked.label}) to ${uri.fsPath}.`,
    );
    return uri.fsPath;
  };
