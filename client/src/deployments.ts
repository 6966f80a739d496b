/**
 * Deployments from the editor, without `vscode` (commands/deploy.ts and commands/connect.ts render):
 * - deployFromEditor: connect, the transaction gate, the deploy workflow, exactly as "Deploy DLOOP Diamond"
 *   runs them (chain/src/workflows/deploy-dloop.ts does the work).
 * - recentDeployments: the records "Connect to Diamond…" offers, listed by the chain module's one record
 *   reader (chain/src/deployment-record.ts); a foreign or half-written file is skipped and logged.
 */
import type { CompileOptions, CompileResult } from '../../chain/src/compile-types';
import { connect } from '../../chain/src/connect';
import { listDeploymentRecords } from '../../chain/src/deployment-record';
import { withTxGate, type Confirmation, type KeySource, type TxRefusal } from '../../chain/src/tx-gate';
import {
  DEPLOY_DLOOP_ACTION,
  deployDloopProject,
  type DeployDloopProjectResult,
} from '../../chain/src/workflows/deploy-dloop';
import type { WorkflowOptions } from '../../chain/src/workflows/workflow';
import type { Logger } from './log';

export interface EditorDeployInputs {
  rpcUrl: string;
  root: string;
  /** Secret storage (commands/keys.ts). */
  key: KeySource;
  /** The modal naming the chain (chain-safety.ts). */
  confirmation: Confirmation;
  /** compileInWorker, keeping the artifacts for the Facet Explorer. */
  compile: (opts: CompileOptions) => Promise<CompileResult>;
  /** `diamond.tx.timeoutSeconds`, in ms: how long one transaction may stay unmined. */
  txTimeoutMs?: number;
  /** Runs the workflow inside the editor's progress notification, once the gate has let it through. */
  inProgress<T>(run: (options: WorkflowOptions) => Promise<T>): PromiseLike<T>;
}

export type EditorDeployOutcome =
  { kind: 'deployed'; result: DeployDloopProjectResult } | { kind: 'refused'; refusal: TxRefusal };

/** Throws RpcUnreachableError (nothing answers at rpcUrl) and the workflow's errors (CompileFailedError, …). */
export async function deployFromEditor(inputs: EditorDeployInputs): Promise<EditorDeployOutcome> {
  const connection = await connect(inputs.rpcUrl, { timeoutMs: 5000 });
  const gated = await withTxGate(
    connection,
    { action: DEPLOY_DLOOP_ACTION, key: inputs.key, confirmation: inputs.confirmation },
    (signer) =>
      Promise.resolve(
        inputs.inProgress((options) =>
          deployDloopProject(
            {
              connection,
              root: inputs.root,
              signer,
              compile: inputs.compile,
              txTimeoutMs: inputs.txTimeoutMs,
            },
            options,
          ),
        ),
      ),
  );
  return gated.ok ? { kind: 'deployed', result: gated.value } : { kind: 'refused', refusal: gated.refusal };
}

export interface RecentDeployment {
  chainId: number;
  diamond: string;
  /** ms since epoch. */
  timestamp: number;
  /** Facet names in the record, for the QuickPick detail line. */
  facets: string[];
  /** The record file, for logs. */
  file: string;
}

/** Every record under the roots' `.diamond/deployments/`, newest first, one per (chain, diamond). */
export function recentDeployments(roots: readonly string[], log: Pick<Logger, 'warn'>): RecentDeployment[] {
  const { records, skipped } = listDeploymentRecords(roots);
  for (const s of skipped) log.warn(`${s.file} is not a deployment record (${s.reason}); skipped`);
  return sortRecent(
    records.map(({ file, record }) => ({
      chainId: record.chainId,
      diamond: record.diamond,
      timestamp: Date.parse(record.timestamp),
      facets: record.facets.map((f) => f.name),
      file,
    })),
  );
}

/** Newest first; one entry per (chain, diamond). */
export function sortRecent(deployments: readonly RecentDeployment[]): RecentDeployment[] {
  const seen = new Set<string>();
  return [...deployments]
    .sort((a, b) => b.timestamp - a.timestamp)
    .filter((d) => {
      const key = `${d.chainId}:${d.diamond.toLowerCase()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export function isAddress(text: string): boolean {
  return ADDRESS.test(text.trim());
}
