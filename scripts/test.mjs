// The README's test command. Builds bundles and tests, packages the .vsix when the e2e suite
// runs, then runs node's test runner over out/test. Optional filters select suites by folder:
//   node scripts/test.mjs unit protocol        (suites: unit, protocol, fuzz, chain, package, e2e)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`[test] ${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

rmSync(join(root, 'out'), { recursive: true, force: true });
sh(process.execPath, ['scripts/build.mjs', '--tests']);

function walk(dir, out = []) {
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.test.js')) out.push(p);
  }
  return out;
}
let files = walk(join(root, 'out', 'test')).sort();
if (filters.length) files = files.filter((f) => filters.some((s) => f.includes(`/test/${s}/`)));
if (files.some((f) => f.includes('/test/e2e/'))) {
  // End-to-end tests run real VS Code (code-server) in Debian's Chromium.
  sh('bash', ['scripts/system-deps.sh']);
  sh(process.execPath, ['scripts/ensure-code-server.mjs']);
  // The e2e tests install this machine's package (linux-x64 in CI); the package suite builds all.
  sh(process.execPath, ['scripts/package.mjs', '--host']);
}

const env = { ...process.env, DIAMOND_REPO_ROOT: root };
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env,
});
process.exit(r.status ?? 1);
