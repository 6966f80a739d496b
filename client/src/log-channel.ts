/**
 * The "Diamond" output channel, shared by our own logging and the language client.
 *
 * Why an adapter: vscode-languageclient 11 wants a LogOutputChannel and turns protocol tracing on only when
 * that channel's level is Trace. A VS Code-made LogOutputChannel takes its level from "Developer: Set Log
 * Level", not from our settings. This one is a plain OutputChannel under our Logger (our timestamps,
 * `diamond.log.level`), whose reported level becomes Trace exactly when `diamond.trace.server` is not off.
 */
import * as vscode from 'vscode';
import { describeError, Logger } from './log';
import type { DiamondSettings, LogLevel } from '../../shared/settings';

const VSCODE_LEVEL: Record<LogLevel, vscode.LogLevel> = {
  error: vscode.LogLevel.Error,
  warn: vscode.LogLevel.Warning,
  info: vscode.LogLevel.Info,
  debug: vscode.LogLevel.Debug,
};

export class DiamondLogChannel implements vscode.LogOutputChannel {
  readonly name: string;
  readonly log: Logger;
  private level: vscode.LogLevel = vscode.LogLevel.Info;
  private readonly levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.levelChanged.event;

  constructor(private readonly channel: vscode.OutputChannel) {
    this.name = channel.name;
    this.log = new Logger(channel);
  }

  get logLevel(): vscode.LogLevel {
    return this.level;
  }

  /** Applies `diamond.log.level` and `diamond.trace.server`. */
  configure(settings: Pick<DiamondSettings, 'logLevel' | 'traceServer'>): void {
    this.log.setLevel(settings.logLevel);
    const level = settings.traceServer === 'off' ? VSCODE_LEVEL[settings.logLevel] : vscode.LogLevel.Trace;
    if (level !== this.level) {
      this.level = level;
      this.levelChanged.fire(level);
    }
  }

  trace(message: string, ...args: unknown[]): void {
    this.log.trace(withArgs(message, args));
  }
  debug(message: string, ...args: unknown[]): void {
    this.log.debug(withArgs(message, args));
  }
  info(message: string, ...args: unknown[]): void {
    this.log.info(withArgs(message, args));
  }
  warn(message: string, ...args: unknown[]): void {
    this.log.warn(withArgs(message, args));
  }
  error(error: string | Error, ...args: unknown[]): void {
    if (typeof error === 'string') this.log.error(withArgs(error, args));
    else this.log.error(withArgs('', args) || error.message, error);
  }

  append(value: string): void {
    this.channel.append(value);
  }
  appendLine(value: string): void {
    this.channel.appendLine(value);
  }
  replace(value: string): void {
    this.channel.replace(value);
  }
  clear(): void {
    this.channel.clear();
  }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) {
      this.channel.show(columnOrPreserveFocus);
    } else {
      this.channel.show(columnOrPreserveFocus, preserveFocus);
    }
  }
  hide(): void {
    this.channel.hide();
  }
  dispose(): void {
    this.levelChanged.dispose();
    this.channel.dispose();
  }
}

function withArgs(message: string, args: unknown[]): string {
  if (args.length === 0) return message;
  const rest = args.map((a) =>
    typeof a === 'string' ? a : a instanceof Error ? describeError(a) : safeJson(a),
  );
  return [message, ...rest].filter((s) => s !== '').join(' ');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
