/**
 * compileProject: the project's `.sol` files under a folder through solc-js 0.8.37 standard JSON, with a
 * content-hash cache. Which files, which remappings and where the cache lives come from the project model
 * (host/src/project.ts), so a build sees what analysis sees. solc runs synchronously on the calling
 * thread: the extension host uses compileInWorker (compile-in-worker.ts) instead.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { keccakHex, LineIndex } from '../../engine';
import { inSkippedDir, isSolidity, isWithin } from '../../host/src/files';
import { compileSourcesOf, type CompileSources } from '../../host/src/project';
import { contentHash, readCache, sourcesKey, writeCache } from './compile-cache';
import { utf16OffsetOfByte } from './compile-positions';
import { createImportResolver, normaliseBuffers, solcRemappings, unitNameOf } from './compile-sources';
import type {
  AbiEntry,
  Artifact,
  CompileOptions,
  CompileResult,
  CompilerMessage,
  StorageLayout,
} from './compile-types';

/** The outputs every consumer needs (deploy: bytecode; loupe: runtime code; engine: selectors, layouts). */
const OUTPUTS = [
  'abi',
  'evm.bytecode.object',
  'evm.deployedBytecode.object',
  'evm.deployedBytecode.immutableReferences',
  'evm.methodIdentifiers',
  'storageLayout',
];

interface SolcModule {
  version(): string;
  compile(
    input: string,
    callbacks?: { import?: (path: string) => { contents: string } | { error: string } },
  ): string;
}

let solcPromise: Promise<SolcModule> | undefined;
/** solc-js takes ~350 ms to load: once per process, on first use. */
function loadSolc(): Promise<SolcModule> {
  solcPromise ??= import('solc').then((m) => ((m as { default?: unknown }).default ?? m) as SolcModule);
  return solcPromise;
}

interface SolcError {
  severity: string;
  message: string;
  formattedMessage?: string;
  errorCode?: string;
  sourceLocation?: { file: string; start: number; end: number };
}

interface SolcContractOutput {
  abi?: AbiEntry[];
  evm?: {
    bytecode?: { object?: string };
    deployedBytecode?: { object?: string; immutableReferences?: Artifact['immutableReferences'] };
    methodIdentifiers?: Record<string, string>;
  };
  storageLayout?: StorageLayout;
}

interface SolcOutput {
  errors?: SolcError[];
  contracts?: Record<string, Record<string, SolcContractOutput>>;
}

const hex = (o: string | undefined): string => (o ? `0x${o}` : '0x');

function toMessage(e: SolcError, texts: ReadonlyMap<string, string>): CompilerMessage | undefined {
  if (e.severity !== 'error' && e.severity !== 'warning') return undefined; // 'info' is noise for users
  const msg: CompilerMessage = {
    severity: e.severity,
    message: e.message,
    formatted: e.formattedMessage ?? e.message,
    code: e.errorCode,
  };
  const loc = e.sourceLocation;
  if (loc?.file) {
    msg.file = loc.file;
    const text = texts.get(loc.file);
    if (text !== undefined && loc.start >= 0) {
      msg.start = utf16OffsetOfByte(text, loc.start);
      msg.end = utf16OffsetOfByte(text, Math.max(loc.start, loc.end));
      const pos = new LineIndex(text).positionAt(msg.start);
      msg.line = pos.line + 1;
      msg.column = pos.character + 1;
    }
  }
  return msg;
}

function toArtifacts(out: SolcOutput): Artifact[] {
  const list: Artifact[] = [];
  for (const [file, byName] of Object.entries(out.contracts ?? {})) {
    for (const [name, c] of Object.entries(byName)) {
      list.push({
        name,
        file,
        abi: c.abi ?? [],
        bytecode: hex(c.evm?.bytecode?.object),
        deployedBytecode: hex(c.evm?.deployedBytecode?.object),
        methodIdentifiers: c.evm?.methodIdentifiers ?? {},
        storageLayout: c.storageLayout ?? null,
        immutableReferences: c.evm?.deployedBytecode?.immutableReferences ?? {},
      });
    }
  }
  return list;
}

