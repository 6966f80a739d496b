/**
 * "Diamond: Plan Upgrade" without VS Code (client/src/upgrade-plan.ts): which project folder (one per compile
 * root, the diamond's record first), which diamond of the config (asked only among several, described against
 * the chain), the init contracts of a build, the init arguments checked against the ABI as typed (encoded
 * calldata compared with ethers' own encoding of the expected values), the links of the report, the
 * findings as diagnostics and the notification's sentence.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { AbiCoder, id } from 'ethers';
import type { Artifact } from '../../chain/src/compile-types';
import { writeDeploymentRecord } from '../../chain/src/deployment-record';
import { bareRecord } from '../support/records';
import {
  argsPlaceholder,
  describeDiamondItem,
  diamondChoice,
  initCandidates,
  parseInitArgs,
  planDiagnostics,
  planDocument,
  planReportFile,
  planRoots,
  planVerdict,
  selectorSources,
  UPGRADE_VALIDATION_DOC,
} from '../../client/src/upgrade-plan';
import { DIAMOND, handBuiltPlan } from './upgrade-plan-support';

const tmp = mkdtempSync(join(tmpdir(), 'diamond-plan-client-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('which project', () => {
  test('a folder and its contracts/ are one project; the folder holding the diamond’s record comes first', () => {
    const dloop = join(tmp, 'dloop');
    const other = join(tmp, 'other');
    mkdirSync(join(dloop, 'contracts'), { recursive: true });
    mkdirSync(other, { recursive: true });
    // The workspace folder is dloop/contracts (the sample opened directly), the DLOOP root is dloop.
    const folders = [other, join(dloop, 'contracts'), dloop];
    assert.deepEqual(planRoots(folders), [other, dloop], 'one root per compile root, the outer folder kept');
    writeDeploymentRecord(dloop, bareRecord(DIAMOND));
    assert.deepEqual(planRoots(folders, { chainId: 31337, diamond: DIAMOND.toLowerCase() }), [dloop, other]);
    // Another chain or diamond: no preference, same roots.
    assert.deepEqual(planRoots(folders, { chainId: 5, diamond: DIAMOND }), [other, dloop]);
  });
});

describe('which diamond', () => {
  const v1 = ['DiamondCutFacet', 'RewardsFacet', 'CoreFacet'];
  const v2 = ['DiamondCutFacet', 'RewardsV2Facet', 'CoreFacet'];
  const live = ['DiamondCutFacet', 'RewardsFacet', 'CoreFacet', null];

  test('none configured: the default discovery; one: no question', () => {
    assert.deepEqual(diamondChoice([], live), { kind: 'default' });
    assert.deepEqual(diamondChoice([{ name: 'DLOOP', facets: v1 }], live), { kind: 'only', name: 'DLOOP' });
  });

  test('several: each described against the facets on chain', () => {
    const choice = diamondChoice(
      [
        { name: 'DLOOP', facets: v1 },
        { name: 'DLOOP after the Rewards v2 upgrade', facets: v2 },
        { name: 'Everything' },
      ],
      live,
    );
    assert.equal(choice.kind, 'pick');
    assert.ok(choice.kind === 'pick');
    assert.deepEqual(
      choice.items.map((i) => [i.name, i.added, i.dropped, describeDiamondItem(i)]),
      [
        ['DLOOP', [], [], 'the facets on chain'],
        [
          'DLOOP after the Rewards v2 upgrade',
          ['RewardsV2Facet'],
          ['RewardsFacet'],
          '+RewardsV2Facet −RewardsFacet',
        ],
        ['Everything', [], [], 'every *Facet contract'],
      ],
    );
  });
});

/** An artifact with the given ABI functions (`name(types) mutability`) and code. */
function artifact(name: string, fns: string[], code = '0x6080'): Artifact {
  return {
    name,
    file: `src/${name}.sol`,
    abi: fns.map((f) => {
      const [sig, mutability = 'nonpayable'] = f.split(' ');
      const fname = sig.slice(0, sig.indexOf('('));
      const types = sig.slice(sig.indexOf('(') + 1, -1);
      return {
        type: 'function',
        name: fname,
        inputs: types ? types.split(',').map((t, i) => ({ name: `a${i}`, type: t })) : [],
        outputs: [],
        stateMutability: mutability,
      };
    }),
    bytecode: code,
    deployedBytecode: code,
    methodIdentifiers: {},
    storageLayout: null,
  };
}

