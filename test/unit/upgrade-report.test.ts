/**
 * planMarkdown (chain/src/upgrade-report.ts) on a plan built by hand: the selectors Replaced / Added / Removed
 * with the signature and facet on both sides, what is left alone and why, the deploy list with nonces, the init,
 * the cut and its calldata hash, the validations as ticks and crosses, findings at their places; table cells
 * escaped; an empty plan says there is nothing to cut.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planMarkdown } from '../../chain/src/upgrade-report';
import { DEPLOYER, DIAMOND, FOREIGN, handBuiltPlan, INIT, NEW, OLD } from './upgrade-plan-support';

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

test('links (VS Code): selectors and places become Markdown links; without the options the text has none', () => {
  const plain = planMarkdown(handBuiltPlan(), { displayPath: (f) => f.replace('/p/', '') });
  assert.ok(!plain.includes(']('), 'no link without the link options');
  const md = planMarkdown(handBuiltPlan(), {
    displayPath: (f) => f.replace('/p/', ''),
    selectorLink: (row) =>
      row.selector === '0xdddddddd' ? undefined : `src/${row.toFacet ?? row.fromFacet}.sol#L3`,
    placeLink: (p) => `file:${p.file}${p.line === undefined ? '' : `#L${p.line}`}`,
  });
  const l = lines(md);
  assert.ok(
    l.includes(
      `| [\`0xaaaaaaaa\`](<src/NewFacet.sol#L3>) | \`legacyName()\` | OldFacet (${OLD}) | \`newName()\` | NewFacet (${NEW}) |`,
    ),
    md,
  );
  assert.ok(
    l.includes(
      `| [\`0xcccccccc\`](<src/OldFacet.sol#L3>) | \`retired(uint256)\` | OldFacet (${OLD}) | — | — |`,
    ),
  );
  // A selector without a link stays as `--report` writes it.
  assert.ok(
    l.some((x) => x.startsWith('| `0xdddddddd` | unknown |')),
    md,
  );
  // The deploy list links each source (under the compile root), findings their place; a finding without one has none.
  assert.ok(
    l.includes(
      `| 1 | NewFacet | [facets/NewFacet.sol](<file:/p/contracts/facets/NewFacet.sol>) | \`${NEW}\` | 7 |`,
    ),
  );
  assert.ok(
    l.includes(
      '| ❌ | storage-layout-break | [contracts/libraries/LibX.sol:4:9](<file:/p/contracts/libraries/LibX.sol#L4>) | field `a\\|b` inserted |',
    ),
    md,
  );
  assert.ok(l.includes('| ⚠️ | upgrade-no-baseline | — | no commit |'));
  // Taking the links out gives the plain text back: links are all the options add.
  assert.equal(md.replace(/\[([^\]]*)\]\(<[^>]*>\)/g, '$1'), plain);
});

test('a plan that deploys nothing names no deployer; a rollback is not a diamond of the config', () => {
  const plan = handBuiltPlan();
  assert.ok(
    lines(planMarkdown(plan)).includes(`| Diamond | ${DIAMOND} ("Main \\| v2" in diamond.config.json) |`),
  );
  assert.ok(lines(planMarkdown(plan)).includes(`| Deployer | ${DEPLOYER} (next nonce 7) |`));
  const rollback = { ...plan, diamondName: 'rollback of upgrade 3', deploy: [], rollbackOf: { n: 3 } };
  const l = lines(planMarkdown(rollback));
  assert.equal(l[0], '# Upgrade plan: rollback of upgrade 3');
  assert.ok(l.includes(`| Diamond | ${DIAMOND} |`), l.slice(0, 8).join('\n'));
  assert.ok(l.includes('| Deployer | none: the plan deploys nothing |'));
});

test('the chain line names the RPC URL without its key (the report is written to .diamond/plans/)', () => {
  const p = handBuiltPlan();
  p.rpcUrl = 'https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef';
  const md = planMarkdown(p);
  assert.ok(!md.includes('0123456789abcdef0123456789abcdef'), 'the key is not in the report');
  assert.ok(
    md.includes('https://mainnet.infura.io/v3/***'),
    md.split('\n').find((l) => l.includes('Chain')),
  );
});
