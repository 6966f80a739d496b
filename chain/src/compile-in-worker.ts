/**
 * compileInWorker: compileProject in a worker_threads Worker, so a caller's thread (the VS Code
 * extension host) never blocks on solc. Aborting the signal terminates the worker mid-compile.
 */
import { join } from 'node:path';
import type { CompileOptions, CompileResult } from './compile-types';
import type { WorkerCompileOptions, WorkerMessage } from './compile-worker-protocol';
import { runWorker } from './worker-run';

export interface CompileInWorkerOptions extends CompileOptions {
  /** Path of the built worker bundle; default `compile-worker.js` beside the running bundle (dist/). */
  workerPath?: string;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('Compile cancelled', 'AbortError');
}

export function compileInWorker(opts: CompileInWorkerOptions): Promise<CompileResult> {
  const { onProgress, signal, workerPath, ...rest } = opts;
  const data: WorkerCompileOptions = rest;
  return runWorker<CompileResult, WorkerMessage>(workerPath ?? join(__dirname, 'compile-worker.js'), data, {
    what: 'compile',
    signal,
    abortError,
    onMessage: (m, done, fail) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') done(m.result);
      else fail(new Error(m.message));
    },
  });
}
