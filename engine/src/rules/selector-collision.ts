/**
 * Rule selector-collision: two different signatures in one diamond hash to the same 4 bytes
 * (e.g. burn(uint256) / collate_propagate_storage(bytes16) = 0x42966c68). solc rejects this
 * inside one contract; across facets only this rule notices.
 */
import type { Finding, Severity } from '../findings';
import { selectorConflictFindings, type SelectorRuleInput } from './selector-conflicts';

export function runSelectorCollision(input: SelectorRuleInput, severity: Severity): Finding[] {
  return selectorConflictFindings(input, 'selector-collision', severity);
}
