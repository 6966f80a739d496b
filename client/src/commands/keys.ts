/**
 * Diamond: Set Deployer Key / Clear Deployer Key. The key lives only in VS Code's secret storage
 * (`context.secrets`): never in settings, never in the output channel. It signs transactions to chains
 * that are not a local dev node (those use the node's unlocked dev accounts).
 */
import { Wallet } from 'ethers';
import * as vscode from 'vscode';
import type { KeySource } from '../../../chain/src/tx-gate';
import type { Ctx } from '../ctx';

const SECRET_KEY = 'diamond.deployerKey';
const PRIVATE_KEY = /^(0x)?[0-9a-fA-F]{64}$/;

/** The key for the transaction gate (chain/src/tx-gate.ts), read from secret storage when the gate asks. */
export function deployerKey(ctx: Ctx): KeySource {
  return {
    read: () => ctx.extension.secrets.get(SECRET_KEY),
    describe: 'a deployer key (Diamond: Set Deployer Key)',
  };
}

export const setDeployerKey = (ctx: Ctx) => async (): Promise<string | undefined> => {
  const typed = await vscode.window.showInputBox({
    title: 'Deployer private key',
    prompt:
      'Stored in VS Code secret storage; used only for transactions to chains that are not a local dev node.',
    placeHolder: '0x + 64 hex digits',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) =>
      PRIVATE_KEY.test(v.trim()) ? undefined : 'A private key is 64 hex digits (0x optional).',
  });
  if (!typed) return undefined;
  const key = typed.trim().startsWith('0x') ? typed.trim() : `0x${typed.trim()}`;
  let address: string;
  try {
    address = new Wallet(key).address;
  } catch {
    void vscode.window.showErrorMessage('That is not a valid secp256k1 private key; nothing was stored.');
    return undefined;
  }
  await ctx.extension.secrets.store(SECRET_KEY, key);
  ctx.log.info(`deployer key set (account ${address})`);
  void vscode.window.showInformationMessage(`Deployer key stored for account ${address}.`);
  return address;
};

export const clearDeployerKey = (ctx: Ctx) => async (): Promise<void> => {
  await ctx.extension.secrets.delete(SECRET_KEY);
  ctx.log.info('deployer key cleared');
  void vscode.window.showInformationMessage('Deployer key removed from secret storage.');
};
