/** A minimal LSP client over stdio for benchmarks: spawns dist/server.js and answers its requests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export interface BenchServer {
  conn: ProtocolConnection;
  proc: ChildProcess;
  /** Resolves with the next diagnostics for `uri` that satisfy `pred`. */
  nextDiagnostics(
    uri: string,
    pred: (p: PublishDiagnosticsParams) => boolean,
    timeoutMs?: number,
  ): Promise<PublishDiagnosticsParams>;
  rssKiB(): number;
  /** Heap and RSS after a forced full GC (the server must run with DIAMOND_DEBUG_MEMORY=1). */
  memoryAfterGc(): Promise<{ heapUsed: number; heapTotal: number; rss: number }>;
  stop(): Promise<void>;
  /** The server's `[cold-open] ...` log line (its phases), once it has logged it. */
  coldOpen(): string | undefined;
}

function settingAt(settings: Record<string, unknown>, section: string | undefined): unknown {
  if (!section) return settings;
  let cur: unknown = settings;
  for (const part of section.split('.')) {
    if (cur && typeof cur === 'object' && part in (cur as object))
      cur = (cur as Record<string, unknown>)[part];
    else return flatLookup(settings, section);
  }
  return cur;
}
function flatLookup(settings: Record<string, unknown>, section: string): unknown {
  return (settings as Record<string, unknown>)[section] ?? null;
}

export function startServer(
  serverJs: string,
  settings: Record<string, unknown>,
  env: Record<string, string> = {},
): BenchServer {
  // Started the way the extension starts it (client/src/language-client.ts: SERVER_EXEC_ARGV).
  const execArgv = (process.env.BENCH_SERVER_EXEC_ARGV ?? '--max-semi-space-size=16')
    .split(' ')
    .filter(Boolean);
  const proc = spawn(process.execPath, [...execArgv, serverJs, '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const conn = createProtocolConnection(
    new StreamMessageReader(proc.stdout!),
    new StreamMessageWriter(proc.stdin!),
  );
  const waiters: {
    uri: string;
    pred: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    for (let i = 0; i < waiters.length; i++) {
      const w = waiters[i];
      if (w.uri === p.uri && w.pred(p)) {
        waiters.splice(i--, 1);
        w.resolve(p);
      }
    }
  });
  conn.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((it) => settingAt(settings, it.section)),
  );
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  let coldOpen: string | undefined;
  conn.onNotification('window/logMessage', (m: { message?: string }) => {
    if (m.message?.startsWith('[cold-open]')) coldOpen = m.message;
  });
  conn.listen();
  return {
    conn,
    proc,
    coldOpen: () => coldOpen,
    nextDiagnostics(uri, pred, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching diagnostics for ${uri} in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({ uri, pred, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
    rssKiB() {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
      return m ? Number(m[1]) : NaN;
    },
    memoryAfterGc() {
      return conn.sendRequest('diamond/debug/memory');
    },
    async stop() {
      try {
        await conn.sendRequest('shutdown');
        conn.sendNotification('exit');
      } catch {
        /* already gone */
      }
      await new Promise<void>((r) => {
        if (proc.exitCode !== null) return r();
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => (clearTimeout(t), r()));
      });
      conn.dispose();
    },
  };
}
