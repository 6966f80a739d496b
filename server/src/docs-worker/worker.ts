/**
 * The docs worker (dist/docs-worker.js, a worker_thread of the language server): `diamond/docs` and `diamond/map`
 * run here, so the full-body parses with @solidity-parser/parser (seconds at 500 facets) never hold up the
 * server's thread and its diagnostics. It keeps one engine per project root, fed the project's texts by content
 * hash (texts kept by hash; an unchanged file is not sent again, and the engine keeps its parses while a file's
 * text is the same), and answers with the same functions as the server's thread (features/docs-answer.ts).
 */
import { parentPort } from 'node:worker_threads';
import { createAnalysisService, DocsCancelledError, type AnalysisService } from '../../../engine';
import { readTextFile, trueCase } from '../../../host/src/files';
import type { DocsParams, MapParams } from '../../../protocol/requests';
import { docsAnswer, mapAnswer } from '../features/docs-answer';
import type { DocsJob, FromWorker, JobFile, ToWorker } from './protocol';

interface WorkerProject {
  service: AnalysisService;
  /** Texts by hash (what the server sent). */
  texts: Map<string, string>;
  /** The hash of each own file as last fed to the engine. */
  own: Map<string, string>;
  /** The outside files' texts as last given (the host reads them from here, else from disk). */
  outside: Map<string, { hash: string; text: string }>;
  /** The config last set, as JSON. */
  config?: string;
}

const projects = new Map<string, WorkerProject>();

function projectOf(root: string): WorkerProject {
  let p = projects.get(root);
  if (!p) {
    const outside = new Map<string, { hash: string; text: string }>();
    p = {
      service: createAnalysisService(
        { readFile: (f) => outside.get(f)?.text ?? readTextFile(f), trueCase: (f) => trueCase(f) },
        { root },
      ),
      texts: new Map(),
      own: new Map(),
      outside,
    };
    projects.set(root, p);
  }
  return p;
}

function textOf(p: WorkerProject, f: JobFile): string {
  if (f.text !== undefined) p.texts.set(f.hash, f.text);
  const text = p.texts.get(f.hash);
  if (text === undefined) throw new Error(`docs worker: no text for ${f.file} (${f.hash})`);
  return text;
}

/** Brings the worker's engine to the job's snapshot: setup, own files, outside files. */
function apply(job: DocsJob): WorkerProject {
  // A project the server no longer has (a folder closed, a config deleted) would keep its whole engine alive.
  for (const root of [...projects.keys()]) if (!job.keep.includes(root)) projects.delete(root);
  const p = projectOf(job.root);
  const { service } = p;
  // Equal values change nothing in the engine (each setter compares).
  service.setRemappings(job.setup.remappings);
  service.setIncludePaths(job.setup.includePaths);
  service.setFacetRegistrations(job.setup.registrations);
  // A config is a new object every time: set only a different one (setConfig drops the selector lists).
  const config = JSON.stringify(job.setup.config);
  if (config !== p.config) {
    p.config = config;
    service.setConfig(job.setup.config);
  }
  for (const f of job.outside) {
    const was = p.outside.get(f.file);
    if (was?.hash === f.hash) continue;
    p.outside.set(f.file, { hash: f.hash, text: textOf(p, f) });
    // The engine reads it again through the host.
    if (was) service.removeFile(f.file);
  }
  const wanted = new Set(job.own.map((f) => f.file));
  for (const file of [...p.own.keys()]) {
    if (wanted.has(file)) continue;
    p.own.delete(file);
    service.removeFile(file);
  }
  for (const f of job.own) {
    if (p.own.get(f.file) === f.hash) continue;
    service.updateFile(f.file, textOf(p, f));
    p.own.set(f.file, f.hash);
  }
  // Texts no file holds any more would stay alive.
  const held = new Set([...p.own.values(), ...[...p.outside.values()].map((o) => o.hash)]);
  for (const h of [...p.texts.keys()]) if (!held.has(h)) p.texts.delete(h);
  return p;
}

function run(job: DocsJob): FromWorker {
  const flag = new Int32Array(job.cancel);
  const cancelled = () => Atomics.load(flag, 0) !== 0;
  try {
    // Applied even when cancelled already: the server counts on the worker holding this job's texts.
    const p = apply(job);
    if (cancelled()) return { type: 'cancelled', id: job.id };
    const model = p.service.docs(cancelled);
    const result =
      job.kind === 'docs'
        ? docsAnswer(job.root, model, job.params as DocsParams)
        : mapAnswer(job.root, model, job.params as MapParams);
    return { type: 'done', id: job.id, result, files: p.own.size };
  } catch (err) {
    if (err instanceof DocsCancelledError) return { type: 'cancelled', id: job.id };
    return {
      type: 'failed',
      id: job.id,
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    };
  }
}

parentPort?.on('message', (msg: ToWorker) => {
  if (msg.type === 'reset') {
    projects.clear();
    return;
  }
  parentPort!.postMessage({ type: 'started', id: msg.job.id } satisfies FromWorker);
  parentPort!.postMessage(run(msg.job));
});
