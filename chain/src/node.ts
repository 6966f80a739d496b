/**
 * startLocalNode: an embedded Hardhat 3 node (EDR, in-process) serving JSON-RPC on a loopback
 * address. Chain id 31337, the usual 20 unlocked dev accounts. With `forking`, the node starts from
 * another chain's block (Hardhat's forking) and reads the state it lacks from that RPC: the
 * simulation runs there against a real network's state, and nothing is ever sent to the network.
 */
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { createServer } from 'node:net';
import { isLoopbackHost } from './connect';
import { importEsm } from './esm-import';
import { RpcClient } from './rpc';

export interface LocalNodeOptions {
  /** Loopback only. Default 127.0.0.1. */
  host?: string;
  /** Default 8545; 0 picks a free port. */
  port?: number;
  /** Folder Hardhat treats as its project (it needs no config file). Default: our state folder. */
  projectRoot?: string;
  /** Where Hardhat may write its config/cache folders. Default `<tmp>/dloop-diamond-tools-<user>`. */
  stateDir?: string;
  /**
   * Fork this RPC URL (any chain): the node's first block is the URL's latest block (or `blockNumber`), and
   * state the node does not hold is read from the URL. Nothing is sent to it but reads.
   */
  forking?: { url: string; blockNumber?: number };
  /** The chain id the node reports. Default 31337 (also when forking: the fork is a dev chain). */
  chainId?: number;
}

export interface LocalNode {
  url: string;
  chainId: number;
  stop(): Promise<void>;
}

export const LOCAL_NODE_CHAIN_ID = 31337;

interface JsonRpcServer {
  listen(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
interface HardhatHreModule {
  createHardhatRuntimeEnvironment(
    config: unknown,
    globalOptions: Record<string, unknown>,
    projectRoot: string,
  ): Promise<{
    network: { createServer(network: string, hostname: string, port: number): Promise<JsonRpcServer> };
  }>;
}

function defaultStateDir(): string {
  let user = 'user';
  try {
    user = userInfo().username;
  } catch {
    // Containers without a passwd entry: a shared name is fine for a temp folder.
  }
  return join(tmpdir(), `dloop-diamond-tools-${user}`);
}

const insideHome = (p: string): boolean => {
  const rel = relative(homedir(), p);
  return !rel.startsWith('..') && !isAbsolute(rel);
};

/**
 * Hardhat writes telemetry consent and caches under XDG_CONFIG_HOME / XDG_CACHE_HOME (default
 * ~/.config, ~/.cache). We point both at our state folder, unless the caller already pointed
 * both outside the user's home (tests use temp dirs): then theirs is what was asked for.
 */
function confineHardhatWrites(stateDir: string): void {
  const cfg = process.env.XDG_CONFIG_HOME;
  const cache = process.env.XDG_CACHE_HOME;
  if (cfg && cache && !insideHome(cfg) && !insideHome(cache)) return;
  process.env.XDG_CONFIG_HOME = join(stateDir, 'config');
  process.env.XDG_CACHE_HOME = join(stateDir, 'cache');
}

/** Port already taken by another process. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  readonly code = 'EADDRINUSE';
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`${host}:${port} is already in use`);
  }
}

/**
 * Hardhat's server crashes the process (an unhandled 'error' on its WebSocket server) when the
 * port is taken, so we try the port ourselves first.
 */
function checkPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(host, port) : err),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

async function waitForRpc(url: string, timeoutMs: number): Promise<number> {
  const client = new RpcClient(url, { timeoutMs: 2_000 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return Number(BigInt(await client.request<string>('eth_chainId')));
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50)); // poll interval while the server comes up
    }
  }
}

export async function startLocalNode(opts: LocalNodeOptions = {}): Promise<LocalNode> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new Error(
      `The local node listens on loopback addresses only (got ${host}): dev accounts are unlocked.`,
    );
  }
  const port = opts.port ?? 8545;
  if (port !== 0) await checkPortFree(host, port);
  const stateDir = opts.stateDir ?? defaultStateDir();
  mkdirSync(stateDir, { recursive: true });
  confineHardhatWrites(stateDir);
  let projectRoot = opts.projectRoot;
  if (!projectRoot) {
    projectRoot = join(stateDir, 'hardhat-project');
    mkdirSync(projectRoot, { recursive: true });
    const pkg = join(projectRoot, 'package.json');
    if (!existsSync(pkg)) writeFileSync(pkg, '{ "name": "dloop-diamond-tools-node", "private": true }\n');
  }

  const bases = [__dirname, projectRoot, process.cwd()];
  const { createHardhatRuntimeEnvironment } = await importEsm<HardhatHreModule>('hardhat/hre', bases);
  const network: Record<string, unknown> = {
    type: 'edr-simulated',
    chainId: opts.chainId ?? LOCAL_NODE_CHAIN_ID,
  };
  if (opts.forking) {
    network.forking = {
      url: opts.forking.url,
      ...(opts.forking.blockNumber === undefined ? {} : { blockNumber: opts.forking.blockNumber }),
    };
  }
  const hre = await createHardhatRuntimeEnvironment({ networks: { diamondLocal: network } }, {}, projectRoot);
  const server = await hre.network.createServer('diamondLocal', host, port);
  const listening = await server.listen();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${listening.port}`;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= server.close());
  try {
    const chainId = await waitForRpc(url, 10_000);
    return { url, chainId, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
