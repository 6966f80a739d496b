/**
 * `diamond docs` on a copy of contracts/: writes the pages and maps under docs/diamond; `--check` passes on
 * fresh docs and exits 1 naming each stale, missing or leftover file; `--format json` writes the JSON.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseCommandArgs } from '../../cli/src/args';
import { UsageError, type CliIO } from '../../cli/src/command';
import { docsCommand } from '../../cli/src/commands/docs';
import { repoRoot } from '../support/repo';

const tmp = mkdtempSync(join(tmpdir(), 'diamond-docs-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const project = join(tmp, 'dloop');
cpSync(join(repoRoot(), 'contracts'), project, { recursive: true });
const docs = join(project, 'docs', 'diamond');

async function diamond(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    cwd: tmp,
    env: {},
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  };
  // The command as cli.ts runs it (cli.ts itself runs main when it is the entry module: a bundled test is).
  let code: number;
  try {
    code = await docsCommand.run(parseCommandArgs(docsCommand, argv.slice(1)), io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    code = 2;
  }
  return { code, stdout, stderr };
}

describe('diamond docs', () => {
  test('writes the pages and a map per diamond; a second run changes nothing', async () => {
    const r = await diamond('docs', 'dloop');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(docs).sort(), [
      'dependencies.md',
      'map-dloop-after-the-rewards-v2-upgrade.svg',
      'map-dloop.svg',
      'selectors.md',
      'storage-map.md',
    ]);
    assert.match(readFileSync(join(docs, 'storage-map.md'), 'utf8'), /## `dloop\.storage\.rewards\.v2`/);
    const again = await diamond('docs', 'dloop');
    assert.match(again.stdout, /0 written, 0 updated, 5 unchanged/);
  });

  test('--check: fresh passes; stale, missing and leftover files are named, exit 1', async () => {
    const fresh = await diamond('docs', 'dloop', '--check');
    assert.equal(fresh.code, 0, fresh.stdout + fresh.stderr);
    assert.match(fresh.stdout, /up to date \(5 files\)/);

    writeFileSync(join(docs, 'selectors.md'), readFileSync(join(docs, 'selectors.md'), 'utf8') + 'edited\n');
    rmSync(join(docs, 'map-dloop.svg'));
    writeFileSync(join(docs, 'map-old-diamond.svg'), '<svg/>');
    const stale = await diamond('docs', 'dloop', '--check');
    assert.equal(stale.code, 1);
    assert.match(stale.stdout, /selectors\.md: stale/);
    assert.match(stale.stdout, /map-dloop\.svg: missing/);
    assert.match(stale.stdout, /map-old-diamond\.svg: no longer generated/);
    assert.doesNotMatch(stale.stdout, /storage-map\.md/);
    assert.match(stale.stderr, /3 file\(s\) stale/);
    // --check wrote nothing.
    assert.ok(!existsSync(join(docs, 'map-dloop.svg')));

    const fixed = await diamond('docs', 'dloop');
    assert.match(fixed.stdout, /1 written, 1 updated, 3 unchanged, 1 removed/);
    assert.equal((await diamond('docs', 'dloop', '--check')).code, 0);
  });

  test('--format json --out DIR writes diamond-docs.json', async () => {
    const r = await diamond('docs', 'dloop', '--format', 'json', '--out', 'json-docs');
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(readFileSync(join(tmp, 'json-docs', 'diamond-docs.json'), 'utf8'));
    assert.ok(json.namespaces.some((n: { id: string }) => n.id === 'dloop.storage.rewards.v1'));
    assert.equal(
      (await diamond('docs', 'dloop', '--format', 'json', '--out', 'json-docs', '--check')).code,
      0,
    );
    assert.equal((await diamond('docs', 'dloop', '--format', 'xml')).code, 2);
  });
});
