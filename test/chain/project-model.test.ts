/**
 * One project model for analysis and build (host/src/project.ts), on a fixture where today's copies used to
 * disagree: `app/.hidden/GhostFacet.sol` (the compile walk skipped hidden folders, the analysis walk did not),
 * an import only diamond.config.json's remapping resolves (`@cfg/`, the compiler ignored the config) and one
 * only the parent folder's remappings.txt resolves (`@parent/`, inherited by app/: the compiler did not
 * inherit). Both faces: the CLI (`diamond check` / `selectors` / `build`, spawned), and what the VS Code
 * commands call (compileInWorker with the workspace folder as root and top; loadLocalKnowledge for the loupe).
 * Real solc-js; the expected files and selectors are written here by hand (selectors: ethers' keccak).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { id } from 'ethers';
import { compileProject } from '../../chain/src/compile';
import { compileInWorker } from '../../chain/src/compile-in-worker';
import { loadLocalKnowledge } from '../../chain/src/local-knowledge';
import { runCli } from './support/cli';
import { repoRoot, tempWorkspace } from './support/env';

const FIXTURE = join(repoRoot(), 'test', 'fixtures', 'workspaces', 'project-model');
const selector = (signature: string): string => id(signature).slice(2, 10);

const ws = tempWorkspace('project-model');
after(() => ws.cleanup());

/** A fresh copy of the fixture (builds write their cache into the project). */
function copy(name: string): string {
  const dir = join(ws.dir, name);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** The app/ project's own .sol files: .hidden/ is not among them. */
const APP_FILES = ['app/facets/AlphaFacet.sol', 'app/facets/BetaFacet.sol', 'app/vendor/cfg/FromConfig.sol'];

describe('CLI: diamond check / selectors and diamond build take one project model', () => {
  test('analysis and build see the same files and resolve the config and inherited remappings alike', async () => {
    const dir = copy('cli');
    assert.ok(
      existsSync(join(dir, 'app', '.hidden', 'GhostFacet.sol')),
      'the fixture holds the hidden facet',
    );

    const selectors = await runCli(['selectors', 'app', '--json'], { cwd: dir, env: ws.env });
    assert.equal(selectors.code, 0, selectors.stderr);
    const analysed = JSON.parse(selectors.stdout) as {
      contracts: { name: string; file: string; functions: { signature: string; selector: string }[] }[];
    };
    assert.deepEqual([...new Set(analysed.contracts.map((c) => c.file))].sort(), APP_FILES);
    // ping() through @cfg/ (diamond.config.json), pong() through @parent/ (../remappings.txt).
    const alpha = analysed.contracts.find((c) => c.name === 'AlphaFacet');
    assert.deepEqual(Object.fromEntries((alpha?.functions ?? []).map((f) => [f.signature, f.selector])), {
      'alpha()': `0x${selector('alpha()')}`,
      'ping()': `0x${selector('ping()')}`,
      'pong()': `0x${selector('pong()')}`,
    });

    const check = await runCli(['check', 'app', '--json'], { cwd: dir, env: ws.env });
    assert.equal(check.code, 1, check.stderr);
    const { findings } = JSON.parse(check.stdout) as {
      findings: { rule: string; file: string; message: string; related: { file: string }[] }[];
    };
    // The inherited ping() and pong() collide with BetaFacet's; boo() would only with the hidden GhostFacet.
    assert.deepEqual(findings.map((f) => `${f.rule} ${f.file} ${/^(\w+\(\))/.exec(f.message)?.[1]}`).sort(), [
      'duplicate-selector app/facets/AlphaFacet.sol ping()',
      'duplicate-selector app/facets/AlphaFacet.sol pong()',
      'duplicate-selector app/facets/BetaFacet.sol ping()',
      'duplicate-selector app/facets/BetaFacet.sol pong()',
    ]);
    assert.ok(
      findings.every((f) => ![f.file, ...f.related.map((r) => r.file)].some((p) => p.includes('.hidden'))),
      check.stdout,
    );

    const build = await runCli(['build', '--root', 'app', '--json'], { cwd: dir, env: ws.env });
    assert.equal(build.code, 0, build.stdout + build.stderr);
    const built = JSON.parse(build.stdout) as {
      contracts: { name: string; file: string }[];
      errors: unknown[];
    };
    assert.deepEqual(built.errors, []);
    const builtFiles = [...new Set(built.contracts.map((c) => c.file))].sort();
    // The project's sources, as analysed, plus the library the inherited remapping reaches outside app/.
    assert.deepEqual(builtFiles, [
      'app/facets/AlphaFacet.sol',
      'app/facets/BetaFacet.sol',
      'app/vendor/cfg/FromConfig.sol',
      'lib/parent/FromParent.sol',
    ]);
    assert.deepEqual(
      builtFiles.filter((f) => f.startsWith('app/')),
      [...new Set(analysed.contracts.map((c) => c.file))].sort(),
    );
    // The cache lives where the project model says: the project root's .diamond/cache.
    assert.equal(
      readdirSync(join(dir, 'app', '.diamond', 'cache')).filter((f) => f.endsWith('.json')).length,
      1,
    );
  });
});

describe('what the VS Code commands call', () => {
  test('Build Facets: compileInWorker on the workspace folder compiles what the server analyses there', async () => {
    const dir = copy('client');
    const r = await compileInWorker({
      root: dir,
      top: dir,
      workerPath: join(repoRoot(), 'dist', 'compile-worker.js'),
    });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.contracts.map((c) => `${c.name} ${c.file}`).sort(), [
      'AlphaFacet app/facets/AlphaFacet.sol',
      'BetaFacet app/facets/BetaFacet.sol',
      'FromConfig app/vendor/cfg/FromConfig.sol',
      'FromParent lib/parent/FromParent.sol',
    ]);
    const alpha = r.contracts.find((c) => c.name === 'AlphaFacet')!;
    assert.deepEqual(alpha.methodIdentifiers, {
      'alpha()': selector('alpha()'),
      'ping()': selector('ping()'),
      'pong()': selector('pong()'),
    });
    assert.ok(existsSync(join(dir, '.diamond', 'cache')), 'the folder project keeps the cache');
  });

  test("loupe / deploy: <root>/contracts compiles with the root project's config and remapping files", async () => {
    // The DLOOP layout: the config and remappings.txt at the root, the sources in contracts/.
    const root = join(ws.dir, 'layout');
    const write = (rel: string, text: string) => {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    const header = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\n';
    write('diamond.config.json', '{ "remappings": ["@cfg/=vendor/cfg/"] }\n');
    write('remappings.txt', '@lib/=lib/\n');
    write(
      'vendor/cfg/Ping.sol',
      `${header}abstract contract Ping { function ping() external pure returns (uint256) { return 1; } }\n`,
    );
    write(
      'lib/Pong.sol',
      `${header}abstract contract Pong { function pong() external pure returns (uint256) { return 2; } }\n`,
    );
    write(
      'contracts/facets/GammaFacet.sol',
      `${header}import {Ping} from "@cfg/Ping.sol";\nimport {Pong} from "@lib/Pong.sol";\ncontract GammaFacet is Ping, Pong {}\n`,
    );
    write('contracts/.hidden/Ghost.sol', `${header}contract Ghost { function boo() external {} }\n`);

    const local = await loadLocalKnowledge(root, 31337, undefined);
    assert.deepEqual(local.compileErrors, []);
    assert.equal(local.compiledRoot, join(root, 'contracts'));
    assert.deepEqual(local.artifacts.map((a) => a.name).sort(), ['GammaFacet', 'Ping', 'Pong']);
    const gamma = local.artifacts.find((a) => a.name === 'GammaFacet')!;
    assert.equal(gamma.file, 'facets/GammaFacet.sol');
    assert.deepEqual(gamma.methodIdentifiers, { 'ping()': selector('ping()'), 'pong()': selector('pong()') });
    // One cache for the project, at its root, whichever folder of it is compiled.
    assert.ok(existsSync(join(root, '.diamond', 'cache')));
    assert.ok(!existsSync(join(root, 'contracts', '.diamond')));
  });
});

describe('a config with problems', () => {
  test('the build goes on with the remapping files and says, cached or not, why the config is left out', async () => {
    const root = join(ws.dir, 'bad-config');
    mkdirSync(join(root, 'lib'), { recursive: true });
    const header = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\n';
    writeFileSync(
      join(root, 'diamond.config.json'),
      '{ "remappings": ["@cfg/=vendor/cfg/"], "colour": 1 }\n',
    );
    writeFileSync(join(root, 'remappings.txt'), '@lib/=lib/\n');
    writeFileSync(
      join(root, 'lib', 'Pong.sol'),
      `${header}abstract contract Pong { function pong() external {} }\n`,
    );
    writeFileSync(
      join(root, 'A.sol'),
      `${header}import {Pong} from "@lib/Pong.sol";\ncontract A is Pong {}\n`,
    );
    for (const cached of [undefined, true]) {
      const r = await compileProject({ root });
      assert.equal(r.cached, cached);
      assert.deepEqual(
        r.errors.map((e) => [e.severity, e.file]),
        [['warning', undefined]],
      );
      assert.match(r.errors[0].message, /diamond\.config\.json: .*colour.*compiled without its remappings/);
      assert.deepEqual(r.contracts.map((c) => c.name).sort(), ['A', 'Pong']);
    }
  });
});
