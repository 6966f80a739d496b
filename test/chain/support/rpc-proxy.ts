/**
 * A counting JSON-RPC proxy in front of a node: how many HTTP requests a reader makes, and with what; optionally
 * slow (a latency per request).
 */
import { createServer, type Server } from 'node:http';

interface RpcBody {
  method: string;
  params: unknown[];
  id?: unknown;
}

export interface RpcProxy {
  url: string;
  /** One entry per HTTP request: the methods it carried. */
  requests: string[][];
  close(): Promise<void>;
}

/**
 * `refuse`: calls for which the proxy answers a JSON-RPC error itself instead of forwarding. `fake`: calls it
 * answers with a result of its own (what the returned value is), not forwarded; undefined forwards.
 */
export async function startRpcProxy(
  target: string,
  refuse: (call: RpcBody) => boolean = () => false,
  fake: (call: RpcBody) => unknown = () => undefined,
  /** Each HTTP request answered this much later (a slow link, or a node on a loaded machine). */
  latencyMs = 0,
): Promise<RpcProxy> {
  const requests: string[][] = [];
  const forward = async (call: RpcBody): Promise<unknown> => {
    if (refuse(call))
      return { jsonrpc: '2.0', id: call.id, error: { code: -32601, message: 'refused by the test proxy' } };
    const faked = fake(call);
    if (faked !== undefined) return { jsonrpc: '2.0', id: call.id, result: faked };
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(call),
    });
    return res.json();
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', async () => {
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      const parsed = JSON.parse(body) as RpcBody | RpcBody[];
      const calls = Array.isArray(parsed) ? parsed : [parsed];
      requests.push(calls.map((c) => c.method));
      void Promise.all(calls.map(forward)).then((replies) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(Array.isArray(parsed) ? replies : replies[0]));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
