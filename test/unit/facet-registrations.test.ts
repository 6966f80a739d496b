/**
 * Facets are what gets cut (issue 12): contracts that deploy scripts, deployment records and deploy configs
 * register are facets whatever their names (host/src/facet-registrations.ts reads them, the engine's discovery
 * takes them); scripts, tests, init contracts and bases never cut are not. On the fixture
 * test/fixtures/workspaces/real-world/registered each expected finding and each expected silence is asserted, and
 * the readers are checked on hostile input (bounded, linear, never executed).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  facetNameLists,
  foundryScriptNames,
  jsonListNames,
  mayRegisterFacets,
  readFacetRegistrations,
  scriptNames,
} from '../../host/src/facet-registrations';
import { createProjectService, openProject } from '../../host/src/project';
import { repoRoot } from './service-support';

const ROOT = repoRoot();
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURE = join(ROOT, 'test/fixtures/workspaces/real-world/registered');

describe('registrations read from a repository', () => {
  test('scripts, a JSON config, hardhat-deploy records and a Foundry script register the facets', () => {
    const found = readFacetRegistrations(FIXTURE).map((r) => `${r.name} <- ${r.source}`);
    assert.deepEqual(found, [
      'Swapper <- config/diamond.json',
      'Router <- deployments/mainnet/Router.json',
      'Minter <- script/Deploy.s.sol',
      // The diamond itself is named by getContractFactory('Diamond') but never cut: the engine drops diamonds anyway.
      'Treasury <- scripts/deploy.js',
      'Vault <- scripts/deploy.js',
    ]);
  });

  test('a factory deployed for anything but a cut, an init contract and a test list register nothing', () => {
    const names = readFacetRegistrations(FIXTURE).map((r) => r.name);
    for (const n of ['PriceOracle', 'DiamondInit', 'Helper', 'Diamond', 'UpgradeFacet', 'PausableFacet'])
      assert.ok(!names.includes(n), `${n} registered: ${names.join(', ')}`);
  });
});

test('our own deployment records, superseded ones included, register the facets they name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-records-'));
  try {
    const chain = join(dir, '.diamond/deployments/31337');
    mkdirSync(join(chain, 'superseded'), { recursive: true });
    const record = (names: string[]) =>
      JSON.stringify({
        format: 1,
        diamond: '0x01',
        facets: names.map((name) => ({ name, address: '0x02' })),
      });
    writeFileSync(join(chain, 'diamond.json'), record(['Ledger']));
    writeFileSync(join(chain, 'superseded/diamond-2026.json'), record(['OldLedger']));
    writeFileSync(
      join(dir, 'diamond.config.json'),
      JSON.stringify({ diamonds: [{ name: 'D', facets: ['Cfg'] }] }),
    );
    assert.deepEqual(
      readFacetRegistrations(dir).map((r) => `${r.name} <- ${r.source}`),
      [
        'Ledger <- .diamond/deployments/31337/diamond.json',
        'OldLedger <- .diamond/deployments/31337/superseded/diamond-2026.json',
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('the readers, one shape at a time', () => {
  test('facet name lists: identifiers, keys, facet-named calls, typed bindings, path.sol:Name', () => {
    assert.deepEqual(facetNameLists(`const FacetNames = ['A', "B"]`), ['A', 'B']);
    assert.deepEqual(facetNameLists(`diamond.deploy('D', { facets: ['C'] })`), ['C']);
    assert.deepEqual(facetNameLists(`const facetList: string[] = ['E']`), ['E']);
    assert.deepEqual(facetNameLists(`await deployFacets('contracts/x/F.sol:F', 'G')`), ['F', 'G']);
    // Not facet-named, or not a list of plain strings.
    assert.deepEqual(facetNameLists(`const tokens = ['T']`), []);
    assert.deepEqual(facetNameLists(`const facets = [a, 'B']`), []);
    assert.deepEqual(facetNameLists(`const facets = [{ name: 'B' }]`), []);
    assert.deepEqual(facetNameLists('const facets = [`${x}`]'), []);
  });

  test('a Hardhat factory counts only when its instance goes into a cut', () => {
    const cut = `const F = await ethers.getContractFactory('Pool')
      const pool = await F.deploy()
      cut.push({ facetAddress: pool.address, action: 0, functionSelectors: getSelectors(pool) })`;
    assert.deepEqual(scriptNames(cut), ['Pool']);
    const notCut = `const F = await ethers.getContractFactory('Oracle')
      const oracle = await F.deploy()
      cut.push({ facetAddress: other.address })`;
    assert.deepEqual(scriptNames(notCut), []);
    const direct = `const lens = await deployContract('Lens'); cut.push({ facetAddress: await lens.getAddress() })`;
    assert.deepEqual(scriptNames(direct), ['Lens']);
  });

  test('a Foundry script: `new X` whose address goes into a FacetCut', () => {
    assert.deepEqual(foundryScriptNames(`cut[0] = FacetCut(address(new Ledger()), Add, sels);`), ['Ledger']);
    assert.deepEqual(
      foundryScriptNames(
        `Book b = new Book(); Pen p = new Pen(); cut[0] = FacetCut({facetAddress: address(b)});`,
      ),
      ['Book'],
    );
    // No FacetCut: a script that only deploys.
    assert.deepEqual(foundryScriptNames(`Book b = new Book();`), []);
  });

  test('JSON configs: facet-named keys holding names; anything else is not read as names', () => {
    assert.deepEqual(jsonListNames(`{"diamonds": {"main": {"facetNames": ["A", "contracts/B.sol:B"]}}}`), [
      'A',
    ]);
    assert.deepEqual(jsonListNames(`{"facets": [1, "A"]}`), []);
    assert.deepEqual(jsonListNames(`{"tokens": ["A"]}`), []);
    assert.deepEqual(jsonListNames(`not json`), []);
  });

  test('hostile input: unclosed lists, repeated heads and long names finish in linear time and register nothing', () => {
    const start = performance.now();
    const heads = 'facets = ['.repeat(50_000);
    const names = `facetAddress: ${'a'.repeat(200)}.address `.repeat(5000);
    const news = 'FacetCut({facetAddress: address( '.repeat(10_000) + 'x = new '.repeat(20_000);
    assert.deepEqual(facetNameLists(heads), []);
    assert.deepEqual(scriptNames(names + `x = F.deploy(`.repeat(10_000)), []);
    assert.deepEqual(foundryScriptNames(news), []);
    const ms = performance.now() - start;
    assert.ok(ms < 5000, `the readers took ${ms.toFixed(0)} ms on 0.5 MB of hostile text`);
  });
});

describe('discovery takes the registrations', () => {
  const names = (service: ReturnType<typeof createProjectService>) =>
    service
      .diamonds()
      .diamonds.flatMap((d) => d.facets.map((f) => f.name))
      .sort();

  test('registered contracts are facets; without the registrations the *Facet fallback alone decides', () => {
    const service = createProjectService(openProject(FIXTURE));
    assert.deepEqual(names(service), ['Minter', 'Router', 'Swapper', 'Treasury', 'Vault']);
    const registered = readFacetRegistrations(FIXTURE);
    service.setFacetRegistrations([]);
    // The name alone: Vault is missed, so its base PausableFacet looks cut; UpgradeFacet is a Script either way.
    assert.deepEqual(names(service), ['PausableFacet']);
    service.setFacetRegistrations([...registered, { name: 'PausableFacet', source: 'scripts/x.js' }]);
    // A base that something registers is cut itself.
    assert.deepEqual(names(service), ['Minter', 'PausableFacet', 'Router', 'Swapper', 'Treasury', 'Vault']);
  });

  test('diamond check: the registered facets conflict; the oracle, init, script, base and test helper are silent', () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run node scripts/build.mjs first`);
    const r = spawnSync(process.execPath, [CLI, 'check', '.', '--json'], { cwd: FIXTURE, encoding: 'utf8' });
    const out = JSON.parse(r.stdout) as {
      findings: { rule: string; file: string; message: string }[];
      summary: {
        diamonds: {
          name: string;
          facets: string[];
          proxy?: string;
          registeredBy?: Record<string, string>;
        }[];
      };
    };
    const findings = out.findings.filter((f) => f.rule !== 'namespace-convention');
    assert.deepEqual(
      findings.map((f) => `${f.rule} ${f.file}`),
      ['duplicate-selector contracts/facets/Swapper.sol', 'duplicate-selector contracts/facets/Vault.sol'],
    );
    assert.match(findings[0].message, /ping\(\) \(0x5c36b186\) is exposed by both Swapper and Vault/);
    assert.equal(r.status, 1);
    assert.deepEqual(out.summary.diamonds, [
      {
        ...out.summary.diamonds[0],
        name: 'Diamond',
        proxy: 'Diamond',
        facets: ['Minter', 'Router', 'Swapper', 'Treasury', 'Vault'],
      },
    ]);
    // Each facet says what registers it: the evidence the summary shows.
    assert.deepEqual(out.summary.diamonds[0].registeredBy, {
      Minter: 'script/Deploy.s.sol',
      Router: 'deployments/mainnet/Router.json',
      Swapper: 'config/diamond.json',
      Treasury: 'scripts/deploy.js',
      Vault: 'scripts/deploy.js',
    });
    const text = JSON.stringify(findings);
    for (const silent of ['PriceOracle', 'DiamondInit', 'UpgradeFacet', 'PausableFacet', 'Helper'])
      assert.ok(!text.includes(silent), `${silent} appears in ${text}`);
  });

  test('the hover on a facet says what registers it; a facet by name alone says nothing of the kind', () => {
    const service = createProjectService(openProject(FIXTURE));
    const hoverAt = (rel: string, name: string) => {
      const file = join(FIXTURE, rel);
      const text = readFileSync(file, 'utf8');
      return service.hover(file, text.indexOf(`contract ${name}`) + 'contract '.length + 1)?.contents ?? '';
    };
    assert.match(hoverAt('contracts/facets/Vault.sol', 'Vault'), /Registered by `scripts\/deploy\.js`/);
    assert.match(
      hoverAt('contracts/facets/Router.sol', 'Router'),
      /Registered by `deployments\/mainnet\/Router\.json`/,
    );
    service.setFacetRegistrations([]);
    assert.doesNotMatch(hoverAt('contracts/facets/PausableFacet.sol', 'PausableFacet'), /Registered by/);
  });
});

test('which changed files mean reading the registrations again (what the editor watches)', () => {
  for (const rel of [
    'scripts/deploy.js',
    'scripts/deploy.ts',
    'script/Deploy.s.sol',
    'deployments/mainnet/Router.json',
    'config/diamond.json',
    '.diamond/deployments/31337/DLOOP.json',
    'hardhat.config.cjs',
  ])
    assert.ok(mayRegisterFacets(rel), rel);
  for (const rel of [
    'diamond.config.json',
    'contracts/facets/Vault.sol',
    'test/deploy.test.js',
    'scripts/x.test.ts',
    'types/x.d.ts',
    'node_modules/pkg/package.json',
    'lib/forge-std/package.json',
    '.git/config.json',
  ])
    assert.ok(!mayRegisterFacets(rel), rel);
});
