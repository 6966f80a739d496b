/**
 * Starts and restarts the diamond language server (dist/server.js) and is the one place the client sends
 * custom requests from (protocol/requests.ts). Every request degrades to `undefined` while the server is
 * down, so callers (the explorer) show less instead of failing.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { NotificationType, RequestType, RequestType0 } from 'vscode-languageclient';
import type { DiamondInitializationOptions } from '../../protocol/requests';
import type { DiamondLogChannel } from './log-channel';

const SERVER_EXEC_ARGV = ['--max-semi-space-size=16'];

export type ServerState = 'starting' | 'running' | 'stopped';

export class ServerConnection implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly stateChanged = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.stateChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Notification handlers, registered again on every (re)started client. */
  private readonly handlers: { method: string; handler: (params: unknown) => void }[] = [];

  constructor(
    private readonly serverModule: string,
    private readonly channel: DiamondLogChannel,
    /**
     * Node's compile cache for the server's bundle (NODE_COMPILE_CACHE, in the extension's own storage, never the
     * workspace): later starts skip compiling it, ~20 ms of every server start (BENCHMARKS.md, "Cold open, the
     * closest real thing"). A Node without the cache (before 22.1) ignores it.
     */
    private readonly compileCacheDir?: string,
  ) {}

  get state(): ServerState {
    switch (this.client?.state) {
      case State.Running:
        return 'running';
      case State.Starting:
        return 'starting';
      default:
        return 'stopped';
    }
  }

  async start(): Promise<void> {
    if (this.client) return;
    const env = this.compileCacheDir ? { NODE_COMPILE_CACHE: this.compileCacheDir } : undefined;
    const serverOptions: ServerOptions = {
      // V8 grows the young generation to 128 MiB under steady typing (garbage, not retained memory:
      // see BENCHMARKS.md); 16 MiB semi-spaces keep the server's RSS ~80 MiB lower at the same latency.
      run: {
        module: this.serverModule,
        transport: TransportKind.stdio,
        options: { execArgv: SERVER_EXEC_ARGV, env },
      },
      debug: {
        module: this.serverModule,
        transport: TransportKind.stdio,
        options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6010'], env },
      },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: 'solidity', scheme: 'file' },
        { language: 'solidity', scheme: 'untitled' },
        { scheme: 'file', pattern: '**/diamond.config.json' },
      ],
      // No `synchronize`: the server registers its configuration section and file watchers itself
      // (dynamic registration); declaring them here too would send every change twice.
      initializationOptions: {
        workspaceTrusted: vscode.workspace.isTrusted,
      } satisfies DiamondInitializationOptions,
      outputChannel: this.channel,
      traceOutputChannel: this.channel,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      markdown: { isTrusted: false, supportHtml: false },
    };
    const client = new LanguageClient('diamond', 'Diamond Language Server', serverOptions, clientOptions);
    this.client = client;
    this.disposables.push(client.onDidChangeState(() => this.stateChanged.fire(this.state)));
    for (const h of this.handlers) this.disposables.push(client.onNotification(h.method, h.handler));
    this.stateChanged.fire('starting');
    try {
      await client.start();
      this.channel.log.info(`language server started (${this.serverModule})`);
    } catch (err) {
      this.channel.log.error('the language server did not start', err);
      this.stateChanged.fire(this.state);
      throw err;
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    if (client && client.state !== State.Stopped) await client.stop(5000).catch(() => undefined);
    await client?.dispose().catch(() => undefined);
    this.stateChanged.fire('stopped');
  }

  /** A custom request, or undefined when the server is not running or fails (logged). */
  async request<R>(type: RequestType0<R, void>): Promise<R | undefined>;
  async request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R | undefined>;
  async request<P, R>(
    type: RequestType0<R, void> | RequestType<P, R, void>,
    params?: P,
  ): Promise<R | undefined> {
    const client = this.client;
    if (!client || client.state !== State.Running) return undefined;
    try {
      // By method name: the overloads above already tie params and result to the request type.
      return params === undefined
        ? await client.sendRequest<R>(type.method)
        : await client.sendRequest<R>(type.method, params);
    } catch (err) {
      this.channel.log.warn(
        `request ${type.method} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      return undefined;
    }
  }

  /** A custom notification from the server, for as long as the returned disposable lives (across restarts). */
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): vscode.Disposable {
    const entry = { method: type.method, handler: handler as (params: unknown) => void };
    this.handlers.push(entry);
    const live = this.client?.onNotification(type.method, entry.handler);
    return new vscode.Disposable(() => {
      live?.dispose();
      const i = this.handlers.indexOf(entry);
      if (i >= 0) this.handlers.splice(i, 1);
    });
  }

  /** A custom notification; dropped while the server is not running (senders resend when it runs again). */
  notify<P>(type: NotificationType<P>, params: P): void {
    const client = this.client;
    if (!client || client.state !== State.Running) return;
    client.sendNotification(type.method, params).catch((err: unknown) => {
      this.channel.log.warn(
        `notification ${type.method} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
  }

  dispose(): void {
    void this.stop();
    this.stateChanged.dispose();
  }
}
