/**
 * A small JSON-RPC-over-HTTP client with batching. The loupe sends one batch per round trip
 * (chain id + code + facets() + owner(), then every facet's code), which is what keeps it close
 * to the cost of a bare facets() call. Errors are typed so faces can say what went wrong.
 */

/** The node did not answer (connection refused, DNS, timeout, non-JSON-RPC reply). */
export class RpcUnreachableError extends Error {
  override readonly name = 'RpcUnreachableError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`RPC endpoint ${url} is unreachable: ${reason}`);
  }
}

/** The node answered with a JSON-RPC error (including an execution revert of eth_call). */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(`${method} failed (${code}): ${message}`);
  }
}

export interface RpcCall {
  method: string;
  params: unknown[];
}

export type RpcOutcome<T = unknown> = { ok: true; result: T } | { ok: false; error: RpcError };

interface JsonRpcReply {
  id?: number;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export interface RpcClientOptions {
  /** Per HTTP request. Default 15 s. */
  timeoutMs?: number;
}

export class RpcClient {
  private nextId = 1;
  private readonly timeoutMs: number;

  constructor(
    readonly url: string,
    opts: RpcClientOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  /** One call; throws RpcError on a JSON-RPC error. */
  async request<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const [outcome] = await this.batch<T>([{ method, params }]);
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }

  /** Several calls in one HTTP request; each outcome in call order. A single call is sent unbatched. */
  async batch<T = unknown>(calls: readonly RpcCall[]): Promise<RpcOutcome<T>[]> {
    if (calls.length === 0) return [];
    const ids = calls.map(() => this.nextId++);
    const bodies = calls.map((c, i) => ({ jsonrpc: '2.0', id: ids[i], method: c.method, params: c.params }));
    const reply = await this.post(calls.length === 1 ? bodies[0] : bodies);
    const replies: JsonRpcReply[] = Array.isArray(reply) ? reply : [reply as JsonRpcReply];
    const byId = new Map(replies.map((r) => [r.id, r]));
    return calls.map((c, i) => {
      // A lone error reply without an id (e.g. batch rejected) applies to every call.
      const r = byId.get(ids[i]) ?? (replies.length === 1 && calls.length === 1 ? replies[0] : undefined);
      if (!r)
        return { ok: false, error: new RpcError(c.method, -32603, 'no reply for this call in the batch') };
      if (r.error)
        return { ok: false, error: new RpcError(c.method, r.error.code, r.error.message, r.error.data) };
      return { ok: true, result: r.result as T };
    });
  }

  private async post(body: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new RpcUnreachableError(this.url, describeFetchError(err));
    }
    const text = await res.text().catch(() => '');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new RpcUnreachableError(this.url, `HTTP ${res.status}: not a JSON-RPC reply`);
    }
  }
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timed out';
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return cause.code;
    if (cause?.message) return cause.message;
    return err.message;
  }
  return String(err);
}
