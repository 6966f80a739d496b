/**
 * npm run bench (part 1): edit → diagnostics latency of the language server, measured side by side with a
 * solc-js check of the edited file (the yardstick, timed in the same run between edits), on two workloads and
 * two workspace sizes; cold open → first diagnostics next to a tokenizer pass over every file; server memory.
 * Prints numbers; asserts nothing.
 *
 * Workloads (both toggle a function in an ~850-line facet, alternately inserted and removed):
 * - duplicate: the function duplicates a small facet's selector; the edited file's diagnostics are awaited.
 * - cross-file: the facet has struct parameters from another file, and the function (struct parameters too)
 *   duplicates the selector of a facet that is never opened; both files' publications are awaited.
 *
 * Env: BENCH_EDITS (default 1000), BENCH_FACETS (default "100,500"), BENCH_WORKLOADS (default
 * "duplicate,cross-file"), BENCH_DEBOUNCE (debounce runs, default "0"; "0,150" adds a run with the default
 * debounce), BENCH_SOLC_EVERY (edits between yardstick checks, default 10; 0: none), BENCH_SERVER (another
 * server build, for A/B), BENCH_SERVER_EXEC_ARGV (lsp-client.ts), BENCH_COMPILE_CACHE (a folder: the server runs
 * with Node's compile cache there).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { tokenize } from '../engine/src/syntax/tokenizer';
import { startServer } from './lsp-client';
import { solcCheck, type SolcCheck } from './solc-check';
import { CROSS_FILE_DUPLICATE, writeWorkspace } from './workspace-gen';
import { repoRoot, stats, fmt } from './stats';

const EDITS = Number(process.env.BENCH_EDITS ?? 1000);
/** Edit counts after which server memory is read (RSS as it stands, then heap after a forced GC). */
const MEMORY_AT = [100, 400, 1000, 2000];
/** A solc-js check is timed after every this many edits (outside the edits' own timing). */
const SOLC_EVERY = Number(process.env.BENCH_SOLC_EVERY ?? 10);
const FIRST = 10;

type Workload = 'duplicate' | 'cross-file';

interface MemoryPoint {
  edits: number;
  rssMiB: number;
  heapAfterGcMiB: number;
}

const hasDup = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === 'duplicate-selector');

/** Every .sol file of the workspace: one tokenizer pass each, cold (first pass in this process) and warm. */
function tokenizerPass(dir: string): { coldMs: number; warmMs: number; files: number } {
  const files: string[] = [];
  for (const sub of ['facets', 'libraries'])
    for (const f of readdirSync(join(dir, sub))) if (f.endsWith('.sol')) files.push(join(dir, sub, f));
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const pass = () => {
    const t = performance.now();
    for (const text of texts) tokenize(text);
    return performance.now() - t;
  };
  const coldMs = pass();
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) warm.push(pass());
  return { coldMs, warmMs: stats(warm).p50, files: files.length };
}

