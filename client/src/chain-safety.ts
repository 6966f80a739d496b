/**
 * The one gate for transactions: a chain that is not a local dev node gets a modal confirmation naming the
 * chain id, the RPC and the sending account. (Local dev node = chain 31337/1337 on a loopback host, as
 * chain/src/connect.ts decides.)
 */
import * as vscode from 'vscode';
import type { ChainConnection } from '../../chain/src/connect';
import { redactUrl } from '../../chain/src/redact';

export async function confirmTransactions(
  conn: ChainConnection,
  what: string,
  from: string,
): Promise<boolean> {
  if (conn.isLocalDevChain) return true;
  const go = `${what} on chain ${conn.chainId}`;
  const picked = await vscode.window.showWarningMessage(
    `${what} on chain ${conn.chainId}?`,
    {
      modal: true,
      detail:
        `${redactUrl(conn.url)} is not a local dev node (chain ${conn.chainId}). Transactions will be sent from ${from} ` +
        'and paid with its funds. They cannot be undone.',
    },
    go,
  );
  return picked === go;
}