describe('the init', () => {
  const migration = artifact('RewardsMigrationV2', ['migrate(uint16)', 'version() view']);

  test('candidates: deployable contracts with a state-changing function, init-like names first, no facets', () => {
    const list = initCandidates(
      [
        artifact('Token', ['transfer(address,uint256)']),
        migration,
        artifact('CoreFacet', ['pause()']),
        artifact('IDiamondCut', ['diamondCut((address,uint8,bytes4[])[],address,bytes)'], '0x'),
        artifact('LibMath', ['mulDiv(uint256,uint256,uint256)'], `0x73${'00'.repeat(20)}3014`),
        artifact('Linked', ['go()'], '0x6080__$0123456789abcdef0123456789abcdef01$__'),
        artifact('Viewer', ['peek() view']),
        artifact('DiamondInit', ['init(address,uint16)']),
      ],
      new Set(['CoreFacet']),
    );
    assert.deepEqual(
      list.map((c) => [c.contract, c.likely, c.functions.map((f) => f.signature)]),
      [
        ['DiamondInit', true, ['init(address,uint16)']],
        ['RewardsMigrationV2', true, ['migrate(uint16)']],
        ['Token', false, ['transfer(address,uint256)']],
      ],
    );
    assert.equal(argsPlaceholder(list[0].functions[0]), '[address a0, uint16 a1]');
  });

  const abi = migration.abi as never;
  test('arguments: a JSON array that encodes against the ABI', () => {
    // What the plan will send, encoded here from the signature: its selector and one 32-byte word.
    const expected =
      id('migrate(uint16)').slice(0, 10) + AbiCoder.defaultAbiCoder().encode(['uint16'], [15000]).slice(2);
    assert.deepEqual(parseInitArgs(abi, 'migrate(uint16)', ' [15000] '), {
      ok: true,
      args: [15000],
      calldata: expected,
    });
  });

  test('arguments that do not fit say why, as typed', () => {
    const message = (text: string) => {
      const r = parseInitArgs(abi, 'migrate(uint16)', text);
      return r.ok ? 'ok' : r.message;
    };
    assert.match(message('[70000]'), /^Does not encode as migrate\(uint16\): /);
    assert.equal(message('[]'), 'migrate(uint16) takes 1 argument, 0 given.');
    assert.equal(message('[1, 2]'), 'migrate(uint16) takes 1 argument, 2 given.');
    assert.match(message('15000'), /^A JSON array of the arguments of migrate\(uint16\): \[uint16 a0\]\.$/);
    assert.match(message('[15000'), /^Not JSON: /);
    assert.match(message(''), /^Not JSON: /);
    assert.match(message('[9007199254740993]'), /above 2\^53.*as a string/);
    assert.equal(message('["15000"]'), 'ok', 'a number as a string, as ethers takes it');
    assert.match(message('[-1]'), /^Does not encode/);
    assert.equal(parseInitArgs(abi, 'migrate(uint256)', '[1]').ok, false, 'a function the ABI lacks');
  });

  test('a function without arguments takes an empty box or []; structs take arrays or objects', () => {
    const noArgs = artifact('Init', ['init()']).abi as never;
    const init = id('init()').slice(0, 10);
    assert.deepEqual(parseInitArgs(noArgs, 'init()', ''), { ok: true, args: [], calldata: init });
    assert.deepEqual(parseInitArgs(noArgs, 'init()', '[]'), { ok: true, args: [], calldata: init });
    const tuple = [
      {
        type: 'function',
        name: 'setup',
        stateMutability: 'nonpayable',
        outputs: [],
        inputs: [
          {
            name: 'cfg',
            type: 'tuple',
            components: [
              { name: 'owner', type: 'address' },
              { name: 'bps', type: 'uint16' },
            ],
          },
        ],
      },
    ] as never;
    const a = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    assert.equal(parseInitArgs(tuple, 'setup((address,uint16))', `[["${a}", 5]]`).ok, true);
    assert.equal(parseInitArgs(tuple, 'setup((address,uint16))', `[{"owner": "${a}", "bps": 5}]`).ok, true);
    assert.equal(parseInitArgs(tuple, 'setup((address,uint16))', '[["0x12", 5]]').ok, false);
  });
});

