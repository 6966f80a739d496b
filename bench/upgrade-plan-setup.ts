/**
 * The plan benchmark's fixture, shared by bench/upgrade-plan.ts (the timing) and bench/upgrade-plan-profile.ts
 * (a CPU profile of the same rounds): the 1,000-selector diamond on the embedded Hardhat node, its project with
 * a diamond.config.json listing the 13 facets, BenchFacet0 edited (every body changed: a Replace of its 100
 * selectors) and compiled, and one timing function per side.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../chain/src/connect';
import { FACETS_SELECTOR, readLoupe } from '../chain/src/loupe';
import { startLocalNode } from '../chain/src/node';
import { RpcClient } from '../chain/src/rpc';
import type { UpgradePlan } from '../chain/src/upgrade-plan-types';
import { planUpgrade } from '../chain/src/workflows/upgrade-plan';
import {
  benchFacetSource,
  compileBenchProject,
  deployBenchDiamond,
  FACETS,
  writeBenchProject,
} from './bench-diamond';

export interface PlanBench {
  /** One bare facets() eth_call; returns its ms. */
  bare: () => Promise<number>;
  /** One readLoupe (names by runtime code, signatures, drift, owner); returns its ms. */
  loupe: () => Promise<number>;
  /** One planUpgrade with the build at hand; returns its ms. */
  plan: () => Promise<number>;
  /** The last plan made. */
  lastPlan: () => UpgradePlan | undefined;
  /** Selectors the last loupe read saw. */
  selectors: () => number;
  stop: () => Promise<void>;
}

export async function setUpPlanBench(): Promise<PlanBench> {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-bench-plan-'));
  process.env.XDG_CONFIG_HOME = join(dir, 'xdg-config');
  process.env.XDG_CACHE_HOME = join(dir, 'xdg-cache');
  const node = await startLocalNode({ port: 0, stateDir: join(dir, 'hh') });
  const stop = async () => {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const root = writeBenchProject(join(dir, 'project'));
    const facets = [
      'DiamondCutFacet',
      'DiamondLoupeFacet',
      'OwnershipFacet',
      ...Array.from({ length: FACETS }, (_, k) => `BenchFacet${k}`),
    ];
    writeFileSync(
      join(root, 'diamond.config.json'),
      `${JSON.stringify({ diamonds: [{ name: 'Bench', facets }] }, null, 2)}\n`,
    );
    const deployed = await compileBenchProject(root);
    const diamond = await deployBenchDiamond(node.url, deployed.contracts);
    // The edit: BenchFacet0's bodies change, its selectors stay.
    writeFileSync(join(root, 'bench', 'BenchFacet0.sol'), benchFacetSource(0, 1));
    const edited = await compileBenchProject(root);
    const conn = await connect(node.url);
    const client = new RpcClient(node.url);

    let selectors = 0;
    let last: UpgradePlan | undefined;
    return {
      bare: async () => {
        const t = performance.now();
        const data = await client.request<string>('eth_call', [
          { to: diamond, data: FACETS_SELECTOR },
          'latest',
        ]);
        if (data.length < 1000) throw new Error('facets() returned too little');
        return performance.now() - t;
      },
      loupe: async () => {
        const t = performance.now();
        const v = await readLoupe({ rpcUrl: node.url, address: diamond, artifacts: edited.contracts });
        selectors = v.facets.reduce((n, f) => n + f.selectors.length, 0);
        return performance.now() - t;
      },
      plan: async () => {
        const t = performance.now();
        last = await planUpgrade({
          connection: conn,
          address: diamond,
          root,
          compile: () => Promise.resolve(edited),
        });
        return performance.now() - t;
      },
      lastPlan: () => last,
      selectors: () => selectors,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The plan must be the benchmark's: BenchFacet0's 100 selectors replaced, no error. */
export function checkBenchPlan(plan: UpgradePlan | undefined): number {
  const replaced = plan?.plan.selectors.filter((s) => s.action === 'replace').length ?? 0;
  const errors = plan?.findings.filter((f) => f.severity === 'error').map((f) => f.message) ?? [];
  if (replaced !== 100 || errors.length)
    throw new Error(`unexpected plan: ${replaced} replaced; ${errors.join('; ')}`);
  return replaced;
}
