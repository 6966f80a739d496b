/**
 * Nested diamond.config.json projects (host/src/project-partition.ts, project-config.ts): which folders
 * root a project, which project owns a file, what the CLI makes of a path, and remappings a nested
 * project inherits from the folder above. Real folders on disk (temp trees and the nested-projects fixture).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatRemapping } from '../../engine';
import { inheritedRemappings as inheritedList } from '../../host/src/project-config';
import {
  nearestConfigDir,
  partitionFolder,
  ProjectPartition,
  projectsForPaths,
  scanFolder,
} from '../../host/src/project-partition';
import { repoRoot } from './service-support';

const inheritedRemappings = (root: string, top?: string): string[] =>
  inheritedList(root, top).map(formatRemapping);
const FIXTURE = join(repoRoot(), 'test', 'fixtures', 'workspaces', 'nested-projects');
const SOL = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\ncontract X {}\n';

/** A temp folder with the given files ('' content for a config means `{}`). */
function tree(files: string[]): { root: string; close(): void } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'diamond-partition-')));
  for (const f of files) {
    const p = join(root, f);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.endsWith('.json') ? '{}\n' : f.endsWith('.sol') ? SOL : '');
  }
  return { root, close: () => rmSync(root, { recursive: true, force: true }) };
}

test('scanFolder: configs and .sol files, skipping dependency, build and every hidden folder (.git, .diamond...)', () => {
  const t = tree([
    'diamond.config.json',
    'A.sol',
    'pkg/diamond.config.json',
    'pkg/src/B.sol',
    'pkg/deep/diamond.config.json',
    'pkg/deep/C.sol',
    'plain/D.sol',
    ...['node_modules', '.git', 'out', 'dist', 'cache', 'artifacts', '.diamond', '.hidden', '.deps'].flatMap(
      (d) => [
        `${d}/diamond.config.json`,
        `${d}/sub/diamond.config.json`,
        `${d}/Skipped.sol`,
        `pkg/${d}/diamond.config.json`,
      ],
    ),
  ]);
  try {
    const scan = scanFolder(t.root);
    assert.deepEqual(scan.configDirs, [t.root, `${t.root}/pkg`, `${t.root}/pkg/deep`]);
    assert.deepEqual(scan.files, [
      `${t.root}/A.sol`,
      `${t.root}/pkg/deep/C.sol`,
      `${t.root}/pkg/src/B.sol`,
      `${t.root}/plain/D.sol`,
    ]);
    // The folders it read: none of the skipped ones.
    assert.deepEqual(
      [...scan.dirs].sort(),
      ['', '/pkg', '/pkg/deep', '/pkg/src', '/plain'].map((d) => `${t.root}${d}`),
    );
    // A single file scans as itself.
    assert.deepEqual(scanFolder(`${t.root}/pkg/src/B.sol`), {
      files: [`${t.root}/pkg/src/B.sol`],
      configDirs: [],
      dirs: [],
    });
  } finally {
    t.close();
  }
});

test('ProjectPartition: the deepest root owns a file; a sibling folder sharing a name prefix does not', () => {
  const p = new ProjectPartition(['/ws/a/b', '/ws', '/ws/a', '/ws/a']);
  assert.deepEqual(p.roots, ['/ws', '/ws/a', '/ws/a/b']);
  assert.equal(p.ownerOf('/ws/X.sol'), '/ws');
  assert.equal(p.ownerOf('/ws/a/X.sol'), '/ws/a');
  assert.equal(p.ownerOf('/ws/a/c/X.sol'), '/ws/a');
  assert.equal(p.ownerOf('/ws/a/b/c/X.sol'), '/ws/a/b');
  assert.equal(p.ownerOf('/ws/ab/X.sol'), '/ws', '/ws/ab is not inside /ws/a');
  assert.equal(p.ownerOf('/ws/a'), '/ws/a');
  assert.equal(p.ownerOf('/elsewhere/X.sol'), undefined);
  assert.deepEqual(p.nestedIn('/ws'), ['/ws/a', '/ws/a/b']);
  assert.deepEqual(p.nestedIn('/ws/a'), ['/ws/a/b']);
  assert.deepEqual(p.nestedIn('/ws/a/b'), []);
  assert.deepEqual(
    [...p.split(['/ws/X.sol', '/ws/a/b/Y.sol', '/ws/ab/Z.sol', '/elsewhere/W.sol'])],
    [
      ['/ws', ['/ws/X.sol', '/ws/ab/Z.sol']],
      ['/ws/a', []],
      ['/ws/a/b', ['/ws/a/b/Y.sol']],
    ],
  );
  assert.ok(p.sameRoots(new ProjectPartition(['/ws/a', '/ws/a/b', '/ws'])));
  assert.ok(!p.sameRoots(new ProjectPartition(['/ws', '/ws/a'])));
});

test('partitionFolder on the fixture: the folder root and vault/, each owning its own files', () => {
  const { partition, files } = partitionFolder(FIXTURE);
  assert.deepEqual(partition.roots, [FIXTURE, `${FIXTURE}/vault`]);
  assert.deepEqual(files.get(FIXTURE), [
    `${FIXTURE}/facets/LegacyFacet.sol`,
    `${FIXTURE}/facets/TokenFacet.sol`,
    `${FIXTURE}/shared/Ticket.sol`,
  ]);
  assert.deepEqual(files.get(`${FIXTURE}/vault`), [
    `${FIXTURE}/vault/facets/VaultFacet.sol`,
    `${FIXTURE}/vault/facets/VaultV2Facet.sol`,
  ]);
});

