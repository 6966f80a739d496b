/** What the engine reports: rule findings as file + offsets, editor-free. */

import type { RuleId, Severity } from '../../shared/rules';

// Rule ids and severities are declared once, in the rule catalogue (shared/rules.ts), for the engine and the editor.
export {
  RULE_IDS,
  SEVERITY_SETTINGS,
  type RuleId,
  type Severity,
  type SeveritySetting,
} from '../../shared/rules';

export interface Place {
  /** Engine file key: normalised absolute path with '/' separators. */
  file: string;
  start: number;
  end: number;
}

export interface RelatedPlace extends Place {
  message: string;
}

/** A mechanical edit that resolves a finding (e.g. the right ERC-7201 constant). */
export interface Fix {
  title: string;
  edits: (Place & { newText: string })[];
  /** The fix to apply when several are offered (editors mark it preferred); absent: the only one is. */
  preferred?: boolean;
  /** Applying it can lose data on a deployed diamond (moves storage that is already in use). */
  dangerous?: boolean;
}

export interface Finding extends Place {
  rule: RuleId;
  severity: Severity;
  /** Names both sides where there are two. */
  message: string;
  related: RelatedPlace[];
  fixes?: Fix[];
}
