import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { compileProject } from '../../chain/src/compile';
import { compileInWorker } from '../../chain/src/compile-in-worker';
import { hasErrors, type CompileProgress } from '../../chain/src/compile-types';
import { fixture, repoRoot, tempWorkspace } from './support/env';

const ws = tempWorkspace('compile');
after(() => ws.cleanup());
const cacheDir = (name: string): string => join(ws.dir, 'cache', name);

describe('compileProject', () => {
  test('resolves relative, remapped and node_modules imports; artifacts carry solc outputs', async () => {
    const r = await compileProject({ root: fixture('compile-ok'), cacheDir: cacheDir('ok') });
    assert.deepEqual(
      r.errors.filter((e) => e.severity === 'error'),
      [],
    );
    const files = Object.fromEntries(r.contracts.map((c) => [c.name, c.file]));
    assert.deepEqual(files, {
      Token: 'src/Token.sol',
      Math: 'vendor/mylib/Math.sol',
      IERC20: '@openzeppelin/contracts/token/ERC20/IERC20.sol',
    });
    const token = r.contracts.find((c) => c.name === 'Token')!;
    // Selectors computed by hand (keccak of the canonical signature), not by the code under test.
    assert.equal(token.methodIdentifiers['transfer(address,uint256)'], 'a9059cbb');
    assert.equal(token.methodIdentifiers['balances(address)'], '27e235e3');
    assert.equal(token.methodIdentifiers['paint((uint256,uint256),uint8)'], '00839aff');
    assert.deepEqual(
      token.storageLayout?.storage.map((s) => [s.label, s.slot]),
      [
        ['total', '0'],
        ['balances', '1'],
      ],
    );
    assert.match(token.bytecode, /^0x60[0-9a-f]{100,}$/);
    assert.match(token.deployedBytecode, /^0x60[0-9a-f]{100,}$/);
    assert.ok(token.abi.some((e) => e.type === 'function' && e.name === 'peek'));
  });

  test('a broken file: error with file, 1-based line/column and UTF-16 offsets; exit data for the CLI', async () => {
    const root = fixture('compile-broken');
    const r = await compileProject({ root, cacheDir: cacheDir('broken') });
    assert.ok(hasErrors(r));
    const errors = r.errors.filter((e) => e.severity === 'error');
    assert.equal(errors.length, 1);
    const e = errors[0];
    const text = readFileSync(join(root, 'Broken.sol'), 'utf8');
    const at = text.indexOf('undefinedThing');
    assert.equal(e.file, 'Broken.sol');
    assert.equal(e.line, 7);
    assert.equal(e.column, 16);
    // The comment above holds 'Ü' (2 UTF-8 bytes, 1 UTF-16 unit): solc's byte offset would be one more.
    assert.equal(e.start, at);
    assert.equal(e.end, at + 'undefinedThing'.length);
    assert.equal(e.code, '7576');
    assert.match(e.message, /Undeclared identifier/);
    assert.match(e.formatted, /Broken\.sol:7:16/);
  });

  test('cache: a hit when nothing changed; an unsaved buffer or a changed import outside the root misses', async () => {
    const proj = join(ws.dir, 'proj');
    const ext = join(ws.dir, 'external');
    mkdirSync(proj, { recursive: true });
    mkdirSync(ext, { recursive: true });
    writeFileSync(join(proj, 'remappings.txt'), `ext/=${ext}/\n`);
    writeFileSync(
      join(ext, 'Lib.sol'),
      '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\nlibrary Lib { function one() internal pure returns (uint256) { return 1; } }\n',
    );
    const main = join(proj, 'Main.sol');
    const source =
      '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\nimport {Lib} from "ext/Lib.sol";\ncontract Main { function f() external pure returns (uint256) { return Lib.one(); } }\n';
    writeFileSync(main, source);
    const opts = { root: proj, cacheDir: cacheDir('proj') };

    const first = await compileProject(opts);
    assert.equal(first.cached, undefined);
    assert.ok(!hasErrors(first), JSON.stringify(first.errors));
    const second = await compileProject(opts);
    assert.equal(second.cached, true);
    assert.deepEqual(second.contracts, first.contracts);

    const edited = source.replace('function f()', 'function g() external {} function f()');
    const withBuffer = await compileProject({ ...opts, sources: { [main]: edited } });
    assert.equal(withBuffer.cached, undefined);
    assert.equal(withBuffer.contracts.find((c) => c.name === 'Main')?.methodIdentifiers['g()'], 'e2179b8e');
    assert.equal((await compileProject({ ...opts, sources: { 'Main.sol': edited } })).cached, true);

    assert.equal((await compileProject(opts)).cached, undefined, 'back to the disk text: recompiled');
    assert.equal((await compileProject(opts)).cached, true);
    writeFileSync(
      join(ext, 'Lib.sol'),
      readFileSync(join(ext, 'Lib.sol'), 'utf8').replace('return 1', 'return 2'),
    );
    assert.equal((await compileProject(opts)).cached, undefined, 'external import changed: recompiled');
  });
});

describe('compileInWorker', () => {
  const workerPath = join(repoRoot(), 'dist', 'compile-worker.js');

  test('same artifacts as in-thread, progress reported, the calling thread keeps running', async () => {
    const inThread = await compileProject({ root: fixture('compile-ok'), cacheDir: cacheDir('ok-thread') });
    const progress: CompileProgress[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const r = await compileInWorker({
      root: fixture('compile-ok'),
      cacheDir: cacheDir('ok-worker'),
      workerPath,
      onProgress: (p) => progress.push(p),
    });
    clearInterval(timer);
    assert.equal(r.cached, undefined);
    assert.deepEqual(r.contracts, inThread.contracts);
    assert.ok(
      progress.some((p) => /Compiling \d+ file/.test(p.message)),
      JSON.stringify(progress),
    );
    // solc load + compile take hundreds of ms in the worker; this thread's timers kept firing.
    assert.ok(ticks >= 5, `main thread timer fired ${ticks} times`);
  });

  test('errors come back from the worker like in-thread', async () => {
    const r = await compileInWorker({
      root: fixture('compile-broken'),
      cacheDir: cacheDir('broken-worker'),
      workerPath,
    });
    assert.deepEqual(
      r.errors.filter((e) => e.severity === 'error').map((e) => [e.file, e.line, e.column]),
      [['Broken.sol', 7, 16]],
    );
  });

  test('abort terminates the worker mid-compile', async () => {
    const ac = new AbortController();
    const started = Date.now();
    const p = compileInWorker({
      root: fixture('compile-ok'),
      cacheDir: cacheDir('ok-abort'),
      workerPath,
      signal: ac.signal,
      onProgress: () => ac.abort(),
    });
    await assert.rejects(p, (err: Error) => err.name === 'AbortError');
    assert.ok(Date.now() - started < 5_000);
    await assert.rejects(compileInWorker({ root: fixture('compile-ok'), workerPath, signal: ac.signal }), {
      name: 'AbortError',
    });
  });
});
