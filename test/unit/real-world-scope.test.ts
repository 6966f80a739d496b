/**
 * `diamond check` on real-world repository shapes (test/fixtures/workspaces/real-world): diamonds inferred from the
 * code (AppStorage declarations, folders, diamond contracts), production scope (tests, mocks, scripts and lib/
 * read for imports only), the diamond contract's own functions as immutable selectors, a sub-project's
 * foundry.toml, the summary, `diamond init`, config entries matching nothing, and paths relative to the project
 * root. Each expected finding and each expected silence is asserted. (namespace-convention is left out: whether
 * DLOOP's convention applies to other projects is that rule's own business.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inScope, pathGlobMatches } from '../../engine';
import { inferDiamonds } from '../../engine/src/diamonds/infer';
import { validateConfig } from '../../engine';
import { createProjectService, openProject } from '../../host/src/project';
import { repoRoot } from './service-support';

const ROOT = repoRoot();
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURES = join(ROOT, 'test/fixtures/workspaces/real-world');

function diamond(args: string[], cwd: string) {
  assert.ok(existsSync(CLI), `${CLI} is missing: run node scripts/build.mjs first`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Finding {
  rule: string;
  severity: string;
  file: string;
  message: string;
  related: { file: string; message: string }[];
}
interface Summary {
  files: number;
  outOfScope: number;
  diamonds: { name: string; facets: string[]; proxy?: string; source: string }[];
  notes: string[];
}

function checkJson(dir: string, extra: string[] = []) {
  const r = diamond(['check', '.', '--json', ...extra], dir);
  const out = JSON.parse(r.stdout) as { findings: Finding[]; summary: Summary };
  const findings = out.findings.filter((f) => f.rule !== 'namespace-convention');
  return { code: r.code, stderr: r.stderr, findings, summary: out.summary };
}

/** A copy of a fixture in a temp folder (the fixture's own folder is the project root there). */
function copyOf(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `diamond-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

const brief = (f: Finding) => `${f.rule} ${f.file}`;

describe('two diamonds side by side, with tests, mocks, scripts and lib/', () => {
  const dir = copyOf('multi');
  test.after(() => rmSync(dir, { recursive: true, force: true }));

  test('each real conflict is found once per conflicting facet, and nothing across diamonds', () => {
    const r = checkJson(dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.findings.map(brief), [
      // The SolidState-style diamond contract's own supportsInterface is an immutable selector.
      'duplicate-selector contracts/ethereum/EthDiamond.sol',
      // What the inference decided, said once (info), at the project's first facet.
      'diamond-inference contracts/ethereum/facets/BridgeFacet.sol',
      'duplicate-selector contracts/ethereum/facets/ERC165Facet.sol',
      // Two different structs at one slot within the ethereum diamond.
      'namespace-collision contracts/ethereum/libraries/LibBridge.sol',
      'namespace-collision contracts/ethereum/libraries/LibFees.sol',
      // buy(uint256) twice in the polygon diamond.
      'duplicate-selector contracts/polygon/facets/ItemsFacet.sol',
      'duplicate-selector contracts/polygon/facets/ShopFacet.sol',
    ]);
    const [proxySide, inference, facetSide] = r.findings;
    assert.equal(inference.severity, 'info');
    assert.equal(inference.message, r.summary.notes[0]);
    assert.match(
      facetSide.message,
      /supportsInterface\(bytes4\) \(0x01ffc9a7\) is exposed by both ERC165Facet and the diamond contract EthDiamond \(an immutable function\)/,
    );
    assert.match(proxySide.message, /inherited from SolidStateDiamond/);
    assert.match(
      r.findings[5].message,
      /buy\(uint256\) \(0xd96a094a\) is exposed by both ItemsFacet and ShopFacet in diamond polygon/,
    );
    // LibRewards (polygon) has the same slot as the two ethereum libraries: another diamond's storage.
    for (const f of r.findings)
      assert.doesNotMatch(JSON.stringify(f), /LibRewards|polygon\/libraries/, brief(f));
  });

  test('silences: tests, mocks, scripts, lib/ and the same-named AppStorage of the other diamond', () => {
    // (diamond-inference's sentence names the AppStorage structs it went by.)
    const all = JSON.stringify(checkJson(dir).findings.filter((f) => f.rule !== 'diamond-inference'));
    for (const quiet of [
      'TestItemsFacet',
      'MockShopFacet',
      'DeployItemsFacet',
      'ProxyAdminFacet',
      'ERC1967',
      'counter',
      'AppStorage',
      'balanceOf',
    ])
      assert.ok(!all.includes(quiet), `${quiet} is not reported: ${all}`);
  });

  test('the summary names each diamond, its facets (paths where names repeat) and its diamond contract', () => {
    const { summary } = checkJson(dir);
    assert.deepEqual(
      summary.diamonds.map((d) => [d.name, d.proxy, d.source, d.facets]),
      [
        [
          'EthDiamond',
          'EthDiamond',
          'inferred',
          ['BridgeFacet', 'ERC165Facet', 'contracts/ethereum/facets/ItemsFacet.sol:ItemsFacet'],
        ],
        [
          'polygon',
          undefined,
          'inferred',
          ['contracts/polygon/facets/ItemsFacet.sol:ItemsFacet', 'RewardsFacet', 'ShopFacet'],
        ],
      ],
    );
    assert.equal(summary.files, 12);
    assert.equal(summary.outOfScope, 5);
    assert.equal(summary.notes.length, 1);
    assert.match(summary.notes[0], /2 diamonds inferred .*Pin them in diamond\.config\.json/);
    const text = diamond(['check', '.'], dir);
    assert.match(
      text.stderr,
      /^diamond EthDiamond \(inferred: .*\), diamond contract EthDiamond: 3 facet\(s\): BridgeFacet, ERC165Facet, contracts\/ethereum\/facets\/ItemsFacet\.sol:ItemsFacet$/m,
    );
    // Said once: as the info finding, not again as a summary note.
    assert.equal(text.stdout.split('2 diamonds inferred').length - 1, 1, text.stdout);
    assert.doesNotMatch(text.stderr, /2 diamonds inferred/);
    const sarif = JSON.parse(diamond(['check', '.', '--format', 'sarif'], dir).stdout) as {
      runs: { results: { ruleId: string; level: string }[] }[];
    };
    assert.deepEqual(
      sarif.runs[0].results.filter((r) => r.ruleId === 'diamond-inference').map((r) => r.level),
      ['note'],
    );
    assert.match(text.stdout, /BridgeFacet\.sol:7:10 info diamond-inference 2 diamonds inferred /);
    assert.match(
      text.stderr,
      /6 error\(s\).*12 file\(s\) \(5 test\/mock\/script\/lib file\(s\) read for imports only\), 2 diamond\(s\), 6 facet\(s\)$/m,
    );
  });

  test('paths are relative to the project root, also from a subfolder, and SARIF says so with uriBaseId', () => {
    const sub = join(dir, 'contracts', 'polygon');
    const r = diamond(['check', '.', '--format', 'sarif'], sub);
    const sarif = JSON.parse(r.stdout) as {
      runs: {
        originalUriBaseIds: Record<string, { uri: string }>;
        results: {
          locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[];
        }[];
      }[];
    };
    const [run] = sarif.runs;
    assert.ok(run.results.length > 0);
    for (const res of run.results) {
      const loc = res.locations[0].physicalLocation.artifactLocation;
      assert.equal(loc.uriBaseId, '%SRCROOT%');
      assert.doesNotMatch(loc.uri, /^\.\.\//);
    }
    const text = diamond(['check', '.'], sub);
    assert.doesNotMatch(text.stdout, /^\.\.\//m, text.stdout);
  });

  test('diamond init writes the inference; checking with it pins the same diamonds and findings', () => {
    const inferred = checkJson(dir);
    const init = diamond(['init'], dir);
    assert.equal(init.code, 0, init.stderr);
    const config = JSON.parse(readFileSync(join(dir, 'diamond.config.json'), 'utf8')) as {
      diamonds: { name: string; proxy?: string; facets: string[] }[];
    };
    assert.deepEqual(config.diamonds[0], {
      name: 'EthDiamond',
      proxy: 'EthDiamond',
      facets: ['BridgeFacet', 'ERC165Facet', 'contracts/ethereum/facets/ItemsFacet.sol:ItemsFacet'],
    });
    try {
      const again = diamond(['init'], dir);
      assert.equal(again.code, 2, 'never overwrites');
      const pinned = checkJson(dir);
      // Pinned: the same findings, minus what the inference had to decide (nothing is left to decide).
      assert.deepEqual(
        pinned.findings.map(brief),
        inferred.findings.filter((f) => f.rule !== 'diamond-inference').map(brief),
      );
      assert.deepEqual(
        pinned.summary.diamonds.map((d) => d.source),
        ['config', 'config'],
      );
      assert.deepEqual(pinned.summary.notes, []);
    } finally {
      rmSync(join(dir, 'diamond.config.json'));
    }
  });

  test('a facet or proxy that matches nothing is a config error with a suggestion', () => {
    writeFileSync(
      join(dir, 'diamond.config.json'),
      JSON.stringify(
        {
          diamonds: [
            {
              name: 'polygon',
              proxy: 'PolyDiamond',
              facets: ['ShopFacett', 'contracts/x/ItemsFacet.sol:ItemsFacet'],
            },
          ],
        },
        null,
        2,
      ),
    );
    try {
      const r = diamond(['check', '.'], dir);
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        /diamond\.config\.json:\d+:\d+ error config "ShopFacett" matches no contract: did you mean "ShopFacet"\?/,
      );
      assert.match(
        r.stderr,
        /"contracts\/x\/ItemsFacet\.sol:ItemsFacet" matches no contract: did you mean "contracts\/(ethereum|polygon)\/facets\/ItemsFacet\.sol:ItemsFacet"\?/,
      );
      assert.match(r.stderr, /"PolyDiamond" matches no contract/);
    } finally {
      rmSync(join(dir, 'diamond.config.json'));
    }
  });

  test('config: facets by path, root folders, proxy, and path-glob exclude', () => {
    writeFileSync(
      join(dir, 'diamond.config.json'),
      JSON.stringify({
        diamonds: [
          { name: 'L1', root: 'contracts/ethereum', proxy: 'contracts/ethereum/EthDiamond.sol:EthDiamond' },
          { name: 'L2', facets: ['contracts/polygon/facets/ItemsFacet.sol:ItemsFacet', 'RewardsFacet'] },
        ],
        exclude: ['contracts/ethereum/libraries/LibFees.sol', 'contracts/ethereum/facets/BridgeFacet.sol'],
      }),
    );
    try {
      const r = checkJson(dir);
      // ShopFacet is not in L2, BridgeFacet (the only user of the colliding libraries) is excluded.
      assert.deepEqual(r.findings.map(brief), [
        'duplicate-selector contracts/ethereum/EthDiamond.sol',
        'duplicate-selector contracts/ethereum/facets/ERC165Facet.sol',
      ]);
      assert.deepEqual(
        r.summary.diamonds.map((d) => [d.name, d.facets.length]),
        [
          ['L1', 2],
          ['L2', 2],
        ],
      );
    } finally {
      rmSync(join(dir, 'diamond.config.json'));
    }
  });

  test('a test file named on the command line is checked, scoped to what it declares', () => {
    const r = diamond(['check', 'test/ItemsFacet.t.sol', '--json'], dir);
    const out = JSON.parse(r.stdout) as { findings: Finding[] };
    // Its own facet's state variable; nothing from the production diamonds it imports.
    assert.deepEqual(out.findings.map(brief), ['facet-state-variable test/ItemsFacet.t.sol']);
  });
});

test("a monorepo's sub-project foundry.toml resolves its imports when checked from the top folder", () => {
  const dir = copyOf('monorepo');
  try {
    const r = checkJson(dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.findings.map(brief), [
      'duplicate-selector packages/core/src/facets/MarketFacet.sol',
      'duplicate-selector packages/core/src/facets/OrdersFacet.sol',
    ]);
    assert.match(r.findings[0].message, /place\(\(uint256,address\)\) \(0x423570b3\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('zero facets is said plainly, never "no problems found"', () => {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-nofacets-'));
  try {
    writeFileSync(
      join(dir, 'Vault.sol'),
      'pragma solidity ^0.8.20;\ncontract Vault { function deposit() external {} }\n',
    );
    const r = diamond(['check', '.'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /no facets recognised in 1 file\(s\).*"diamond init"/);
    assert.doesNotMatch(r.stderr, /no problems found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the default scope and path globs', () => {
  const cfg = { exclude: [] as string[], include: [] as string[] };
  for (const [rel, want] of [
    ['contracts/facets/A.sol', true],
    ['test/A.sol', false],
    ['protocol/test/foundry/A.sol', false],
    ['contracts/mocks/mockFacets/A.sol', false],
    ['script/Deploy.s.sol', false],
    ['src/Foo.t.sol', false],
    ['lib/forge-std/src/Test.sol', false],
    ['contracts/library/A.sol', true],
  ] as const)
    assert.equal(inScope(rel, cfg), want, rel);
  assert.equal(inScope('test/A.sol', { exclude: [], include: ['test/**'] }), true);
  assert.equal(inScope('src/legacy/A.sol', { exclude: ['src/legacy/**'], include: [] }), false);
  assert.equal(pathGlobMatches('**/*.t.sol', 'a/b/c.t.sol'), true);
  assert.equal(pathGlobMatches('src/*.sol', 'src/a/b.sol'), false);
  assert.equal(pathGlobMatches('test/', 'test/a/b.sol'), true);
  // Linear enough on a hostile pattern.
  const started = Date.now();
  assert.equal(pathGlobMatches('**/a**/a**/a**/a**/a**/b', 'a/'.repeat(200) + 'c'), false);
  assert.ok(Date.now() - started < 2000);
});

test('inference: different AppStorage declarations of one name are different diamonds; same names split by folder', () => {
  const c = (name: string, file: string) => ({ name, file, kind: 'contract' as const, abstract: false });
  const facets = [
    c('AFacet', 'x/facets/A.sol'),
    c('BFacet', 'x/facets/B.sol'),
    c('AFacet', 'y/facets/A.sol'),
    c('CFacet', 'y/C.sol'),
  ];
  const storage = new Map([
    [facets[0], 'x#AppStorage'],
    [facets[1], 'x#AppStorage'],
    [facets[2], 'y#AppStorage'],
  ]);
  const r = inferDiamonds({ facets, proxies: [], appStorage: (f) => storage.get(f), rel: (f) => f });
  assert.deepEqual(
    r.diamonds.map((d) => [d.name, d.facets.map((f) => f.file)]),
    [
      ['x', ['x/facets/A.sol', 'x/facets/B.sol']],
      ['y', ['y/C.sol', 'y/facets/A.sol']],
    ],
  );
  // Same AppStorage, same name in two folders: never one diamond.
  const same = inferDiamonds({
    facets: facets.slice(0, 3),
    proxies: [],
    appStorage: () => 'k',
    rel: (f) => f,
  });
  assert.equal(same.diamonds.length, 2);
  assert.match(same.notes.map((n) => n.text).join('\n'), /AFacet is declared in several folders/);
  // Each note is about a contract: the finding (diamond-inference) sits at its name.
  assert.deepEqual(
    same.notes.map((n) => n.at?.file),
    ['x/facets/A.sol', 'x/facets/A.sol'],
  );
});

test('config validation: proxy, root, include, path facets and path-glob exclude', () => {
  const ok = validateConfig(
    JSON.stringify({
      diamonds: [
        { name: 'D', root: 'contracts/d/', proxy: 'D', facets: ['contracts/d/A.sol:AFacet', 'BFacet'] },
      ],
      exclude: ['Mock*', 'test/**'],
      include: ['test/harness/**'],
    }),
  );
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.config?.diamonds, [
    { name: 'D', root: 'contracts/d', proxy: 'D', facets: ['contracts/d/A.sol:AFacet', 'BFacet'] },
  ]);
  const bad = validateConfig(
    JSON.stringify({
      diamonds: [{ name: 'D', root: '../up', proxy: 'a b', facets: ['x.sol:'] }],
      exclude: ['/abs/**'],
    }),
  );
  assert.equal(bad.problems.length, 4, bad.problems.map((p) => p.message).join('\n'));
});

test('the language service shows the inference: a hover on a facet or diamond contract name, and diamonds()', () => {
  const project = openProject(join(FIXTURES, 'multi'));
  const service = createProjectService(project);
  const shop = join(project.root, 'contracts/polygon/facets/ShopFacet.sol');
  const text = readFileSync(shop, 'utf8');
  const hover = service.hover(shop, text.indexOf('ShopFacet is') + 2);
  assert.match(
    hover!.contents,
    /\*\*Facet\*\* of diamond \*\*polygon\*\* \(inferred: facets sharing one AppStorage struct in contracts\/polygon\/\), 3 facet\(s\): ItemsFacet, RewardsFacet, ShopFacet/,
  );
  const eth = join(project.root, 'contracts/ethereum/EthDiamond.sol');
  const ethText = readFileSync(eth, 'utf8');
  assert.match(
    service.hover(eth, ethText.indexOf('EthDiamond is') + 2)!.contents,
    /\*\*Diamond contract\*\* of \*\*EthDiamond\*\*/,
  );
  // The whole folder is open (tests included): a test harness is its own file's diamond, not the project's.
  const mock = join(project.root, 'contracts/mocks/MockShopFacet.sol');
  const mockText = readFileSync(mock, 'utf8');
  const mockHover = service.hover(mock, mockText.indexOf('MockShopFacet {') + 2)!.contents.split('\n')[0];
  assert.match(
    mockHover,
    /of diamond \*\*contracts\/mocks\/MockShopFacet\.sol\*\* \(inferred: the facets this file declares/,
  );
  const overview = service.diamonds();
  assert.deepEqual(
    overview.diamonds.filter((d) => !d.name.includes('/')).map((d) => d.name),
    ['EthDiamond', 'polygon'],
  );
  // The editor publishes production findings as the CLI prints them: nothing across diamonds.
  const findings = service
    .findings()
    .filter((f) => f.rule === 'duplicate-selector' && f.file.includes('/contracts/'));
  assert.equal(findings.length, 4);
});
