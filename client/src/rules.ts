/**
 * The diagnostics rules as the client knows them: ids, default severities, documentation.
 * Repeated from the engine (engine/src/findings.ts, engine/src/rules/registry.ts) because the client never
 * imports the engine (lint boundary); test/unit/client-settings.test.ts fails if they drift apart.
 */
export const RULE_DEFAULTS = {
  'duplicate-selector': 'error',
  'selector-collision': 'error',
  'facet-state-variable': 'error',
  'namespace-collision': 'error',
  'erc7201-slot-mismatch': 'error',
  'storage-layout-break': 'error',
  'namespace-convention': 'warning',
  'namespace-orphaned': 'warning',
  'live-selector-conflict': 'warning',
} as const satisfies Record<string, RuleSeverity>;

export type RuleId = keyof typeof RULE_DEFAULTS;
export const RULE_IDS = Object.keys(RULE_DEFAULTS) as RuleId[];

export const RULE_SEVERITIES = ['error', 'warning', 'info', 'off'] as const;
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];

/** Where diagnostics' `codeDescription.href` points; the headings are the rule ids. */
export const RULES_DOC_URL = 'https://github.com/dloop/diamond-tools/blob/main/docs/rules.md';
