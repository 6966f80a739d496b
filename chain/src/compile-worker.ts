/** Bundle entry of dist/compile-worker.js: runs compileProject off the caller's thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { compileProject } from './compile';
import type { WorkerCompileOptions, WorkerMessage } from './compile-worker-protocol';

const post = (m: WorkerMessage): void => parentPort?.postMessage(m);

compileProject({
  ...(workerData as WorkerCompileOptions),
  onProgress: (progress) => post({ type: 'progress', progress }),
})
  .then((result) => post({ type: 'done', result }))
  .catch((err: unknown) =>
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
  );
