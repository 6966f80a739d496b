/**
 * Signers. Local dev nodes: their first unlocked account, or the one the face picked (the node signs). Any other chain: a private key
 * the face holds (VS Code secret storage, the CLI's DIAMOND_PRIVATE_KEY), never from a file or a
 * command-line flag. Which one, and whether to send at all, is the transaction gate's (tx-gate.ts).
 */
import { JsonRpcSigner, Network, Wallet, type JsonRpcProvider, type Signer } from 'ethers';
import { ReceiptPollingProvider } from './receipt-provider';
import type { ChainConnection } from './connect';

export const PRIVATE_KEY_ENV = 'DIAMOND_PRIVATE_KEY';

/**
 * An ethers provider for a known chain id: no network auto-detection, fast receipt polling, and
 * no 250 ms response cache (with it, two deployments in a row from a key read the same nonce), and
 * receipts polled on a timer (see receipt-provider.ts).
 */
export function providerFor(rpcUrl: string, chainId: number): JsonRpcProvider {
  return new ReceiptPollingProvider(rpcUrl, Network.from(chainId), {
    staticNetwork: true,
    pollingInterval: 250,
    cacheTimeout: -1,
  });
}

export interface SignerHandle {
  signer: Signer;
  address: string;
  /** Stops the provider's timers so the process can exit. */
  close(): void;
}

/**
 * An account a local dev node holds unlocked: `account` when given (it must be one of them), else the first.
 * Refuses any chain that is not a local dev node.
 */
export async function devAccountSigner(conn: ChainConnection, account?: string): Promise<SignerHandle> {
  if (!conn.isLocalDevChain) {
    throw new Error(
      `Chain ${conn.chainId} at ${conn.url} is not a local dev node: no unlocked account is used there.`,
    );
  }
  const provider = providerFor(conn.url, conn.chainId);
  const unlocked = (await provider.send('eth_accounts', [])) as string[];
  const address = account ? unlocked.find((a) => a.toLowerCase() === account.toLowerCase()) : unlocked[0];
  if (!address) {
    provider.destroy();
    throw new Error(
      account
        ? `${conn.url} does not hold ${account} unlocked: it cannot sign for it`
        : `${conn.url} has no unlocked accounts`,
    );
  }
  // getSigner() checks eth_accounts again and rejects some nodes' impersonated accounts; this does not.
  return { signer: new JsonRpcSigner(provider, address), address, close: () => provider.destroy() };
}

/** A signer from a private key (0x + 64 hex digits) that the caller read from the environment. */
export function privateKeySigner(conn: ChainConnection, privateKey: string): SignerHandle {
  const key = privateKey.trim();
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key))
    throw new Error(`${PRIVATE_KEY_ENV} is not a 32-byte hex private key`);
  const provider = providerFor(conn.url, conn.chainId);
  const wallet = new Wallet(key.startsWith('0x') ? key : `0x${key}`, provider);
  return { signer: wallet, address: wallet.address, close: () => provider.destroy() };
}
