/**
 * ERC-7201 namespaced storage slot, the formula from the EIP:
 *   keccak256(abi.encode(uint256(keccak256(bytes(id))) - 1)) & ~bytes32(uint256(0xff))
 *
 * Every intermediate is kept as a 256-bit integer and re-encoded as exactly 32 bytes: a known
 * bug in another tool hex-encoded the hash without padding, so ids whose hash starts with a zero
 * byte came out wrong.
 */
import { keccakHex, keccakOfHex } from '../hash';
import { BoundedMemo } from '../memo';

export const WORD_MOD = 1n << 256n;
const LOW_BYTE_MASK = (WORD_MOD - 1n) ^ 0xffn;

/** A 256-bit value as '0x' + 64 lowercase hex digits (the value is reduced modulo 2^256). */
export function wordHex(v: bigint): string {
  const m = ((v % WORD_MOD) + WORD_MOD) % WORD_MOD;
  return '0x' + m.toString(16).padStart(64, '0');
}

/** The ERC-7201 slot of a namespace id, '0x' + 64 lowercase hex digits. Memoised. */
export function erc7201Slot(id: string): string {
  return slots.get(id, () => {
    const minusOne = BigInt(keccakHex(id)) - 1n;
    return wordHex(BigInt(keccakOfHex(wordHex(minusOne))) & LOW_BYTE_MASK);
  });
}

/** Ids repeat across passes (two keccaks each); bounded, and its keys detached from the file texts they came from. */
const slots = new BoundedMemo<string>(1024);
