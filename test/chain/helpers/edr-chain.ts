/**
 * A Hardhat 3 EDR chain inside the test process (no HTTP): `hre.network.create()` gives an
 * EIP-1193 provider that ethers wraps. Hardhat's config/cache writes go to a temp folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserProvider, JsonRpcSigner, toBeHex, type Eip1193Provider } from 'ethers';
import { importEsm } from '../../../chain/src/esm-import';
import { repoRoot, tempWorkspace } from '../support/env';

interface HardhatHre {
  network: {
    create(network: string): Promise<{ provider: Eip1193Provider; close(): Promise<void> }>;
  };
}
interface HardhatHreModule {
  createHardhatRuntimeEnvironment(
    config: unknown,
    globalOptions: Record<string, unknown>,
    projectRoot: string,
  ): Promise<HardhatHre>;
}

export const EDR_CHAIN_ID = 31337;

export interface EdrChain {
  provider: BrowserProvider;
  /** The 20 funded dev accounts. */
  accounts: string[];
  signer(index: number): JsonRpcSigner;
  /** A signer for any address (contracts included), funded with 100 ETH. */
  impersonate(address: string): Promise<JsonRpcSigner>;
  /** Moves the clock forward and mines one block at the new time. */
  increaseTime(seconds: number): Promise<void>;
  timestamp(): Promise<number>;
  snapshot(): Promise<string>;
  revert(id: string): Promise<void>;
  storageAt(address: string, slot: bigint | string): Promise<string>;
  close(): Promise<void>;
}

export async function startEdrChain(): Promise<EdrChain> {
  const ws = tempWorkspace('dloop-edr');
  const projectRoot = join(ws.dir, 'project');
  mkdirSync(projectRoot);
  writeFileSync(join(projectRoot, 'package.json'), '{}\n');

  const { createHardhatRuntimeEnvironment } = await importEsm<HardhatHreModule>('hardhat/hre', [repoRoot()]);
  const hre = await createHardhatRuntimeEnvironment(
    { networks: { sim: { type: 'edr-simulated', chainId: EDR_CHAIN_ID } } },
    {},
    projectRoot,
  );
  const connection = await hre.network.create('sim');
  // cacheTimeout -1: after evm_increaseTime / evm_revert a cached block number would be stale.
  const provider = new BrowserProvider(connection.provider, EDR_CHAIN_ID, {
    cacheTimeout: -1,
    pollingInterval: 20,
  });
  const accounts = (await provider.send('eth_accounts', [])) as string[];
  const rpc = <T>(method: string, params: unknown[] = []): Promise<T> =>
    provider.send(method, params) as Promise<T>;

  return {
    provider,
    accounts,
    signer: (index) => new JsonRpcSigner(provider, accounts[index]),
    async impersonate(address) {
      await rpc('hardhat_impersonateAccount', [address]);
      await rpc('hardhat_setBalance', [address, toBeHex(10n ** 20n)]);
      // provider.getSigner() rejects accounts the node did not list: build the signer directly.
      return new JsonRpcSigner(provider, address);
    },
    async increaseTime(seconds) {
      await rpc('evm_increaseTime', [seconds]);
      await rpc('hardhat_mine', ['0x1']);
    },
    async timestamp() {
      const block = await provider.getBlock('latest');
      if (!block) throw new Error('no latest block');
      return block.timestamp;
    },
    snapshot: () => rpc<string>('evm_snapshot'),
    async revert(id) {
      const ok = await rpc<boolean>('evm_revert', [id]);
      if (!ok) throw new Error(`evm_revert ${id} failed`);
    },
    storageAt: (address, slot) => rpc<string>('eth_getStorageAt', [address, toBeHex(slot, 32), 'latest']),
    async close() {
      provider.destroy();
      await connection.close();
      ws.cleanup();
    },
  };
}
