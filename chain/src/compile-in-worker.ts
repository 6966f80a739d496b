/**
 * compileInWorker: compileProject in a worker_threads Worker, so a caller's thread (the VS Code
 * extension host) never blocks on solc. Aborting the signal terminates the worker mid-compile.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CompileOptions, CompileResult } from './compile-types';
import type { WorkerCompileOptions, WorkerMessage } from './compile-worker-protocol';

export interface CompileInWorkerOptions extends CompileOptions {
  /** Path of the built worker bundle; default `compile-worker.js` beside the running bundle (dist/). */
  workerPath?: string;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('Compile cancelled', 'AbortError');
}

export function compileInWorker(opts: CompileInWorkerOptions): Promise<CompileResult> {
  const { onProgress, signal, workerPath, ...rest } = opts;
  const script = workerPath ?? join(__dirname, 'compile-worker.js');
  if (!existsSync(script)) return Promise.reject(new Error(`compile worker bundle not found: ${script}`));
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const data: WorkerCompileOptions = rest;
  return new Promise<CompileResult>((resolvePromise, reject) => {
    const worker = new Worker(script, { workerData: data });
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = (): void => finish(() => reject(abortError(signal!)));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') finish(() => resolvePromise(m.result));
      else finish(() => reject(new Error(m.message)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`compile worker exited with code ${code}`))));
  });
}
