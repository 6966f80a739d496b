/**
 * keccak256 and EIP-55 checksums on the chain module's hot paths (the plan's calldata hash, predicted facet
 * addresses, the loupe's facet addresses). Node's own keccak-256 (when its OpenSSL has it: 3.2 and later, e.g. Node 24)
 * hashes a 3 KB cut ~10x faster than the JavaScript keccak ethers uses, and a checksum ~3x faster than
 * ethers' getAddress; where the runtime's crypto has no keccak-256 (Electron's BoringSSL in VS Code's
 * extension host) the same results come from ethers. test/unit/keccak.test.ts holds both paths equal to ethers.
 */
import { createHash, getHashes } from 'node:crypto';
import { getAddress, getCreateAddress, keccak256 as ethersKeccak } from 'ethers';

/** Whether node:crypto hashes keccak-256 here (decided once). */
export const NATIVE_KECCAK = getHashes().includes('keccak-256');

let native = NATIVE_KECCAK;
/** Tests only: take the ethers path (false) or the native one again (true, when the runtime has it). */
export function useNativeKeccak(on: boolean): void {
  native = on && NATIVE_KECCAK;
}

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;
const ADDRESS = /^(?:0x)?[0-9a-fA-F]{40}$/;

/** keccak256 of the bytes a '0x' hex string encodes, as '0x' + 64 lowercase hex digits (ethers' keccak256). */
export function keccak256Hex(hex: string): string {
  if (!native) return ethersKeccak(hex);
  if (!HEX.test(hex)) throw new Error(`keccak256: not a hex byte string: ${hex.slice(0, 42)}`);
  return `0x${createHash('keccak-256')
    .update(Buffer.from(hex.slice(2), 'hex'))
    .digest('hex')}`;
}

/**
 * An address in EIP-55 checksum form (ethers' getAddress). A mixed-case input with a wrong checksum is refused,
 * as getAddress refuses it.
 */
export function checksumAddress(address: string): string {
  if (!native || !ADDRESS.test(address)) return getAddress(address);
  const body = (address.startsWith('0x') ? address.slice(2) : address).toLowerCase();
  const hash = createHash('keccak-256').update(body, 'latin1').digest('hex');
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const c = body.charCodeAt(i);
    // A letter is upper-cased where its hash nibble is 8 or more ('8'..'f').
    out += c >= 97 && hash.charCodeAt(i) >= 56 ? String.fromCharCode(c - 32) : body[i];
  }
  const given = address.startsWith('0x') ? address : `0x${address}`;
  const mixed = given !== given.toLowerCase() && given.slice(2) !== given.slice(2).toUpperCase();
  if (mixed && given !== out) return getAddress(address); // ethers' own "bad address checksum" error
  return out;
}

/** RLP of a nonce (a non-negative safe integer): 0x80 for zero, one byte below 0x80, else length-prefixed. */
function rlpNonce(nonce: number): string {
  if (!Number.isSafeInteger(nonce) || nonce < 0) throw new Error(`not a nonce: ${nonce}`);
  if (nonce === 0) return '80';
  let h = nonce.toString(16);
  if (h.length % 2) h = `0${h}`;
  return nonce < 0x80 ? h : (0x80 + h.length / 2).toString(16) + h;
}

/** The address a CREATE from `from` at `nonce` deploys to, checksummed (ethers' getCreateAddress). */
export function createAddress(from: string, nonce: number): string {
  if (!native) return getCreateAddress({ from, nonce });
  const body = `94${checksumAddress(from).slice(2).toLowerCase()}${rlpNonce(nonce)}`;
  const hash = keccak256Hex(`0x${(0xc0 + body.length / 2).toString(16)}${body}`);
  return checksumAddress(`0x${hash.slice(26)}`);
}

/** checksumAddress(address), or null where ethers' isAddress says it is not an address. */
export function addressOrNull(address: string): string | null {
  try {
    return checksumAddress(address);
  } catch {
    return null;
  }
}
