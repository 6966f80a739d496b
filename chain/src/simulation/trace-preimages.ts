/**
 * The KECCAK256 preimages of one transaction's struct-log trace (what names mapping entries in the storage a
 * simulation wrote), read and parsed off the caller's thread: the trace of a governance execute is megabytes of
 * JSON (6.2 MB for the DLOOP Rewards v2 upgrade, ten times that with memory), and its JSON.parse and the walk
 * over every EVM step would otherwise block VS Code's extension host. A worker (dist/trace-worker.js, beside the
 * running bundle) asks the node for the trace itself, keeps only the preimages and posts them back; where no
 * worker bundle exists (tests and scripts run from sources) the same code runs on the caller's thread.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { RpcClient } from '../rpc';
import { runWorker } from '../worker-run';
import { preimagesFromStack, preimagesOf } from './trace';
import type { StructLog } from './dev-chain';

export interface TracePreimagesJob {
  /** The node's JSON-RPC URL. */
  url: string;
  /** The transaction whose trace is read. */
  hash: string;
}

export interface TracePreimagesResult {
  /** keccak256 output → input (lower case hex), every rebuilt or read KECCAK256 input of the transaction. */
  preimages: [string, string][];
  /** Hashes the memory-less trace could not rebuild (then the trace with memory was read too). */
  missed: number;
  /** The thread that read and parsed the trace. */
  threadId: number;
}

/** The struct-log trace with the stack, without storage; with memory when asked (ten times larger). */
async function structLogs(client: RpcClient, hash: string, memory: boolean): Promise<StructLog[]> {
  const r = await client.request<{ structLogs?: StructLog[] }>('debug_traceTransaction', [
    hash,
    memory ? { enableMemory: true, disableStorage: true } : { disableStorage: true },
  ]);
  return r.structLogs ?? [];
}

/** The job on this thread: the memory-less trace first, the one with memory only when an input was missed. */
export async function readTracePreimages(job: TracePreimagesJob): Promise<TracePreimagesResult> {
  const client = new RpcClient(job.url, { timeoutMs: 120_000 });
  const found = new Map<string, string>();
  const { missed } = preimagesFromStack(await structLogs(client, job.hash, false), found);
  if (missed) preimagesOf(await structLogs(client, job.hash, true), found);
  return { preimages: [...found], missed, threadId };
}

export type TraceWorkerMessage =
  { type: 'done'; result: TracePreimagesResult } | { type: 'failed'; name: string; message: string };

export interface TracePreimagesOptions {
  /** The worker bundle; default `trace-worker.js` beside the running bundle; false: the caller's thread. */
  workerPath?: string | false;
  /** Aborting terminates the worker (the trace is abandoned). */
  signal?: AbortSignal;
}

/** The bundle beside this one, when there is one. */
function defaultWorker(): string | false {
  const path = join(__dirname, 'trace-worker.js');
  return existsSync(path) ? path : false;
}

/** readTracePreimages in a worker (see the file's comment); adds the preimages to `into`. */
export async function tracePreimages(
  job: TracePreimagesJob,
  into: Map<string, string>,
  options: TracePreimagesOptions = {},
): Promise<TracePreimagesResult> {
  const script = options.workerPath ?? defaultWorker();
  const result =
    script === false ? await readTracePreimages(job) : await inWorker(script, job, options.signal);
  for (const [hash, input] of result.preimages) into.set(hash, input);
  return result;
}

function inWorker(
  script: string,
  job: TracePreimagesJob,
  signal?: AbortSignal,
): Promise<TracePreimagesResult> {
  return runWorker<TracePreimagesResult, TraceWorkerMessage>(script, job, {
    what: 'trace',
    signal,
    abortError: (s) =>
      s.reason instanceof Error ? s.reason : new DOMException('Trace cancelled', 'AbortError'),
    onMessage: (m, done, fail) => {
      if (m.type === 'done') return done(m.result);
      const err = new Error(m.message);
      err.name = m.name;
      fail(err);
    },
  });
}
