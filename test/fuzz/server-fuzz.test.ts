/**
 * Fuzz: thousands of random edits (truncations, deletions, inserted tokens, pasted fragments) of
 * real sources (the bundled DLOOP contracts and OpenZeppelin files) sent as didChange to the
 * language server. After each edit the server must answer hover and code lens; now and then the
 * custom requests too. It must never crash nor log a handler error. At the end the original texts
 * come back and the analysis must be what it was at the start.
 *
 * Seeded: DIAMOND_FUZZ_SEED=<n> replays a run; the seed is printed and named in every failure.
 * DIAMOND_FUZZ_SECONDS bounds the run (default 40).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { repoRoot, TestClient, uriOf } from '../protocol/lsp-client';
import { mulberry32 as prng } from '../support/prng';

const SEED = Number(process.env.DIAMOND_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SECONDS = Number(process.env.DIAMOND_FUZZ_SECONDS ?? 40);
const MAX_EDITS = 5000;
const MIN_EDITS = 1000;

/** Tokens and fragments known to upset parsers (see docs/environment.md: tolerant parsers throw on some). */
const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ';',
  ',',
  '.',
  '=',
  '=>',
  '"',
  "'",
  '/*',
  '*/',
  '//',
  '\n',
  ' ',
  'function',
  'contract',
  'interface',
  'library',
  'abstract contract X is',
  'is',
  'returns (',
  'external',
  'public',
  'internal',
  'view',
  'payable',
  'override',
  'virtual',
  'constant',
  'immutable',
  'struct S {',
  'mapping(',
  'uint y = ;',
  'x.',
  'if (x > )',
  'assembly { l.slot := }',
  'import "./Nope.sol";',
  'import {A as B} from "',
  'bytes32 constant P = keccak256("dloop.storage.x.v1");',
  '/// @custom:storage-location erc7201:',
  'uint256 public total;',
  'function f(uint256 a) external {}',
  'event E(uint indexed a);',
  'error Err(uint256);',
  'modifier m() { _; }',
  'unchecked {',
  '0x',
  'hex"zz',
  'unicode"é',
  '🙂',
  '\u0000',
  'type(uint256).max',
  'using L for *;',
  'receive() external payable {}',
  'fallback() external {}',
  'constructor() {}',
  'enum K { A, B }',
  'type T is uint128;',
  'pragma solidity ^0.8.0;',
  // Inputs that make backtracking matchers of the workspace's hostile config (below) run forever.
  '/// @custom:storage-location erc7201:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\nstruct L { uint a; }',
  'bytes32 constant Q = keccak256("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");',
  'contract aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaFacet { function f() external {} }',
];

/**
 * A cloned repository is untrusted: its diamond.config.json may hold a namespacePattern and an exclude
 * glob made for catastrophic backtracking. The server must match them in linear time (RE2, a
 * two-pointer glob matcher) or the fuzz run hangs on the first analysis.
 */
const HOSTILE_CONFIG = { namespacePattern: '^(a+)+$', exclude: ['a*a*a*a*a*a*a*a*a*a*a*a*a*b'] };

interface Doc {
  uri: string;
  original: string;
  text: string;
  version: number;
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let last = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i + 1;
    }
  }
  return { line, character: offset - last };
}

function workspace(): { dir: string; files: string[] } {
  const root = repoRoot();
  const dir = mkdtempSync(join(tmpdir(), 'diamond-fuzz-'));
  cpSync(join(root, 'contracts'), join(dir, 'contracts'), { recursive: true });
  const configFile = join(dir, 'contracts', 'diamond.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({ ...JSON.parse(readFileSync(configFile, 'utf8')), ...HOSTILE_CONFIG }, null, 2),
  );
  cpSync(
    join(root, 'test', 'fixtures', 'workspaces', 'hostile-redos', 'facets', 'SlowFacet.sol'),
    join(dir, 'contracts', 'facets', 'SlowFacet.sol'),
  );
  const oz = join(root, 'node_modules', '@openzeppelin', 'contracts');
  mkdirSync(join(dir, 'oz'), { recursive: true });
  const ozFiles = [
    'token/ERC20/ERC20.sol',
    'governance/Governor.sol',
    'utils/Strings.sol',
    'access/AccessControl.sol',
  ];
  for (const f of ozFiles) cpSync(join(oz, f), join(dir, 'oz', basename(f)));
  const files = [
    'contracts/facets/GovernanceFacet.sol',
    'contracts/facets/FeeFacet.sol',
    'contracts/facets/RewardsFacet.sol',
    'contracts/libraries/LibDiamond.sol',
    'contracts/libraries/LibRewardsStorage.sol',
    'contracts/Diamond.sol',
    'contracts/facets/SlowFacet.sol',
    ...ozFiles.map((f) => `oz/${basename(f)}`),
  ].map((f) => join(dir, f));
  return { dir, files };
}

