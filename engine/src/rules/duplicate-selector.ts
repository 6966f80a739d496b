/** Rule duplicate-selector: two facets of one diamond expose the same canonical signature. */
import type { Finding, Severity } from '../findings';
import { selectorConflictFindings, type SelectorRuleInput } from './selector-conflicts';

export function runDuplicateSelector(input: SelectorRuleInput, severity: Severity): Finding[] {
  return selectorConflictFindings(input, 'duplicate-selector', severity);
}
