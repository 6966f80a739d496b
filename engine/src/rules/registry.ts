/**
 * Every rule the engine knows: id, default severity, where its documentation lives, and the
 * function that runs it. Severities come from the config (`rules` in diamond.config.json and the
 * editor's `diamond.rules.<id>` settings, merged by the caller); 'off' skips the rule entirely.
 */
import type { DiamondConfig } from '../config';
import { RULE_IDS, type Finding, type RuleId, type Severity, type SeveritySetting } from '../findings';
import { runDuplicateSelector } from './duplicate-selector';
import { runLiveSelectorConflict, type LiveConflictInput } from './live-selector-conflict';
import { runSelectorCollision } from './selector-collision';
import type { SelectorRuleInput } from './selector-conflicts';

/** What rules read. Each accessor is memoised by the caller for one `findings()` pass. */
export interface RuleContext {
  selectors(): SelectorRuleInput;
  /** Every finding of the storage analysis (all storage rules at once: one pass over the layouts). */
  storageFindings(): readonly Finding[];
  /** The local facets against the connected diamond; undefined when no diamond is connected. */
  live(): LiveConflictInput | undefined;
}

export interface RuleDefinition {
  id: RuleId;
  defaultSeverity: Severity;
  /** One line for tables and hovers. */
  title: string;
  /** False for rules registered ahead of the data they need. */
  active: boolean;
  run(ctx: RuleContext, severity: Severity): Finding[];
}

export const RULES_DOC_URL = 'https://github.com/dloop/diamond-tools/blob/main/docs/rules.md';

export function ruleDocUrl(id: RuleId): string {
  // The doc's headings are the rule ids, so the GitHub anchor is the id itself.
  return `${RULES_DOC_URL}#${id}`;
}

function fromStorage(id: RuleId) {
  return (ctx: RuleContext, severity: Severity): Finding[] =>
    ctx
      .storageFindings()
      .filter((f) => f.rule === id)
      .map((f) => ({ ...f, severity }));
}

export const RULES: readonly RuleDefinition[] = [
  {
    id: 'duplicate-selector',
    defaultSeverity: 'error',
    title: 'Two facets of one diamond expose the same function signature',
    active: true,
    run: (ctx, sev) => runDuplicateSelector(ctx.selectors(), sev),
  },
  {
    id: 'selector-collision',
    defaultSeverity: 'error',
    title: 'Two different signatures in one diamond hash to the same selector',
    active: true,
    run: (ctx, sev) => runSelectorCollision(ctx.selectors(), sev),
  },
  {
    id: 'facet-state-variable',
    defaultSeverity: 'error',
    title: 'A facet declares an ordinary state variable outside the AppStorage pattern',
    active: true,
    run: fromStorage('facet-state-variable'),
  },
  {
    id: 'namespace-collision',
    defaultSeverity: 'error',
    title: 'Two storage namespaces resolve to the same slot',
    active: true,
    run: fromStorage('namespace-collision'),
  },
  {
    id: 'erc7201-slot-mismatch',
    defaultSeverity: 'error',
    title: 'A slot constant does not equal the ERC-7201 slot of its annotated id',
    active: true,
    run: fromStorage('erc7201-slot-mismatch'),
  },
  {
    id: 'storage-layout-break',
    defaultSeverity: 'error',
    title: "A namespace's struct changed incompatibly against the baseline",
    active: true,
    run: fromStorage('storage-layout-break'),
  },
  {
    id: 'namespace-convention',
    defaultSeverity: 'warning',
    title: 'A namespace id does not follow the configured pattern',
    active: true,
    run: fromStorage('namespace-convention'),
  },
  {
    id: 'namespace-orphaned',
    defaultSeverity: 'warning',
    title: 'A versioned namespace moved with no migration reading the old one',
    active: true,
    run: fromStorage('namespace-orphaned'),
  },
  {
    id: 'live-selector-conflict',
    defaultSeverity: 'warning',
    title: 'A local selector is already routed to a different facet on the connected diamond',
    active: true,
    // Reports nothing until a connected diamond is given (setLiveDiamond: the editor's Facet Explorer, `check --rpc`).
    run: (ctx, sev) => {
      const input = ctx.live();
      return input ? runLiveSelectorConflict(input, sev) : [];
    },
  },
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleDefinition(id: RuleId): RuleDefinition {
  const r = BY_ID.get(id);
  if (!r) throw new Error(`unknown rule ${id}`);
  return r;
}

export function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}

export function effectiveSeverity(id: RuleId, config: DiamondConfig): SeveritySetting {
  return config.rules[id] ?? ruleDefinition(id).defaultSeverity;
}

/** Runs every active rule not turned off; findings carry their effective severity. */
export function runRules(ctx: RuleContext, config: DiamondConfig): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    if (!rule.active) continue;
    const sev = effectiveSeverity(rule.id, config);
    if (sev === 'off') continue;
    out.push(...rule.run(ctx, sev));
  }
  return out;
}
