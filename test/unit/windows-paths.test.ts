/**
 * A Windows user's files, read with `path.win32` semantics injected (not this machine's): `C:\` paths and
 * VS Code's `file:///c%3A/...` URIs give one file key, imports and remappings resolve as they do for a
 * Linux user, findings go back to the URIs the client sent. And a case-insensitive file system (macOS,
 * Windows): an import spelled with another case is the workspace's file, not a second copy of it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import { describe, test } from 'node:test';
import { listDeploymentRecords, writeDeploymentRecord } from '../../chain/src/deployment-record';
import { createAnalysisService } from '../../engine';
import { parseRemapping, parseRemappingsTxt, Workspace } from '../../engine/src/workspace';
import { fileKey, trueCase } from '../../host/src/files';
import { recordsDirOf } from '../../host/src/project';
import { UriMap, uriToKey } from '../../server/src/convert';
import { HEADER } from './service-support';

const hostOf = (files: Record<string, string>) => ({ readFile: (f: string) => files[f] });
/** One Windows folder as Node, VS Code and a user may spell it. */
const SPELLINGS = ['C:\\Users\\dev\\proj', 'c:\\Users\\dev\\proj\\', 'C:/Users/dev/proj/src/..'];

describe('Windows paths (path.win32)', () => {
  test("a C:\\ path, a c:\\ path and VS Code's file:///c%3A/ URI are one file key", () => {
    const key = 'c:/Users/dev/proj/src/CoreFacet.sol';
    for (const root of SPELLINGS) assert.equal(fileKey(`${root}\\src\\.\\CoreFacet.sol`, win32), key, root);
    assert.equal(uriToKey('file:///c%3A/Users/dev/proj/src/CoreFacet.sol', true), key);
    assert.equal(uriToKey('file:///C:/Users/dev/proj/src/CoreFacet.sol', true), key);
    // Read as a POSIX path the same URI is another file: the flavour matters, and is injected.
    assert.notEqual(uriToKey('file:///c%3A/Users/dev/proj/src/CoreFacet.sol', false), key);
    assert.equal(uriToKey('untitled:Untitled-1', true), undefined);
  });

  test('findings go back to the URI the client sent; other files get a URI that reads back to their key', () => {
    const uris = new UriMap(true);
    const sent = 'file:///c%3A/Users/dev/proj/src/CoreFacet.sol';
    const key = uris.remember(sent)!;
    assert.equal(uris.uriOf(key), sent);
    const other = fileKey('C:\\Users\\dev\\proj\\lib\\LibDiamond.sol', win32);
    const uri = uris.uriOf(other);
    assert.match(uri, /^file:\/\/\/c:\/Users\/dev\/proj\/lib\/LibDiamond\.sol$/);
    assert.equal(uriToKey(uri, true), other);
    // The machine's own flavour still round-trips (POSIX here).
    assert.equal(uriToKey(new UriMap(false).uriOf('/home/dev/p/A.sol'), false), '/home/dev/p/A.sol');
  });

  test("a network share (UNC \\\\server\\share, as WSL's \\\\wsl$) keeps its two leading slashes", () => {
    const uris = new UriMap(true);
    const sent = 'file://server/share/proj/src/AFacet.sol';
    const key = uris.remember(sent)!;
    assert.equal(key, '//server/share/proj/src/AFacet.sol');
    assert.equal(fileKey('\\\\server\\share\\proj\\src\\AFacet.sol', win32), key);
    const ws = new Workspace(hostOf({ '//server/share/proj/src/Lib.sol': 'library Lib {}' }));
    ws.setFile(key, 'import "./Lib.sol";');
    assert.equal(ws.resolveImport(key, './Lib.sol'), '//server/share/proj/src/Lib.sol');
    assert.deepEqual(ws.files(), [key]);
    assert.equal(uris.uriOf('//server/share/proj/src/Lib.sol'), 'file://server/share/proj/src/Lib.sol');
  });

  test('relative, backslash, remapped and node_modules imports resolve from C:\\ keys', () => {
    const k = (p: string) => fileKey(p, win32);
    const ws = new Workspace(
      hostOf({
        [k('C:\\proj\\src\\libraries\\LibA.sol')]: 'library LibA {}',
        [k('C:\\proj\\lib\\forge-std\\src\\Test.sol')]: 'contract Test {}',
        [k('C:\\proj\\node_modules\\@openzeppelin\\contracts\\token\\ERC20.sol')]: 'contract ERC20 {}',
        [k('C:\\proj\\vendor\\X.sol')]: 'contract X {}',
      }),
    );
    const from = k('C:\\proj\\src\\facets\\CoreFacet.sol');
    ws.setRemappings(parseRemappingsTxt('forge-std/=lib/forge-std/src/\n', k('C:\\proj')));
    assert.equal(ws.resolveImport(from, '../libraries/LibA.sol'), k('C:\\proj\\src\\libraries\\LibA.sol'));
    assert.equal(ws.resolveImport(from, '..\\libraries\\LibA.sol'), k('C:\\proj\\src\\libraries\\LibA.sol'));
    assert.equal(ws.resolveImport(from, 'forge-std/Test.sol'), k('C:\\proj\\lib\\forge-std\\src\\Test.sol'));
    assert.equal(
      ws.resolveImport(from, '@openzeppelin/contracts/token/ERC20.sol'),
      k('C:\\proj\\node_modules\\@openzeppelin\\contracts\\token\\ERC20.sol'),
    );
    assert.equal(ws.resolveImport(from, 'C:\\proj\\vendor\\X.sol'), k('C:\\proj\\vendor\\X.sol'));
  });

  test('a remapping context that is a Windows path is a context, not a drive letter', () => {
    const r = parseRemapping('C:\\proj\\src:@lib/=C:\\proj\\lib\\', 'c:/proj');
    assert.deepEqual(r, { context: 'c:/proj/src', prefix: '@lib/', target: 'c:/proj/lib/' });
    const rel = parseRemapping('src:@lib/=lib/', 'c:/proj');
    assert.deepEqual(rel, { context: 'c:/proj/src', prefix: '@lib/', target: 'c:/proj/lib/' });
    const none = parseRemapping('@lib/=c:/proj/lib/', 'c:/proj');
    assert.deepEqual(none, { context: '', prefix: '@lib/', target: 'c:/proj/lib/' });

    const k = (p: string) => fileKey(p, win32);
    const ws = new Workspace(
      hostOf({
        [k('C:\\proj\\lib\\A.sol')]: 'contract InLib {}',
        [k('C:\\proj\\other\\A.sol')]: 'contract Other {}',
      }),
    );
    ws.setRemappings(['C:\\proj\\src:@lib/=C:\\proj\\lib\\', '@lib/=C:\\proj\\other\\']);
    assert.equal(ws.resolveImport(k('C:\\proj\\src\\F.sol'), '@lib/A.sol'), k('C:\\proj\\lib\\A.sol'));
    assert.equal(ws.resolveImport(k('C:\\proj\\test\\T.sol'), '@lib/A.sol'), k('C:\\proj\\other\\A.sol'));
  });

  test('a diamond analysed from VS Code URIs reports its findings on those URIs', () => {
    const uris = new UriMap(true);
    const lib = `${HEADER}library LibShared { }\n`;
    const facet = (name: string) =>
      `${HEADER}import "../libraries/LibShared.sol";\ncontract ${name} {\n    function owner() external view returns (address) {}\n}\n`;
    const libKey = fileKey('C:\\proj\\src\\libraries\\LibShared.sol', win32);
    const service = createAnalysisService(hostOf({ [libKey]: lib }), { root: fileKey('C:\\proj', win32) });
    const sent = ['file:///c%3A/proj/src/facets/AFacet.sol', 'file:///c%3A/proj/src/facets/BFacet.sol'];
    service.updateFile(uris.remember(sent[0])!, facet('AFacet'));
    service.updateFile(uris.remember(sent[1])!, facet('BFacet'));
    const dups = service.findings().filter((f) => f.rule === 'duplicate-selector');
    assert.deepEqual(dups.map((f) => uris.uriOf(f.file)).sort(), sent);
  });
});

