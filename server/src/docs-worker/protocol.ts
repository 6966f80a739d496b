/**
 * Messages between the language server and its docs worker (worker.ts), declared once. A job carries the
 * project's engine setup and its files by content hash: a text goes over only when the worker does not hold that
 * hash yet, so after the first request an edit sends the edited file alone.
 */
import type { DocsParams, DocsResult, MapParams, MapResult } from '../../../protocol/requests';
import type { EngineSetup } from '../project/project';

/** A file the engine sees: its key, the hash of its text, and the text when the worker lacks that hash. */
export interface JobFile {
  file: string;
  hash: string;
  text?: string;
}

export type JobKind = { kind: 'docs'; params: DocsParams } | { kind: 'map'; params: MapParams };

export type DocsJob = JobKind & {
  id: number;
  /** The project's root key (the worker keeps one engine per root). */
  root: string;
  setup: EngineSetup;
  /** The project's own files (all of them: a file missing here is gone). */
  own: JobFile[];
  /** Files the engine read from outside the project (imports of node_modules, other projects). */
  outside: JobFile[];
  /** Every project root the server still has: the worker drops its engines of the others. */
  keep: string[];
  /** Int32Array over it: [0] !== 0 asks the job to stop before its next file parse. */
  cancel: SharedArrayBuffer;
};

export type ToWorker = { type: 'job'; job: DocsJob } | { type: 'reset' };

export type FromWorker =
  | { type: 'started'; id: number }
  | { type: 'done'; id: number; result: DocsResult | MapResult | null; files: number }
  | { type: 'cancelled'; id: number }
  | { type: 'failed'; id: number; message: string };
