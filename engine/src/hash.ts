/** Keccak-256 from @noble/hashes (a kept library, not hand-written). */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { BoundedMemo } from './memo';

/** Signatures repeat on every recomputation of a contract's selectors; bounded so typed headers cannot grow it. */
const selectors = new BoundedMemo<string>(4096);

/** keccak256 of UTF-8 text or raw bytes, as '0x' + 64 lowercase hex digits. */
export function keccakHex(data: string | Uint8Array): string {
  return '0x' + bytesToHex(keccak_256(typeof data === 'string' ? utf8ToBytes(data) : data));
}

/** keccak256 of the bytes a hex string (with or without 0x) encodes. */
export function keccakOfHex(hex: string): string {
  return keccakHex(hexToBytes(hex.startsWith('0x') ? hex.slice(2) : hex));
}

/** The 4-byte selector of a canonical signature: '0x' + 8 hex digits. Memoised. */
export function selectorOf(signature: string): string {
  return selectors.get(signature, () => keccakHex(signature).slice(0, 10));
}
