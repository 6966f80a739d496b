/**
 * The DLOOP storage namespaces and their slots, computed here from the ids (not read from the contracts),
 * so raw `eth_getStorageAt` reads check the Solidity constants against the formulas.
 */
import { AbiCoder, id as keccakUtf8, keccak256 } from 'ethers';

export type Scheme = 'keccak' | 'erc7201';

/** keccak: keccak256(id). erc7201: keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff. */
export function namespaceSlot(scheme: Scheme, id: string): bigint {
  const hash = BigInt(keccakUtf8(id));
  if (scheme === 'keccak') return hash;
  return BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(['uint256'], [hash - 1n]))) & ~0xffn;
}

/** Slot of `mapping[key]` for a mapping at `slot` (key: an address or bytes32 as hex). */
export function mappingSlot(keyType: 'address' | 'bytes32', key: string, slot: bigint): bigint {
  return BigInt(keccak256(AbiCoder.defaultAbiCoder().encode([keyType, 'uint256'], [key, slot])));
}

export const DLOOP_NAMESPACES = {
  diamond: { scheme: 'keccak', id: 'dloop.storage.diamond.v1' },
  core: { scheme: 'erc7201', id: 'dloop.storage.core.v1' },
  governance: { scheme: 'keccak', id: 'dloop.storage.governance.v1' },
  assetManagement: { scheme: 'erc7201', id: 'dloop.storage.assetManagement.v1' },
  fee: { scheme: 'erc7201', id: 'dloop.storage.fee.v1' },
  rewards: { scheme: 'keccak', id: 'dloop.storage.rewards.v1' },
  rewardsV2: { scheme: 'erc7201', id: 'dloop.storage.rewards.v2' },
  rewardsExt: { scheme: 'erc7201', id: 'dloop.storage.rewardsExt.v1' },
  oracle: { scheme: 'erc7201', id: 'dloop.storage.oracle.v1' },
  bridge: { scheme: 'keccak', id: 'dloop.storage.bridge.v1' },
} as const satisfies Record<string, { scheme: Scheme; id: string }>;

export type DloopArea = keyof typeof DLOOP_NAMESPACES;

export const areaSlot = (area: DloopArea): bigint =>
  namespaceSlot(DLOOP_NAMESPACES[area].scheme, DLOOP_NAMESPACES[area].id);
