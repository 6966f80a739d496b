/**
 * Diamond: Deploy DLOOP Diamond — compiles `<root>/contracts` in a worker, deploys it with the chain module,
 * writes the deployment record, then shows the diamond in the Facet Explorer.
 */
import * as vscode from 'vscode';
import { compileInWorker } from '../../../chain/src/compile-in-worker';
import { hasErrors } from '../../../chain/src/compile-types';
import { connect, type ChainConnection } from '../../../chain/src/connect';
import { CompileFailedError, deployDloopProject } from '../../../chain/src/deploy';
import type { DeploymentRecord } from '../../../chain/src/deployment-record';
import { RpcUnreachableError } from '../../../chain/src/rpc';
import { privateKeySigner, type SignerHandle } from '../../../chain/src/signer';
import { confirmTransactions } from '../chain-safety';
import type { Ctx } from '../ctx';
import { actionsFor } from '../explorer/model';
import { dloopRoots } from '../project-root';
import { publishBuild } from './build';
import { deployerKey } from './keys';
import { redactUrl } from '../../../chain/src/redact';

async function offer(message: string, actions: { title: string; command: string }[]): Promise<void> {
  const picked = await vscode.window.showErrorMessage(message, ...actions.map((a) => a.title));
  const action = actions.find((a) => a.title === picked);
  if (action) await vscode.commands.executeCommand(action.command);
}

async function pickDloopRoot(): Promise<string | undefined> {
  const roots = dloopRoots();
  if (roots.length <= 1) return roots[0];
  return vscode.window.showQuickPick(roots, { title: 'Deploy which DLOOP project?' });
}

/** Local dev node: its unlocked account (the chain module's default). Anything else: the stored key, after a
 *  modal confirmation. Undefined signer handle with `ok` = proceed with the default. */
async function chooseSigner(
  ctx: Ctx,
  conn: ChainConnection,
): Promise<{ ok: boolean; handle?: SignerHandle }> {
  if (conn.isLocalDevChain) return { ok: true };
  const key = await deployerKey(ctx);
  if (!key) {
    await offer(
      `Deploying to chain ${conn.chainId} (${redactUrl(conn.url)}) needs a deployer key: it is not a local dev node.`,
      [{ title: 'Set Deployer Key', command: 'diamond.setDeployerKey' }],
    );
    return { ok: false };
  }
  const handle = privateKeySigner(conn, key);
  if (await confirmTransactions(conn, 'Deploy the DLOOP diamond', handle.address))
    return { ok: true, handle };
  handle.close();
  return { ok: false };
}

export const deployDiamond = (ctx: Ctx) => async (): Promise<DeploymentRecord | undefined> => {
  const root = await pickDloopRoot();
  if (!root) {
    await offer('Deploy DLOOP Diamond needs the DLOOP sources (contracts/Diamond.sol) in the workspace.', [
      { title: 'Open DLOOP Sample', command: 'diamond.openSample' },
    ]);
    return undefined;
  }
  const rpcUrl = ctx.rpcUrl();
  let conn: ChainConnection;
  try {
    conn = await connect(rpcUrl, { timeoutMs: 5000 });
  } catch (err) {
    if (!(err instanceof RpcUnreachableError)) throw err;
    ctx.log.error(`deploy: ${redactUrl(rpcUrl)} does not answer`, err);
    await offer(`RPC ${redactUrl(rpcUrl)} does not answer (${err.reason}).`, actionsFor('rpc-down'));
    return undefined;
  }
  const { ok, handle } = await chooseSigner(ctx, conn);
  if (!ok) return undefined;
  const started = Date.now();
  let record: DeploymentRecord;
  try {
    ({ record } = await vscode.window.withProgress(
      // Not cancellable: stopping half-way would leave a half-deployed diamond.
      { location: vscode.ProgressLocation.Notification, title: 'Diamond: deploying the DLOOP diamond' },
      (progress) =>
        deployDloopProject({
          rpcUrl,
          root,
          signer: handle?.signer,
          compile: async (opts) => {
            const result = await compileInWorker(opts);
            if (!hasErrors(result)) ctx.builds.set(opts.root, result);
            return result;
          },
          onProgress: (p) => {
            ctx.log.info(`deploy: ${p.message}`);
            progress.report(p);
          },
        }),
    ));
  } catch (err) {
    if (!(err instanceof CompileFailedError)) throw err;
    publishBuild(ctx, `${root}/contracts`, err.result);
    await offer(`Deploy stopped: ${err.message}`, [
      { title: 'Show Problems', command: 'workbench.actions.view.problems' },
    ]);
    return undefined;
  } finally {
    handle?.close();
  }
  ctx.log.info(`deploy: diamond ${record.diamond} on chain ${record.chainId} in ${Date.now() - started} ms`);
  await ctx.explorer.connect({ address: record.diamond, rpcUrl });
  const show = 'Show in Facet Explorer';
  void vscode.window
    .showInformationMessage(
      `Deployed the DLOOP diamond at ${record.diamond} on chain ${record.chainId}.`,
      show,
    )
    .then((picked) => picked === show && vscode.commands.executeCommand('diamond.showExplorer'));
  return record;
};
