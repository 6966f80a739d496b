/**
 * The server never crashes: every handler runs through `guard`, which logs the error to the
 * connection console and answers with a fallback instead of leaving the request unanswered or
 * letting the exception kill the process.
 */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

export function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export function guard<A extends unknown[], R, F>(
  log: Logger,
  what: string,
  fallback: F,
  fn: (...args: A) => R,
): (...args: A) => R | F {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (e) {
      log.error(`[${what}] ${describeError(e)}`);
      return fallback;
    }
  };
}

export function guardAsync<A extends unknown[], R, F>(
  log: Logger,
  what: string,
  fallback: F,
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R | F> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (e) {
      log.error(`[${what}] ${describeError(e)}`);
      return fallback;
    }
  };
}
