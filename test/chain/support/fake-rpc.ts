/**
 * A fake JSON-RPC node on loopback (node:http) for chain faults real nodes do not produce on demand: a
 * transaction that is never mined, a malformed eth_chainId. It answers what a deploy asks plausibly (chain id,
 * accounts, nonces, gas, fees, blocks), accepts every transaction (eth_sendTransaction and
 * eth_sendRawTransaction, answering the hash the sender expects) and never has a receipt. `override` answers
 * a method differently (its value is the JSON-RPC result, or `{ raw }` for the whole reply object).
 */
import { createServer, type Server } from 'node:http';
import { keccak256 } from 'ethers';

export interface FakeRpc {
  url: string;
  /** Every method called, in order. */
  calls: string[];
  /** Hashes of the transactions it accepted. */
  sent: string[];
  close(): Promise<void>;
}

interface Call {
  jsonrpc: '2.0';
  id: unknown;
  method: string;
  params?: unknown[];
}

export type FakeAnswer = unknown | { raw: unknown };

const ACCOUNT = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

function block(number: number): Record<string, unknown> {
  const hex = (n: number) => `0x${n.toString(16)}`;
  return {
    number: hex(number),
    hash: `0x${(number + 1).toString(16).padStart(64, '0')}`,
    parentHash: `0x${number.toString(16).padStart(64, '0')}`,
    nonce: '0x0000000000000000',
    sha3Uncles: '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347',
    logsBloom: `0x${'0'.repeat(512)}`,
    transactionsRoot: `0x${'0'.repeat(64)}`,
    stateRoot: `0x${'0'.repeat(64)}`,
    receiptsRoot: `0x${'0'.repeat(64)}`,
    miner: '0x0000000000000000000000000000000000000000',
    difficulty: '0x0',
    totalDifficulty: '0x0',
    extraData: '0x',
    size: '0x200',
    gasLimit: hex(30_000_000),
    gasUsed: '0x0',
    timestamp: hex(1_800_000_000 + number),
    baseFeePerGas: hex(1_000_000_000),
    transactions: [],
    uncles: [],
  };
}

export async function startFakeRpc(opts: {
  chainId: number;
  override?: Record<string, FakeAnswer>;
}): Promise<FakeRpc> {
  const calls: string[] = [];
  const sent: string[] = [];
  let nonce = 0;
  const answer = (c: Call): unknown => {
    if (opts.override && c.method in opts.override) {
      const o = opts.override[c.method] as { raw?: unknown } | unknown;
      if (o && typeof o === 'object' && 'raw' in o) return { ...(o.raw as object), id: c.id };
      return { jsonrpc: '2.0', id: c.id, result: o };
    }
    const ok = (result: unknown) => ({ jsonrpc: '2.0', id: c.id, result });
    const params = c.params ?? [];
    switch (c.method) {
      case 'eth_chainId':
        return ok(`0x${opts.chainId.toString(16)}`);
      case 'net_version':
        return ok(String(opts.chainId));
      case 'eth_accounts':
        return ok([ACCOUNT]);
      case 'eth_blockNumber':
        return ok('0x10');
      case 'eth_getBlockByNumber':
        return ok(block(16));
      case 'eth_getTransactionCount':
        return ok(`0x${nonce.toString(16)}`);
      case 'eth_getBalance':
        return ok(`0x${(10n ** 21n).toString(16)}`);
      case 'eth_estimateGas':
        return ok('0x2dc6c0');
      case 'eth_gasPrice':
        return ok('0x3b9aca00');
      case 'eth_maxPriorityFeePerGas':
        return ok('0x3b9aca00');
      case 'eth_feeHistory':
        return ok({
          oldestBlock: '0x10',
          baseFeePerGas: ['0x3b9aca00', '0x3b9aca00'],
          gasUsedRatio: [0.5],
          reward: [['0x3b9aca00']],
        });
      case 'eth_getCode':
        return ok('0x');
      case 'eth_sendTransaction': {
        nonce++;
        const hash = keccak256(Buffer.from(`fake tx ${sent.length} ${JSON.stringify(params[0])}`));
        sent.push(hash);
        return ok(hash);
      }
      case 'eth_sendRawTransaction': {
        nonce++;
        const hash = keccak256(params[0] as string); // what a signer expects back: the hash of what it signed
        sent.push(hash);
        return ok(hash);
      }
      case 'eth_getTransactionReceipt':
      case 'eth_getTransactionByHash':
        return ok(null); // never mined, never seen
      default:
        return {
          jsonrpc: '2.0',
          id: c.id,
          error: { code: -32601, message: `the fake node has no ${c.method}` },
        };
    }
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      let parsed: Call | Call[];
      try {
        parsed = JSON.parse(body) as Call | Call[];
      } catch {
        res.writeHead(400).end();
        return;
      }
      const list = Array.isArray(parsed) ? parsed : [parsed];
      for (const c of list) calls.push(c.method);
      const replies = list.map(answer);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(Array.isArray(parsed) ? replies : replies[0]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
