/** Bundle entry of dist/trace-worker.js: reads one transaction's KECCAK256 preimages off the caller's thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { readTracePreimages, type TracePreimagesJob, type TraceWorkerMessage } from './trace-preimages';

const post = (m: TraceWorkerMessage): void => parentPort?.postMessage(m);

readTracePreimages(workerData as TracePreimagesJob)
  .then((result) => post({ type: 'done', result }))
  .catch((err: unknown) =>
    post({
      type: 'failed',
      name: err instanceof Error ? err.name : 'Error',
      message: err instanceof Error ? err.message : String(err),
    }),
  );
