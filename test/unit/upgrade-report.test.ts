/**
 * planMarkdown (chain/src/upgrade-report.ts) on a plan built by hand: the selectors Replaced / Added / Removed
 * with the signature and facet on both sides, what is left alone and why, the deploy list with nonces, the init,
 * the cut and its calldata hash, the validations as ticks and crosses, findings at their places; table cells
 * escaped; an empty plan says there is nothing to cut.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoupeView } from '../../chain/src/loupe-types';
import type { UpgradePlan } from '../../chain/src/upgrade-plan-types';
import { planMarkdown } from '../../chain/src/upgrade-report';

const DIAMOND = '0xD1a0000000000000000000000000000000000001';
const OLD = '0x01d0000000000000000000000000000000000002';
const FOREIGN = '0xF0e0000000000000000000000000000000000003';
const NEW = '0x4e40000000000000000000000000000000000004';
const INIT = '0x1417000000000000000000000000000000000005';
const DEPLOYER = '0xDe90000000000000000000000000000000000006';

const loupe: LoupeView = {
  rpcUrl: 'http://127.0.0.1:8545',
  chainId: 31337,
  diamond: DIAMOND,
  owner: null,
  facets: [
    {
      address: OLD,
      name: 'OldFacet',
      nameSource: 'deployment',
      codeHash: null,
      changed: true,
      selectors: [
        // The live side knows this selector under another name: a 4-byte collision the report must show.
        { selector: '0xaaaaaaaa', signature: 'legacyName()', signatureSource: 'local', drift: null },
        { selector: '0xcccccccc', signature: 'retired(uint256)', signatureSource: 'local', drift: null },
      ],
    },
    {
      address: FOREIGN,
      name: null,
      nameSource: null,
      codeHash: null,
      changed: false,
      selectors: [{ selector: '0xdddddddd', signature: null, signatureSource: null, drift: null }],
    },
    {
      address: DIAMOND,
      name: 'Diamond',
      nameSource: 'bytecode',
      codeHash: null,
      changed: false,
      selectors: [
        { selector: '0xeeeeeeee', signature: 'diamondGenesis()', signatureSource: 'local', drift: null },
      ],
    },
  ],
  localOnly: [],
  drift: [],
  driftChecked: true,
};

function handBuiltPlan(): UpgradePlan {
  return {
    chainId: 31337,
    rpcUrl: 'http://127.0.0.1:8545',
    diamond: DIAMOND,
    diamondName: 'Main | v2',
    plan: {
      chainId: 31337,
      diamond: DIAMOND,
      cut: [
        { facet: 'NewFacet', facetAddress: NEW, action: 'replace', functionSelectors: ['0xaaaaaaaa'] },
        { facet: 'NewFacet', facetAddress: NEW, action: 'add', functionSelectors: ['0xbbbbbbbb'] },
        {
          facet: null,
          facetAddress: '0x0000000000000000000000000000000000000000',
          action: 'remove',
          functionSelectors: ['0xcccccccc'],
        },
      ],
      selectors: [
        {
          selector: '0xaaaaaaaa',
          signature: 'newName()',
          action: 'replace',
          fromFacet: 'OldFacet',
          fromAddress: OLD,
          toFacet: 'NewFacet',
        },
        {
          selector: '0xbbbbbbbb',
          signature: 'added(address)',
          action: 'add',
          fromFacet: null,
          fromAddress: null,
          toFacet: 'NewFacet',
        },
        {
          selector: '0xcccccccc',
          signature: 'retired(uint256)',
          action: 'remove',
          fromFacet: 'OldFacet',
          fromAddress: OLD,
          toFacet: null,
        },
        {
          selector: '0xdddddddd',
          signature: null,
          action: 'unmanaged',
          fromFacet: FOREIGN,
          fromAddress: FOREIGN,
          toFacet: null,
        },
        {
          selector: '0xeeeeeeee',
          signature: 'diamondGenesis()',
          action: 'immutable',
          fromFacet: 'Diamond',
          fromAddress: DIAMOND,
          toFacet: null,
        },
        {
          selector: '0x12345678',
          signature: 'kept()',
          action: 'keep',
          fromFacet: 'KeptFacet',
          fromAddress: OLD,
          toFacet: 'KeptFacet',
        },
      ],
      deploy: ['NewFacet'],
      problems: [],
    },
    cut: [
      { facetAddress: NEW, action: 1, functionSelectors: ['0xaaaaaaaa'] },
      { facetAddress: NEW, action: 0, functionSelectors: ['0xbbbbbbbb'] },
      {
        facetAddress: '0x0000000000000000000000000000000000000000',
        action: 2,
        functionSelectors: ['0xcccccccc'],
      },
    ],
    deploy: [
      {
        contract: 'NewFacet',
        file: 'facets/NewFacet.sol',
        predictedAddress: NEW,
        artifact: {
          name: 'NewFacet',
          file: 'facets/NewFacet.sol',
          abi: [],
          bytecode: '0x00',
          deployedBytecode: '0x00',
          methodIdentifiers: {},
          storageLayout: null,
        },
      },
      {
        contract: 'Migrate',
        file: 'init/Migrate.sol',
        predictedAddress: INIT,
        artifact: {
          name: 'Migrate',
          file: 'init/Migrate.sol',
          abi: [],
          bytecode: '0x00',
          deployedBytecode: '0x00',
          methodIdentifiers: {},
          storageLayout: null,
        },
      },
    ],
    deployer: DEPLOYER,
    deployerNonce: 7,
    init: {
      contract: 'Migrate',
      address: INIT,
      call: 'run(uint16)',
      args: [15000],
      calldata: '0xabcdef01',
      deploy: true,
      signature: 'run(uint16)',
    },
    calldata: '0x1f931c1c00ff',
    calldataHash: '0x' + '42'.repeat(32),
    findings: [
      {
        rule: 'storage-layout-break',
        severity: 'error',
        message: 'field `a|b` inserted',
        file: '/p/contracts/libraries/LibX.sol',
        start: 10,
        end: 12,
        line: 4,
        column: 9,
        endLine: 4,
        endColumn: 11,
        related: [],
        check: 'storage-layout',
      },
      { rule: 'upgrade-no-baseline', severity: 'warning', message: 'no commit', check: 'storage-layout' },
    ],
    checks: [
      { id: 'selectors', title: 'Selectors', status: 'passed', detail: '5 routed' },
      { id: 'storage-layout', title: 'Layouts', status: 'failed', detail: 'commit abc' },
      { id: 'namespaces', title: 'Namespaces', status: 'warning', detail: '' },
      { id: 'code', title: 'Code', status: 'passed', detail: '' },
      { id: 'init', title: 'Init', status: 'skipped', detail: 'no init call' },
    ],
    loupe,
    protectedSelectors: [],
    prune: false,
    compileRoot: '/p/contracts',
    recordFile: null,
  };
}

const lines = (md: string) => md.split('\n');

test('selectors by action with the signature and facet before and after; left alone with the reason', () => {
  const md = planMarkdown(handBuiltPlan());
  const l = lines(md);
  assert.equal(l[0], '# Upgrade plan: Main | v2');
  assert.ok(l.includes('| Verdict | ❌ blocked: 1 error(s), 1 warning(s) |'), md);
  assert.ok(l.includes('| Replaced | Added | Removed | Left alone | Contracts to deploy |'));
  assert.ok(l.includes('| 1 | 1 | 1 | 2 | 2 |'), 'the keep row is not counted');
  const at = (heading: string) => l.indexOf(heading);
  assert.ok(
    at('## Replaced (1)') >= 0 &&
      at('## Added (1)') > at('## Replaced (1)') &&
      at('## Removed (1)') > at('## Added (1)'),
  );
  assert.deepEqual(l.slice(at('## Replaced (1)') + 2, at('## Replaced (1)') + 5), [
    '| Selector | Signature now | Facet now | Signature after | Facet after |',
    '|---|---|---|---|---|',
    `| \`0xaaaaaaaa\` | \`legacyName()\` | OldFacet (${OLD}) | \`newName()\` | NewFacet (${NEW}) |`,
  ]);
  assert.equal(
    l[at('## Added (1)') + 4],
    `| \`0xbbbbbbbb\` | — | not routed | \`added(address)\` | NewFacet (${NEW}) |`,
  );
  assert.equal(
    l[at('## Removed (1)') + 4],
    `| \`0xcccccccc\` | \`retired(uint256)\` | OldFacet (${OLD}) | — | — |`,
  );
  assert.deepEqual(l.slice(at('## Left alone (2)') + 4, at('## Left alone (2)') + 6), [
    `| \`0xdddddddd\` | unknown | ${FOREIGN} | on a facet the project does not manage (removed only with --prune) |`,
    `| \`0xeeeeeeee\` | \`diamondGenesis()\` | Diamond (${DIAMOND}) | immutable (routed to the diamond itself) |`,
  ]);
  assert.ok(!md.includes('0x12345678'), 'unchanged selectors are not listed');
});

test('deploy list with nonces, the init, the cut, the calldata and its hash', () => {
  const l = lines(planMarkdown(handBuiltPlan()));
  assert.ok(l.includes(`Plain CREATE from \`${DEPLOYER}\`, in this order, starting at nonce 7:`));
  assert.ok(l.includes(`| 1 | NewFacet | facets/NewFacet.sol | \`${NEW}\` | 7 |`));
  assert.ok(l.includes(`| 2 | Migrate | init/Migrate.sol | \`${INIT}\` | 8 |`));
  assert.ok(l.includes(`| Contract | Migrate at \`${INIT}\` (deployed by this plan) |`));
  assert.ok(l.includes('| Call | `run(uint16)` with `[15000]` |'));
  assert.ok(l.includes('| Calldata | `0xabcdef01` |'));
  assert.ok(l.includes(`| 1 | Replace | NewFacet (${NEW}) | 0xaaaaaaaa |`));
  assert.ok(l.includes(`| 2 | Add | NewFacet (${NEW}) | 0xbbbbbbbb |`));
  assert.ok(l.includes('| 3 | Remove | — (0x0000000000000000000000000000000000000000) | 0xcccccccc |'));
  assert.ok(l.includes(`\`diamondCut(cut, init, calldata)\`: 6 bytes, keccak256 \`0x${'42'.repeat(32)}\`.`));
  assert.ok(l.includes('0x1f931c1c00ff'));
  assert.ok(!planMarkdown(handBuiltPlan(), { includeCalldata: false }).includes('0x1f931c1c00ff'));
});

test('validation as ticks and crosses; findings at their places (shown through displayPath), cells escaped', () => {
  const md = planMarkdown(handBuiltPlan(), { displayPath: (f) => f.replace('/p/', '') });
  const l = lines(md);
  const v = l.indexOf('## Validation');
  assert.deepEqual(l.slice(v + 2, v + 7), [
    '- ✅ Selectors: 5 routed',
    '- ❌ Layouts: commit abc',
    '- ⚠️ Namespaces',
    '- ✅ Code',
    '- ➖ Init: no init call',
  ]);
  assert.ok(l.includes('### Findings (1 error(s), 1 warning(s))'));
  assert.ok(
    l.includes('| ❌ | storage-layout-break | contracts/libraries/LibX.sol:4:9 | field `a\\|b` inserted |'),
    md,
  );
  assert.ok(l.includes('| ⚠️ | upgrade-no-baseline | — | no commit |'));
});

test('an empty plan: nothing to cut, nothing to deploy, no init, no findings', () => {
  const p = handBuiltPlan();
  p.plan = {
    ...p.plan,
    cut: [],
    deploy: [],
    selectors: p.plan.selectors.filter((s) => s.action === 'immutable'),
  };
  p.cut = [];
  p.deploy = [];
  p.init = null;
  p.findings = [];
  p.diamondName = null;
  const l = lines(planMarkdown(p));
  assert.equal(l[0], `# Upgrade plan: ${DIAMOND}`);
  assert.ok(l.includes('| Verdict | ✅ valid |'));
  assert.ok(
    l.includes(
      'Nothing to cut: the diamond already routes every selector of the target facets to identical code.',
    ),
  );
  for (const s of [
    'No selector is replaced.',
    'No selector is added.',
    'No selector is removed.',
    'Nothing to deploy.',
  ])
    assert.ok(l.includes(s), s);
  assert.ok(l.includes('No init call: `address(0)`, empty calldata.'));
  assert.ok(l.includes('No findings.'));
});
