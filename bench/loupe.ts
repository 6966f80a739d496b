/**
 * Loupe benchmark: a diamond routing 1,008 selectors (10 generated facets × 100 functions plus
 * cut/loupe/ownership), on the embedded Hardhat node and on anvil. Compares our readLoupe
 * (names by runtime code, signatures, drift, owner) with one bare facets() eth_call.
 * Target: readLoupe median <= 2x the bare call's median. Run: node out/bench/loupe.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Artifact } from '../chain/src/compile-types';
import { FACETS_SELECTOR, readLoupe } from '../chain/src/loupe';
import { startLocalNode } from '../chain/src/node';
import { RpcClient } from '../chain/src/rpc';
import { startAnvil } from '../test/chain/support/anvil';
import { compileBenchProject, deployBenchDiamond, writeBenchProject } from './bench-diamond';
import { fmt, interleaved, stats } from './stats';

const RUNS = 21;
const WARMUP = 3;

async function measure(label: string, url: string, artifacts: Artifact[]): Promise<boolean> {
  const diamond = await deployBenchDiamond(url, artifacts);
  const client = new RpcClient(url);
  const bare = async () => {
    const t = performance.now();
    const data = await client.request<string>('eth_call', [{ to: diamond, data: FACETS_SELECTOR }, 'latest']);
    if (data.length < 1000) throw new Error('facets() returned too little');
    return performance.now() - t;
  };
  let selectors = 0;
  let named = 0;
  const ours = async () => {
    const t = performance.now();
    const v = await readLoupe({ rpcUrl: url, address: diamond, artifacts });
    const ms = performance.now() - t;
    selectors = v.facets.reduce((n, f) => n + f.selectors.length, 0);
    named = v.facets.filter((f) => f.name !== null).length;
    return ms;
  };
  // The first read downloads every facet's code and compares it with the artifacts; later reads
  // get code hashes from the probe and reuse those matches (one JSON-RPC batch).
  const first = await ours();
  const [bareMs, oursMs] = await interleaved([bare, ours], RUNS, WARMUP);
  const b = stats(bareMs);
  const o = stats(oursMs);
  const ratio = o.p50 / b.p50;
  console.log(`${label}: ${selectors} selectors, ${named} facets named, ${RUNS} runs each`);
  console.log(`  bare facets() eth_call   median ${fmt(b.p50)} ms  (min ${fmt(b.min)}, p95 ${fmt(b.p95)})`);
  console.log(`  readLoupe                median ${fmt(o.p50)} ms  (min ${fmt(o.min)}, p95 ${fmt(o.p95)})`);
  console.log(`  readLoupe first call     ${fmt(first)} ms  (facet code downloaded and matched once)`);
  console.log(`  ratio ${ratio.toFixed(2)}x (target <= 2x): ${ratio <= 2 ? 'met' : 'NOT met'}`);
  return ratio <= 2;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'diamond-bench-loupe-'));
  process.env.XDG_CONFIG_HOME = join(dir, 'xdg-config');
  process.env.XDG_CACHE_HOME = join(dir, 'xdg-cache');
  try {
    const root = writeBenchProject(join(dir, 'project'));
    const compiled = await compileBenchProject(root);

    let ok = true;
    const hardhat = await startLocalNode({ port: 0, stateDir: join(dir, 'hh') });
    try {
      ok = (await measure('embedded Hardhat node', hardhat.url, compiled.contracts)) && ok;
    } finally {
      await hardhat.stop();
    }
    const anvil = await startAnvil();
    try {
      ok = (await measure('anvil', anvil.url, compiled.contracts)) && ok;
    } finally {
      await anvil.stop();
    }
    console.log(ok ? 'loupe benchmark: target met' : 'loupe benchmark: target NOT met');
    process.exitCode = ok ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
