/** The workspace index: import forms and name lookup, import resolution and remappings, C3, memoisation. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import solc from 'solc';
import {
  applyRemappings,
  type Declaration,
  normalizePath,
  parseFoundryTomlRemappings,
  parseRemappingsTxt,
  Workspace,
} from '../../engine/src/workspace';
import { repoRoot as findRepoRoot } from '../support/repo';

/** An in-memory FileHost that counts reads. */
function memoryHost(files: Record<string, string>): {
  reads: string[];
  files: Record<string, string>;
  readFile(file: string): string | undefined;
} {
  const reads: string[] = [];
  return {
    reads,
    files,
    readFile(file: string) {
      reads.push(file);
      return files[file];
    },
  };
}

/** A short description of what a lookup found: kind, name and file. */
function describeDecl(d: Declaration | undefined): string | undefined {
  if (!d) return undefined;
  switch (d.kind) {
    case 'contract':
      return `contract ${d.contract.name} @${d.file}`;
    case 'unit':
      return `unit @${d.file}`;
    default:
      return `${d.kind} ${d.container ? d.container.name + '.' : ''}${d.def.name} @${d.file}`;
  }
}

const TYPES = `
struct S { uint a; }
enum E { One }
type U is uint8;
uint256 constant N = 3;
contract Holder { struct Inner { uint x; } }
`;

function importWorkspace() {
  const host = memoryHost({
    '/p/src/Types.sol': TYPES,
    '/p/src/Reexport.sol': 'import "./Types.sol";\nstruct R { S s; }',
    '/p/src/OnlyAlias.sol': 'import {S as T} from "./Types.sol";',
    '/p/src/base/Base.sol': 'contract Base { struct FromBase { uint y; } enum Mode { On } }',
    '/p/src/cycle/A.sol': 'import "./B.sol";\nstruct InA { uint a; }',
    '/p/src/cycle/B.sol': 'import "./A.sol";\nstruct InB { uint b; }',
  });
  const ws = new Workspace(host);
  const user = ws.setFile(
    '/p/src/User.sol',
    `import {S as T, Holder as H} from "./Types.sol";
import "./Types.sol" as M;
import * as Star from "./Types.sol";
import "./Reexport.sol";
import {Base} from "./base/Base.sol";
import "./cycle/A.sol";
struct S { bool shadow; }
contract Use is Base {
    struct S { bytes own; }
}`,
  );
  return { ws, host, user, use: user.contracts[0] };
}

describe('lookup through every import form', () => {
  const { ws, user, use } = importWorkspace();
  const file = user.file;
  const at = (path: string[], contract = false) =>
    describeDecl(ws.lookup({ file, contract: contract ? use : undefined }, path));

  test('symbol aliases and unit aliases', () => {
    assert.equal(at(['T']), 'struct S @/p/src/Types.sol');
    assert.equal(at(['H', 'Inner']), 'struct Holder.Inner @/p/src/Types.sol');
    assert.equal(at(['M']), 'unit @/p/src/Types.sol');
    assert.equal(at(['M', 'S']), 'struct S @/p/src/Types.sol');
    assert.equal(at(['M', 'Holder', 'Inner']), 'struct Holder.Inner @/p/src/Types.sol');
    assert.equal(at(['Star', 'U']), 'udvt U @/p/src/Types.sol');
    assert.equal(at(['Star', 'N']), 'variable N @/p/src/Types.sol');
  });

  test('a plain import brings in everything the imported file sees (transitively)', () => {
    assert.equal(at(['R']), 'struct R @/p/src/Reexport.sol');
    assert.equal(at(['E']), 'enum E @/p/src/Types.sol', 'Reexport.sol imports Types.sol');
    assert.equal(at(['InB']), 'struct InB @/p/src/cycle/B.sol', 'through an import cycle');
    assert.equal(at(['Nowhere']), undefined, 'a missing name ends despite the cycle');
  });

  test('own declarations shadow imported ones; contract members shadow file-level ones', () => {
    assert.equal(at(['S']), 'struct S @/p/src/User.sol');
    assert.equal(at(['S'], true), 'struct Use.S @/p/src/User.sol');
    assert.equal(at(['Use', 'S']), 'struct Use.S @/p/src/User.sol');
  });

  test('inherited members resolve in the contract scope and through the contract name', () => {
    assert.equal(at(['FromBase'], true), 'struct Base.FromBase @/p/src/base/Base.sol');
    assert.equal(at(['Use', 'FromBase']), 'struct Base.FromBase @/p/src/base/Base.sol');
    assert.equal(at(['FromBase']), undefined, 'not visible at file level');
    assert.equal(at(['Base', 'Mode']), 'enum Base.Mode @/p/src/base/Base.sol');
  });

  test('an aliased import hides the original name', () => {
    const only = '/p/src/OnlyAlias.sol';
    assert.equal(describeDecl(ws.lookup({ file: only }, ['T'])), 'struct S @/p/src/Types.sol');
    assert.equal(ws.lookup({ file: only }, ['S']), undefined);
  });
});

