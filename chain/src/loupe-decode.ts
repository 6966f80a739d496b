/**
 * A direct decoder for facets()'s return data, `(address facetAddress, bytes4[] functionSelectors)[]`.
 * ethers' generic AbiCoder takes ~50–300 ms on a 1,000-selector diamond; this reads the words
 * straight from the hex in well under a millisecond, with the same bounds checks.
 */
import { checksumAddress } from './keccak';

export interface DecodedFacet {
  address: string;
  /** Lowercase '0x' + 8 hex digits. */
  selectors: string[];
}

class Words {
  private readonly hex: string;
  constructor(data: string) {
    this.hex = (data.startsWith('0x') ? data.slice(2) : data).toLowerCase();
    if (this.hex.length % 64 !== 0 || /[^0-9a-f]/.test(this.hex)) throw new Error('not ABI-encoded words');
  }
  get bytes(): number {
    return this.hex.length / 2;
  }
  /** The 32-byte word at a byte offset, as hex (64 digits). */
  word(at: number): string {
    if (at < 0 || at % 32 !== 0 || at + 32 > this.bytes) throw new Error(`offset ${at} is outside the data`);
    return this.hex.slice(at * 2, at * 2 + 64);
  }
  /** `length` bytes from a byte offset, as hex. */
  slice(at: number, length: number): string {
    return this.hex.slice(at * 2, (at + length) * 2);
  }
  /** A word read as an offset or a length: must fit comfortably in a JS number. */
  uint(at: number): number {
    const w = this.word(at);
    if (!/^0{48}/.test(w)) throw new Error(`value at ${at} is too large`);
    return parseInt(w.slice(48), 16);
  }
}

export function decodeFacetsResult(data: string): DecodedFacet[] {
  const w = new Words(data);
  const arrayAt = w.uint(0);
  const count = w.uint(arrayAt);
  const heads = arrayAt + 32;
  if (heads + count * 32 > w.bytes) throw new Error('facet count exceeds the data');
  const facets: DecodedFacet[] = [];
  for (let i = 0; i < count; i++) {
    const tupleAt = heads + w.uint(heads + i * 32);
    const addressWord = w.word(tupleAt);
    if (!/^0{24}/.test(addressWord)) throw new Error(`facet ${i}: not an address`);
    const listAt = tupleAt + w.uint(tupleAt + 32);
    const n = w.uint(listAt);
    if (listAt + 32 + n * 32 > w.bytes) throw new Error(`facet ${i}: selector count exceeds the data`);
    const selectors = new Array<string>(n);
    for (let j = 0; j < n; j++) {
      const sel = w.word(listAt + 32 + j * 32);
      if (!/^[0-9a-f]{8}0{56}$/.test(sel)) throw new Error(`facet ${i}: selector ${j} is not a bytes4`);
      selectors[j] = `0x${sel.slice(0, 8)}`;
    }
    facets.push({ address: checksumAddress(`0x${addressWord.slice(24)}`), selectors });
  }
  return facets;
}

/** The probe's answer: facets()'s raw return data and one EXTCODEHASH per facet, in order. */
export function decodeProbeResult(data: string): { facetsData: string; codeHashes: string[] } {
  const w = new Words(data);
  const bytesAt = w.uint(0);
  const hashesAt = w.uint(32);
  const len = w.uint(bytesAt);
  if (bytesAt + 32 + len > w.bytes) throw new Error('facets() data exceeds the probe data');
  const facetsData = `0x${w.slice(bytesAt + 32, len)}`;
  const n = w.uint(hashesAt);
  if (hashesAt + 32 + n * 32 > w.bytes) throw new Error('hash count exceeds the probe data');
  const codeHashes: string[] = [];
  for (let i = 0; i < n; i++) codeHashes.push(`0x${w.word(hashesAt + 32 + i * 32)}`);
  return { facetsData, codeHashes };
}
