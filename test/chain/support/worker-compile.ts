import { join } from 'node:path';
import { compileInWorker } from '../../../chain/src/compile-in-worker';
import type { CompileOptions, CompileResult } from '../../../chain/src/compile-types';
import { repoRoot } from './env';

/** The extension's compile: solc in the worker bundle (dist/), off the calling thread. */
export const workerCompile = (opts: CompileOptions): Promise<CompileResult> =>
  compileInWorker({ ...opts, workerPath: join(repoRoot(), 'dist', 'compile-worker.js') });
