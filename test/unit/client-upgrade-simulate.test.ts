/**
 * "Diamond: Simulate Upgrade" without VS Code (client/src/upgrade-simulate.ts): a plan with errors is refused
 * before anything is read (no request reaches an RPC server that counts them), where the report goes, and the
 * notification's sentence for a passed and a failed simulation.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { withCountingServer } from '../support/counting-server';
import type { SimulationResult } from '../../chain/src/workflows/upgrade-simulate';
import {
  forkChoice,
  simulateFromEditor,
  simulationRefusal,
  simulationReportFile,
  simulationVerdict,
} from '../../client/src/upgrade-simulate';
import { DIAMOND, handBuiltPlan } from './upgrade-plan-support';

const ERROR = { rule: 'duplicate-selector', severity: 'error' as const, message: 'claimRewards() twice' };

describe('Simulate Upgrade in the editor', () => {
  test('a plan with errors is refused, naming the first; nothing is asked of the RPC server', async () => {
    await withCountingServer(async (url, requests) => {
      const plan = { ...handBuiltPlan(), rpcUrl: url, findings: [ERROR, { ...ERROR, message: 'another' }] };
      const outcome = await simulateFromEditor({
        plan,
        artifacts: [],
        compile: () => Promise.reject(new Error('nothing is compiled for a refused plan')),
      });
      assert.deepEqual(outcome, {
        kind: 'refused',
        message:
          'Simulate Upgrade refused: the plan has 2 errors (claimRewards() twice) and more. Nothing was sent; ' +
          'fix the plan and simulate again.',
      });
      assert.equal(requests(), 0);
      assert.equal(simulationRefusal({ findings: [{ ...ERROR, severity: 'warning' }] }), undefined);
    });
  });

  test('the report goes to .diamond/simulations/, one per chain and diamond', () => {
    assert.equal(
      simulationReportFile('/p', { chainId: 31337, diamond: DIAMOND }),
      join('/p', '.diamond', 'simulations', `upgrade-simulation-31337-${DIAMOND}.md`),
    );
  });

  const step = (gasUsed: number | null) =>
    ({ name: 's', kind: 'deploy', from: null, txHash: null, gasUsed, ok: true, ms: 1 }) as const;
  const row = (namespace: string | null) => ({
    namespace,
    slot: '0x1',
    field: null,
    before: '0x0',
    after: '0x1',
  });

  test('the notification: passed with steps, gas and namespaces; failed with the step and the reason', () => {
    const passed = {
      ok: true,
      chainId: 31337,
      failure: null,
      steps: [step(100), step(null), step(50)],
      storage: [row('a.v1'), row('a.v1'), row('b.v2'), row(null)],
    } as unknown as SimulationResult;
    assert.deepEqual(simulationVerdict(passed), {
      level: 'info',
      message:
        'Simulation passed on chain 31337: 3 steps, 150 gas, 4 slots written in 2 namespaces; the chain was ' +
        'reverted and checked (restored: true).',
    });
    const failed = {
      ...passed,
      ok: false,
      failure: { step: 'Execute the proposal', reason: 'MultiplierOutOfRange(multiplierBps=0)', error: null },
    } as unknown as SimulationResult;
    assert.deepEqual(simulationVerdict(failed), {
      level: 'error',
      message:
        'Simulation failed at "Execute the proposal": MultiplierOutOfRange(multiplierBps=0). The chain was ' +
        'reverted and checked (restored: true).',
    });
  });
  test('the fork question: none for a local dev node; for any other chain it names the chain, the URL redacted', () => {
    assert.equal(
      forkChoice({ chainId: 31337, url: 'http://127.0.0.1:8545', isLocalDevChain: true }),
      undefined,
    );
    const choice = forkChoice({
      chainId: 11155111,
      url: 'https://user:secret@rpc.example.org/v3/abc',
      isLocalDevChain: false,
    });
    assert.equal(choice?.chainId, 11155111);
    assert.match(
      choice?.label ?? '',
      /^Simulate on a fork of chain 11155111 \(https:\/\/.*rpc\.example\.org/,
    );
    assert.ok(!choice?.label.includes('secret'), choice?.label);
    assert.match(choice?.detail ?? '', /Nothing is sent to the chain/);
    // A dev chain id on a remote host is not local either: forked, not sent to.
    assert.ok(forkChoice({ chainId: 31337, url: 'http://10.0.0.5:8545', isLocalDevChain: false }));
  });

  test('the verdict of a fork simulation names the forked chain and block', () => {
    const verdict = simulationVerdict({
      ok: true,
      failure: null,
      steps: [],
      storage: [],
      chainId: 5,
      mode: 'fork',
      forkBlock: 42,
    });
    assert.match(verdict.message, /^Simulation passed on a fork of chain 5 at block 42: /);
  });
});
