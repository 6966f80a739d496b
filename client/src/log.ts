/**
 * The one "Diamond" output channel: timestamped lines, filtered by `diamond.log.level`.
 * Details of failures go here; notifications carry only what failed and what to do.
 * Pure: writes to any `{ appendLine }` sink (a vscode OutputChannel in the extension, an array in tests).
 */
import { LOG_LEVELS, type LogLevel } from '../../shared/settings';
import { redactSecrets } from '../../chain/src/redact';

export interface LineSink {
  appendLine(line: string): void;
}

const rank = (level: LogLevel): number => LOG_LEVELS.indexOf(level);

/** `2026-11-21 23:16:44.123 [info] message`, local time so it matches the user's clock. */
export function formatLogLine(level: LogLevel | 'trace', at: Date, message: string): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp =
    `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())} ` +
    `${p(at.getHours())}:${p(at.getMinutes())}:${p(at.getSeconds())}.${p(at.getMilliseconds(), 3)}`;
  return `${stamp} [${level}] ${message}`;
}

/** Error messages with their cause chain, and the stack at debug level. */
export function describeError(err: unknown, withStack = false): string {
  if (!(err instanceof Error)) return String(err);
  let text = withStack && err.stack ? err.stack : `${err.name}: ${err.message}`;
  if (err.cause !== undefined) text += `\n  caused by ${describeError(err.cause, withStack)}`;
  return text;
}

export class Logger {
  constructor(
    private readonly sink: LineSink,
    private level: LogLevel = 'info',
    private readonly now: () => Date = () => new Date(),
  ) {}

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  error(message: string, err?: unknown): void {
    this.write(
      'error',
      err === undefined ? message : `${message}\n${describeError(err, rank(this.level) >= rank('debug'))}`,
    );
  }
  warn(message: string): void {
    this.write('warn', message);
  }
  info(message: string): void {
    this.write('info', message);
  }
  debug(message: string): void {
    this.write('debug', message);
  }
  /** Protocol traces: switched by `diamond.trace.server`, not by the log level. */
  trace(message: string): void {
    this.sink.appendLine(formatLogLine('trace', this.now(), redactSecrets(message)));
  }

  private write(level: LogLevel, message: string): void {
    if (rank(level) > rank(this.level)) return;
    // RPC URLs in any line (an error's message or stack included) lose their credentials and keys.
    this.sink.appendLine(formatLogLine(level, this.now(), redactSecrets(message)));
  }
}
