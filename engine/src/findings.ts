/** What the engine reports: rule findings as file + offsets, editor-free. */

export const RULE_IDS = [
  'duplicate-selector',
  'selector-collision',
  'facet-state-variable',
  'namespace-collision',
  'erc7201-slot-mismatch',
  'storage-layout-break',
  'namespace-convention',
  'namespace-orphaned',
  'live-selector-conflict',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

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
}

export interface Finding extends Place {
  rule: RuleId;
  severity: Severity;
  /** Names both sides where there are two. */
  message: string;
  related: RelatedPlace[];
  fixes?: Fix[];
}
