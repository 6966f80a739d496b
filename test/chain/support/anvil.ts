/** anvil from npm (@foundry-rs/anvil) as a second, independent node implementation. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { RpcClient } from '../../../chain/src/rpc';
import { repoRoot, waitFor } from './env';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Anvil {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** `extraArgs`: e.g. ['--chain-id', '5'] for a node that is not a dev chain id. */
export async function startAnvil(extraArgs: string[] = []): Promise<Anvil> {
  const port = await freePort();
  const bin = join(repoRoot(), 'node_modules', '@foundry-rs', 'anvil', 'bin.mjs');
  const proc = spawn(
    process.execPath,
    [bin, '--port', String(port), '--host', '127.0.0.1', '--silent', ...extraArgs],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let exited = false;
  const exit = new Promise<void>((r) => proc.once('exit', () => ((exited = true), r())));
  const url = `http://127.0.0.1:${port}`;
  const client = new RpcClient(url, { timeoutMs: 1_000 });
  await waitFor('anvil to answer eth_chainId', async () => {
    if (exited) throw new Error('anvil exited');
    return client.request<string>('eth_chainId');
  });
  return {
    url,
    proc,
    stop: async () => {
      if (!exited) proc.kill('SIGTERM');
      await exit;
    },
  };
}
