/**
 * Storage claims written in comments: the ERC-7201 NatSpec tag and the formula comment that
 * hand-written slot constants carry (OpenZeppelin style):
 *   /// @custom:storage-location erc7201:openzeppelin.storage.Ownable
 *   // keccak256(abi.encode(uint256(keccak256("openzeppelin.storage.Ownable")) - 1)) & ~bytes32(uint256(0xff))
 */
import type { Docs } from '../syntax/ast';

const LOCATION_TAG = /@custom:storage-location\s+erc7201:([^\s*]+)/;
// Whitespace-tolerant; either quote style.
const FORMULA =
  /keccak256\s*\(\s*abi\.encode\s*\(\s*uint256\s*\(\s*keccak256\s*\(\s*(?:bytes\s*\(\s*)?(["'])(.*?)\1\s*\)?\s*\)\s*\)\s*-\s*1\s*\)\s*\)\s*&\s*~\s*bytes32\s*\(\s*uint256\s*\(\s*0xff\s*\)\s*\)/;
const BUILTIN = /\berc7201\s*\(\s*(["'])(.*?)\1\s*\)/;

export type ClaimSource = 'storage-location' | 'formula-comment';

export interface Erc7201Claim {
  id: string;
  source: ClaimSource;
}

/** The `erc7201:<id>` of a `@custom:storage-location` tag, if the docs carry one. */
export function storageLocationId(docs: Docs): string | undefined {
  return docs ? LOCATION_TAG.exec(docs)?.[1] : undefined;
}

/** The ERC-7201 id a constant's comment claims: the tag, the formula written out, or `erc7201("id")`. */
export function erc7201Claim(docs: Docs): Erc7201Claim | undefined {
  if (!docs) return undefined;
  const tag = storageLocationId(docs);
  if (tag !== undefined) return { id: tag, source: 'storage-location' };
  const f = FORMULA.exec(docs) ?? BUILTIN.exec(docs);
  return f ? { id: f[2], source: 'formula-comment' } : undefined;
}
