import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { connect, isLocalDevChain, isLoopbackHost } from '../../chain/src/connect';
import { startLocalNode } from '../../chain/src/node';
import { RpcClient, RpcUnreachableError } from '../../chain/src/rpc';
import { createServer } from 'node:net';
import { runCli, startCliNode } from './support/cli';
import { tempWorkspace } from './support/env';

const ws = tempWorkspace('node');
after(() => ws.cleanup());

describe('startLocalNode (embedded Hardhat)', () => {
  test('serves JSON-RPC on a free loopback port with chain id 31337 and unlocked accounts; stop() closes it', async () => {
    const node = await startLocalNode({ port: 0, stateDir: join(ws.dir, 'state') });
    const port = Number(new URL(node.url).port);
    assert.match(node.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(port > 0 && port !== 8545);
    assert.equal(node.chainId, 31337);
    const conn = await connect(node.url);
    assert.equal(conn.chainId, 31337);
    assert.equal(conn.isLocalDevChain, true);
    const accounts = await conn.client.request<string[]>('eth_accounts');
    // Hardhat's first well-known dev account.
    assert.equal(accounts[0], '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266');
    await node.stop();
    await assert.rejects(new RpcClient(node.url).request('eth_chainId'), RpcUnreachableError);
  });

  test('refuses a non-loopback host (dev accounts are unlocked)', async () => {
    await assert.rejects(startLocalNode({ host: '0.0.0.0', port: 0 }), /loopback/);
  });

  test('Hardhat state goes to our folder when XDG points into the home folder', async () => {
    const saved = { c: process.env.XDG_CONFIG_HOME, k: process.env.XDG_CACHE_HOME };
    process.env.XDG_CONFIG_HOME = join(homedir(), '.config');
    process.env.XDG_CACHE_HOME = join(homedir(), '.cache');
    const stateDir = join(ws.dir, 'state-home');
    try {
      const node = await startLocalNode({ port: 0, stateDir });
      await node.stop();
      assert.equal(process.env.XDG_CONFIG_HOME, join(stateDir, 'config'));
      assert.equal(process.env.XDG_CACHE_HOME, join(stateDir, 'cache'));
    } finally {
      process.env.XDG_CONFIG_HOME = saved.c;
      process.env.XDG_CACHE_HOME = saved.k;
    }
  });
});

describe('connect helpers', () => {
  test('local dev chain = dev chain id on a loopback host', () => {
    assert.equal(isLocalDevChain('http://127.0.0.1:8545', 31337), true);
    assert.equal(isLocalDevChain('http://localhost:8545', 1337), true);
    assert.equal(isLocalDevChain('http://[::1]:8545', 31337), true);
    assert.equal(isLocalDevChain('http://127.0.0.1:8545', 1), false);
    assert.equal(isLocalDevChain('http://10.1.2.3:8545', 31337), false);
    assert.equal(isLocalDevChain('https://rpc.example.org', 31337), false);
    assert.equal(isLocalDevChain('not a url', 31337), false);
    assert.equal(isLoopbackHost('127.1.2.3'), true);
    assert.equal(isLoopbackHost('128.0.0.1'), false);
  });
});

describe('diamond node (built CLI)', () => {
  test('prints its URL once it answers JSON-RPC, and SIGTERM stops it cleanly', async () => {
    const node = await startCliNode(ws.env, ws.dir);
    assert.match(node.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    // The URL is printed only after the node answered: no retry needed here.
    assert.equal(await new RpcClient(node.url).request('eth_chainId'), '0x7a69');
    node.proc.kill('SIGTERM');
    assert.equal(await node.exited, 0, node.stderr());
    assert.match(node.stderr(), /SIGTERM: stopping/);
    await assert.rejects(new RpcClient(node.url).request('eth_chainId'), RpcUnreachableError);
  });

  test('SIGINT stops it too', async () => {
    const node = await startCliNode(ws.env, ws.dir);
    node.proc.kill('SIGINT');
    assert.equal(await node.exited, 0, node.stderr());
    await assert.rejects(new RpcClient(node.url).request('eth_chainId'), RpcUnreachableError);
  });

  test('a non-loopback --host is a usage error (exit 2)', async () => {
    await assert.rejects(startCliNode(ws.env, ws.dir, ['--host', '0.0.0.0']), /exited \(2\)/);
  });

  test('a port in use: a plain message and exit 1, not a crash', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const { port } = blocker.address() as { port: number };
    try {
      const r = await runCli(['node', '--port', String(port)], { cwd: ws.dir, env: ws.env });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`port ${port} is already in use`));
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
    } finally {
      blocker.close();
    }
  });
});