describe('deployment-record paths', () => {
  test('a Windows root spelled C:\\, c:\\ or c:/ has one records folder', () => {
    const dir = 'c:\\Users\\dev\\proj\\.diamond\\deployments';
    for (const root of SPELLINGS) assert.equal(recordsDirOf(root, win32), dir, root);
  });

  test('one root named twice in two spellings lists its records once', () => {
    const root = mkdtempSync(join(tmpdir(), 'diamond-spellings-'));
    try {
      const diamond = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
      writeDeploymentRecord(root, {
        format: 1,
        chainId: 31337,
        diamond,
        governance: null,
        token: null,
        facets: [
          { name: 'CoreFacet', address: diamond, runtimeBytecodeHash: '0x' + '00'.repeat(32), selectors: [] },
        ],
        contracts: {},
        storageLayouts: { solc: {}, namespaces: null },
        sourceCommit: null,
        timestamp: '2026-12-01T00:00:00.000Z',
      });
      const listed = listDeploymentRecords([root, `${root}/`, join(root, '.', 'x', '..')]);
      assert.equal(listed.records.length, 1);
      assert.deepEqual(listed.skipped, []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('case-insensitive file systems', () => {
  /** A host over files stored as spelled, read case-insensitively (as APFS and NTFS do). */
  const caseInsensitiveHost = (files: Record<string, string>) => {
    const byLower = new Map(Object.keys(files).map((f) => [f.toLowerCase(), f]));
    return {
      readFile: (f: string) => files[byLower.get(f.toLowerCase()) ?? ''],
      trueCase: (f: string) => {
        const stored = byLower.get(f.toLowerCase());
        return stored !== undefined && stored !== f ? stored : undefined;
      },
    };
  };

  test('an import spelled with another case resolves to the stored file', () => {
    const ws = new Workspace(
      caseInsensitiveHost({ '/p/src/libraries/LibDiamond.sol': 'library LibDiamond {}' }),
    );
    assert.equal(
      ws.resolveImport('/p/src/facets/F.sol', '../Libraries/libdiamond.sol'),
      '/p/src/libraries/LibDiamond.sol',
    );
    // A case-sensitive host (Linux) keeps the import's spelling: it names no file there.
    const linux = new Workspace(hostOf({ '/p/src/libraries/LibDiamond.sol': 'library LibDiamond {}' }));
    assert.equal(linux.resolveImport('/p/src/facets/F.sol', '../Libraries/libdiamond.sol'), undefined);
  });

  test('a workspace file imported with another case is one file: inherited functions point at it', () => {
    const files: Record<string, string> = {
      '/ws/OwnerBase.sol': `${HEADER}contract OwnerBase {\n    function owner() external view returns (address) {}\n}\n`,
      '/ws/AFacet.sol': `${HEADER}import "./ownerbase.sol";\ncontract AFacet is OwnerBase {}\n`,
    };
    const service = createAnalysisService(caseInsensitiveHost(files), { root: '/ws' });
    for (const [f, text] of Object.entries(files)) service.updateFile(f, text);
    const facet = service.contractSelectors().find((c) => c.name === 'AFacet');
    assert.deepEqual(
      facet?.functions.map((f) => `${f.signature} @${f.file}`),
      ['owner() @/ws/OwnerBase.sol'],
    );
  });

  test("the disk host's trueCase: a case-only difference is corrected, a symlinked path keeps its spelling", () => {
    const disk: Record<string, string> = {
      '/p/src/libdiamond.sol': '/p/src/LibDiamond.sol',
      '/p/src/LibDiamond.sol': '/p/src/LibDiamond.sol',
      '/p/node_modules/lib/A.sol': '/store/lib@1.0.0/A.sol',
    };
    const realpath = (p: string) => {
      if (!(p in disk)) throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' });
      return disk[p];
    };
    assert.equal(trueCase('/p/src/libdiamond.sol', realpath, posix), '/p/src/LibDiamond.sol');
    assert.equal(trueCase('/p/src/LibDiamond.sol', realpath, posix), undefined);
    assert.equal(trueCase('/p/node_modules/lib/A.sol', realpath, posix), undefined);
    assert.equal(trueCase('/p/src/Missing.sol', realpath, posix), undefined);
    // Windows: realpath answers with a drive letter and backslashes.
    const win = (p: string) =>
      p.toLowerCase() === 'c:/p/libdiamond.sol' ? 'C:\\p\\LibDiamond.sol' : realpath(p);
    assert.equal(trueCase('c:/p/libdiamond.sol', win, win32), 'c:/p/LibDiamond.sol');
  });
});