async function measure(dir: string, workload: Workload, facets: number, debounceMs: number) {
  const ws = writeWorkspace(dir, facets, workload === 'cross-file');
  // The yardstick reads the edited file's imports from this workspace.
  const solc: SolcCheck = solcCheck(dir);
  // BENCH_SERVER: another build of the server to compare against (A/B runs).
  const serverJs = process.env.BENCH_SERVER ?? join(repoRoot(), 'dist', 'server.js');
  const settings = { diamond: { diagnostics: { debounceMs }, baseline: '' } };
  const t0 = performance.now();
  // The debug request only answers; nothing runs unless the bench asks between edits (untimed).
  // BENCH_COMPILE_CACHE: a folder for Node's compile cache (NODE_COMPILE_CACHE), to measure what it saves.
  const cache: Record<string, string> = process.env.BENCH_COMPILE_CACHE
    ? { NODE_COMPILE_CACHE: process.env.BENCH_COMPILE_CACHE }
    : {};
  const srv = startServer(serverJs, settings, { DIAMOND_DEBUG_MEMORY: '1', ...cache });
  const memory: MemoryPoint[] = [];
  const readMemory = async (edits: number) => {
    const rssMiB = srv.rssKiB() / 1024;
    const m = await srv.memoryAfterGc();
    memory.push({ edits, rssMiB, heapAfterGcMiB: m.heapUsed / 1048576 });
  };
  const rootUri = pathToFileURL(dir).href;
  const init = (await srv.conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true },
      textDocument: { publishDiagnostics: { relatedInformation: true } },
    },
  })) as { capabilities: { textDocumentSync?: number | { change?: number } } };
  const dupUri = pathToFileURL(join(dir, 'facets', 'DupFacet.sol')).href;
  const cold = srv.nextDiagnostics(dupUri, hasDup, 120_000);
  srv.conn.sendNotification('initialized', {});
  const bigUri = pathToFileURL(ws.big).href;
  let text = readFileSync(ws.big, 'utf8');
  srv.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri: bigUri, languageId: 'solidity', version: 1, text },
  });
  await cold;
  const coldMs = performance.now() - t0;
  await readMemory(0);
  // Logged right after the first publication, so here by now (one stream, in order).
  const coldPhases = srv.coldOpen();

  const sync = init.capabilities.textDocumentSync;
  const incremental = (typeof sync === 'number' ? sync : sync?.change) === 2;
  const lines = text.split('\n');
  const closeLine = lines.lastIndexOf('}');
  const insertion =
    workload === 'cross-file'
      ? CROSS_FILE_DUPLICATE
      : '    function area1Value() external pure returns (uint256) { return 1; }\n';
  const without = text;
  const withFn = lines.slice(0, closeLine).join('\n') + '\n' + insertion + lines.slice(closeLine).join('\n');
  // Cross-file: the unopened facet's publication is awaited too (both files' diagnostics change).
  const alsoUri = ws.settle ? pathToFileURL(ws.settle).href : undefined;
  const latencies: number[] = [];
  const solcMs: number[] = [];
  let version = 1;
  for (let i = 0; i < EDITS; i++) {
    const adding = i % 2 === 0;
    version++;
    const change = adding
      ? {
          range: { start: { line: closeLine, character: 0 }, end: { line: closeLine, character: 0 } },
          text: insertion,
        }
      : {
          range: { start: { line: closeLine, character: 0 }, end: { line: closeLine + 1, character: 0 } },
          text: '',
        };
    text = adding ? withFn : without;
    const waits = [srv.nextDiagnostics(bigUri, (p) => hasDup(p) === adding)];
    if (alsoUri) waits.push(srv.nextDiagnostics(alsoUri, (p) => hasDup(p) === adding));
    const t = performance.now();
    srv.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: bigUri, version },
      contentChanges: [incremental ? change : { text }],
    });
    await Promise.all(waits);
    latencies.push(performance.now() - t);
    if (MEMORY_AT.includes(i + 1)) await readMemory(i + 1);
    if (SOLC_EVERY > 0 && (i + 1) % SOLC_EVERY === 0) solcMs.push(solc.time(ws.big, text));
  }
  const rssAfterEdits = srv.rssKiB() / 1024;
  await srv.stop();
  return { coldMs, coldPhases, latencies, solcMs, rssAfterEdits, incremental, memory };
}

async function main() {
  const workloads = (process.env.BENCH_WORKLOADS ?? 'duplicate,cross-file').split(',') as Workload[];
  const debounces = (process.env.BENCH_DEBOUNCE ?? '0').split(',').map(Number);
  for (const facets of (process.env.BENCH_FACETS ?? '100,500').split(',').map(Number)) {
    for (const workload of workloads) {
      for (const debounce of debounces) {
        const dir = mkdtempSync(join(tmpdir(), 'diamond-bench-'));
        try {
          await runOne(dir, workload, facets, debounce);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  }
}

async function runOne(dir: string, workload: Workload, facets: number, debounce: number) {
  const r = await measure(dir, workload, facets, debounce);
  const s = stats(r.latencies);
  const first = stats(r.latencies.slice(0, FIRST));
  const tok = tokenizerPass(dir);
  console.log(
    `\n[${workload}, ${facets} facets, debounce ${debounce} ms, ${r.incremental ? 'incremental' : 'full'} sync, ${r.latencies.length} edits]`,
  );
  console.log(
    `edit→diagnostics: p50 ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms, p99 ${fmt(s.p99)} ms, max ${fmt(s.max)} ms; ` +
      `first ${FIRST} edits max ${fmt(first.max)} ms`,
  );
  if (r.solcMs.length) {
    const y = stats(r.solcMs);
    console.log(
      `solc-js check of the edited file (outputSelection {}, ${r.solcMs.length} runs between edits): ` +
        `p50 ${fmt(y.p50)} ms (min ${fmt(y.min)}, max ${fmt(y.max)})`,
    );
    console.log(
      `  = p95 ${(s.p95 / y.p50).toFixed(3)}× and p99 ${(s.p99 / y.p50).toFixed(3)}× a solc-js check (targets ≤ 0.2×, ≤ 0.3×)`,
    );
  }
  console.log(
    `cold open→first diagnostics: ${fmt(r.coldMs)} ms; tokenizer pass over all ${tok.files} files: ` +
      `${fmt(tok.warmMs)} ms (first pass in this process ${fmt(tok.coldMs)} ms) = ${(r.coldMs / tok.warmMs).toFixed(1)}× ` +
      `(target ≤ 3×; cold open includes starting node and loading the server)`,
  );
  // The server's own account of the same cold open, phase by phase (server/src/cold-open.ts).
  if (r.coldPhases) console.log(`  server: ${r.coldPhases.replace('[cold-open] ', '')}`);
  console.log(
    'server memory (edits: RSS / heap used after a forced GC): ' +
      r.memory
        .map((m) => `${m.edits}: ${m.rssMiB.toFixed(0)} / ${m.heapAfterGcMiB.toFixed(1)} MiB`)
        .join(', ') +
      `; RSS after the last edit ${r.rssAfterEdits.toFixed(0)} MiB`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
