/**
 * The 1,000-selector diamond of the loupe and plan benchmarks: the chain fixture's diamond (cut, loupe,
 * ownership) plus 10 generated facets of 100 functions each, written to a project folder, compiled with
 * solc-js and deployed (cut in batches of 100 selectors).
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Interface } from 'ethers';
import { compileProject } from '../chain/src/compile';
import type { Artifact, CompileResult } from '../chain/src/compile-types';
import { artifactNamed, deployContract, withSigner } from '../test/chain/support/diamond';
import { fmt, repoRoot } from './stats';

export const FACETS = 10;
export const FUNCTIONS = 100;
/** Selectors per diamondCut transaction (keeps each under the per-transaction gas cap). */
const CUT_BATCH = 100;

/** BenchFacet<k>: FUNCTIONS pure functions; `variant` changes every body (new runtime code, same selectors). */
export function benchFacetSource(k: number, variant = 0): string {
  let body = '';
  for (let i = 0; i < FUNCTIONS; i++) {
    body += `    function bench${k}_${i}(uint256 x) external pure returns (uint256) { return x + ${i + variant * 1000}; }\n`;
  }
  return `// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n\ncontract BenchFacet${k} {\n${body}}\n`;
}

/** The fixture diamond and the generated facets under `root` (returned). */
export function writeBenchProject(root: string): string {
  cpSync(join(repoRoot(), 'test', 'fixtures', 'chain', 'diamond'), root, { recursive: true });
  mkdirSync(join(root, 'bench'), { recursive: true });
  for (let k = 0; k < FACETS; k++)
    writeFileSync(join(root, 'bench', `BenchFacet${k}.sol`), benchFacetSource(k));
  return root;
}

export async function compileBenchProject(root: string): Promise<CompileResult> {
  const t0 = performance.now();
  const compiled = await compileProject({ root });
  if (compiled.errors.some((e) => e.severity === 'error')) throw new Error(compiled.errors[0].formatted);
  console.log(`compiled ${compiled.contracts.length} contracts in ${fmt(performance.now() - t0)} ms`);
  return compiled;
}

export async function deployBenchDiamond(url: string, artifacts: Artifact[]): Promise<string> {
  return withSigner(url, async (signer) => {
    const owner = await signer.getAddress();
    const base = ['DiamondCutFacet', 'DiamondLoupeFacet', 'OwnershipFacet'];
    const cuts = [];
    for (const name of base) {
      const a = artifactNamed(artifacts, name);
      const address = await deployContract(signer, a);
      cuts.push({
        facetAddress: address,
        action: 0,
        functionSelectors: Object.values(a.methodIdentifiers).map((id) => `0x${id}`),
      });
    }
    const diamond = await deployContract(signer, artifactNamed(artifacts, 'Diamond'), [owner, cuts]);
    const cutAbi = new Interface(artifactNamed(artifacts, 'DiamondCutFacet').abi as never);
    for (let k = 0; k < FACETS; k++) {
      const a = artifactNamed(artifacts, `BenchFacet${k}`);
      const facet = await deployContract(signer, a);
      const selectors = Object.values(a.methodIdentifiers).map((id) => `0x${id}`);
      for (let i = 0; i < selectors.length; i += CUT_BATCH) {
        const data = cutAbi.encodeFunctionData('diamondCut', [
          [{ facetAddress: facet, action: 0, functionSelectors: selectors.slice(i, i + CUT_BATCH) }],
          '0x0000000000000000000000000000000000000000',
          '0x',
        ]);
        const tx = await signer.sendTransaction({ to: diamond, data });
        await tx.wait();
      }
    }
    return diamond;
  });
}
