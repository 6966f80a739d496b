/**
 * Ground truth for exact layouts: for every namespace the engine lays out (the bundled DLOOP contracts, every
 * storage fixture, OpenZeppelin 5.x's ERC-7201 namespaces, a torture struct of packing edge cases), the real
 * solc-js compiles a synthetic contract declaring each namespace's struct as a state variable, and every field
 * (recursively into embedded structs) must sit where solc's `storageLayout` puts it: slot, offset, and
 * `numberOfBytes` from `types`. Slots are compared absolutely: the engine's slot minus the namespace's root is
 * solc's slot relative to the state variable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defaultConfig } from '../../engine/src/config';
import { analyzeStorage } from '../../engine/src/rules/storage-analysis';
import type { NamespaceLayout } from '../../engine/src/storage/namespace-layout';
import type { FieldSlot } from '../../engine/src/storage/slots';
import { repoRoot } from './storage-evm';
import { fixturesRoot, workspaceOf } from './storage-fixtures';

interface SolcType {
  label: string;
  numberOfBytes: string;
  encoding: string;
  members?: { label: string; slot: string; offset: number; type: string }[];
}
interface SolcLayout {
  storage: { label: string; slot: string; offset: number; type: string }[];
  types: Record<string, SolcType>;
}

const PROBE = '__layout_probe__.sol';

/** Compiles a probe declaring `ns<i>` of each namespace's struct; `base`: the folder import paths are relative to. */
function solcLayouts(base: string, layouts: NamespaceLayout[]): SolcLayout {
  const lines = layouts.map((l, i) => `import * as N${i} from "${relative(base, l.namespace.file)}";`);
  const decls = layouts.map((l, i) => `    N${i}.${l.namespace.struct} internal ns${i};`);
  const source = [
    '// SPDX-License-Identifier: MIT',
    'pragma solidity >=0.8.0;',
    ...lines,
    'contract LayoutProbe {',
    ...decls,
    '}',
  ].join('\n');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require('solc') as {
    compile(input: string, cb: { import(p: string): { contents?: string; error?: string } }): string;
  };
  const input = {
    language: 'Solidity',
    sources: { [PROBE]: { content: source } },
    settings: { outputSelection: { [PROBE]: { LayoutProbe: ['storageLayout'] } } },
  };
  const findImports = (p: string) => {
    for (const dir of [base, join(repoRoot(), 'node_modules')]) {
      try {
        return { contents: readFileSync(join(dir, p), 'utf8') };
      } catch {
        // next folder
      }
    }
    return { error: `not found: ${p}` };
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<string, Record<string, { storageLayout: SolcLayout }>>;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  return out.contracts![PROBE].LayoutProbe.storageLayout;
}

/**
 * Every difference between the engine's fields (absolute, the namespace at `root`) and solc's members of a
 * struct type (relative to `base`, the slot solc gave the state variable or the embedded struct).
 */
function mismatches(
  where: string,
  fields: FieldSlot[],
  root: bigint,
  members: NonNullable<SolcType['members']>,
  base: bigint,
  types: SolcLayout['types'],
): string[] {
  const out: string[] = [];
  if (fields.length !== members.length)
    out.push(
      `${where}: ${fields.length} fields, solc has ${members.length} (${members.map((m) => m.label).join(', ')})`,
    );
  members.forEach((m, i) => {
    const f = fields[i];
    if (!f) return;
    const t = types[m.type];
    const solcSlot = base + BigInt(m.slot);
    const ours = BigInt(f.slot) - root;
    const at = `${where}.${m.label}`;
    if (f.name !== m.label) out.push(`${at}: named ${f.name}`);
    if (ours !== solcSlot) out.push(`${at}: slot +${ours}, solc +${solcSlot}`);
    if (f.offset !== m.offset) out.push(`${at}: offset ${f.offset}, solc ${m.offset}`);
    if (f.bytes !== Number(t.numberOfBytes))
      out.push(`${at}: ${f.bytes} bytes, solc ${t.numberOfBytes} (${t.label})`);
    if (t.members) {
      if (!f.members) out.push(`${at}: no members, solc has ${t.label}`);
      else out.push(...mismatches(at, f.members, root, t.members, solcSlot, types));
    } else if (f.members) out.push(`${at}: members, solc has ${t.label}`);
  });
  return out;
}

/** Lays out every namespace of `dir` with the engine and with solc; returns the namespaces compared. */
function compareFolder(dir: string, importBase: string): NamespaceLayout[] {
  const analysis = analyzeStorage(workspaceOf(dir), undefined, defaultConfig());
  // Namespaces in the folder with a struct solc can name (one per struct: the same struct elsewhere adds nothing).
  const seen = new Set<string>();
  const layouts = analysis.layouts().filter((l) => {
    const key = `${l.namespace.file}#${l.namespace.struct}@${l.slot}`;
    if (seen.has(key) || !l.namespace.file.startsWith(dir)) return false;
    seen.add(key);
    return true;
  });
  if (layouts.length === 0) return [];
  const solc = solcLayouts(importBase, layouts);
  const problems: string[] = [];
  layouts.forEach((l, i) => {
    const where = `${relative(repoRoot(), l.namespace.file)} ${l.namespace.struct}`;
    if (!l.complete) problems.push(`${where}: the engine could not size every field`);
    const v = solc.storage.find((s) => s.label === `ns${i}`)!;
    const t = solc.types[v.type];
    problems.push(...mismatches(where, l.fields, BigInt(l.slot), t.members ?? [], 0n, solc.types));
  });
  assert.deepEqual(problems, [], `${dir}: engine and solc disagree`);
  return layouts;
}

const folders = (root: string) =>
  readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(root, d.name));

