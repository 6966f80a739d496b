/**
 * The build cache is never trusted for what the workspace supplies (issue "faults and hostile input", item 4):
 * `.diamond/cache` lives in the repository, so anyone who can commit can edit it. A cache entry whose artifacts
 * were changed (a facet's bytecode swapped for another's), or one written by someone else (another user, another
 * machine, a commit), is not used: the build recompiles, and its artifacts equal solc's own compile of the
 * sources (run here, independently of the code under test).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import solc from 'solc';
import { compileProject } from '../../chain/src/compile';
import { runCli } from './support/cli';
import { fixture, tempWorkspace } from './support/env';

const ws = tempWorkspace('cache-trust');
after(() => ws.cleanup());

function solFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('.')) solFiles(p, out);
    else if (e.name.endsWith('.sol')) out.push(p);
  }
  return out;
}

/** solc-js on the sources as they are on disk, with the settings `diamond build` uses: the expected artifacts. */
function solcOwnCompile(root: string): Record<string, { bytecode: string; deployedBytecode: string }> {
  const sources = Object.fromEntries(
    solFiles(root).map((f) => [relative(root, f), { content: readFileSync(f, 'utf8') }]),
  );
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      remappings: [],
      optimizer: { enabled: false, runs: 200 },
      outputSelection: { '*': { '*': ['evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as {
    contracts: Record<
      string,
      Record<string, { evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>
    >;
  };
  const byName: Record<string, { bytecode: string; deployedBytecode: string }> = {};
  for (const contracts of Object.values(out.contracts))
    for (const [name, c] of Object.entries(contracts))
      byName[name] = {
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      };
  return byName;
}

function cacheFiles(root: string): string[] {
  const dir = join(root, '.diamond', 'cache');
  return readdirSync(dir)
    .filter((n) => n.startsWith('compile-'))
    .map((n) => join(dir, n));
}

describe('the build cache in the repository is not trusted', () => {
  const root = join(ws.dir, 'diamond');
  cpSync(fixture('diamond'), root, { recursive: true });
  const expected = solcOwnCompile(root);

  test("a facet whose cached bytecode was swapped for another facet's: recompiled, solc's own artifacts", async () => {
    const first = await compileProject({ root });
    assert.notEqual(first.cached, true);
    const counter = first.contracts.find((c) => c.name === 'CounterFacet')!;
    const greeter = first.contracts.find((c) => c.name === 'GreeterFacet')!;
    assert.equal(counter.deployedBytecode, expected.CounterFacet.deployedBytecode, "a fresh build is solc's");
    const [file] = cacheFiles(root);
    const text = readFileSync(file, 'utf8');
    const forged = text
      .split(counter.deployedBytecode.slice(2))
      .join(greeter.deployedBytecode.slice(2))
      .split(counter.bytecode.slice(2))
      .join(greeter.bytecode.slice(2));
    assert.notEqual(forged, text, 'the entry was edited');
    writeFileSync(file, forged);

    const again = await compileProject({ root });
    assert.notEqual(again.cached, true, 'not "up to date" from an edited entry');
    const after = again.contracts.find((c) => c.name === 'CounterFacet')!;
    assert.equal(after.deployedBytecode, expected.CounterFacet.deployedBytecode);
    assert.equal(after.bytecode, expected.CounterFacet.bytecode);
    for (const c of again.contracts)
      assert.equal(c.deployedBytecode, expected[c.name]?.deployedBytecode, c.name);

    writeFileSync(cacheFiles(root)[0], forged);
    const cli = await runCli(['build', '--root', root], { cwd: ws.dir, env: ws.env });
    assert.equal(cli.code, 0, cli.stderr);
    assert.doesNotMatch(cli.stdout, /up to date/, 'the CLI does not call an edited cache up to date');
  });

  test("an entry written by someone else (another user, a commit): recompiled; then this user's own entry hits", async () => {
    const mine = await compileProject({ root });
    assert.equal(mine.cached, true, 'the entry this user just wrote is used');
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = join(ws.dir, 'another-user-cache');
    mkdirSync(process.env.XDG_CACHE_HOME, { recursive: true });
    try {
      const theirs = await compileProject({ root });
      assert.notEqual(theirs.cached, true, 'another user does not take this entry on trust');
      for (const c of theirs.contracts)
        assert.equal(c.deployedBytecode, expected[c.name]?.deployedBytecode, c.name);
      assert.equal((await compileProject({ root })).cached, true, 'their own entry hits');
    } finally {
      process.env.XDG_CACHE_HOME = saved;
    }
  });
});
