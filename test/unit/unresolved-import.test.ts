/**
 * unresolved-import and what a check says it could not see (test/fixtures/workspaces/unresolved-imports: a fresh
 * clone whose node_modules was never installed, and a relative import of a file that is not there).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../chain/support/cli';
import { repoRoot } from './storage-evm';

const WS = () => join(repoRoot(), 'test', 'fixtures', 'workspaces', 'unresolved-imports');
const CLEAN = () => join(repoRoot(), 'test', 'fixtures', 'workspaces', 'clean');
const run = (args: string[], cwd = WS()) => runCli(args, { cwd, env: process.env, timeoutMs: 60_000 });

interface CheckJson {
  findings: { rule: string; severity: string; file: string; line: number; column: number; message: string }[];
  summary: { unresolvedImports: number; skippedFunctions: number; unresolvedBases: number };
}

/** The completeness part of the summary (the diamonds and file counts beside it are the inference's). */
const completenessOf = ({ unresolvedImports, skippedFunctions, unresolvedBases }: CheckJson['summary']) => ({
  unresolvedImports,
  skippedFunctions,
  unresolvedBases,
});

test('a warning at each unresolved import: what it hides, what was tried, the likely fix', async () => {
  const r = await run(['check', '--json']);
  const out = JSON.parse(r.stdout) as CheckJson;
  const found = out.findings.filter((f) => f.rule === 'unresolved-import');
  assert.deepEqual(
    found.map((f) => `${f.file}:${f.line}:${f.column}`),
    [
      'app/contracts/facets/LedgerFacet.sol:5:24',
      'facets/PoolFacet.sol:5:34',
      'facets/PoolFacet.sol:6:8',
      'facets/SwapFacet.sol:4:23',
    ],
  );
  for (const f of found) assert.equal(f.severity, 'warning');
  const [ledger, kit, solmate, route] = found;
  assert.match(
    ledger.message,
    /it hides 1 function \(no selector\)\..*Likely fix: it exists below `app\/`: the import is written against that folder; check from it, or add a remapping `contracts\/=app\/contracts\/`$/,
  );
  assert.match(
    kit.message,
    /^import "@acme\/pool-kit\/PoolBase\.sol" does not resolve: what it declares is not analysed: it hides base `PoolBase` of `PoolFacet` \(their functions and state\), 1 function \(no selector\), 1 state variable of an unknown type\./,
  );
  assert.match(
    kit.message,
    /Tried `@acme\/pool-kit\/PoolBase\.sol`, `facets\/node_modules\/@acme\/pool-kit\/PoolBase\.sol`/,
  );
  assert.match(kit.message, /Likely fix: run `npm install` \(package.json lists `@acme\/pool-kit`\)$/);
  assert.match(
    solmate.message,
    /^import "solmate\/utils\/SafeTransferLib\.sol" does not resolve: what it declares is not analysed\. /,
  );
  assert.match(
    solmate.message,
    /Likely fix: install `solmate` \(`npm install solmate`\), or add a remapping `solmate\/=<its folder>\/`/,
  );
  assert.match(
    route.message,
    /it hides 1 function \(no selector\)\. Tried `facets\/Route\.sol`\. Likely fix: the path is wrong/,
  );
  // The variable whose type did not resolve may be AppStorage: not reported as a facet state variable.
  assert.deepEqual(
    out.findings.filter((f) => f.rule === 'facet-state-variable'),
    [],
  );
  assert.deepEqual(completenessOf(out.summary), {
    unresolvedImports: 4,
    skippedFunctions: 3,
    unresolvedBases: 1,
  });
  assert.equal(r.code, 0, 'warnings alone exit 0');
});

test('the text output ends with what was not seen; --strict exits 1 on it', async () => {
  const r = await run(['check']);
  assert.equal(r.code, 0, r.stderr);
  const last = r.stderr.trim().split('\n').pop()!;
  assert.match(
    last,
    /^incomplete: 4 unresolved import\(s\), 3 facet function\(s\) without a selector, 1 unresolved base contract\(s\); what they declare was not checked/,
  );
  assert.doesNotMatch(r.stderr, /no problems found/);
  const strict = await run(['check', '--strict']);
  assert.equal(strict.code, 1, 'incomplete is a failure under --strict');
});

test('a workspace whose imports all resolve: summary zeros, no closing line, --strict passes', async () => {
  const r = await run(['check', '--json', '--strict'], CLEAN());
  const out = JSON.parse(r.stdout) as CheckJson;
  assert.deepEqual(completenessOf(out.summary), {
    unresolvedImports: 0,
    skippedFunctions: 0,
    unresolvedBases: 0,
  });
  assert.deepEqual(
    out.findings.filter((f) => f.rule === 'unresolved-import'),
    [],
  );
  assert.equal(r.code, 0, r.stderr);
  const text = await run(['check'], CLEAN());
  assert.doesNotMatch(text.stderr, /incomplete/);
});