test('the bundled DLOOP contracts: every namespace equals solc', () => {
  const dir = join(repoRoot(), 'contracts');
  const compared = compareFolder(dir, dir);
  const ids = compared.map((l) => l.namespace.id);
  // Independent of the engine: every id the sources name in a keccak256("dloop.storage...") or annotation.
  const named = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.sol'))
        for (const m of readFileSync(p, 'utf8').matchAll(
          /"(dloop\.storage\.[\w.]+)"|erc7201:(dloop\.storage\.[\w.]+)/g,
        ))
          named.add(m[1] ?? m[2]);
    }
  };
  walk(dir);
  assert.ok(named.size >= 8, [...named].join(', '));
  for (const id of named) assert.ok(ids.includes(id), `namespace ${id} laid out`);
});

test('every storage fixture: every namespace equals solc', () => {
  let total = 0;
  for (const dir of folders(fixturesRoot())) {
    const sub = folders(dir);
    // The layout fixture holds two versions side by side: each is its own project.
    for (const d of sub.length && readdirSync(dir).every((n) => !n.endsWith('.sol')) ? sub : [dir])
      total += compareFolder(d, d).length;
  }
  assert.ok(total >= 20, `${total} namespaces compared`);
});

test('OpenZeppelin 5.x: every ERC-7201 namespace with a struct equals solc', () => {
  const oz = join(repoRoot(), 'node_modules', '@openzeppelin', 'contracts');
  const compared = compareFolder(oz, join(repoRoot(), 'node_modules'));
  // Independent of the engine: the structs annotated in the sources.
  const annotated: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.sol'))
        for (const m of readFileSync(p, 'utf8').matchAll(/@custom:storage-location erc7201:(\S+)/g))
          annotated.push(m[1]);
    }
  };
  walk(oz);
  assert.ok(annotated.length >= 1);
  for (const id of annotated)
    assert.ok(
      compared.some((l) => l.namespace.id === id && l.namespace.scheme === 'erc7201'),
      `${id} compared`,
    );
});

test('the torture struct: every packing edge case equals solc, at its ERC-7201 and hex roots', () => {
  const dir = join(fixturesRoot(), 'layout-torture');
  const compared = compareFolder(dir, dir);
  const torture = compared.find((l) => l.namespace.id === 'dloop.storage.torture.v1')!;
  assert.ok(torture && torture.complete);
  assert.equal(torture.slot, '0xf2b11ee5f002f12a1b80f7f7f9995a191e42aae6fdc2cea520b9ee6ae2310c00');
  assert.equal(torture.fields.length, 39);
  const hex = compared.find((l) => l.namespace.struct === 'LibHexTorture.Layout')!;
  assert.equal(hex.fields[0].slot, '0x' + 'ff'.padStart(64, '0'));
  assert.equal(
    hex.fields[1].slot,
    '0x' + '100'.padStart(64, '0'),
    'the embedded struct starts the next slot',
  );
});

test('the comparison can fail: a field one byte off is a mismatch', () => {
  const dir = join(fixturesRoot(), 'layout-torture');
  const analysis = analyzeStorage(workspaceOf(dir), undefined, defaultConfig());
  const l = analysis.layouts().find((x) => x.namespace.id === 'dloop.storage.torture.v1')!;
  const solc = solcLayouts(dir, [l]);
  const t = solc.types[solc.storage[0].type];
  const wrong = l.fields.map((f, i) => (i === 3 ? { ...f, offset: f.offset + 1 } : f));
  const problems = mismatches('torture', wrong, BigInt(l.slot), t.members!, 0n, solc.types);
  assert.deepEqual(problems, ['torture.d: offset 1, solc 0']);
});
