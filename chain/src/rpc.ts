/**
 * A small JSON-RPC-over-HTTP client with batching. The loupe sends one batch per round trip
 * (chain id + code + facets() + owner(), then every facet's code), which is what keeps it close
 * to the cost of a bare facets() call. Errors are typed so faces can say what went wrong.
 *
 * The endpoint is not trusted to be small or honest: a reply is streamed and abandoned past
 * `maxReplyBytes` (RpcReplyTooLargeError), and no error message carries the URL's secrets
 * (credentials, API keys: see redact.ts). Credentials in the URL are sent as HTTP Basic auth.
 */
import { redactSecrets, redactUrl } from './redact';

/** The node did not answer (connection refused, DNS, timeout, non-JSON-RPC reply, an oversized reply). */
export class RpcUnreachableError extends Error {
  override readonly name: string = 'RpcUnreachableError';
  /** The endpoint, redacted (no credentials or API keys). */
  readonly url: string;
  readonly reason: string;
  constructor(url: string, reason: string) {
    const shown = redactUrl(url);
    const why = redactSecrets(reason, url);
    super(`RPC endpoint ${shown} is unreachable: ${why}`);
    this.url = shown;
    this.reason = why;
  }
}

/**
 * The reply to a request was larger than the client accepts (`maxReplyBytes`): it was abandoned
 * unread past the limit. An RpcUnreachableError (the endpoint gave no usable answer), so every face
 * that handles a node that does not answer handles this one too.
 */
export class RpcReplyTooLargeError extends RpcUnreachableError {
  override readonly name: string = 'RpcReplyTooLargeError';
  constructor(
    url: string,
    /** The method, or the methods of a batch. */
    readonly method: string,
    readonly limitBytes: number,
  ) {
    super(
      url,
      `the reply to ${method} is larger than the ${formatBytes(limitBytes)} RPC reply limit (not read further)`,
    );
    this.message = `the reply to ${method} from ${this.url} is larger than the ${formatBytes(limitBytes)} RPC reply limit: not read further`;
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
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
  /** Largest reply body read, in bytes. Default 32 MiB (a 1,000-facet loupe reply is well under 1 MiB). */
  maxReplyBytes?: number;
}

export const DEFAULT_MAX_REPLY_BYTES = 32 * 1024 * 1024;

export class RpcClient {
  private nextId = 1;
  private readonly timeoutMs: number;
  private readonly maxReplyBytes: number;
  /** The URL fetch is given: without credentials (fetch refuses them), which go in `authorization`. */
  private readonly target: string;
  private readonly authorization: string | undefined;

  constructor(
    readonly url: string,
    opts: RpcClientOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.maxReplyBytes = opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
    const { target, authorization } = splitCredentials(url);
    this.target = target;
    this.authorization = authorization;
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
    const what = calls.length === 1 ? calls[0].method : `a batch of ${calls.length} (${batchMethods(calls)})`;
    const body = calls.length === 1 ? bodies[0] : bodies;
    const reply = await this.post(
      body,
      what,
      calls.every((c) => retrySafe(c.method)),
    );
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

  /**
   * One HTTP round trip. A kept-alive connection the server closed just as it was reused (ECONNRESET / "other side
   * closed" before any reply, e.g. after a long synchronous compile stalled an in-process node) is retried once on a
   * fresh connection, for calls that change nothing (`retry`); a transaction is never sent twice.
   */
  private async post(body: unknown, what: string, retry: boolean): Promise<unknown> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.authorization) headers.authorization = this.authorization;
    const send = () => fetch(this.target, { method: 'POST', headers, body: JSON.stringify(body), signal });
    let res: Response;
    try {
      res = await send().catch((err: unknown) => {
        if (retry && isConnectionReset(err) && !signal.aborted) return send();
        throw err;
      });
    } catch (err) {
      throw new RpcUnreachableError(this.url, describeFetchError(err));
    }
    let text: string;
    try {
      text = await this.readCapped(res, what);
    } catch (err) {
      if (err instanceof RpcReplyTooLargeError) throw err;
      throw new RpcUnreachableError(
        this.url,
        `HTTP ${res.status}: the reply broke off (${describeFetchError(err)})`,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new RpcUnreachableError(this.url, `HTTP ${res.status}: not a JSON-RPC reply`);
    }
  }

  /** The body as text, read chunk by chunk and abandoned (the connection cancelled) past the limit. */
  private async readCapped(res: Response, what: string): Promise<string> {
    const limit = this.maxReplyBytes;
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      await res.body?.cancel().catch(() => undefined);
      throw new RpcReplyTooLargeError(this.url, what, limit);
    }
    if (!res.body) return '';
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let received = 0;
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > limit) {
        await reader.cancel().catch(() => undefined);
        throw new RpcReplyTooLargeError(this.url, what, limit);
      }
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  }
}

/** Methods that read and change nothing: sending one again after a connection reset is harmless. */
const READ_ONLY =
  /^(?:eth_(?:get\w+|call|chainId|blockNumber|estimateGas|gasPrice|feeHistory|maxPriorityFeePerGas|accounts|syncing)|net_version|web3_clientVersion|debug_trace\w+|hardhat_metadata|anvil_nodeInfo)$/;

function retrySafe(method: string): boolean {
  return READ_ONLY.test(method);
}

/** A connection closed by the other side before any reply: what a reused keep-alive socket meets. */
function isConnectionReset(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } } | undefined)?.cause;
  return cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'EPIPE';
}

/** `eth_call ×3, eth_getCode`: a batch's methods, for messages. */
function batchMethods(calls: readonly RpcCall[]): string {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c.method, (counts.get(c.method) ?? 0) + 1);
  return [...counts].map(([m, n]) => (n > 1 ? `${m} ×${n}` : m)).join(', ');
}

/** fetch refuses URLs with credentials: send them as HTTP Basic auth (what browsers and ethers do). */
function splitCredentials(url: string): { target: string; authorization?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { target: url };
  }
  if (!u.username && !u.password) return { target: url };
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const credentials = `${decode(u.username)}:${decode(u.password)}`;
  u.username = '';
  u.password = '';
  return { target: u.href, authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` };
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
