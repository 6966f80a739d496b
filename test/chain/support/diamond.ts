/** Deploys the test diamond (test/fixtures/chain/diamond) with ethers from a node's first dev account. */
import { ContractFactory, JsonRpcSigner, type InterfaceAbi } from 'ethers';
import { providerFor } from '../../../chain/src/signer';
import type { Artifact } from '../../../chain/src/compile-types';
import { RpcClient } from '../../../chain/src/rpc';

export const FACET_NAMES = [
  'DiamondCutFacet',
  'DiamondLoupeFacet',
  'OwnershipFacet',
  'CounterFacet',
  'GreeterFacet',
];

export interface DeployedDiamond {
  diamond: string;
  owner: string;
  facets: Record<string, string>;
  plain: string;
  /** Selectors cut per facet: every function of the facet except those listed in `skip`. */
  cut: Record<string, string[]>;
}

export function artifactNamed(artifacts: readonly Artifact[], name: string): Artifact {
  const a = artifacts.find((x) => x.name === name);
  if (!a) throw new Error(`no artifact ${name}`);
  return a;
}

export async function withSigner<T>(url: string, fn: (signer: JsonRpcSigner) => Promise<T>): Promise<T> {
  const chainId = Number(BigInt(await new RpcClient(url).request<string>('eth_chainId')));
  const provider = providerFor(url, chainId);
  try {
    const [account] = (await provider.send('eth_accounts', [])) as string[];
    return await fn(new JsonRpcSigner(provider, account));
  } finally {
    provider.destroy();
  }
}

export async function deployContract(
  signer: JsonRpcSigner,
  a: Artifact,
  args: unknown[] = [],
): Promise<string> {
  const c = await new ContractFactory(a.abi as InterfaceAbi, a.bytecode, signer).deploy(...args);
  await c.waitForDeployment();
  return c.getAddress();
}

/** `skip`: selectors left out of the cut (to create local-only drift). */
export async function deployTestDiamond(
  url: string,
  artifacts: readonly Artifact[],
  skip: readonly string[] = [],
): Promise<DeployedDiamond> {
  return withSigner(url, async (signer) => {
    const owner = await signer.getAddress();
    const facets: Record<string, string> = {};
    const cut: Record<string, string[]> = {};
    for (const name of FACET_NAMES) {
      const a = artifactNamed(artifacts, name);
      facets[name] = await deployContract(signer, a, name === 'CounterFacet' ? [7] : []);
      cut[name] = Object.values(a.methodIdentifiers)
        .map((id) => `0x${id}`)
        .filter((s) => !skip.includes(s));
    }
    const cuts = FACET_NAMES.map((n) => ({ facetAddress: facets[n], action: 0, functionSelectors: cut[n] }));
    const diamond = await deployContract(signer, artifactNamed(artifacts, 'Diamond'), [owner, cuts]);
    const plain = await deployContract(signer, artifactNamed(artifacts, 'Plain'));
    return { diamond, owner, facets, plain, cut };
  });
}
