/**
 * The RPC client against endpoints that are not small or honest, and RPC URLs that carry secrets.
 * Fake JSON-RPC servers on loopback (node:http): the real protocol, with faults a real node won't make.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { redactSecrets, redactUrl } from '../../chain/src/redact';
import {
  DEFAULT_MAX_REPLY_BYTES,
  RpcClient,
  RpcReplyTooLargeError,
  RpcUnreachableError,
} from '../../chain/src/rpc';

async function fakeNode(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Streams `{"jsonrpc":"2.0","id":1,"result":"0x` + `total` bytes of padding + `"}` in 64 KiB writes,
 * waiting for the socket to drain: what was sent is what the client took, nothing is buffered ahead.
 */
function streamHuge(total: number, sent: { bytes: number; finished: boolean; closedEarly: boolean }) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, '0');
    res.on('close', () => {
      if (!sent.finished) sent.closedEarly = true;
    });
    const pump = () => {
      while (sent.bytes < total) {
        if (res.destroyed) return;
        sent.bytes += chunk.length;
        if (
          !res.write(
            sent.bytes === chunk.length
              ? Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"result":"0x'), chunk])
              : chunk,
          )
        ) {
          res.once('drain', pump);
          return;
        }
      }
      sent.finished = true;
      res.end('"}');
    };
    pump();
  };
}

test('a 40 MB reply is refused past the default 32 MiB limit, with a named error, not read whole', async () => {
  const total = 40 * 1000 * 1000;
  const sent = { bytes: 0, finished: false, closedEarly: false };
  const node = await fakeNode(streamHuge(total, sent));
  try {
    assert.equal(DEFAULT_MAX_REPLY_BYTES, 32 * 1024 * 1024);
    const client = new RpcClient(node.url);
    const err = await client
      .request('eth_getCode', ['0x0000000000000000000000000000000000000001', 'latest'])
      .then(
        () => assert.fail('an oversized reply must not be accepted'),
        (e: unknown) => e,
      );
    assert.ok(err instanceof RpcReplyTooLargeError, String(err));
    assert.ok(
      err instanceof RpcUnreachableError,
      'faces that handle a node that does not answer handle this',
    );
    assert.equal(err.name, 'RpcReplyTooLargeError');
    assert.equal(err.method, 'eth_getCode');
    assert.equal(err.limitBytes, 32 * 1024 * 1024);
    assert.match(err.message, /eth_getCode/);
    assert.match(err.message, /32 MiB/);
    assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${node.port}`));
    // The client hung up: the server never got to send the whole reply.
    await waitUntil(() => sent.closedEarly || sent.finished);
    assert.equal(sent.finished, false, `the server sent everything (${sent.bytes} bytes)`);
    assert.ok(sent.bytes < total, `${sent.bytes} of ${total} bytes sent`);
  } finally {
    await node.close();
  }
});

test('maxReplyBytes is configurable; a declared content-length past it is refused before reading', async () => {
  let served = 0;
  const node = await fakeNode((_req, res, body) => {
    served++;
    const calls = JSON.parse(body) as { id: number; method: string }[];
    const reply = JSON.stringify(
      calls.map((c) => ({ jsonrpc: '2.0', id: c.id, result: '0x' + '00'.repeat(1000) })),
    );
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
    res.end(reply);
  });
  try {
    const small = new RpcClient(node.url, { maxReplyBytes: 1024 });
    const err = await small
      .batch([
        { method: 'eth_call', params: [] },
        { method: 'eth_call', params: [] },
        { method: 'eth_getCode', params: [] },
      ])
      .catch((e: unknown) => e);
    assert.ok(err instanceof RpcReplyTooLargeError, String(err));
    assert.equal(err.limitBytes, 1024);
    assert.match(err.message, /batch of 3 \(eth_call ×2, eth_getCode\)/);
    assert.match(err.message, /1 KiB/);
    // The same reply under a limit it fits in.
    const roomy = new RpcClient(node.url, { maxReplyBytes: 1 << 20 });
    const out = await roomy.batch([
      { method: 'eth_call', params: [] },
      { method: 'eth_call', params: [] },
    ]);
    assert.ok(out.every((o) => o.ok));
    assert.equal(served, 2);
  } finally {
    await node.close();
  }
});

async function waitUntil(cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setImmediate(r));
  }
}

test('credentials in the URL go as HTTP Basic auth, never in a message', async () => {
  let auth: string | undefined;
  let path: string | undefined;
  const node = await fakeNode((req, res, body) => {
    auth = req.headers.authorization;
    path = req.url;
    const { id } = JSON.parse(body) as { id: number };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', id, result: '0x7a69' }));
  });
  try {
    const url =
      node.url.replace('http://', 'http://us%40er:p%3Ass@') + '/v3/0123456789abcdef0123456789abcdef';
    assert.equal(await new RpcClient(url).request('eth_chainId'), '0x7a69');
    assert.equal(auth, `Basic ${Buffer.from('us@er:p:ss').toString('base64')}`);
    assert.equal(path, '/v3/0123456789abcdef0123456789abcdef');
  } finally {
    await node.close();
  }
});

test('RpcUnreachableError: message, url and reason carry no password or key', async () => {
  const node = await fakeNode((_req, res) => {
    res.writeHead(502);
    res.end('<html>bad gateway</html>');
  });
  const KEY = '0123456789abcdef0123456789abcdef';
  try {
    const url = node.url.replace('http://', 'http://user:secret@') + `/v3/${KEY}?apikey=hunter22`;
    const err = await new RpcClient(url).request('eth_chainId').catch((e: unknown) => e);
    assert.ok(err instanceof RpcUnreachableError, String(err));
    for (const text of [err.message, err.url, err.reason, String(err.stack)]) {
      assert.doesNotMatch(text, /secret|hunter22/, text);
      assert.ok(!text.includes(KEY), text);
    }
    assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${node.port}/v3/\\*\\*\\*`));
    assert.match(err.message, /HTTP 502/);
  } finally {
    await node.close();
  }
  // Refused connection.
  const closed = node.url.replace('http://', 'http://user:secret@') + `/v2/${KEY}`;
  const down = await new RpcClient(closed).request('eth_chainId').catch((e: unknown) => e);
  assert.ok(down instanceof RpcUnreachableError);
  assert.doesNotMatch(down.message, /secret/);
  assert.ok(!down.message.includes(KEY), down.message);
});

