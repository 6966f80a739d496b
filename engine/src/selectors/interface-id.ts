/**
 * ERC-165 interface ids: `type(I).interfaceId` is the XOR of the selectors of the functions I itself declares
 * (inherited ones excluded), as solc computes it (tested against solc-js). And the standard interfaces of a
 * diamond (EIP-2535's cut and loupe, ERC-173, ERC-165), known by their signatures even where the workspace does
 * not declare them (a claim by hex constant).
 */
import { selectorOf } from '../hash';

/** The XOR of 4-byte selectors ('0x' + 8 hex digits each), as '0x' + 8 lower-case hex digits. */
export function interfaceIdOf(selectors: readonly string[]): string {
  let id = 0;
  for (const s of selectors) id = (id ^ parseInt(s.slice(2, 10), 16)) >>> 0;
  return '0x' + id.toString(16).padStart(8, '0');
}

export interface KnownInterface {
  name: string;
  /** Canonical signatures of the functions the interface declares itself. */
  signatures: readonly string[];
}

/** The interfaces every diamond is expected to claim (EIP-2535), by their canonical signatures. */
export const STANDARD_INTERFACES: readonly KnownInterface[] = [
  { name: 'IERC165', signatures: ['supportsInterface(bytes4)'] },
  { name: 'IDiamondCut', signatures: ['diamondCut((address,uint8,bytes4[])[],address,bytes)'] },
  {
    name: 'IDiamondLoupe',
    signatures: ['facets()', 'facetFunctionSelectors(address)', 'facetAddresses()', 'facetAddress(bytes4)'],
  },
  { name: 'IERC173', signatures: ['owner()', 'transferOwnership(address)'] },
];

/** The standard interface with this id or name, with its selectors. */
export function standardInterface(
  by: { id: string } | { name: string },
): { name: string; id: string; functions: { selector: string; signature: string }[] } | undefined {
  for (const known of STANDARD_INTERFACES) {
    const functions = known.signatures.map((signature) => ({ signature, selector: selectorOf(signature) }));
    const id = interfaceIdOf(functions.map((f) => f.selector));
    if ('id' in by ? by.id.toLowerCase() === id : by.name === known.name)
      return { name: known.name, id, functions };
  }
  return undefined;
}
