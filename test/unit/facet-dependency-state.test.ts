/**
 * facet-state-variable for state a facet inherits from a dependency (test/fixtures/workspaces/dependency-state):
 * OpenZeppelin's Ownable from node_modules, a lib/ submodule through a remapping, a project base outside the
 * checked folder. The finding is in the facet, at its `is` specifier, `related` at the declaration.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from './storage-evm';
import { runCli } from '../chain/support/cli';

const WS = () => join(repoRoot(), 'test', 'fixtures', 'workspaces', 'dependency-state');

interface JsonFinding {
  rule: string;
  file: string;
  line: number;
  column: number;
  message: string;
  related: { file: string; line: number; message: string }[];
}

async function check(path: string): Promise<JsonFinding[]> {
  const r = await runCli(['check', path, '--json'], { cwd: WS(), env: process.env, timeoutMs: 60_000 });
  assert.equal(r.code, 1, r.stderr);
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.filter(
    (f) => f.rule === 'facet-state-variable',
  );
}

test('inherited dependency state is reported at the inheritance specifier, related at the declaration', async () => {
  const found = await check('facets');
  const at = found.map((f) => `${f.file}:${f.line}:${f.column}`).sort();
  // WithdrawFacet is Ownable (node_modules); VaultFacet is Guarded (lib/), Counted (shared/, not checked).
  assert.deepEqual(at, [
    'facets/VaultFacet.sol:7:24',
    'facets/VaultFacet.sol:7:33',
    'facets/WithdrawFacet.sol:6:27',
  ]);
  const owner = found.find((f) => f.file === 'facets/WithdrawFacet.sol')!;
  assert.match(
    owner.message,
    /facet `WithdrawFacet` inherits state variable `_owner` from dependency `Ownable`/,
  );
  assert.equal(owner.related.length, 1);
  assert.match(owner.related[0].file, /node_modules\/@openzeppelin\/contracts\/access\/Ownable\.sol$/);
  const guard = found.find((f) => f.message.includes('`Guarded`'))!;
  assert.equal(guard.related[0].file, 'lib/guard/src/Guarded.sol');
  const counted = found.find((f) => f.message.includes('`Counted`'))!;
  assert.equal(counted.related[0].file, 'shared/Counted.sol');
  assert.ok(
    !found.some((f) => f.file.endsWith('CleanFacet.sol')),
    'an interface from a dependency is no state',
  );
});

test('checked from the root, the project base is reported at its declaration once; dependencies at the specifier', async () => {
  const found = await check('.');
  const at = found.map((f) => `${f.file}:${f.line}`).sort();
  assert.deepEqual(at, ['facets/VaultFacet.sol:7', 'facets/WithdrawFacet.sol:6', 'shared/Counted.sol:6']);
});
