/**
 * The project model (host/src/project.ts): a project's files (one discovery, one skip rule), its remappings
 * from every source in solc's order, where things live, which project a folder belongs to, what one compile
 * of a folder takes, and the compile edge (chain/src/compile-sources.ts solcRemappings). Also the engine's
 * remapping intake (it reads no remapping file itself). Real folders: the project-model fixture and temp trees.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createAnalysisService, defaultConfig, formatRemapping } from '../../engine';
import { solcRemappings } from '../../chain/src/compile-sources';
import { findSolidityFiles } from '../../host/src/files';
import {
  compileRootOf,
  compileSourcesOf,
  createProjectService,
  openProject,
  projectRootFor,
} from '../../host/src/project';
import { HEADER, repoRoot } from './service-support';

const FX = join(repoRoot(), 'test', 'fixtures', 'workspaces', 'project-model');
const strings = (list: readonly Parameters<typeof formatRemapping>[0][]): string[] =>
  list.map(formatRemapping);

/** A temp folder with the given files (path → text). */
function tree(files: Record<string, string>): { root: string; close(): void } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'diamond-project-model-')));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
  return { root, close: () => rmSync(root, { recursive: true, force: true }) };
}

test('the fixture project: its files without .hidden/, inherited then config remappings, its places', () => {
  const app = openProject(join(FX, 'app'));
  assert.equal(app.root, `${FX}/app`);
  assert.deepEqual(app.files, [
    `${FX}/app/facets/AlphaFacet.sol`,
    `${FX}/app/facets/BetaFacet.sol`,
    `${FX}/app/vendor/cfg/FromConfig.sol`,
  ]);
  // app/ has no remapping file of its own: the parent's first, then diamond.config.json's (resolved against app/).
  assert.deepEqual(strings(app.remappings), [`@parent/=${FX}/lib/parent/`, `@cfg/=${FX}/app/vendor/cfg/`]);
  assert.equal(app.configIssue, undefined);
  assert.deepEqual(app.config?.remappings, ['@cfg/=vendor/cfg/']);
  assert.equal(app.compileRoot, `${FX}/app`, 'no contracts/ folder: the root');
  assert.equal(app.recordsDir, `${FX}/app/.diamond/deployments`);
  assert.equal(app.cacheDir, `${FX}/app/.diamond/cache`);
  // Bounded by the workspace folder app/ itself: nothing inherited.
  assert.deepEqual(strings(openProject(join(FX, 'app'), { top: join(FX, 'app') }).remappings), [
    `@cfg/=${FX}/app/vendor/cfg/`,
  ]);
  // The folder project owns what no nested config claims.
  const folder = openProject(FX);
  assert.deepEqual(folder.files, [`${FX}/lib/parent/FromParent.sol`]);
  assert.deepEqual(strings(folder.remappings), [`@parent/=${FX}/lib/parent/`]);
});

test('one discovery: hidden, dependency and build folders are skipped for every caller', () => {
  const t = tree({
    'A.sol': HEADER,
    'src/B.sol': HEADER,
    '.hidden/C.sol': HEADER,
    '.deps/npm/D.sol': HEADER,
    'node_modules/x/E.sol': HEADER,
    'cache/F.sol': HEADER,
    'out/G.sol': HEADER,
    'lib/forge-std/H.sol': HEADER,
  });
  try {
    const want = [`${t.root}/A.sol`, `${t.root}/lib/forge-std/H.sol`, `${t.root}/src/B.sol`];
    assert.deepEqual(findSolidityFiles(t.root), want);
    assert.deepEqual(openProject(t.root).files, want);
    assert.deepEqual(compileSourcesOf(t.root).files, want);
  } finally {
    t.close();
  }
});

test('remappings in solc order: remappings.txt, foundry.toml, then the config (the later wins)', () => {
  const t = tree({
    'remappings.txt': '@a/=lib/a/\nsrc/:@b/=lib/b/\n',
    'foundry.toml': '[profile.default]\nremappings = ["@a/=lib/a2/"]\n',
    'diamond.config.json': '{ "remappings": ["@a/=lib/a3/"] }\n',
    'pkg/diamond.config.json': '{ "remappings": ["@p/=p/"] }\n',
    'pkg/remappings.txt': '@own/=own/\n',
    'bad/diamond.config.json': '{ "remappings": ["@x/=x/"], "colour": 1 }\n',
  });
  try {
    assert.deepEqual(strings(openProject(t.root).remappings), [
      `@a/=${t.root}/lib/a/`,
      `${t.root}/src/:@b/=${t.root}/lib/b/`,
      `@a/=${t.root}/lib/a2/`,
      `@a/=${t.root}/lib/a3/`,
    ]);
    // A root with a remapping file of its own inherits nothing.
    assert.deepEqual(strings(openProject(join(t.root, 'pkg')).remappings), [
      `@own/=${t.root}/pkg/own/`,
      `@p/=${t.root}/pkg/p/`,
    ]);
    // A config with problems: reported, and none of its remappings used.
    const bad = openProject(join(t.root, 'bad'));
    assert.equal(bad.config, undefined);
    assert.equal(bad.configIssue?.file, `${t.root}/bad/diamond.config.json`);
    assert.match(bad.configIssue?.problems[0]?.message ?? '', /colour/);
    assert.ok(!strings(bad.remappings).some((r) => r.startsWith('@x/')));
  } finally {
    t.close();
  }
});

