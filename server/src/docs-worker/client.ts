/**
 * The server's side of the docs worker (worker.ts): one worker_thread, started on the first docs or map request,
 * running one job at a time. A job's snapshot (the project's engine setup and texts by content hash) is taken when
 * it starts, so it sees the latest edits; only texts the worker does not hold go over.
 *
 * Latest wins: a job with a `key` (the map of one diamond while typing) replaces a queued job of the same key
 * (both callers get the newer answer) and stops a running one (its callers wait for the newer). Cancelled
 * requests leave the queue; a running job whose every caller cancelled stops before its next file parse.
 * A worker that fails or exits fails its callers' requests with the reason (the next request starts a new one).
 */
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { DocsResult, MapResult } from '../../../protocol/requests';
import type { Logger } from '../guard';
import type { Project } from '../project/project';
import type { DocsJob, FromWorker, JobFile, JobKind, ToWorker } from './protocol';

type Answer = DocsResult | MapResult | null;

interface Waiter {
  resolve(answer: Answer | undefined): void;
  reject(err: Error): void;
}

interface Pending {
  id: number;
  project: Project & { root: string };
  what: JobKind;
  key?: string;
  waiters: Set<Waiter>;
  cancel: SharedArrayBuffer;
  /** Once sent: how many files the job names, and how many of their texts went over. */
  sent?: { files: number; texts: number; snapshotMs: number; at: number };
}

