/**
 * The one lint config and the one formatter, run by the test command (so CI enforces the architecture boundary,
 * not good intentions): no ESLint error anywhere, the boundary rule itself refusing what it must, and every file
 * Prettier formats as Prettier would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';
import { repoRoot } from '../support/repo';

const root = repoRoot();

test('eslint: no errors in the repository', { timeout: 300_000 }, async () => {
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(['.']);
  const errors = results.flatMap((r) =>
    r.messages
      .filter((m) => m.severity === 2)
      .map((m) => `${r.filePath.slice(root.length + 1)}:${m.line} ${m.ruleId}: ${m.message}`),
  );
  assert.ok(results.length > 100, `${results.length} files linted`);
  assert.deepEqual(errors, []);
});

test('eslint: the boundary rule refuses editor and Node imports in the engine, not in the client', async () => {
  const eslint = new ESLint({ cwd: root });
  const restricted = async (file: string, text: string) =>
    (await eslint.lintText(text, { filePath: join(root, file) }))[0].messages
      .filter((m) => m.ruleId === 'no-restricted-imports')
      .map((m) => m.message);
  const vscode = "import * as vscode from 'vscode';\nexport const v = vscode;\n";
  const fs = "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n";
  const server = "import { x } from '../../server/src/session';\nexport const y = x;\n";
  assert.match((await restricted('engine/src/boundary-probe.ts', vscode)).join('\n'), /editor-free/);
  assert.match((await restricted('engine/src/boundary-probe.ts', fs)).join('\n'), /source text in/);
  assert.match((await restricted('engine/src/boundary-probe.ts', server)).join('\n'), /nothing above it/);
  assert.match((await restricted('chain/src/boundary-probe.ts', vscode)).join('\n'), /\S/);
  assert.deepEqual(await restricted('client/src/boundary-probe.ts', vscode), []);
});

test('prettier: every file it formats is formatted', { timeout: 300_000 }, async () => {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  const files = listed.stdout.split('\0').filter(Boolean);
  const ignorePath = join(root, '.prettierignore');
  const unformatted: string[] = [];
  let checked = 0;
  for (const file of files) {
    const path = join(root, file);
    const info = await prettier.getFileInfo(path, { ignorePath });
    if (info.ignored || !info.inferredParser) continue;
    const options = (await prettier.resolveConfig(path)) ?? {};
    checked++;
    if (!(await prettier.check(readFileSync(path, 'utf8'), { ...options, filepath: path })))
      unformatted.push(file);
  }
  assert.ok(checked > 100, `${checked} files checked`);
  assert.deepEqual(unformatted, [], 'run npm run format');
});
