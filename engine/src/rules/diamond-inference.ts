/**
 * Rule diamond-inference (info): where the diamond inference (diamonds/infer.ts) had to decide something the code
 * does not say plainly (several diamonds side by side, same-named facets in several folders, two diamond contracts
 * fitting one set of facets), it says once what it inferred and how to pin it in diamond.config.json, at the
 * contract the decision is about. One finding per decision, never one per facet: the cross-diamond conflicts the
 * inference keeps apart are not reported at all.
 */
import type { Finding, Severity } from '../findings';
import type { Span } from '../vocabulary';

export interface InferenceRuleInput {
  /** The inference's notes, each at the name of the contract it is about (none: at no place, not reported). */
  notes: readonly { text: string; file: string; span: Span }[];
}

export function runDiamondInference(input: InferenceRuleInput, severity: Severity = 'info'): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const n of input.notes) {
    if (seen.has(n.text)) continue;
    seen.add(n.text);
    out.push({
      rule: 'diamond-inference',
      severity,
      file: n.file,
      start: n.span.start,
      end: n.span.end,
      message: n.text,
      related: [],
    });
  }
  return out;
}
