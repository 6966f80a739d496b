/**
 * `diamond node [--host 127.0.0.1] [--port 8545] [--fork URL [--fork-block N]]`: an embedded Hardhat node until
 * SIGINT/SIGTERM; with --fork, a fork of URL (what VS Code's Simulate Upgrade runs in a child process).
 */
import { PortInUseError, startLocalNode } from '../../../chain/src/node';
import { EXIT_OK, UsageError, type Command } from '../command';
import { EXIT_FAILED, stringOption } from './chain-common';

export const nodeCommand: Command = {
  name: 'node',
  summary: 'Run a local Hardhat chain (chain id 31337, unlocked dev accounts) on a loopback address',
  options: [
    {
      name: 'host',
      type: 'string',
      valueName: 'HOST',
      description: 'loopback address to listen on (default 127.0.0.1)',
    },
    {
      name: 'port',
      type: 'string',
      valueName: 'PORT',
      description: 'port (default 8545; 0 picks a free one)',
    },
    {
      name: 'fork',
      type: 'string',
      valueName: 'URL',
      description: "fork this RPC URL's chain (Hardhat forking; nothing is sent to it, chain id 31337)",
    },
    {
      name: 'fork-block',
      type: 'string',
      valueName: 'N',
      description: 'with --fork: fork at block N, not the latest',
    },
  ],
  async run(args, io) {
    const portText = stringOption(args, 'port') ?? '8545';
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535)
      throw new UsageError(`--port must be 0..65535 (got "${portText}")`);
    const forkUrl = stringOption(args, 'fork');
    const forkBlock = stringOption(args, 'fork-block');
    if (forkBlock !== undefined && (forkUrl === undefined || !/^\d+$/.test(forkBlock)))
      throw new UsageError('--fork-block takes a block number, with --fork');
    const forking =
      forkUrl === undefined
        ? undefined
        : { url: forkUrl, blockNumber: forkBlock === undefined ? undefined : Number(forkBlock) };
    let node;
    try {
      node = await startLocalNode({ host: stringOption(args, 'host') ?? '127.0.0.1', port, forking });
    } catch (err) {
      const msg = (err as Error).message;
      if (/loopback/.test(msg)) throw new UsageError(msg);
      if (err instanceof PortInUseError) {
        io.stderr(`diamond node: port ${port} is already in use (try --port 0 for a free one)\n`);
        return EXIT_FAILED;
      }
      throw err;
    }
    // Listen for signals before announcing the URL: a caller may signal as soon as it reads it.
    const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    // The URL alone on stdout, once it answers JSON-RPC: scripts and the extension read this line.
    io.stdout(`${node.url}\n`);
    io.stderr(`Local node ready (chain ${node.chainId}). Stop with Ctrl+C.\n`);
    const signal = await stopSignal;
    io.stderr(`${signal}: stopping the local node\n`);
    await node.stop();
    return EXIT_OK;
  },
};
