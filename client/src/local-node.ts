/**
 * The local dev node, run as a child process (`dist/cli.js node`, an embedded Hardhat 3 node).
 *
 * Why a child process and not in the extension host: the node executes every transaction of a deploy and
 * every poll of the explorer; in its own process it can neither stall typing nor take the extension host
 * down if the native EVM crashes. It is stopped on "Stop Local Node" and on deactivate.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { connect } from '../../chain/src/connect';
import type { Logger } from './log';

export interface RunningNode {
  url: string;
  chainId: number;
  /** False when the node was already answering on the port: we use it but did not start it. */
  ownedByUs: boolean;
}

export class NodeStartError extends Error {
  override readonly name = 'NodeStartError';
  constructor(
    message: string,
    readonly cancelled = false,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const URL_LINE = /https?:\/\/[^\s]+/;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

export class LocalNodeController {
  private child: ChildProcess | undefined;
  private node: RunningNode | undefined;
  private starting: Promise<RunningNode> | undefined;
  private readonly events = new EventEmitter();

  constructor(
    /** Absolute path of dist/cli.js. */
    private readonly cliPath: string,
    /** Working directory of the node process (must hold a package.json for Hardhat): the extension folder. */
    private readonly cwd: string,
    private readonly log: Logger,
    /** More `diamond node` arguments (a fork: `--fork URL`); `shown`, the same for the log (URLs redacted). */
    private readonly extra: { args: string[]; shown: string } = { args: [], shown: '' },
  ) {}

  /**
   * A node of its own forking `url` (`diamond node --fork URL`, chain 31337 on loopback): Simulate Upgrade's fork
   * of a chain that is not a local dev node, in a child process like the local node. Stop it when done.
   */
  forkOf(url: string, shown: string): LocalNodeController {
    return new LocalNodeController(this.cliPath, this.cwd, this.log, {
      args: ['--fork', url],
      shown: ` --fork ${shown}`,
    });
  }

  get running(): RunningNode | undefined {
    return this.node;
  }

  /** `listener(node)` after every start/stop, also when the process dies on its own (`node` undefined). */
  onDidChange(listener: (node: RunningNode | undefined, unexpected: boolean) => void): { dispose(): void } {
    this.events.on('change', listener);
    return { dispose: () => this.events.off('change', listener) };
  }

  /**
   * Starts a node on 127.0.0.1:`port` (0 = a free port) unless one runs already. A node that already answers
   * on that port (started outside VS Code, or left over) is adopted rather than fought over.
   */
  start(port: number, signal?: AbortSignal): Promise<RunningNode> {
    if (this.node) return Promise.resolve(this.node);
    // A second "Start Local Node" while one is starting waits for that one instead of racing it for the port.
    this.starting ??= this.launch(port, signal).finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async launch(port: number, signal: AbortSignal | undefined): Promise<RunningNode> {
    if (port !== 0) {
      const url = `http://127.0.0.1:${port}`;
      const existing = await connect(url, { timeoutMs: 1000 }).catch(() => undefined);
      if (existing) {
        this.log.info(`a node already answers at ${url} (chain ${existing.chainId}); using it`);
        return this.set({ url, chainId: existing.chainId, ownedByUs: false }, false);
      }
    }
    const child = fork(
      this.cliPath,
      ['node', '--host', '127.0.0.1', '--port', String(port), ...this.extra.args],
      {
        cwd: this.cwd,
        // In VS Code desktop process.execPath is Electron: this makes it run as plain Node.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        execArgv: [],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    this.child = child;
    this.log.info(
      `starting local node: ${this.cliPath} node --host 127.0.0.1 --port ${port}${this.extra.shown} (pid ${child.pid})`,
    );
    let url: string;
    try {
      url = await waitForUrl(child, signal, (line) => this.log.debug(`[node] ${line}`));
    } catch (err) {
      this.child = undefined;
      child.kill('SIGKILL');
      throw err;
    }
    // Keep draining both pipes: a full pipe would block the node.
    child.stdout?.on('data', (d: Buffer) => this.log.debug(`[node] ${String(d).trimEnd()}`));
    child.stderr?.on('data', (d: Buffer) => this.log.info(`[node] ${String(d).trimEnd()}`));
    child.once('exit', (code, sig) => {
      if (this.child !== child) return; // stopped on purpose
      this.child = undefined;
      this.log.warn(`local node exited unexpectedly (${sig ?? `code ${code}`})`);
      this.set(undefined, true);
    });
    let chainId: number;
    try {
      chainId = (await connect(url, { timeoutMs: 5000 })).chainId;
    } catch (err) {
      await this.stop();
      throw new NodeStartError(`the local node printed ${url} but does not answer eth_chainId`, false, {
        cause: err,
      });
    }
    this.log.info(`local node running at ${url}, chain ${chainId}`);
    return this.set({ url, chainId, ownedByUs: true }, false);
  }

  /** Stops the node we started (SIGTERM, then SIGKILL after 5 s). An adopted node is only forgotten. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      this.log.info('local node stopped');
    }
    if (this.node) this.set(undefined, false);
  }

  private set(node: RunningNode | undefined, unexpected: boolean): RunningNode {
    this.node = node;
    this.events.emit('change', node, unexpected);
    return node as RunningNode;
  }
}

/** Resolves with the URL the node prints once it answers JSON-RPC; rejects on exit, timeout or abort. */
function waitForUrl(
  child: ChildProcess,
  signal: AbortSignal | undefined,
  onLine: (l: string) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const done = (fn: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      child.stdout?.off('data', onOut);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
      fn();
    };
    const onOut = (d: Buffer) => {
      out += String(d);
      for (const line of String(d).split('\n').filter(Boolean)) onLine(line);
      const m = URL_LINE.exec(out);
      if (m) done(() => resolve(m[0]));
    };
    const onErr = (d: Buffer) => {
      err += String(d);
      for (const line of String(d).split('\n').filter(Boolean)) onLine(line);
    };
    const onExit = (code: number | null, sig: string | null) =>
      done(() =>
        reject(
          new NodeStartError(
            `the local node exited before answering (${sig ?? `code ${code}`}): ${lastLine(err)}`,
          ),
        ),
      );
    const onAbort = () =>
      done(() => reject(new NodeStartError('starting the local node was cancelled', true)));
    const timer = setTimeout(
      () =>
        done(() =>
          reject(new NodeStartError(`the local node did not answer within ${START_TIMEOUT_MS / 1000} s`)),
        ),
      START_TIMEOUT_MS,
    );
    child.stdout?.on('data', onOut);
    child.stderr?.on('data', onErr);
    child.on('exit', onExit);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((l) => l.trim())
      .pop() ?? 'no output'
  );
}