describe('the report', () => {
  const root = '/work/dloop';
  const file = planReportFile(root, handBuiltPlan());

  test('kept in .diamond/plans, one file per chain and diamond', () => {
    assert.equal(file, `/work/dloop/.diamond/plans/upgrade-plan-31337-${DIAMOND}.md`);
  });

  test('selectors link to the function that routes them after the cut, else now; paths relative to the report', () => {
    const coreUri = (f: string) => pathToFileURL(`/p/contracts/facets/${f}.sol`).href;
    const at = (line: number, character: number) => ({
      start: { line, character },
      end: { line, character: character + 3 },
    });
    const sources = selectorSources(handBuiltPlan(), [
      // The server lists facets first; the plan's target facet must win over the first contract.
      {
        selector: '0xaaaaaaaa',
        signature: 'newName()',
        contracts: [
          { name: 'OldFacet', location: { uri: coreUri('OldFacet'), range: at(3, 4) } },
          { name: 'NewFacet', location: { uri: coreUri('NewFacet'), range: at(9, 13) } },
        ],
      },
      // Removed: routed by OldFacet now.
      {
        selector: '0xcccccccc',
        signature: 'retired(uint256)',
        contracts: [
          { name: 'Other', location: { uri: coreUri('Other'), range: at(1, 1) } },
          { name: 'OldFacet', location: { uri: coreUri('OldFacet'), range: at(20, 13) } },
        ],
      },
      { selector: '0xbbbbbbbb', signature: null, contracts: [] },
    ]);
    assert.deepEqual(Object.fromEntries(sources), {
      '0xaaaaaaaa': { file: '/p/contracts/facets/NewFacet.sol', line: 10, column: 14 },
      '0xcccccccc': { file: '/p/contracts/facets/OldFacet.sol', line: 21, column: 14 },
    });
    const doc = planDocument(handBuiltPlan(), '/p/.diamond/plans/plan.md', { sources });
    assert.ok(doc.includes('| [`0xaaaaaaaa`](<../../contracts/facets/NewFacet.sol#L10,14>) |'), doc);
    assert.ok(doc.includes('| [`0xcccccccc`](<../../contracts/facets/OldFacet.sol#L21,14>) |'), doc);
    assert.ok(doc.includes('| `0xbbbbbbbb` |'), 'no source, no link');
    assert.ok(
      doc.includes('| [../../contracts/libraries/LibX.sol:4:9](<../../contracts/libraries/LibX.sol#L4,9>) |'),
      doc,
    );
    const plain = planDocument(handBuiltPlan(), '/p/.diamond/plans/plan.md', null);
    assert.ok(!plain.includes(']('), 'without links: what --report writes');
    assert.ok(plain.includes('| ../../contracts/libraries/LibX.sol:4:9 |'));
  });
});

describe('findings and the verdict', () => {
  test('findings with a place become diagnostics (0-based); the others stay in the report', () => {
    const plan = handBuiltPlan();
    plan.findings.push({
      rule: 'duplicate-selector',
      severity: 'error',
      message: 'added(address) twice',
      file: '/p/contracts/facets/NewFacet.sol',
      start: 0,
      end: 5,
      line: 12,
      column: 14,
      endLine: 12,
      endColumn: 19,
      related: [
        { file: '/p/contracts/facets/OldFacet.sol', start: 0, end: 1, line: 30, message: 'OldFacet has it' },
      ],
      check: 'selectors',
    });
    plan.findings.push({
      rule: 'upgrade-no-code',
      severity: 'error',
      message: 'NewFacet has no runtime bytecode',
      file: '/p/contracts/facets/NewFacet.sol',
      start: 0,
      end: 0,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      check: 'code',
    });
    const byFile = planDiagnostics(plan.findings);
    assert.deepEqual(
      [...byFile.keys()],
      ['/p/contracts/libraries/LibX.sol', '/p/contracts/facets/NewFacet.sol'],
    );
    assert.deepEqual(byFile.get('/p/contracts/facets/NewFacet.sol'), [
      {
        severity: 'error',
        range: { start: { line: 11, character: 13 }, end: { line: 11, character: 18 } },
        message: 'added(address) twice',
        code: 'duplicate-selector',
        href: 'https://github.com/dloop/diamond-tools/blob/main/docs/rules.md#duplicate-selector',
        related: [{ file: '/p/contracts/facets/OldFacet.sol', line: 29, message: 'OldFacet has it' }],
      },
      {
        severity: 'error',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: 'NewFacet has no runtime bytecode',
        code: 'upgrade-no-code',
        href: UPGRADE_VALIDATION_DOC,
        related: [],
      },
    ]);
    assert.ok(UPGRADE_VALIDATION_DOC.endsWith('docs/upgrade.md#validation-before-anything-is-sent'));
  });

  test('the notification: "Plan has N errors" with the warnings; valid plans say what the cut does', () => {
    const plan = handBuiltPlan();
    assert.deepEqual(planVerdict(plan), {
      level: 'error',
      message:
        'Plan has 1 error and 1 warning: it cannot be simulated or proposed as it is (1 replaced, 1 added, 1 removed; 2 contracts to deploy).',
    });
    plan.findings = plan.findings.filter((f) => f.severity === 'warning');
    assert.deepEqual(planVerdict(plan), {
      level: 'warning',
      message: 'Plan valid with 1 warning: 1 replaced, 1 added, 1 removed; 2 contracts to deploy.',
    });
    plan.findings = [];
    plan.plan.selectors = plan.plan.selectors.filter((s) => s.action === 'keep');
    plan.deploy = [];
    assert.deepEqual(planVerdict(plan), { level: 'info', message: 'Plan valid: nothing to cut.' });
  });
});