/** Cancellation as LSP hands it (vscode-jsonrpc's CancellationToken, structurally). */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export class DocsWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly queue: Pending[] = [];
  private running: Pending | undefined;
  /** Per project root: the hashes the worker holds texts for. */
  private readonly held = new Map<string, Set<string>>();
  /** Per file key: the text last hashed and its hash (an unchanged text is not hashed again). */
  private readonly hashes = new Map<string, { text: string; hash: string }>();

  constructor(
    private readonly script: string,
    private readonly log: Logger,
    /** The roots of the projects the server has now (the worker forgets the others). */
    private readonly roots: () => string[] = () => [],
  ) {}

  /**
   * The job's answer; undefined when it was cancelled. Rejects when the worker fails (the reason in the error).
   */
  run(
    project: Project & { root: string },
    what: JobKind,
    opts: { key?: string; token?: Cancellation } = {},
  ): Promise<Answer | undefined> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      let pending = opts.key !== undefined ? this.queue.find((p) => p.key === opts.key) : undefined;
      if (pending) pending.what = what;
      else {
        pending = this.pending(project, what, opts.key);
        this.queue.push(pending);
      }
      pending.waiters.add(waiter);
      const running = this.running;
      if (opts.key !== undefined && running?.key === opts.key) {
        // The running job answers an older state: its callers wait for this one.
        for (const w of running.waiters) pending.waiters.add(w);
        running.waiters.clear();
        Atomics.store(new Int32Array(running.cancel), 0, 1);
      }
      const mine = pending;
      const sub = opts.token?.onCancellationRequested(() => this.drop(mine, waiter));
      if (sub) {
        const done = (f: (a: never) => void) => (a: never) => {
          sub.dispose();
          f(a);
        };
        waiter.resolve = done(resolve as (a: never) => void);
        waiter.reject = done(reject as (a: never) => void);
      }
      this.pump();
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pending(project: Project & { root: string }, what: JobKind, key?: string): Pending {
    return {
      id: this.nextId++,
      project,
      what,
      ...(key !== undefined && { key }),
      waiters: new Set(),
      cancel: new SharedArrayBuffer(4),
    };
  }

  private drop(p: Pending, waiter: Waiter): void {
    if (!p.waiters.delete(waiter)) return;
    waiter.resolve(undefined);
    if (p.waiters.size) return;
    const i = this.queue.indexOf(p);
    if (i >= 0) this.queue.splice(i, 1);
    if (p === this.running) Atomics.store(new Int32Array(p.cancel), 0, 1);
  }

  private hashOf(file: string, text: string): string {
    const kept = this.hashes.get(file);
    if (kept?.text === text) return kept.hash;
    const hash = createHash('sha1').update(text).digest('base64');
    this.hashes.set(file, { text, hash });
    return hash;
  }

  /** The job message: the project's snapshot now, texts only for hashes the worker lacks. */
  private jobOf(p: Pending): DocsJob {
    const { project } = p;
    const t0 = performance.now();
    project.flush();
    const { own, outside } = project.engineTexts();
    const had = this.held.get(project.root) ?? new Set<string>();
    const now = new Set<string>();
    const files = (texts: Map<string, string>): JobFile[] =>
      [...texts].map(([file, text]) => {
        const hash = this.hashOf(file, text);
        const f: JobFile = had.has(hash) || now.has(hash) ? { file, hash } : { file, hash, text };
        now.add(hash);
        return f;
      });
    const keep = [...new Set([...this.roots(), project.root])];
    for (const root of [...this.held.keys()]) if (!keep.includes(root)) this.held.delete(root);
    const job = {
      id: p.id,
      root: project.root,
      keep,
      setup: project.engineSetup(),
      own: files(own),
      outside: files(outside),
      cancel: p.cancel,
      ...p.what,
    } as DocsJob;
    // The worker keeps exactly the texts of this job's files.
    this.held.set(project.root, now);
    const all = [...job.own, ...job.outside];
    p.sent = {
      files: all.length,
      texts: all.filter((f) => f.text !== undefined).length,
      snapshotMs: performance.now() - t0,
      at: performance.now(),
    };
    return job;
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const p = this.queue.shift()!;
    if (p.waiters.size === 0) return this.pump();
    this.running = p;
    let job: DocsJob;
    try {
      job = this.jobOf(p);
    } catch (err) {
      this.finish(p, (w) => w.reject(err as Error));
      return;
    }
    this.workerNow().postMessage({ type: 'job', job } satisfies ToWorker);
  }

  private finish(p: Pending, settle: (w: Waiter) => void): void {
    const waiters = [...p.waiters];
    p.waiters.clear();
    if (this.running === p) this.running = undefined;
    for (const w of waiters) settle(w);
    this.pump();
  }

  private workerNow(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    // The server exits when its client goes, whatever the worker is doing.
    worker.unref();
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    const gone = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.held.clear();
      this.log.error(`[docs] the docs worker stopped: ${why}`);
      const p = this.running;
      if (p) this.finish(p, (w) => w.reject(new Error(`the docs worker stopped: ${why}`)));
    };
    worker.on('error', (err) => gone(err.stack ?? err.message));
    worker.on('exit', (code) => gone(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private onMessage(m: FromWorker): void {
    const p = this.running;
    if (!p || p.id !== m.id) return;
    switch (m.type) {
      case 'started':
        this.log.info(
          `[docs] job ${m.id} started: ${p.what.kind} of ${p.project.root} ` +
            `(${p.sent?.texts} of ${p.sent?.files} texts sent, snapshot ${p.sent?.snapshotMs.toFixed(1)} ms)`,
        );
        return;
      case 'done':
        this.log.info(`[docs] job ${m.id} done in ${(performance.now() - (p.sent?.at ?? 0)).toFixed(0)} ms`);
        return this.finish(p, (w) => w.resolve(m.result));
      case 'cancelled':
        this.log.info(`[docs] job ${m.id} stopped: superseded or cancelled`);
        return this.finish(p, (w) => w.resolve(undefined));
      case 'failed':
        this.log.error(`[docs] job ${m.id} failed: ${m.message}`);
        // What the worker holds of this project is unknown now: the next job sends every text.
        this.held.delete(p.project.root);
        return this.finish(p, (w) => w.reject(new Error(m.message.split('\n')[0])));
    }
  }
}