test('projectRootFor: the nearest config at or above, else the parent of its contracts/, bounded by top', () => {
  const t = tree({
    'layout/contracts/facets/A.sol': HEADER,
    'layout/remappings.txt': '',
    'configured/diamond.config.json': '{}\n',
    'configured/contracts/src/B.sol': HEADER,
    'plain/src/C.sol': HEADER,
  });
  try {
    assert.equal(projectRootFor(`${t.root}/layout/contracts`), `${t.root}/layout`);
    assert.equal(
      projectRootFor(`${t.root}/layout/contracts`, `${t.root}/layout/contracts`),
      `${t.root}/layout/contracts`,
    );
    assert.equal(projectRootFor(`${t.root}/configured/contracts/src`), `${t.root}/configured`);
    assert.equal(projectRootFor(`${t.root}/plain/src`), `${t.root}/plain/src`);
    assert.equal(compileRootOf(`${t.root}/layout`), `${t.root}/layout/contracts`);
    assert.equal(compileRootOf(`${t.root}/plain`), `${t.root}/plain`);
    // Compiling the compile root: the project's files below it, the project's remappings and cache.
    const sources = compileSourcesOf(`${t.root}/configured/contracts`);
    assert.equal(sources.project.root, `${t.root}/configured`);
    assert.equal(sources.project.cacheDir, `${t.root}/configured/.diamond/cache`);
    assert.deepEqual(sources.files, [`${t.root}/configured/contracts/src/B.sol`]);
  } finally {
    t.close();
  }
});

test('compileSourcesOf a folder with a nested project: every file, each nested remapping scoped to its folder', () => {
  const sources = compileSourcesOf(FX, { top: FX });
  assert.equal(sources.project.root, FX);
  assert.deepEqual(sources.files, [
    `${FX}/app/facets/AlphaFacet.sol`,
    `${FX}/app/facets/BetaFacet.sol`,
    `${FX}/app/vendor/cfg/FromConfig.sol`,
    `${FX}/lib/parent/FromParent.sol`,
  ]);
  assert.deepEqual(strings(sources.remappings), [
    `@parent/=${FX}/lib/parent/`,
    `${FX}/app/:@parent/=${FX}/lib/parent/`,
    `${FX}/app/:@cfg/=${FX}/app/vendor/cfg/`,
  ]);
});

test('solcRemappings: paths below the base become unit names, others stay absolute; order kept', () => {
  const r = (context: string, prefix: string, target: string) => ({ context, prefix, target });
  assert.deepEqual(
    solcRemappings('/p', [
      r('', '@a/', '/p/lib/a/'),
      r('/p/app/', '@c/', '/p/app/vendor/c/'),
      r('', '@ext/', '/elsewhere/ext/'),
      r('/elsewhere/', '@e/', '/p/e/'),
      r('', '@root/', '/p/'),
      r('', 'pkg/', 'pkg/'),
      r('', '@a/', '/p/lib/a/'),
    ]),
    [
      '@a/=lib/a/',
      'app/:@c/=app/vendor/c/',
      '@ext/=/elsewhere/ext/',
      '/elsewhere/:@e/=e/',
      '@root/=',
      'pkg/=pkg/',
    ],
  );
  assert.deepEqual(solcRemappings('/p/contracts', [r('', '@lib/', '/p/lib/')]), ['@lib/=/p/lib/']);
});

test('engine intake: the service takes the remapping list whole, replaces it, and an equal list changes nothing', () => {
  const files = new Map([
    ['/ws/src/Use.sol', `${HEADER}import {Lib} from "@x/Lib.sol";\ncontract UseFacet is Lib {}\n`],
    ['/ws/one/Lib.sol', `${HEADER}abstract contract Lib { function one() external {} }\n`],
    ['/ws/two/Lib.sol', `${HEADER}abstract contract Lib { function two() external {} }\n`],
    // Never read: the engine reads no remapping file of its own.
    ['/ws/remappings.txt', '@x/=two/\n'],
  ]);
  const host = { readFile: (f: string) => files.get(f) };
  const service = createAnalysisService(host, { root: '/ws', remappings: ['@x/=one/'] });
  service.updateFile('/ws/src/Use.sol', files.get('/ws/src/Use.sol')!);
  const fns = () =>
    service
      .contractSelectors()
      .find((c) => c.name === 'UseFacet')
      ?.functions.map((f) => f.signature);
  assert.deepEqual(fns(), ['one()']);
  service.setRemappings([{ context: '', prefix: '@x/', target: '/ws/two/' }]);
  assert.deepEqual(fns(), ['two()']);
  const computed = service.stats.selectorComputations;
  service.setRemappings([{ context: '', prefix: '@x/', target: '/ws/two/' }]);
  assert.deepEqual(fns(), ['two()']);
  assert.equal(service.stats.selectorComputations, computed, 'an equal list is a no-op: nothing recomputed');
  // The config's remappings are the project model's to merge, not the engine's.
  service.setConfig({ ...defaultConfig(), remappings: ['@x/=one/'] });
  assert.deepEqual(fns(), ['two()']);
});

test('createProjectService: the project files analysed with the project remappings', () => {
  const service = createProjectService(openProject(join(FX, 'app')));
  const alpha = service.contractSelectors().find((c) => c.name === 'AlphaFacet');
  assert.deepEqual(alpha?.functions.map((f) => f.signature).sort(), ['alpha()', 'ping()', 'pong()']);
  assert.ok(!service.contractSelectors().some((c) => c.name === 'GhostFacet'));
});
