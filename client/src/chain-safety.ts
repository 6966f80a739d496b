/**
 * VS Code's side of the transaction gate (chain/src/tx-gate.ts, which decides which chain needs a
 * confirmation and who signs): the confirmation is a modal naming the chain id, the RPC and the sending
 * account, in the gate's words.
 */
import * as vscode from 'vscode';
import type { Confirmation } from '../../chain/src/tx-gate';

export const modalConfirmation: Confirmation = {
  async ask(request) {
    const picked = await vscode.window.showWarningMessage(
      request.question,
      { modal: true, detail: request.detail },
      request.confirmLabel,
    );
    return picked === request.confirmLabel;
  },
  hint: () => 'run the command again and confirm the dialog',
};
