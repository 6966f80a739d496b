/**
 * code-server: the real VS Code workbench and Node extension host, served on a loopback port.
 * Installs the .vsix into a private extensions dir, starts the server with private user-data and
 * XDG dirs, and stops its whole process group (extension host, language server, Hardhat node).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { codeServerEntry, node24, repoRoot, vsixPath } from './paths';
import { GiveUp, waitFor } from './wait';

/** publisher.name from package.json: the installed folder is `<id>-<version>[-<target>]`. */
export const EXTENSION_ID = 'dloop.dloop-diamond-tools';

export interface CodeServerDirs {
  userData: string;
  extensions: string;
  xdgConfig: string;
  xdgCache: string;
  xdgData: string;
}

/** Settings that keep the workbench quiet and deterministic for typing and screenshots. */
export const TEST_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.parameterHints.enabled': false,
  'editor.minimap.enabled': false,
  'editor.hover.enabled': false,
  'workbench.editor.enablePreview': false,
};

function env(dirs: CodeServerDirs): NodeJS.ProcessEnv {
  // Hardhat (in the extension host) writes ~/.config and ~/.cache: keep them in the temp tree.
  return {
    ...process.env,
    PATH: `${join(node24(), '..')}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_CACHE_HOME: dirs.xdgCache,
    XDG_DATA_HOME: dirs.xdgData,
    // A code-server started from a VS Code terminal would otherwise talk to the outer instance.
    VSCODE_IPC_HOOK_CLI: '',
    DIAMOND_REPO_ROOT: '',
  };
}

/** Installs code-server and builds the .vsix when they are missing (scripts/test.mjs does both up front). */
export function ensurePrerequisites(): void {
  const root = repoRoot();
  if (!existsSync(codeServerEntry())) {
    const r = spawnSync(node24(), [join(root, 'scripts/ensure-code-server.mjs')], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('scripts/ensure-code-server.mjs failed');
  }
  if (!existsSync(vsixPath())) {
    const r = spawnSync(node24(), [join(root, 'scripts/package.mjs'), '--host'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('scripts/package.mjs failed');
  }
}

export function makeDirs(base: string): CodeServerDirs {
  const dirs: CodeServerDirs = {
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
    xdgConfig: join(base, 'xdg-config'),
    xdgCache: join(base, 'xdg-cache'),
    xdgData: join(base, 'xdg-data'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  return dirs;
}

export function writeUserSettings(dirs: CodeServerDirs, extra: Record<string, unknown> = {}): void {
  const file = join(dirs.userData, 'User', 'settings.json');
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...TEST_SETTINGS, ...extra }, null, 2));
}

/** `code-server --install-extension <vsix>` into the private extensions dir; returns the extension's folder. */
export function installExtension(dirs: CodeServerDirs, vsix = vsixPath()): string {
  const r = spawnSync(
    node24(),
    [
      codeServerEntry(),
      '--install-extension',
      vsix,
      '--force',
      '--extensions-dir',
      dirs.extensions,
      '--user-data-dir',
      dirs.userData,
    ],
    { env: env(dirs), encoding: 'utf8', timeout: 120_000 },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${out}`);
  }
  const installed = readdirSync(dirs.extensions).filter((n) => n.startsWith(`${EXTENSION_ID}-`));
  if (installed.length !== 1)
    throw new Error(`expected one ${EXTENSION_ID} in ${dirs.extensions}, found ${installed}`);
  return join(dirs.extensions, installed[0]);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A free loopback port below Linux's ephemeral range (32768–60999), for a server started later by someone else
 * (the extension's local node, ~20 s after the pick): an ephemeral port picked now can meanwhile be handed to
 * one of code-server's outgoing connections ("port … is already in use", seen once in CI).
 */
export async function freeFixedPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port found in 20000-31999 after 50 tries');
}

export interface RunningCodeServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Where code-server's own stdout/stderr go. */
  logFile: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // Negative pid: the whole group (code-server, its server process, extension host, LSP server, node).
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when a test run is interrupted: nothing may outlive the test process.
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
}

export async function startCodeServer(
  dirs: CodeServerDirs,
  folder: string,
  logFile: string,
): Promise<RunningCodeServer> {
  const port = await freePort();
  const args = [
    codeServerEntry(),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    folder,
  ];
  const log = createWriteStream(logFile);
  const child = spawn(node24(), args, { env: env(dirs), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  installExitHook();
  running.add(child);
  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `code-server exited (${code ?? signal})`;
      running.delete(child);
      resolve();
    });
  });

  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (exited === undefined) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exitPromise;
      clearTimeout(timer);
    }
    // Children that ignored SIGTERM (a Hardhat node, the language server) must not outlive the test.
    killGroup(child, 'SIGKILL');
    log.end();
  };

  try {
    await waitFor(
      async () => {
        if (exited) throw new GiveUp(`${exited}; see ${logFile}`);
        const res = await fetch(`${url}/healthz`);
        return res.ok;
      },
      { timeoutMs: 30_000, what: `code-server /healthz on port ${port}` },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, process: child, logFile, stop };
}
