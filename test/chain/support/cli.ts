/** Runs the built CLI (dist/cli.js) as a child process, the way users and scripts do. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './env';

export const cliPath = (): string => join(repoRoot(), 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [cliPath(), ...args], { cwd: opts.cwd, env: opts.env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`diamond ${args.join(' ')} did not finish in time\n${stderr}`));
    }, opts.timeoutMs ?? 120_000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface CliNode {
  url: string;
  proc: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  stderr(): string;
}

/** `diamond node --port 0`: resolves once it printed its URL. */
export function startCliNode(env: NodeJS.ProcessEnv, cwd: string, extra: string[] = []): Promise<CliNode> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [cliPath(), 'node', '--port', '0', ...extra], { cwd, env });
    let out = '';
    let err = '';
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    const timer = setTimeout(() => reject(new Error(`diamond node printed no URL in 60 s\n${err}`)), 60_000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /^(http:\/\/\S+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], proc, exited, stderr: () => err });
      }
    });
    proc.stderr.on('data', (d) => (err += d));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`diamond node exited (${code}) before printing its URL\n${err}`));
    });
  });
}
