/**
 * Ground truth: our selectors equal solc's `evm.methodIdentifiers` (solc-js 0.8.37) for every contract in
 * test/fixtures/selectors, every contract in contracts/, and all of OpenZeppelin Contracts 5.x. A mismatch names
 * the contract, the signature and both values.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import solc from 'solc';
import { contractSelectorsDetailed } from '../../engine/src/selectors';
import { parseRemappingsTxt, Workspace } from '../../engine/src/workspace';
import { repoRoot as findRepoRoot } from '../support/repo';

const ROOT = findRepoRoot();
const toKey = (p: string) => p.replace(/\\/g, '/');

function solFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) solFiles(p, out);
    else if (name.endsWith('.sol')) out.push(p);
  }
  return out;
}

const readOrUndefined = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { evm: { methodIdentifiers: Record<string, string> } }>>;
}

/** Compiles repo-relative `files` with solc-js, asking only for method identifiers. */
function compile(files: string[], remappings: string[]): SolcOutput {
  const sources: Record<string, { content: string }> = {};
  for (const f of files) sources[f] = { content: readFileSync(join(ROOT, f), 'utf8') };
  const input = {
    language: 'Solidity',
    sources,
    settings: { remappings, outputSelection: { '*': { '*': ['evm.methodIdentifiers'] } } },
  };
  const findImports = (p: string) => {
    const text = readOrUndefined(join(ROOT, p)) ?? readOrUndefined(join(ROOT, 'node_modules', p));
    return text === undefined ? { error: `not found: ${p}` } : { contents: text };
  };
  return JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput;
}

interface Tally {
  contracts: number;
  selectors: number;
}

/** Compares solc's output for the batch's own files with contractSelectors; returns the mismatches. */
function compare(ws: Workspace, files: string[], out: SolcOutput, tally: Tally): string[] {
  const problems: string[] = [];
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) return errors.map((e) => `solc error: ${e.formattedMessage}`);
  for (const f of files) {
    const unit = ws.unit(toKey(join(ROOT, f)));
    const compiled = out.contracts?.[f] ?? {};
    for (const [name, c] of Object.entries(compiled)) {
      const contract = unit?.contracts.find((x) => x.name === name);
      if (!contract) {
        problems.push(`${f}:${name}: our parser did not find the contract`);
        continue;
      }
      tally.contracts++;
      const ours = contractSelectorsDetailed(ws, { file: unit!.file, contract });
      const mine = new Map(ours.entries.map((e) => [e.signature, e.selector]));
      for (const [sig, hex] of Object.entries(c.evm.methodIdentifiers)) {
        tally.selectors++;
        const got = mine.get(sig);
        if (got === undefined) problems.push(`${f}:${name}: solc has ${sig} = 0x${hex}; ours: missing`);
        else if (got !== `0x${hex}`) problems.push(`${f}:${name}: ${sig}: solc 0x${hex}, ours ${got}`);
        mine.delete(sig);
      }
      for (const [sig, sel] of mine) problems.push(`${f}:${name}: ours has ${sig} = ${sel}; solc: missing`);
      for (const u of ours.unresolved)
        problems.push(`${f}:${name}: could not compute the signature of ${u.name}`);
    }
  }
  return problems;
}

const host = { readFile: readOrUndefined };
const report = (label: string, t0: number, tally: Tally) =>
  console.log(
    `[solc-equality] ${label}: ${tally.contracts} contracts, ${tally.selectors} selectors, ${Date.now() - t0} ms`,
  );

test('fixtures: every corner case equals solc', () => {
  const t0 = Date.now();
  const dir = join(ROOT, 'test/fixtures/selectors');
  const files = solFiles(dir);
  assert.ok(files.length >= 8, 'fixtures present');
  const ws = new Workspace(host);
  for (const f of files) ws.setFile(toKey(f), readFileSync(f, 'utf8'));
  const remapText = readFileSync(join(dir, 'remappings.txt'), 'utf8');
  ws.setRemappings(parseRemappingsTxt(remapText, toKey(dir)));
  // solc sees repo-relative source unit names, so its remapping targets are repo-relative.
  const solcRemappings = parseRemappingsTxt(remapText, toKey(dir)).map(
    (r) => `${r.prefix}=${toKey(relative(ROOT, r.target))}/`,
  );
  const rel = files.map((f) => toKey(relative(ROOT, f)));
  const tally = { contracts: 0, selectors: 0 };
  const problems = compare(ws, rel, compile(rel, solcRemappings), tally);
  report('fixtures', t0, tally);
  assert.deepEqual(problems, []);
  assert.ok(tally.contracts >= 20 && tally.selectors >= 90, `compared ${tally.contracts} contracts`);
});

test('contracts/: every bundled DLOOP contract equals solc', () => {
  const t0 = Date.now();
  const files = solFiles(join(ROOT, 'contracts'));
  assert.ok(files.length > 0, 'contracts/ holds Solidity files');
  const ws = new Workspace(host);
  for (const f of files) ws.setFile(toKey(f), readFileSync(f, 'utf8'));
  const rel = files.map((f) => toKey(relative(ROOT, f)));
  const tally = { contracts: 0, selectors: 0 };
  const problems = compare(ws, rel, compile(rel, []), tally);
  report('contracts/', t0, tally);
  assert.deepEqual(problems, []);
  assert.ok(tally.contracts > 0);
});

test('OpenZeppelin Contracts 5.x: every contract equals solc', () => {
  const t0 = Date.now();
  const ozDir = join(ROOT, 'node_modules/@openzeppelin/contracts');
  const pkg = JSON.parse(readFileSync(join(ozDir, 'package.json'), 'utf8')) as { version: string };
  assert.match(pkg.version, /^5\./);
  const files = solFiles(ozDir).map((f) => toKey(relative(ROOT, f)));
  assert.ok(files.length > 200, `found ${files.length} OpenZeppelin files`);
  // Files are read lazily through the host, the way the server sees node_modules.
  const ws = new Workspace(host);
  const tally = { contracts: 0, selectors: 0 };
  const problems: string[] = [];
  const BATCH = 80;
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    problems.push(...compare(ws, batch, compile(batch, []), tally));
  }
  report(`OpenZeppelin ${pkg.version} (${files.length} files, batches of ${BATCH})`, t0, tally);
  assert.deepEqual(problems.slice(0, 50), []);
  assert.ok(tally.contracts > 200 && tally.selectors > 1000, `compared ${tally.contracts} contracts`);
});