test('redactUrl: credentials, provider keys in the path, secret query values', () => {
  const cases: [string, string][] = [
    [
      'http://user:secret@127.0.0.1:8545/v3/0123456789abcdef0123456789abcdef',
      'http://***@127.0.0.1:8545/v3/***',
    ],
    ['https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef', 'https://mainnet.infura.io/v3/***'],
    ['https://eth-mainnet.g.alchemy.com/v2/AbCdEf_123-xyz', 'https://eth-mainnet.g.alchemy.com/v2/***'],
    ['https://x.quiknode.pro/0123456789abcdef0123456789abcdef01234567/', 'https://x.quiknode.pro/***/'],
    ['https://rpc.ankr.com/eth/0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'https://rpc.ankr.com/eth/***'],
    ['https://h.example/rpc?apikey=s3cr3t&chain=1', 'https://h.example/rpc?apikey=***&chain=1'],
    [
      'https://h.example/?api_key=a&token=b&auth=c&x=y',
      'https://h.example/?api_key=***&token=***&auth=***&x=y',
    ],
    ['https://h.example/?q=0123456789abcdef0123456789', 'https://h.example/?q=***'],
    // Nothing secret: unchanged, exactly as written.
    ['http://127.0.0.1:8545', 'http://127.0.0.1:8545'],
    ['https://eth-mainnet.public.blastapi.io', 'https://eth-mainnet.public.blastapi.io'],
    ['https://rpc.example/eth-mainnet/', 'https://rpc.example/eth-mainnet/'],
  ];
  for (const [url, want] of cases) assert.equal(redactUrl(url), want, url);
  assert.doesNotMatch(redactUrl('not a url://user:pw@x/?apikey=zzz'), /pw|zzz/);
});

test('redactSecrets: URLs in any text, and the endpoint secrets where they stand alone', () => {
  const url = 'https://user:hunter22@h.example/v3/0123456789abcdef0123456789abcdef';
  const text = `could not reach ${url}. Password hunter22 rejected; key 0123456789abcdef0123456789abcdef`;
  const out = redactSecrets(text, url);
  assert.doesNotMatch(out, /hunter22|0123456789abcdef0123456789abcdef/, out);
  assert.match(out, /could not reach https:\/\/\*\*\*@h\.example\/v3\/\*\*\*\. Password \*\*\* rejected/);
  // Other text is left alone: a doc link, a user name word.
  const plain = 'see https://github.com/dloop/diamond-tools/blob/main/docs/rules.md#duplicate-selector, user';
  assert.equal(redactSecrets(plain, url), plain);
});
