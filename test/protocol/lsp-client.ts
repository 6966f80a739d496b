/**
 * A small LSP client for protocol and fuzz tests: spawns `node dist/server.js --stdio`, answers the
 * server's requests (workspace/configuration from a mutable settings object), records every
 * diagnostics notification and lets tests wait on conditions with timeouts (never sleeps).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from '../unit/service-support';

export { repoRoot };

export const uriOf = (path: string): string => pathToFileURL(path).href;

export type Settings = { diamond: Record<string, unknown> };

interface Waiter {
  pred: () => boolean;
  resolve: () => void;
}

export interface AnalysisDone {
  folder: string | null;
  findings: number;
  published: number;
}

export class TestClient {
  readonly conn: ProtocolConnection;
  readonly proc: ChildProcess;
  /** Latest diagnostics per URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly analyses: AnalysisDone[] = [];
  readonly logs: string[] = [];
  /** window/logMessage of type Error (handler failures the server caught and logged). */
  readonly errorLogs: string[] = [];
  /** How many times the server asked for workspace/configuration. */
  configurationRequests = 0;
  stderr = '';
  exited: number | null | undefined;
  private readonly waiters: Waiter[] = [];

  constructor(
    public settings: Settings,
    serverJs = join(repoRoot(), 'dist', 'server.js'),
  ) {
    this.proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.proc.on('exit', (code) => {
      this.exited = code;
      this.poke();
    });
    this.conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.published.push(p);
      this.poke();
    });
    this.conn.onNotification('diamond/analysisDone', (p: AnalysisDone) => {
      this.analyses.push(p);
      this.poke();
    });
    this.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.logs.push(p.message);
      if (p.type === 1) this.errorLogs.push(p.message);
      this.poke();
    });
    this.conn.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      this.configurationRequests++;
      return params.items.map((it) => (it.section === 'diamond' ? this.settings.diamond : null));
    });
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/codeLens/refresh', () => null);
    this.conn.listen();
  }

  private poke(): void {
    for (let i = 0; i < this.waiters.length; i++) {
      const w = this.waiters[i];
      if (w.pred()) {
        this.waiters.splice(i--, 1);
        w.resolve();
      }
    }
  }

  /** Resolves once `pred()` holds (checked now and after every server message); rejects after `timeoutMs`. */
  waitFor(what: string, pred: () => boolean, timeoutMs = 20_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        pred: () => {
          if (this.exited !== undefined) return true;
          return pred();
        },
        resolve: () => {
          clearTimeout(timer);
          if (this.exited !== undefined && !pred())
            reject(new Error(`server exited (${this.exited}) while waiting for ${what}\n${this.stderr}`));
          else resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}\nlogs:\n${this.logs.join('\n')}\n${this.stderr}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  diagnosticsOf(uri: string, code?: string): Diagnostic[] {
    return (this.diagnostics.get(uri) ?? []).filter((d) => code === undefined || d.code === code);
  }

  async initialize(
    folder: string,
    capabilities: Record<string, unknown> = {},
    initializationOptions?: Record<string, unknown>,
  ): Promise<{ capabilities: Record<string, unknown> }> {
    const rootUri = uriOf(folder);
    const result = (await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'test' }],
      initializationOptions,
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        textDocument: {
          publishDiagnostics: { relatedInformation: true },
          hover: { contentFormat: ['markdown'] },
        },
        ...capabilities,
      },
    })) as { capabilities: Record<string, unknown> };
    this.conn.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, version = 1): void {
    this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'solidity', version, text },
    });
  }

  /** Replaces the whole text (a full-content change is valid under incremental sync). */
  change(uri: string, text: string, version: number): void {
    this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  changeRange(
    uri: string,
    version: number,
    range: { start: { line: number; character: number }; end: { line: number; character: number } },
    text: string,
  ): void {
    this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  setSettings(settings: Settings): void {
    this.settings = settings;
    this.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  async stop(): Promise<void> {
    if (this.exited === undefined) {
      try {
        await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
        this.conn.sendNotification('exit');
      } catch {
        /* already gone */
      }
      await new Promise<void>((r) => {
        if (this.exited !== undefined) return r();
        const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
        this.proc.once('exit', () => (clearTimeout(t), r()));
      });
    }
    this.conn.dispose();
  }
}
