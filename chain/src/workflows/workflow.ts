/**
 * What every chain workflow (deploy; next: upgrade plan, simulate, propose, roll back) has in common.
 * A workflow is one async function in this folder:
 *
 *   workflow(inputs: typed, options: WorkflowOptions) → Promise<typed result>, or throws typed errors
 *
 * It reads and writes nothing of an editor: inputs come from the face (the VS Code client, the CLI), progress
 * goes out through `onProgress`, and the face renders both. Transactions are sent only with a signer from
 * the transaction gate (../tx-gate.ts), which the face asks before it starts the workflow.
 */

export interface WorkflowProgress {
  message: string;
  /** Percent of the whole job this step adds (VS Code withProgress style). */
  increment?: number;
}

export interface WorkflowOptions {
  onProgress?: (p: WorkflowProgress) => void;
  /**
   * Honoured up to the workflow's point of no return (each workflow says where that is): before it, an
   * abort throws WorkflowAbortedError and nothing was sent; after it, the workflow runs to its end.
   */
  signal?: AbortSignal;
}

/** The workflow stopped because its signal was aborted, before anything was sent. */
export class WorkflowAbortedError extends Error {
  override readonly name = 'WorkflowAbortedError';
  constructor(readonly workflow: string) {
    super(`${workflow} was cancelled; nothing was sent`);
  }
}

export function throwIfAborted(signal: AbortSignal | undefined, workflow: string): void {
  if (signal?.aborted) throw new WorkflowAbortedError(workflow);
}
