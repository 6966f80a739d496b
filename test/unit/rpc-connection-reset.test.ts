/**
 * A kept-alive connection the server closes as it is reused: a read is retried once on a fresh connection, a
 * transaction is never sent twice. The server is a real HTTP server that destroys the socket of chosen requests
 * after reading them, without a reply (what an idle-timeout race looks like to the client).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RpcClient, RpcUnreachableError } from '../../chain/src/rpc';

async function resettingServer(resets: number) {
  const seen: string[] = [];
  let left = resets;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const call = JSON.parse(body) as { id: number; method: string };
      seen.push(call.method);
      if (left > 0) {
        left--;
        req.socket.destroy();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ jsonrpc: '2.0', id: call.id, result: '0x2a' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('a read whose connection is reset is sent again once and answered', async () => {
  const s = await resettingServer(1);
  try {
    const rpc = new RpcClient(s.url, { timeoutMs: 5000 });
    assert.equal(await rpc.request('eth_blockNumber'), '0x2a');
    assert.deepEqual(s.seen, ['eth_blockNumber', 'eth_blockNumber']);
  } finally {
    await s.close();
  }
});

test('a read reset twice is reported unreachable, not retried forever', async () => {
  const s = await resettingServer(2);
  try {
    const rpc = new RpcClient(s.url, { timeoutMs: 5000 });
    await assert.rejects(rpc.request('eth_getCode', ['0x' + '0'.repeat(40), 'latest']), RpcUnreachableError);
    assert.equal(s.seen.length, 2);
  } finally {
    await s.close();
  }
});

test('a transaction whose connection is reset is not sent again', async () => {
  const s = await resettingServer(1);
  try {
    const rpc = new RpcClient(s.url, { timeoutMs: 5000 });
    await assert.rejects(rpc.request('eth_sendTransaction', [{}]), RpcUnreachableError);
    assert.deepEqual(s.seen, ['eth_sendTransaction']);
  } finally {
    await s.close();
  }
});
