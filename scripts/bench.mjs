// npm run bench: builds, then runs every benchmark in bench/ (each prints its own numbers).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (args) =>
  spawnSync(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, DIAMOND_REPO_ROOT: root },
  });

if (run(['scripts/build.mjs', '--tests']).status !== 0) process.exit(1);
let failed = 0;
for (const b of ['edit-latency', 'loupe', 'upgrade-simulate', 'upgrade-plan']) {
  const file = `out/bench/${b}.js`;
  if (!existsSync(`${root}/${file}`)) continue;
  console.log(`\n== ${b}`);
  if (run([file]).status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
