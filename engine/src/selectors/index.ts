/** Canonical signatures and selectors. */
export { canonicalSignature, canonicalType, type SignatureMode } from './canonical-type';
export {
  contractSelectors,
  contractSelectorsDetailed,
  type ContractSelectorsResult,
  type UnresolvedSelector,
} from './contract-selectors';
export { arrayLength } from './array-length';