const sortDiagnostics = (m: Map<string, Diagnostic[]>) =>
  JSON.stringify(
    [...m.entries()]
      .filter(([, d]) => d.length)
      .map(([uri, d]) => [
        uri,
        d.map((x) => [x.code, x.range.start.line, x.range.start.character, x.message]).sort(),
      ])
      .sort(),
  );

test(`server fuzz (seed ${SEED})`, { timeout: (SECONDS + 60) * 1000 }, async () => {
  console.log(`fuzz seed ${SEED} (replay with DIAMOND_FUZZ_SEED=${SEED})`);
  const rnd = prng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const { dir, files } = workspace();
  const client = new TestClient({ diamond: { diagnostics: { debounceMs: 0 }, baseline: '' } });
  const fail = (msg: string) => `${msg} [seed ${SEED}]`;
  try {
    await client.initialize(dir);
    await client.waitFor('first analysis', () => client.analyses.length > 0, 60_000);
    const docs: Doc[] = files.map((f) => {
      const text = readFileSync(f, 'utf8');
      return { uri: uriOf(f), original: text, text, version: 1 };
    });
    const before = client.analyses.length;
    for (const d of docs) client.open(d.uri, d.text, 1);
    // Opening unchanged files changes nothing; wait for the analysis they trigger anyway.
    await client.waitFor('analysis after opening', () => client.analyses.length > before);
    const startDiagnostics = sortDiagnostics(client.diagnostics);
    // The hostile config is in force: the slow namespace id is judged against its pattern.
    assert.match(
      startDiagnostics,
      /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab.*\^\(a\+\)\+\$/,
      fail('the hostile config is used'),
    );

    const deadline = performance.now() + SECONDS * 1000;
    let edits = 0;
    const kinds = new Map<string, number>();
    while (edits < MAX_EDITS && (performance.now() < deadline || edits < MIN_EDITS)) {
      const doc = pick(docs);
      const len = doc.text.length;
      const a = Math.floor(rnd() * (len + 1));
      const b = Math.min(len, a + Math.floor(rnd() * 200));
      const r = rnd();
      let kind: string;
      let start = a;
      let end = a;
      let insert = '';
      if (r < 0.05) {
        kind = 'truncate';
        end = len;
      } else if (r < 0.35) {
        kind = 'delete';
        end = b;
      } else if (r < 0.75) {
        kind = 'insert-token';
        insert = pick(TOKENS);
      } else if (r < 0.9) {
        kind = 'paste-fragment';
        const src = pick(docs).original;
        const s = Math.floor(rnd() * src.length);
        insert = src.slice(s, s + Math.floor(rnd() * 400));
      } else if (r < 0.97) {
        kind = 'replace';
        end = b;
        insert = pick(TOKENS);
      } else {
        kind = 'restore';
        start = 0;
        end = len;
        insert = doc.original;
      }
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const range = { start: positionAt(doc.text, start), end: positionAt(doc.text, end) };
      doc.text = doc.text.slice(0, start) + insert + doc.text.slice(end);
      doc.version++;
      if (rnd() < 0.5) client.changeRange(doc.uri, doc.version, range, insert);
      else client.change(doc.uri, doc.text, doc.version);
      edits++;

      const off = Math.floor(rnd() * (doc.text.length + 1));
      const position = positionAt(doc.text, off);
      const [hover, lenses] = await Promise.all([
        client.conn.sendRequest('textDocument/hover', { textDocument: { uri: doc.uri }, position }),
        client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: doc.uri } }),
      ]);
      assert.ok(hover === null || typeof hover === 'object', fail(`hover answer after edit ${edits}`));
      assert.ok(Array.isArray(lenses), fail(`code lens answer after edit ${edits}`));
      if (edits % 97 === 0) {
        const [contracts, stats] = await Promise.all([
          client.conn.sendRequest('diamond/contracts') as Promise<{ contracts: unknown[] }>,
          client.conn.sendRequest('diamond/analysisStats') as Promise<{ files: number }>,
        ]);
        assert.ok(Array.isArray(contracts.contracts), fail('diamond/contracts'));
        assert.ok(stats.files > 0, fail('diamond/analysisStats'));
      }
      assert.equal(
        client.exited,
        undefined,
        fail(`server exited after edit ${edits} (${kind})\n${client.stderr}`),
      );
    }
    console.log(`fuzz: ${edits} edits (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`);
    assert.ok(edits >= MIN_EDITS);

    // Everything back as it was: the same diagnostics as at the start.
    for (const d of docs) {
      d.version++;
      d.text = d.original;
      client.change(d.uri, d.text, d.version);
    }
    await client.conn.sendRequest('diamond/analysisStats');
    await client
      .waitFor(
        'the starting diagnostics again',
        () => sortDiagnostics(client.diagnostics) === startDiagnostics,
        30_000,
      )
      .catch((e: Error) => {
        throw new Error(
          fail(`${e.message}\nexpected ${startDiagnostics}\nactual   ${sortDiagnostics(client.diagnostics)}`),
        );
      });
    assert.deepEqual(client.errorLogs, [], fail('handler errors were logged'));
    assert.equal(client.stderr.trim(), '', fail('server wrote to stderr'));
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