describe('resolveImport', () => {
  const host = memoryHost({
    '/p/src/lib/L.sol': '',
    '/p/src/Other.sol': '',
    '/p/node_modules/@oz/contracts/token/T.sol': '',
    '/p/src/node_modules/@oz/contracts/token/T.sol': '',
    '/p/lib/forge-std/src/Test.sol': '',
    '/p/lib/v1/X.sol': '',
    '/p/lib/v2/X.sol': '',
    '/p/lib/v3/X.sol': '',
    '/p/contracts/Root.sol': '',
  });
  const ws = new Workspace(host);
  ws.setFile('/p/src/a/A.sol', '');

  test('relative paths', () => {
    assert.equal(ws.resolveImport('/p/src/a/A.sol', '../lib/L.sol'), '/p/src/lib/L.sol');
    assert.equal(ws.resolveImport('/p/src/a/A.sol', './../Other.sol'), '/p/src/Other.sol');
    assert.equal(ws.resolveImport('/p/src/a/A.sol', '../Missing.sol'), undefined);
  });

  test('node_modules from the nearest folder up', () => {
    assert.equal(
      ws.resolveImport('/p/src/a/A.sol', '@oz/contracts/token/T.sol'),
      '/p/src/node_modules/@oz/contracts/token/T.sol',
    );
    assert.equal(
      ws.resolveImport('/p/other/B.sol', '@oz/contracts/token/T.sol'),
      '/p/node_modules/@oz/contracts/token/T.sol',
    );
  });

  test('remappings: longest context, then longest prefix, then the later one', () => {
    ws.setRemappings(
      ['forge-std/=lib/forge-std/src/', 'x/=lib/v1/', 'x/=lib/v2/', 'src/a/:x/=lib/v3/'],
      '/p',
    );
    assert.equal(ws.resolveImport('/p/src/B.sol', 'forge-std/Test.sol'), '/p/lib/forge-std/src/Test.sol');
    assert.equal(
      ws.resolveImport('/p/src/B.sol', 'x/X.sol'),
      '/p/lib/v2/X.sol',
      'the later of two equal ones',
    );
    assert.equal(
      ws.resolveImport('/p/src/a/A.sol', 'x/X.sol'),
      '/p/lib/v3/X.sol',
      'the one whose context matches',
    );
    ws.setRemappings(['@oz/=lib/v1/', '@oz/contracts/=lib/forge-std/'], '/p');
    assert.equal(
      applyRemappings(ws.remappings(), '/p/src/B.sol', '@oz/contracts/src/Test.sol'),
      '/p/lib/forge-std/src/Test.sol',
      'the longest prefix wins',
    );
    ws.setRemappings([]);
  });

  test('include paths resolve project-root imports; separators are normalised', () => {
    ws.setIncludePaths(['/p']);
    assert.equal(ws.resolveImport('/p/src/a/A.sol', 'contracts/Root.sol'), '/p/contracts/Root.sol');
    assert.equal(ws.resolveImport('\\p\\src\\a\\A.sol', '..\\lib\\L.sol'), '/p/src/lib/L.sol');
    assert.equal(normalizePath('C:\\w\\x\\..\\y.sol'), 'c:/w/y.sol');
    assert.equal(normalizePath('c:/w/./y.sol'), 'c:/w/y.sol');
  });

  test('normalizePath: keys already normal come back as they are, every other form is rewritten', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['/', '/'],
      ['/a/b/c.sol', '/a/b/c.sol'],
      ['a/b', 'a/b'],
      ['/a/.b/..c/d..', '/a/.b/..c/d..'],
      ['c:/x', 'c:/x'],
      ['//', '/'],
      ['/a/', '/a'],
      ['/a//b', '/a/b'],
      ['./a', 'a'],
      ['../a', '../a'],
      ['a/./b', 'a/b'],
      ['a/../b', 'b'],
      ['/a/.', '/a'],
      ['/a/..', '/'],
      ['C:/x', 'c:/x'],
      ['C:\\x\\y', 'c:/x/y'],
      ['A:b', 'a:b'],
    ];
    for (const [input, want] of cases) assert.equal(normalizePath(input), want, JSON.stringify(input));
  });
});

