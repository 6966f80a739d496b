/**
 * "Diamond: Propose Upgrade" without VS Code (client/src/upgrade-propose.ts): a plan with errors or a failed
 * simulation is refused before anything is read (no request reaches an RPC server that counts them); the modal
 * names every changing selector, the verdict, the exact calldata and its keccak256; where the specification goes.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { withCountingServer } from '../support/counting-server';
import { keccak256 } from 'ethers';
import type { ChainUpgrade } from '../../chain/src/upgrade-history';
import type { UpgradePlan } from '../../chain/src/upgrade-plan-types';
import type { RollbackPlan } from '../../chain/src/workflows/upgrade-rollback';
import type { SimulationResult } from '../../chain/src/workflows/upgrade-simulate';
import {
  MODAL_CALLDATA_CHARS,
  proposalConfirmation,
  proposalRefusal,
  proposeFromEditor,
  specificationFile,
} from '../../client/src/upgrade-propose';
import { rollbackChoices, rollbackDocument, rollbackReportFile } from '../../client/src/upgrade-rollback';
import { DIAMOND, handBuiltPlan, INIT, NEW } from './upgrade-plan-support';

const ERROR = { rule: 'duplicate-selector', severity: 'error' as const, message: 'claimRewards() twice' };
const passed = {
  ok: true,
  chainId: 31337,
  failure: null,
  steps: [{ name: 's', kind: 'deploy', from: null, txHash: null, gasUsed: 21000, ok: true, ms: 1 }],
  storage: [],
} as unknown as SimulationResult;
const failed = {
  ...passed,
  ok: false,
  failure: { step: 'Execute the proposal', reason: 'MultiplierOutOfRange(multiplierBps=0)', error: null },
} as unknown as SimulationResult;

const never = {
  read: () => {
    throw new Error('no key is read for a refused proposal');
  },
  describe: 'a test key',
};
const noConfirm = {
  ask: () => {
    throw new Error('no confirmation for a refused proposal');
  },
  hint: () => '',
};

describe('Propose Upgrade in the editor', () => {
  test('a plan with errors or a failed simulation is refused; nothing is asked of the RPC server', async () => {
    await withCountingServer(async (url, requests) => {
      const base = { ...handBuiltPlan(), rpcUrl: url, findings: [] as UpgradePlan['findings'] };
      const run = (plan: typeof base, simulation: SimulationResult) =>
        proposeFromEditor({
          plan,
          simulation,
          artifacts: [],
          root: '/nowhere',
          key: never,
          confirmation: noConfirm,
          inProgress: () => Promise.reject(new Error('nothing runs for a refused proposal')),
        });
      assert.deepEqual(await run({ ...base, findings: [ERROR] }, passed), {
        kind: 'refused',
        message: 'Propose Upgrade refused: the plan has 1 error (claimRewards() twice). Nothing was sent.',
      });
      assert.deepEqual(await run(base, failed), {
        kind: 'refused',
        message:
          'Propose Upgrade refused: the simulation failed at "Execute the proposal": ' +
          'MultiplierOutOfRange(multiplierBps=0). Nothing was sent.',
      });
      assert.equal(requests(), 0);
      assert.equal(proposalRefusal({ findings: [{ ...ERROR, severity: 'warning' }] }, passed), undefined);
    });
  });

  test('the modal: every changing selector, the deploys, the verdict, the exact calldata and its hash', () => {
    const plan = handBuiltPlan();
    const c = proposalConfirmation(plan, passed);
    assert.equal(c.question, `Propose this upgrade of ${DIAMOND} to its ProtocolDAO on chain 31337?`);
    assert.equal(c.confirmLabel, 'Propose Upgrade');
    const lines = c.detail.split('\n');
    assert.ok(lines.includes('  Replace newName() 0xaaaaaaaa: OldFacet → NewFacet'), c.detail);
    assert.ok(lines.includes('  Add added(address) 0xbbbbbbbb → NewFacet'), c.detail);
    assert.ok(lines.includes('  Remove retired(uint256) 0xcccccccc (was OldFacet)'), c.detail);
    // Kept, unmanaged and immutable selectors are not changes.
    assert.ok(!c.detail.includes('kept()') && !c.detail.includes('diamondGenesis()'), c.detail);
    assert.ok(lines.includes('Deploys first: NewFacet, Migrate'), c.detail);
    assert.ok(
      lines.some((l) => l.startsWith('Simulation: Simulation passed on chain 31337')),
      c.detail,
    );
    assert.ok(lines.includes(`Calldata hash (keccak256): ${keccak256(plan.calldata)}`), c.detail);
    assert.ok(lines.includes(`Calldata: ${plan.calldata}`), c.detail);
    assert.ok(lines.includes(`Init: Migrate.run(uint16) at ${INIT}`), c.detail);
  });

  test('long calldata is cut in the modal, with its length; the hash is of the whole', () => {
    const plan = { ...handBuiltPlan(), calldata: `0x1f931c1c${'ab'.repeat(2000)}` };
    const c = proposalConfirmation(plan, passed);
    const line = c.detail.split('\n').find((l) => l.startsWith('Calldata: '))!;
    assert.equal(
      line,
      `Calldata: ${plan.calldata.slice(0, MODAL_CALLDATA_CHARS)}… (2004 bytes; whole in the specification)`,
    );
    assert.ok(c.detail.includes(keccak256(plan.calldata)));
  });

  test('the specification goes to .diamond/proposals/, one per chain, DAO and proposal id', () => {
    assert.equal(
      specificationFile('/p', 31337, '0xDa0', '7'),
      join('/p', '.diamond', 'proposals', 'proposal-31337-0xDa0-7.md'),
    );
  });
});

describe('Roll Back Upgrade in the editor', () => {
  const upgrade = (n: number, proposalId: string | null): ChainUpgrade => ({
    n,
    block: 10 * n,
    txHash: `0x${String(n).repeat(64)}`,
    source: 'DiamondCut',
    cut: [{ facetAddress: NEW, action: 1, functionSelectors: ['0xaaaaaaaa', '0xbbbbbbbb'] }],
    init: '0x0000000000000000000000000000000000000000',
    initCalldata: '0x',
    calldataHash: null,
    proposalId,
  });

  test('the choices: latest upgrade first, its proposal, block, and what it cut', () => {
    assert.deepEqual(rollbackChoices([upgrade(1, null), upgrade(2, '5')]), [
      { label: '#2 · proposal 5', description: 'block 20 · DiamondCut', detail: `replace 2 → ${NEW}`, n: 2 },
      { label: '#1', description: 'block 10 · DiamondCut', detail: `replace 2 → ${NEW}`, n: 1 },
    ]);
  });

  test('the report: one per upgrade undone; the plan, then what a cut cannot undo', () => {
    const plan = {
      ...handBuiltPlan(),
      rollbackOf: upgrade(3, '9'),
      cannotUndo: ['Storage written by the init Migrate stays as it is.'],
    } as RollbackPlan;
    const file = rollbackReportFile('/p', plan);
    assert.equal(file, join('/p', '.diamond', 'plans', `rollback-plan-31337-${DIAMOND}-3.md`));
    const doc = rollbackDocument(plan, file);
    assert.ok(
      doc.startsWith(`# Rollback of upgrade #3 (block 30, tx 0x${'3'.repeat(64)})\n`),
      doc.slice(0, 200),
    );
    assert.ok(
      doc.endsWith(
        '\n## What this rollback cannot undo\n\n- Storage written by the init Migrate stays as it is.\n',
      ),
    );
    assert.ok(doc.includes('0xaaaaaaaa'), 'the plan report is in it');
  });
});
