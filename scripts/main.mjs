// npm run main: the main job on the bundled DLOOP contracts, end to end with the real tools:
//   1. build the extension, server and CLI bundles
//   2. diamond check contracts        (selector and storage analysis; must be clean)
//   3. diamond build --root contracts (solc-js)
//   4. diamond node                   (embedded Hardhat node on 127.0.0.1, a free port)
//   5. diamond deploy --rpc URL       (token, ProtocolDAO, diamond, facets; cut handed to governance)
//   6. diamond loupe --rpc URL --address DIAMOND (what the Facet Explorer shows)
//   7. diamond upgrade propose ... (plan + simulate the Rewards v2 upgrade, deploy it, propose it to the ProtocolDAO
//      with its specification, printed), status, vote, execute --advance (verified against the loupe and events)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const xdg = mkdtempSync(join(tmpdir(), 'diamond-main-'));
const env = { ...process.env, XDG_CONFIG_HOME: join(xdg, 'config'), XDG_CACHE_HOME: join(xdg, 'cache') };

function step(title, args, { allowFail = false } = {}) {
  console.log(`\n== ${title}\n$ diamond ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
    encoding: 'utf8',
  });
  process.stdout.write(r.stdout);
  if (r.status !== 0 && !allowFail) throw new Error(`diamond ${args[0]} exited with ${r.status}`);
  return r.stdout;
}

function startNode() {
  return new Promise((resolve, reject) => {
    console.log('\n== local node\n$ diamond node --host 127.0.0.1 --port 0');
    const p = spawn(process.execPath, [cli, 'node', '--host', '127.0.0.1', '--port', '0'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    const timer = setTimeout(() => reject(new Error('the node did not print its URL within 60 s')), 60_000);
    p.stdout.on('data', (d) => {
      buf += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        console.log(m[1]);
        resolve({ url: m[1], proc: p });
      }
    });
    p.on('exit', (code) => reject(new Error(`diamond node exited early (${code})`)));
  });
}

async function main() {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
  step('analysis of the bundled DLOOP contracts', ['check', 'contracts']);
  step('compile with solc-js', ['build', '--root', 'contracts']);
  const node = await startNode();
  try {
    const deployed = JSON.parse(step('deploy the DLOOP diamond', ['deploy', '--rpc', node.url, '--json']));
    step('loupe of the deployed diamond', ['loupe', '--rpc', node.url, '--address', deployed.diamond]);
    const chain = ['--rpc', node.url, '--address', deployed.diamond];
    const spec = join(xdg, 'specification.md');
    const proposed = JSON.parse(
      step('propose the Rewards v2 upgrade (plan, simulate, deploy, propose)', [
        'upgrade',
        'propose',
        ...chain,
        '--diamond',
        'DLOOP after the Rewards v2 upgrade',
        '--init',
        'RewardsMigrationV2',
        '--init-call',
        'migrate(uint16)',
        '--init-args',
        '[15000]',
        '--report',
        spec,
        '--json',
      ]),
    );
    console.log(`\n== the proposal's specification (keccak256 ${proposed.descriptionHash})\n`);
    console.log(readFileSync(spec, 'utf8'));
    const id = ['--id', proposed.proposalId];
    step('vote for it', ['upgrade', 'vote', ...chain, ...id, '--support', 'for']);
    step('its status', ['upgrade', 'status', ...chain, ...id]);
    const executed = JSON.parse(
      step('advance past the vote and the timelock, execute, verify', [
        'upgrade',
        'execute',
        ...chain,
        ...id,
        '--advance',
        '--json',
      ]),
    );
    if (!executed.verified)
      throw new Error(`the executed upgrade differs from the plan: ${executed.differences.join('; ')}`);
    step('upgrade history (from the DiamondCut events)', ['upgrade', 'history', ...chain]);
  } finally {
    node.proc.removeAllListeners('exit');
    node.proc.kill('SIGTERM');
  }
  console.log('\nmain job done');
}

main().catch((e) => {
  console.error(`main job failed: ${e.message}`);
  process.exit(1);
});
