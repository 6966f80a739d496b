/**
 * npm run bench (part 1): edit → diagnostics latency of the language server on an ~850-line facet
 * in a 100-facet workspace, next to one full @solidity-parser/parser parse of the same file;
 * cold open → first diagnostics; server memory. Prints numbers; asserts nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from './lsp-client';
import { writeBenchWorkspace } from './workspace-gen';
import { repoRoot, stats, fmt } from './stats';

const EDITS = Number(process.env.BENCH_EDITS ?? 60);
/** Edit counts after which server memory is read (RSS as it stands, then heap after a forced GC). */
const MEMORY_AT = [60, 400, 2000];

interface MemoryPoint {
  edits: number;
  rssMiB: number;
  heapAfterGcMiB: number;
}

function fullParseTimes(text: string, runs = 15): number[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const parser = require('@solidity-parser/parser');
  for (let i = 0; i < 3; i++) parser.parse(text, { loc: true, range: true, tolerant: true });
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    parser.parse(text, { loc: true, range: true, tolerant: true });
    out.push(performance.now() - t);
  }
  return out;
}

const hasDup = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.some((d) => d.code === 'duplicate-selector');

async function measure(dir: string, big: string, debounceMs: number) {
  // BENCH_SERVER: another build of the server to compare against (A/B runs).
  const serverJs = process.env.BENCH_SERVER ?? join(repoRoot(), 'dist', 'server.js');
  const settings = { diamond: { diagnostics: { debounceMs }, baseline: '' } };
  const t0 = performance.now();
  // The debug request only answers; nothing runs unless the bench asks between edits (untimed).
  const srv = startServer(serverJs, settings, { DIAMOND_DEBUG_MEMORY: '1' });
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
    capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
  })) as { capabilities: { textDocumentSync?: number | { change?: number } } };
  const dupUri = pathToFileURL(join(dir, 'facets', 'DupFacet.sol')).href;
  const cold = srv.nextDiagnostics(dupUri, hasDup, 120_000);
  srv.conn.sendNotification('initialized', {});
  const bigUri = pathToFileURL(big).href;
  let text = readFileSync(big, 'utf8');
  srv.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'solidity', version: 1, text } });
  await cold;
  const coldMs = performance.now() - t0;
  const rssAfterOpen = srv.rssKiB();
  await readMemory(0);

  const sync = init.capabilities.textDocumentSync;
  const incremental = (typeof sync === 'number' ? sync : sync?.change) === 2;
  const lines = text.split('\n');
  const closeLine = lines.lastIndexOf('}');
  const insertion = '    function area1Value() external pure returns (uint256) { return 1; }\n';
  const latencies: number[] = [];
  let version = 1;
  for (let i = 0; i < EDITS; i++) {
    const adding = i % 2 === 0;
    version++;
    const change = adding
      ? { range: { start: { line: closeLine, character: 0 }, end: { line: closeLine, character: 0 } }, text: insertion }
      : { range: { start: { line: closeLine, character: 0 }, end: { line: closeLine + 1, character: 0 } }, text: '' };
    text = adding
      ? lines.slice(0, closeLine).join('\n') + '\n' + insertion + lines.slice(closeLine).join('\n')
      : lines.join('\n');
    const wait = srv.nextDiagnostics(bigUri, (p) => hasDup(p) === adding);
    const t = performance.now();
    srv.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: bigUri, version },
      contentChanges: [incremental ? change : { text }],
    });
    await wait;
    latencies.push(performance.now() - t);
    if (MEMORY_AT.includes(i + 1)) await readMemory(i + 1);
  }
  const rssAfterEdits = srv.rssKiB();
  await srv.stop();
  return { coldMs, latencies, rssAfterOpen, rssAfterEdits, incremental, memory };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-bench-'));
  try {
    const big = writeBenchWorkspace(dir, 100);
    const text = readFileSync(big, 'utf8');
    const parse = stats(fullParseTimes(text));
    console.log(`workspace: 100 facets; edited facet ${text.split('\n').length} lines`);
    console.log(`full @solidity-parser/parser parse of that file: p50 ${fmt(parse.p50)} ms, p95 ${fmt(parse.p95)} ms`);
    for (const debounce of (process.env.BENCH_DEBOUNCE ?? '0,150').split(',').map(Number)) {
      const r = await measure(dir, big, debounce);
      const s = stats(r.latencies);
      console.log(
        `edit→diagnostics (debounce ${debounce} ms, ${r.incremental ? 'incremental' : 'full'} sync, ${r.latencies.length} edits): ` +
          `p50 ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms = ${(s.p95 / parse.p50).toFixed(3)}× a full parse`,
      );
      console.log(`cold open→first diagnostics: ${fmt(r.coldMs)} ms; server RSS ${Math.round(r.rssAfterOpen / 1024)} MiB after open, ${Math.round(r.rssAfterEdits / 1024)} MiB after edits`);
      console.log(
        'server memory (edits: RSS / heap used after a forced GC): ' +
          r.memory
            .map((m) => `${m.edits}: ${m.rssMiB.toFixed(0)} / ${m.heapAfterGcMiB.toFixed(1)} MiB`)
            .join(', '),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
