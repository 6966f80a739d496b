/**
 * The DLOOP diamond deployed by deployDloop on an in-process EDR chain, with token holders ready to vote.
 * `reset()` returns the chain to the just-deployed state (evm_snapshot / evm_revert) between tests.
 */
import {
  Contract,
  parseUnits,
  type Interface,
  type InterfaceAbi,
  type JsonRpcSigner,
  type Signer,
} from 'ethers';
import { deployDloop } from '../../../chain/src/dloop/deploy';
import type { DloopDeployment } from '../../../chain/src/dloop/types';
import { buildDloop, type DloopBuild } from './dloop-build';
import { errorDecoder } from './custom-errors';
import { startEdrChain, type EdrChain } from './edr-chain';

/** Quorum is 4 % of 100 M = 4 M: alice + bob reach it, alice alone does not. */
export const HOLDINGS = {
  alice: parseUnits('3000000', 18),
  bob: parseUnits('2000000', 18),
  carol: parseUnits('1000000', 18),
};

export interface DloopFixture {
  chain: EdrChain;
  build: DloopBuild;
  deployment: DloopDeployment;
  /** What deployDloop reported through onProgress. */
  progress: string[];
  deployer: JsonRpcSigner;
  guardian: JsonRpcSigner;
  alice: JsonRpcSigner;
  bob: JsonRpcSigner;
  carol: JsonRpcSigner;
  outsider: JsonRpcSigner;
  /** The diamond seen through a contract's ABI (a facet, or RewardsV2Facet after the upgrade). */
  diamondAs(contractName: string, signer?: Signer): Contract;
  dao(signer?: Signer): Contract;
  token(signer?: Signer): Contract;
  at(contractName: string, address: string, signer?: Signer): Contract;
  /** Decodes any custom error of any DLOOP contract. */
  errors: Interface;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function setUpDloop(): Promise<DloopFixture> {
  const build = await buildDloop();
  const chain = await startEdrChain();
  try {
    const [deployer, guardian, alice, bob, carol, outsider] = [0, 1, 2, 3, 4, 5].map((i) => chain.signer(i));
    const progress: string[] = [];
    const deployment = await deployDloop({
      signer: deployer,
      artifacts: build.lookup,
      guardian: await guardian.getAddress(),
      onProgress: (m) => progress.push(m),
    });
    const at = (name: string, address: string, signer: Signer = deployer): Contract =>
      new Contract(address, build.lookup(name).abi, signer);
    const token = (signer?: Signer): Contract => at('DLOOPToken', deployment.token, signer);
    for (const [who, amount] of [
      [alice, HOLDINGS.alice],
      [bob, HOLDINGS.bob],
      [carol, HOLDINGS.carol],
    ] as const) {
      await (await token().transfer(await who.getAddress(), amount)).wait();
    }
    let snapshot = await chain.snapshot();
    return {
      chain,
      build,
      deployment,
      progress,
      deployer,
      guardian,
      alice,
      bob,
      carol,
      outsider,
      diamondAs: (name, signer) => at(name, deployment.diamond, signer),
      dao: (signer) => at('ProtocolDAO', deployment.governance, signer),
      token,
      at,
      errors: errorDecoder(build.artifacts.map((a) => a.abi as InterfaceAbi)),
      async reset() {
        await chain.revert(snapshot);
        snapshot = await chain.snapshot(); // a snapshot is used up by reverting to it
      },
      close: () => chain.close(),
    };
  } catch (err) {
    await chain.close();
    throw err;
  }
}