/** A config with problems is left out of the build (its remappings too): said beside solc's messages, never cached. */
function configWarnings(sources: CompileSources): CompilerMessage[] {
  return sources.configIssues.map((issue) => {
    const message = `${issue.file}: ${issue.problems[0]?.message ?? 'invalid configuration'}; compiled without its remappings`;
    return { severity: 'warning', message, formatted: message };
  });
}

export async function compileProject(opts: CompileOptions): Promise<CompileResult> {
  const root = resolve(opts.root);
  const report = opts.onProgress ?? (() => {});
  opts.signal?.throwIfAborted();
  report({ message: 'Reading sources', increment: 5 });

  const sources = compileSourcesOf(root, { top: opts.top });
  const buffers = normaliseBuffers(root, opts.sources);
  const resolveImport = createImportResolver(root, buffers);
  const files = new Set(sources.files);
  // An unsaved new file has a buffer but nothing on disk yet.
  for (const f of buffers.keys())
    if (isWithin(root, f) && isSolidity(f) && !inSkippedDir(root, f) && !existsSync(f)) files.add(f);
  const project = new Map<string, string>();
  for (const f of [...files].sort()) {
    const r = resolveImport(f);
    if (r) project.set(unitNameOf(root, f), r.contents);
  }

  const solc = await loadSolc();
  const extra = (opts.remappings ?? []).filter((r) => r.includes('='));
  const remappings = [...new Set([...solcRemappings(root, sources.remappings), ...extra])];
  const settings = {
    remappings,
    optimizer: { enabled: opts.optimizer === true, runs: 200 },
    outputSelection: { '*': { '*': OUTPUTS } },
  };
  // Unit names are relative to the compiled folder: two folders of one project never share an entry.
  const folder = unitNameOf(sources.project.root, root);
  const settingsKey = keccakHex(JSON.stringify({ solc: solc.version(), settings, folder }));
  const cacheDir = opts.cacheDir ?? sources.project.cacheDir;
  const projectKey = sourcesKey(project);
  const notes = configWarnings(sources);

  const cached = readCache(cacheDir, settingsKey);
  if (cached && cached.projectKey === projectKey && externalsUnchanged(cached.externals, resolveImport)) {
    report({ message: 'Up to date (cache)', increment: 95 });
    return { ...cached.result, errors: [...notes, ...cached.result.errors], cached: true };
  }

  opts.signal?.throwIfAborted();
  report({ message: `Compiling ${project.size} file(s) with solc ${solc.version()}`, increment: 10 });
  const texts = new Map(project);
  const externals: Record<string, string> = {};
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries([...project].map(([unit, content]) => [unit, { content }])),
    settings,
  };
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), {
      import: (unit) => {
        const r = resolveImport(unit);
        if (!r) {
          externals[unit] = ''; // a file that appears later must invalidate the cache
          return { error: `File not found: ${unit} (looked under the root and node_modules)` };
        }
        texts.set(unit, r.contents);
        externals[unit] = contentHash(r.contents);
        return { contents: r.contents };
      },
    }),
  ) as SolcOutput;
  opts.signal?.throwIfAborted();

  const result: CompileResult = {
    contracts: toArtifacts(output),
    errors: (output.errors ?? []).map((e) => toMessage(e, texts)).filter((m): m is CompilerMessage => !!m),
  };
  try {
    writeCache(cacheDir, settingsKey, { projectKey, externals, result });
  } catch {
    // A read-only checkout still compiles; it just never hits the cache.
  }
  report({ message: 'Compiled', increment: 80 });
  return { ...result, errors: [...notes, ...result.errors] };
}

function externalsUnchanged(
  externals: Record<string, string>,
  resolveImport: (unit: string) => { contents: string } | undefined,
): boolean {
  for (const [unit, hash] of Object.entries(externals)) {
    const r = resolveImport(unit);
    if ((r ? contentHash(r.contents) : '') !== hash) return false;
  }
  return true;
}
