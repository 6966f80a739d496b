/** Messages between compileInWorker (main thread) and dist/compile-worker.js. */
import type { CompileOptions, CompileProgress, CompileResult } from './compile-types';

/** What crosses into the worker: the options without callbacks or the signal. */
export type WorkerCompileOptions = Omit<CompileOptions, 'onProgress' | 'signal'>;

export type WorkerMessage =
  | { type: 'progress'; progress: CompileProgress }
  | { type: 'done'; result: CompileResult }
  | { type: 'failed'; message: string };
