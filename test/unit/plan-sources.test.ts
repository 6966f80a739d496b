/**
 * The project model and texts kept between plans (chain/src/plan-sources.ts), on a real folder: kept while nothing
 * changed, and given up by every change that matters: a new .sol file in a folder that held none, a removed file,
 * an edited config, a remappings.txt appearing in a folder above the project, and an edit that keeps the file's
 * size and mtime (its ctime still moves). Files are dated back a minute first, as a project at rest is (a folder
 * changed within the last second is never kept: it may change again within its mtime's resolution).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileKey } from '../../host/src/files';
import { planSources, planText } from '../../chain/src/plan-sources';

const SOL = (name: string) =>
  `// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\ncontract ${name} {}\n`;

/** Dates every path back by a minute (mtime and atime; ctime is the kernel's). */
function atRest(...paths: string[]) {
  const past = new Date(Date.now() - 60_000);
  for (const p of paths) utimesSync(p, past, past);
}

describe('planSources / planText', () => {
  test('kept while nothing changed; a new file, a removed file, a config edit and a remapping file above all show', () => {
    const outer = fileKey(mkdtempSync(join(tmpdir(), 'plan-sources-')));
    const root = join(outer, 'project');
    const docs = join(root, 'contracts', 'docs');
    try {
      mkdirSync(docs, { recursive: true });
      writeFileSync(join(root, 'diamond.config.json'), '{"diamonds":[{"name":"A","facets":["AFacet"]}]}\n');
      writeFileSync(join(root, 'contracts', 'A.sol'), SOL('AFacet'));
      writeFileSync(join(docs, 'README.md'), 'no sources here\n');
      const rest = () =>
        atRest(outer, root, join(root, 'contracts'), docs, join(root, 'diamond.config.json'));
      rest();
      const compileRoot = join(root, 'contracts');

      const first = planSources(compileRoot);
      assert.deepEqual(first.files, [join(compileRoot, 'A.sol')]);
      assert.equal(planSources(compileRoot), first, 'nothing changed: the same discovery');

      // A .sol file in a folder that held none (only that folder's mtime moves).
      writeFileSync(join(docs, 'B.sol'), SOL('BFacet'));
      const second = planSources(compileRoot);
      assert.notEqual(second, first);
      assert.deepEqual(second.files, [join(compileRoot, 'A.sol'), join(docs, 'B.sol')]);
      rest();
      assert.equal(planSources(compileRoot), planSources(compileRoot), 'at rest again: kept');

      // The config edited in place (no folder changes).
      const kept = planSources(compileRoot);
      writeFileSync(join(root, 'diamond.config.json'), '{"diamonds":[{"name":"B","facets":["BFacet"]}]}\n');
      rest();
      const third = planSources(compileRoot);
      assert.notEqual(third, kept);
      assert.deepEqual(
        third.project.config?.diamonds.map((d) => d.name),
        ['B'],
      );

      // A remappings.txt appears in the folder above the project (inherited remappings).
      writeFileSync(join(outer, 'remappings.txt'), 'lib/=vendor/lib/\n');
      rest();
      atRest(join(outer, 'remappings.txt'));
      const fourth = planSources(compileRoot);
      assert.notEqual(fourth, third);
      assert.ok(
        fourth.remappings.some((r) => r.prefix === 'lib/'),
        'the inherited remapping is seen',
      );

      // A file removed.
      unlinkSync(join(docs, 'B.sol'));
      assert.deepEqual(planSources(compileRoot).files, [join(compileRoot, 'A.sol')]);
    } finally {
      rmSync(outer, { recursive: true, force: true });
    }
  });

  test('a settings file appearing in a project folder is seen without a stat of its own, also with the folder dated back', () => {
    const root = fileKey(mkdtempSync(join(tmpdir(), 'plan-sources-absent-')));
    const compileRoot = join(root, 'contracts');
    try {
      mkdirSync(compileRoot, { recursive: true });
      writeFileSync(join(root, 'diamond.config.json'), '{"diamonds":[{"name":"A","facets":["AFacet"]}]}\n');
      writeFileSync(join(compileRoot, 'A.sol'), SOL('AFacet'));
      atRest(root, compileRoot, join(root, 'diamond.config.json'), join(compileRoot, 'A.sol'));
      const first = planSources(compileRoot);
      assert.equal(planSources(compileRoot), first, 'kept');
      assert.deepEqual(first.remappings, []);

      // foundry.toml appears in the project's root; the root's mtime is then set back to what it was.
      const before = statSync(root);
      writeFileSync(join(root, 'foundry.toml'), '[profile.default]\nremappings = ["lib/=vendor/lib/"]\n');
      utimesSync(root, before.atime, before.mtime);
      atRest(join(root, 'foundry.toml'));
      assert.equal(statSync(root).mtimeMs, before.mtimeMs);
      const second = planSources(compileRoot);
      assert.notEqual(second, first, 'the folder changed (its ctime): discovered again');
      assert.ok(
        second.remappings.some((r) => r.prefix === 'lib/'),
        'the new foundry.toml is read',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a text is read again after an edit that keeps its size and mtime', () => {
    const dir = fileKey(mkdtempSync(join(tmpdir(), 'plan-text-')));
    const file = join(dir, 'A.sol');
    try {
      writeFileSync(file, SOL('AFacet'));
      atRest(file);
      const before = statSync(file);
      assert.equal(planText(file), SOL('AFacet'));
      assert.equal(planText(file), SOL('AFacet'));
      writeFileSync(file, SOL('BFacet'));
      utimesSync(file, before.atime, before.mtime);
      assert.equal(statSync(file).size, before.size);
      assert.equal(statSync(file).mtimeMs, before.mtimeMs);
      assert.equal(planText(file), SOL('BFacet'), 'ctime moved: read again');
      unlinkSync(file);
      assert.equal(planText(file), undefined, 'gone: no text');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