describe('remapping files', () => {
  test('remappings.txt: comments, blank lines, contexts', () => {
    const r = parseRemappingsTxt(
      '# comment\n@oz/=node_modules/@oz/\n\nlib/a:dep/=lib/a/dep/ # trailing\n',
      '/p',
    );
    assert.deepEqual(r, [
      { context: '', prefix: '@oz/', target: '/p/node_modules/@oz/' },
      { context: '/p/lib/a', prefix: 'dep/', target: '/p/lib/a/dep/' },
    ]);
  });

  test('foundry.toml: remappings arrays in profiles, multi-line, comments', () => {
    const toml = `[profile.default]
src = "src"
# remappings = ["commented=out/"]
remappings = [
  "forge-std/=lib/forge-std/src/", # the test lib
  '@oz/=lib/openzeppelin-contracts/',
]

[profile.ci]
remappings = ["ci/=lib/ci/"]
`;
    assert.deepEqual(
      parseFoundryTomlRemappings(toml, '/p').map((r) => `${r.prefix}=${r.target}`),
      ['forge-std/=/p/lib/forge-std/src/', '@oz/=/p/lib/openzeppelin-contracts/', 'ci/=/p/lib/ci/'],
    );
  });
});

describe('C3 linearisation', () => {
  const root = findRepoRoot();
  const fixture = join(root, 'test/fixtures/selectors/Linearization.sol');
  const inheritance = join(root, 'test/fixtures/selectors/Inheritance.sol');

  test("equals solc's linearizedBaseContracts for every contract", () => {
    const files = [fixture, inheritance];
    const sources: Record<string, { content: string }> = {};
    for (const f of files) sources[relative(root, f)] = { content: readFileSync(f, 'utf8') };
    const out = JSON.parse(
      solc.compile(
        JSON.stringify({
          language: 'Solidity',
          sources,
          settings: { outputSelection: { '*': { '': ['ast'] } } },
        }),
      ),
    ) as {
      sources: Record<
        string,
        {
          ast: {
            nodes: { nodeType: string; id: number; name: string; linearizedBaseContracts?: number[] }[];
          };
        }
      >;
    };
    const ws = new Workspace({ readFile: () => undefined });
    let compared = 0;
    for (const f of files) {
      const unit = ws.setFile(f, readFileSync(f, 'utf8'));
      const nodes = out.sources[relative(root, f)].ast.nodes.filter(
        (n) => n.nodeType === 'ContractDefinition',
      );
      const byId = new Map(nodes.map((n) => [n.id, n.name]));
      for (const n of nodes) {
        const contract = unit.contracts.find((c) => c.name === n.name)!;
        const ours = ws.linearize({ file: unit.file, contract }).map((r) => r.contract.name);
        assert.deepEqual(
          ours,
          n.linearizedBaseContracts!.map((id) => byId.get(id)),
          n.name,
        );
        compared++;
      }
    }
    assert.ok(compared >= 20);
    const z = ws.unit(fixture)!.contracts.find((c) => c.name === 'Z')!;
    assert.deepEqual(
      ws.linearize({ file: normalizePath(fixture), contract: z }).map((r) => r.contract.name),
      ['Z', 'K1', 'K2', 'K3', 'D', 'A', 'B', 'C', 'E', 'O'],
    );
  });

  test('missing bases are skipped and cycles end', () => {
    const ws = new Workspace({ readFile: () => undefined });
    const u = ws.setFile(
      '/w/x.sol',
      'contract A {} contract Q is Missing, A {} contract P is P2 {} contract P2 is P {}',
    );
    const lin = (name: string) =>
      ws
        .linearize({ file: u.file, contract: u.contracts.find((c) => c.name === name)! })
        .map((r) => r.contract.name);
    assert.deepEqual(lin('Q'), ['Q', 'A']);
    assert.deepEqual(lin('P'), ['P', 'P2']);
    assert.deepEqual(lin('P2'), ['P2', 'P']);
  });
});

