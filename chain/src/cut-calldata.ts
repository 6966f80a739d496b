/**
 * `diamondCut((address,uint8,bytes4[])[],address,bytes)` calldata, written out word by word. ethers'
 * Interface.encodeFunctionData took ~2.7 ms of CPU for a 100-selector cut (a tenth of a plan of a 1,000-selector
 * diamond, BENCHMARKS.md "Upgrade: simulate and plan"); the layout of this one function is fixed, so it is encoded
 * here directly. test/unit/cut-calldata.test.ts holds it equal to ethers' encoding.
 */
import type { FacetCut } from './cut';

/** `diamondCut((address,uint8,bytes4[])[],address,bytes)`. */
export const DIAMOND_CUT_SELECTOR = '0x1f931c1c';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const SELECTOR = /^0x[0-9a-fA-F]{8}$/;
const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;
const ZEROS = '0'.repeat(64);

/** A number as one 32-byte word (hex, no 0x). */
const uintWord = (n: number) => n.toString(16).padStart(64, '0');
/** An address right-aligned in a word. */
const addressWord = (a: string) => `000000000000000000000000${a.slice(2).toLowerCase()}`;

function checked(re: RegExp, value: string, what: string): string {
  if (typeof value !== 'string' || !re.test(value))
    throw new Error(`diamondCut: ${what} is not valid: ${value}`);
  return value;
}

/** `diamondCut(cut, init, calldata)` as the diamond takes it (selector 0x1f931c1c); throws on a malformed value. */
export function encodeDiamondCut(cut: readonly FacetCut[], init: string, calldata: string): string {
  checked(ADDRESS, init, 'the init address');
  checked(HEX, calldata, 'the init calldata');
  const words: string[] = [uintWord(0x60), addressWord(init), ''];
  // The cut array: its length, an offset per entry (from the first offset word), then the entries.
  words.push(uintWord(cut.length));
  let offset = cut.length * 32;
  for (const c of cut) {
    words.push(uintWord(offset));
    offset += (4 + c.functionSelectors.length) * 32;
  }
  for (const c of cut) {
    if (!Number.isInteger(c.action) || c.action < 0 || c.action > 255)
      throw new Error(`diamondCut: action ${String(c.action)} is not a uint8`);
    words.push(addressWord(checked(ADDRESS, c.facetAddress, 'a facet address')), uintWord(c.action));
    words.push(uintWord(0x60), uintWord(c.functionSelectors.length));
    for (const s of c.functionSelectors)
      words.push(`${checked(SELECTOR, s, 'a selector').slice(2).toLowerCase()}${ZEROS.slice(8)}`);
  }
  // The offset of the init calldata: after the three head words and the cut array.
  words[2] = uintWord(words.length * 32);
  const data = calldata.slice(2).toLowerCase();
  words.push(uintWord(data.length / 2));
  const padded = data.length % 64 ? data + ZEROS.slice(data.length % 64) : data;
  return `${DIAMOND_CUT_SELECTOR}${words.join('')}${padded}`;
}
