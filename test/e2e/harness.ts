/**
 * The e2e harness: the packaged extension installed into a private code-server, the workbench
 * opened on a temp copy of a workspace in headless Chromium, everything torn down afterwards.
 *
 *   await withWorkbench({ name: 'diagnostics', workspace: workspaceFixture('shared-selector') }, async (s) => {
 *     await s.workbench.openFile('contracts/FeeFacet.sol');
 *   });
 *
 * Artifacts (kept by CI): test-artifacts/e2e/<name>-*.png, <name>-code-server.log and <name>-logs/
 * (the VS Code logs, with the extension's "Diamond" output channel under exthost*\/output_logging_*).
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from './support/browser';
import {
  ensurePrerequisites,
  installExtension,
  makeDirs,
  startCodeServer,
  writeUserSettings,
  type CodeServerDirs,
  type RunningCodeServer,
} from './support/code-server';
import { artifactsDir, vsixPath } from './support/paths';
import { waitFor } from './support/wait';
import { Workbench } from './support/workbench';

export { Workbench, type Problem, type TreeRow } from './support/workbench';
export { repoRoot, workspaceFixture, artifactsDir } from './support/paths';
export { freeFixedPort, freePort } from './support/code-server';

export interface SessionOptions {
  /** Names the artifacts of this session. */
  name: string;
  /**
   * Folder opened in the workbench; copied to a temp dir first, so tests may edit it. A function
   * gets the installed extension's folder (to open what the .vsix bundles, e.g. its contracts/).
   */
  workspace: string | ((extensionDir: string) => string);
  /** User settings on top of the harness defaults (support/code-server.ts TEST_SETTINGS). */
  settings?: Record<string, unknown>;
  /** Default 90 s: the first workbench load on a busy 2-core machine is slow. */
  readyTimeoutMs?: number;
}

export interface Session {
  workbench: Workbench;
  /** The temp copy of the workspace that the workbench has open. */
  folder: string;
  /** Where code-server installed the extension from the .vsix. */
  extensionDir: string;
  dirs: CodeServerDirs;
  server: RunningCodeServer;
  /** Text of the extension's "Diamond" output channel so far ('' before it exists). */
  diamondLog(): string;
  /** Waits until the extension host has created the "Diamond" output channel (the extension activated). */
  waitForDiamondLog(pattern?: RegExp, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

/** Every file below `dir` (none when it does not exist). */
export function filesUnder(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
}

export async function openSession(opts: SessionOptions): Promise<Session> {
  ensurePrerequisites();
  const prefix = opts.name;
  // Artifacts of an earlier run (a stale failure screenshot) must not pass for this run's.
  mkdirSync(artifactsDir(), { recursive: true });
  for (const old of readdirSync(artifactsDir()).filter((n) => n.startsWith(`${prefix}-`))) {
    rmSync(join(artifactsDir(), old), { recursive: true, force: true });
  }
  const base = mkdtempSync(join(tmpdir(), `dloop-e2e-${opts.name}-`));
  const dirs = makeDirs(base);

  let server: RunningCodeServer | undefined;
  let context: BrowserContext | undefined;
  let workbench: Workbench | undefined;
  const logsDir = join(dirs.userData, 'logs');
  const diamondLog = (): string => {
    const file = filesUnder(logsDir).find((f) => /output_logging_[^/]*\/\d+-Diamond\.log$/.test(f));
    return file ? readFileSync(file, 'utf8') : '';
  };

  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await context?.close().catch(() => undefined);
    await server?.stop();
    // Keep the VS Code logs (the extension's output channel among them) next to the screenshots.
    if (existsSync(logsDir)) cpSync(logsDir, join(artifactsDir(), `${prefix}-logs`), { recursive: true });
    rmSync(base, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    writeUserSettings(dirs, opts.settings);
    const extensionDir = installExtension(dirs, vsixPath());
    const source = typeof opts.workspace === 'string' ? opts.workspace : opts.workspace(extensionDir);
    const folder = join(base, 'workspace', basename(source));
    mkdirSync(join(base, 'workspace'), { recursive: true });
    cpSync(source, folder, {
      recursive: true,
      filter: (src) => !/[\\/](node_modules|artifacts|cache|\.diamond)$/.test(src),
    });
    server = await startCodeServer(dirs, folder, join(artifactsDir(), `${prefix}-code-server.log`));
    context = await launchChromium(join(base, 'chromium-profile'));
    const page = context.pages()[0] ?? (await context.newPage());
    workbench = new Workbench(page, prefix);
    await page.goto(server.url);
    await workbench.waitUntilReady(opts.readyTimeoutMs ?? 90_000);
    return {
      workbench,
      folder,
      extensionDir,
      dirs,
      server,
      diamondLog,
      waitForDiamondLog: (pattern = /\S/, timeoutMs = 60_000) =>
        waitFor(
          () => {
            const text = diamondLog();
            return pattern.test(text) ? text : undefined;
          },
          { timeoutMs, what: `the "Diamond" output channel to match ${pattern}`, intervalMs: 250 },
        ),
      close,
    };
  } catch (err) {
    await workbench?.screenshot('failure').catch(() => undefined);
    await close();
    throw err;
  }
}

/** Runs `fn` in a fresh session; on failure keeps a screenshot; always tears everything down. */
export async function withWorkbench<T>(opts: SessionOptions, fn: (s: Session) => Promise<T>): Promise<T> {
  const session = await openSession(opts);
  try {
    return await fn(session);
  } catch (err) {
    await session.workbench.screenshot('failure').catch(() => undefined);
    throw err;
  } finally {
    await session.close();
  }
}
