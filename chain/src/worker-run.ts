/**
 * One worker_threads Worker run to its answer, shared by the chain module's workers (compile-in-worker.ts,
 * simulation/trace-preimages.ts): a missing bundle, an abort (the worker is terminated), an error or an exit
 * before an answer each reject; the worker is terminated once settled.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export interface WorkerRun<T, M> {
  /** What the worker does, for messages: "compile", "trace". */
  what: string;
  signal?: AbortSignal;
  /** The rejection of an aborted run. */
  abortError: (signal: AbortSignal) => Error;
  /** Each message the worker posts: settle the run with `done` or `fail`, or not yet (progress). */
  onMessage: (m: M, done: (value: T) => void, fail: (err: Error) => void) => void;
}

export function runWorker<T, M>(script: string, workerData: unknown, run: WorkerRun<T, M>): Promise<T> {
  if (!existsSync(script)) return Promise.reject(new Error(`${run.what} worker bundle not found: ${script}`));
  const { signal } = run;
  if (signal?.aborted) return Promise.reject(run.abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(script, { workerData });
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = (): void => finish(() => reject(run.abortError(signal!)));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: M) =>
      run.onMessage(
        m,
        (value) => finish(() => resolve(value)),
        (err) => finish(() => reject(err)),
      ),
    );
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`${run.what} worker exited with code ${code}`))),
    );
  });
}
