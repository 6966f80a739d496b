// Runs an unpacked extension's own bundles, as the extension does, from outside the repo (so
// nothing resolves from the repo's node_modules):
//  - `diamond build` of a one-contract project: solc-js's bundled wrapper with dist/soljson.js;
//  - `diamond node --port 0`: the bundled Hardhat (dist/hardhat/hre.mjs) with the package's native
//    EDR answers eth_chainId (31337) and web3_clientVersion (Hardhat's own version, read from the
//    package.json beside the bundle).
// With --repeat N it times N node starts (spawn → the URL printed → first eth_chainId answer; and
// the node process's CPU time until then) and N builds, and prints their medians: BENCHMARKS.md
// "Platform packages".
// Usage: node scripts/smoke-unpacked.mjs <folder holding extension/> [--repeat N]
// Exit 1 with the reason on the first failure. Hardhat's config and cache go to a temp folder.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 60_000;

async function rpc(url, method) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** `diamond build --json` of a one-contract project: its wall and CPU time in ms. */
function build(cli, work, env) {
  const project = mkdtempSync(join(work, 'project-'));
  writeFileSync(
    join(project, 'A.sol'),
    '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\ncontract A { function ping() external pure returns (uint256) { return 1; } }\n',
  );
  const t0 = performance.now();
  const cpu0 = processCpuMs(process.pid, true);
  const r = spawnSync(process.execPath, [cli, 'build', project, '--json'], {
    cwd: work,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const ms = performance.now() - t0;
  const cpuMs = cpu0 === undefined ? undefined : processCpuMs(process.pid, true) - cpu0;
  if (r.status !== 0)
    throw new Error(`diamond build failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  const names = JSON.parse(r.stdout).contracts.map((c) => c.name);
  if (!names.includes('A')) throw new Error(`diamond build compiled ${names.join(', ') || 'nothing'}, not A`);
  return { ms, cpuMs };
}

/** Starts `diamond node --port 0`, asks it two questions, stops it: `{ms, clientVersion}`. */
function node(cli, work, env) {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const proc = spawn(process.execPath, [cli, 'node', '--port', '0'], { cwd: work, env });
    let out = '';
    let err = '';
    const fail = (e) => {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`${e.message}\n${err}`));
    };
    const timer = setTimeout(() => fail(new Error('diamond node printed no URL in time')), START_TIMEOUT_MS);
    proc.stderr.on('data', (d) => (err += d));
    proc.once('exit', (code) => fail(new Error(`diamond node exited (${code}) before answering`)));
    proc.stdout.on('data', (d) => {
      out += d;
      const url = /^(http:\/\/\S+)\n/.exec(out)?.[1];
      if (!url) return;
      out = '';
      (async () => {
        const chainId = Number(await rpc(url, 'eth_chainId'));
        const ms = performance.now() - t0;
        const cpuMs = processCpuMs(proc.pid);
        const clientVersion = await rpc(url, 'web3_clientVersion');
        if (chainId !== 31337) throw new Error(`diamond node answered eth_chainId ${chainId}`);
        clearTimeout(timer);
        proc.removeAllListeners('exit');
        proc.once('exit', () => resolvePromise({ ms, cpuMs, clientVersion }));
        proc.kill('SIGTERM');
      })().catch(fail);
    });
  });
}

/**
 * CPU time (user + system) a process has used so far, from /proc (Linux; undefined elsewhere):
 * less sensitive than wall time to the other jobs on a shared machine.
 */
function processCpuMs(pid, children = false) {
  try {
    // Fields after the command name, from state (field 3): utime, stime are 14, 15 and the
    // waited-for children's cutime, cstime 16, 17, in ticks (100 Hz).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const at = children ? 13 : 11;
    return (Number(fields[at]) + Number(fields[at + 1])) * 10;
  } catch {
    return undefined;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the checks (and `repeat` timed rounds) on `dir`/extension; returns what it saw. */
export async function smokeUnpacked(dir, repeat = 1) {
  const ext = join(dir, 'extension');
  const cli = join(ext, 'dist', 'cli.js');
  const work = mkdtempSync(join(tmpdir(), 'dloop-smoke-'));
  mkdirSync(join(work, 'xdg-config'));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(work, 'xdg-config'),
    XDG_CACHE_HOME: join(work, 'xdg-cache'),
  };
  try {
    const hardhat = JSON.parse(
      readFileSync(join(repoRoot, 'node_modules/hardhat/package.json'), 'utf8'),
    ).version;
    const builds = [];
    const buildCpus = [];
    const starts = [];
    const cpus = [];
    let clientVersion = '';
    for (let i = 0; i < repeat; i++) {
      const b = build(cli, work, env);
      builds.push(b.ms);
      if (b.cpuMs !== undefined) buildCpus.push(b.cpuMs);
      const n = await node(cli, work, env);
      starts.push(n.ms);
      if (n.cpuMs !== undefined) cpus.push(n.cpuMs);
      clientVersion = n.clientVersion;
    }
    if (!clientVersion.startsWith(`HardhatNetwork/${hardhat}/`))
      throw new Error(`web3_clientVersion is ${clientVersion}, not Hardhat ${hardhat}'s`);
    return {
      clientVersion,
      buildMs: median(builds),
      nodeStartMs: median(starts),
      builds,
      buildCpus,
      starts,
      cpus,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--repeat');
  const repeat = i >= 0 ? Number(argv[i + 1]) : 1;
  const dir = argv.find((a, j) => !a.startsWith('--') && argv[j - 1] !== '--repeat');
  if (!dir) {
    process.stderr.write('usage: node scripts/smoke-unpacked.mjs <folder holding extension/> [--repeat N]\n');
    process.exit(2);
  }
  smokeUnpacked(resolve(dir), repeat).then(
    (r) => {
      const ms = (xs) => xs.map((x) => Math.round(x)).join(', ');
      process.stdout.write(
        `diamond build ${Math.round(r.buildMs)} ms (median of ${ms(r.builds)}` +
          `${r.buildCpus.length ? `; CPU ${Math.round(median(r.buildCpus))} ms, median of ${ms(r.buildCpus)}` : ''}); ` +
          `diamond node answered in ${Math.round(r.nodeStartMs)} ms (median of ${ms(r.starts)}` +
          `${r.cpus.length ? `; CPU ${Math.round(median(r.cpus))} ms, median of ${ms(r.cpus)}` : ''}); ${r.clientVersion}\n`,
      );
    },
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