describe('files, versions and memoisation', () => {
  test('imported files are read lazily through the host, once', () => {
    const { ws, host, user } = importWorkspace();
    assert.equal(host.reads.length, 0, 'nothing read before a lookup needs it');
    ws.lookup({ file: user.file }, ['E']);
    const reads = host.reads.length;
    assert.ok(host.reads.includes('/p/src/Types.sol'));
    ws.unit('/p/src/Types.sol');
    ws.lookup({ file: user.file }, ['R']);
    assert.equal(host.reads.filter((r) => r === '/p/src/Types.sol').length, 1, 'one read per file');
    assert.ok(host.reads.length >= reads);
    assert.deepEqual(ws.files(), ['/p/src/User.sol'], 'imported files are not workspace files');
    assert.deepEqual(
      ws.contracts().map((c) => c.contract.name),
      ['Use'],
    );
  });

  test('an edit bumps the version and lookups see it', () => {
    const { ws, user } = importWorkspace();
    const v0 = ws.version;
    assert.equal(describeDecl(ws.lookup({ file: user.file }, ['S'])), 'struct S @/p/src/User.sol');
    ws.setFile(user.file, (ws.text(user.file) ?? '').replace('struct S { bool shadow; }', ''));
    assert.ok(ws.version > v0);
    assert.equal(describeDecl(ws.lookup({ file: user.file }, ['S'])), 'struct S @/p/src/Types.sol');
    const v1 = ws.version;
    ws.setFile(user.file, ws.text(user.file)!);
    assert.equal(ws.version, v1, 'same text: no change');
  });

  test('a workspace file overrides what the host has; removeFile and invalidateExternal', () => {
    const { ws, host, user } = importWorkspace();
    assert.equal(describeDecl(ws.lookup({ file: user.file }, ['E'])), 'enum E @/p/src/Types.sol');
    ws.setFile('/p/src/Types.sol', TYPES.replace('enum E', 'enum F'));
    assert.equal(ws.lookup({ file: user.file }, ['E']), undefined);
    ws.removeFile('/p/src/Types.sol');
    assert.equal(
      describeDecl(ws.lookup({ file: user.file }, ['E'])),
      'enum E @/p/src/Types.sol',
      'back to the host copy',
    );
    host.files['/p/src/Types.sol'] = TYPES.replace('enum E', 'enum G');
    assert.ok(ws.lookup({ file: user.file }, ['E']), 'the host copy is cached until invalidated');
    ws.invalidateExternal('/p/src/Types.sol');
    assert.equal(ws.lookup({ file: user.file }, ['E']), undefined);
    assert.equal(describeDecl(ws.lookup({ file: user.file }, ['G'])), 'enum G @/p/src/Types.sol');
  });

  test('lookups are memoised within a version', () => {
    const { ws, user } = importWorkspace();
    const a = ws.lookup({ file: user.file }, ['M', 'Holder', 'Inner']);
    const b = ws.lookup({ file: user.file }, ['M', 'Holder', 'Inner']);
    assert.ok(a);
    assert.equal(a, b, 'the same object: served from the memo');
    ws.setFile('/p/src/Extra.sol', '');
    const c = ws.lookup({ file: user.file }, ['M', 'Holder', 'Inner']);
    assert.notEqual(c, a, 'recomputed after a change');
    assert.deepEqual(c, a);
  });

  test('the repo fixtures resolve through remappings.txt', () => {
    const root = findRepoRoot();
    const dir = normalizePath(join(root, 'test/fixtures/selectors'));
    const ws = new Workspace({
      readFile: (f) => {
        try {
          return readFileSync(f, 'utf8');
        } catch {
          return undefined;
        }
      },
    });
    ws.setRemappings(parseRemappingsTxt(readFileSync(join(dir, 'remappings.txt'), 'utf8'), dir));
    const file = `${dir}/Imports.sol`;
    const u = ws.setFile(file, readFileSync(file, 'utf8'));
    const resolved = ws.imports(file).map((i) => i.file && relative(dir, i.file));
    assert.deepEqual(resolved, [
      'Types.sol',
      'Types.sol',
      'Types.sol',
      'Reexport.sol',
      'vendor/VendorTypes.sol',
      'nested/Deep.sol',
    ]);
    assert.equal(
      describeDecl(ws.lookup({ file, contract: u.contracts[0] }, ['VL', 'Cfg'])),
      `struct VendorLib.Cfg @${dir}/vendor/VendorTypes.sol`,
    );
    assert.ok(readdirSync(dir).includes('remappings.txt'));
  });
});