test('partitionFolder: a folder without a config at its root is a project too, with defaults', () => {
  const t = tree(['Root.sol', 'lib/L.sol', 'app/diamond.config.json', 'app/A.sol', 'app/x/y/B.sol']);
  try {
    const { partition, files } = partitionFolder(t.root);
    assert.deepEqual(partition.roots, [t.root, `${t.root}/app`]);
    assert.deepEqual(files.get(t.root), [`${t.root}/Root.sol`, `${t.root}/lib/L.sol`]);
    assert.deepEqual(files.get(`${t.root}/app`), [`${t.root}/app/A.sol`, `${t.root}/app/x/y/B.sol`]);
  } finally {
    t.close();
  }
});

test('nearestConfigDir: the folder itself or the closest above it; bounded by stop', () => {
  assert.equal(nearestConfigDir(`${FIXTURE}/vault/facets`), `${FIXTURE}/vault`);
  assert.equal(nearestConfigDir(`${FIXTURE}/vault`), `${FIXTURE}/vault`);
  assert.equal(nearestConfigDir(`${FIXTURE}/facets`), FIXTURE);
  const t = tree(['a/b/C.sol']);
  try {
    assert.equal(nearestConfigDir(`${t.root}/a/b`, t.root), undefined);
  } finally {
    t.close();
  }
});

test('projectsForPaths: a path takes the nearest config above it and splits at configs below it', () => {
  const fallback = () => {
    throw new Error('every fixture path has a config above it');
  };
  const vault = `${FIXTURE}/vault`;
  assert.deepEqual(projectsForPaths([`${vault}/facets`], fallback), [
    {
      root: vault,
      top: vault,
      files: [`${vault}/facets/VaultFacet.sol`, `${vault}/facets/VaultV2Facet.sol`],
    },
  ]);
  assert.deepEqual(projectsForPaths([`${FIXTURE}/facets/TokenFacet.sol`], fallback), [
    { root: FIXTURE, top: FIXTURE, files: [`${FIXTURE}/facets/TokenFacet.sol`] },
  ]);
  const whole = projectsForPaths([FIXTURE], fallback);
  assert.deepEqual(
    whole.map((p) => [p.root, p.top, p.files.length]),
    [
      [FIXTURE, FIXTURE, 3],
      [vault, FIXTURE, 2],
    ],
  );
  // The same folder reached twice is one project; a path's own root is its own top.
  const twice = projectsForPaths([FIXTURE, `${vault}/facets`, `${vault}/facets/VaultFacet.sol`], fallback);
  assert.deepEqual(
    twice.map((p) => [p.root, p.top, p.files.length]),
    [
      [FIXTURE, FIXTURE, 3],
      [vault, vault, 2],
    ],
  );
});

test('projectsForPaths: no config above a path → the fallback root; configs below still split it', () => {
  const t = tree(['src/A.sol', 'src/sub/diamond.config.json', 'src/sub/B.sol', 'empty/diamond.config.json']);
  try {
    const asked: string[] = [];
    const projects = projectsForPaths([`${t.root}/src`, `${t.root}/empty`], (dir) => {
      asked.push(dir);
      return t.root;
    });
    assert.deepEqual(asked, [`${t.root}/src`]);
    assert.deepEqual(projects, [
      { root: t.root, top: t.root, files: [`${t.root}/src/A.sol`] },
      { root: `${t.root}/src/sub`, top: t.root, files: [`${t.root}/src/sub/B.sol`] },
    ]);
  } finally {
    t.close();
  }
});

test('inheritedRemappings: a nested root without remapping files takes the nearest ones above, made absolute', () => {
  assert.deepEqual(inheritedRemappings(`${FIXTURE}/vault`, FIXTURE), [`@shared/=${FIXTURE}/shared/`]);
  assert.deepEqual(inheritedRemappings(`${FIXTURE}/vault`), [`@shared/=${FIXTURE}/shared/`]);
  // A root with files of its own inherits nothing (projectRemappings reads those); nothing above the top either.
  assert.deepEqual(inheritedRemappings(FIXTURE, FIXTURE), []);
  assert.deepEqual(inheritedRemappings(`${FIXTURE}/vault`, `${FIXTURE}/vault`), []);

  const t = tree(['foundry.toml', 'pkg/a/diamond.config.json', 'own/remappings.txt']);
  try {
    writeFileSync(
      join(t.root, 'foundry.toml'),
      '[profile.default]\nremappings = ["forge-std/=lib/forge-std/src/", "src/:@x/=lib/x/"] # two\n',
    );
    writeFileSync(join(t.root, 'remappings.txt'), '@oz/=node_modules/@openzeppelin/\n');
    assert.deepEqual(inheritedRemappings(`${t.root}/pkg/a`, t.root), [
      `@oz/=${t.root}/node_modules/@openzeppelin/`,
      `forge-std/=${t.root}/lib/forge-std/src/`,
      `${t.root}/src/:@x/=${t.root}/lib/x/`,
    ]);
    assert.deepEqual(inheritedRemappings(`${t.root}/own`, t.root), []);
  } finally {
    t.close();
  }
});
