/**
 * Every rule the engine runs: the rule catalogue (shared/rules.ts: id, default severity, title, which analysis
 * produces it) with each id bound to its runner. Severities come from the config (`rules` in diamond.config.json
 * and the editor's `diamond.rules.<id>` settings, merged by the caller); 'off' skips the rule entirely.
 */
import {
  RULE_CATALOGUE,
  RULES_DOC_URL,
  ruleDocUrl,
  ruleSpec,
  type CataloguedRule,
  type RuleAnalysis,
  type RuleSpec,
} from '../../../shared/rules';
import type { DiamondConfig } from '../config';
import type { Finding, RuleId, Severity, SeveritySetting } from '../findings';
import type { StorageRuleContext } from '../storage/context';
import { runDiamondInference, type InferenceRuleInput } from './diamond-inference';
import { runDuplicateSelector } from './duplicate-selector';
import { runFacetStateVariable } from './facet-state-variable';
import { runInterfaceIncomplete, type InterfaceRuleInput } from './interface-incomplete';
import { runLiveSelectorConflict, type LiveConflictInput } from './live-selector-conflict';
import { runSelectorCollision } from './selector-collision';
import type { SelectorRuleInput } from './selector-conflicts';
import { runErc7201SlotMismatch } from './storage-erc7201-slot-mismatch';
import { runStorageLayoutBreak } from './storage-layout-break';
import { runNamespaceCollision } from './storage-namespace-collision';
import { runNamespaceConvention } from './storage-namespace-convention';
import { runNamespaceOrphaned } from './storage-namespace-orphaned';
import { runUnresolvedImport, type ImportRuleInput } from './unresolved-import';

export { RULES_DOC_URL, ruleDocUrl };

/** What rules read. Each accessor is memoised by the caller for one `findings()` pass. */
export interface RuleContext {
  selectors(): SelectorRuleInput;
  /** Every finding of the storage analysis (all storage rules at once: one pass over the layouts). */
  storageFindings(): readonly Finding[];
  /** The local facets against the connected diamond; undefined when no diamond is connected. */
  live(): LiveConflictInput | undefined;
  /** The workspace's imports (unresolved-import). */
  imports(): ImportRuleInput;
  /** What the diamond inference could not decide, at the contracts it is about (diamond-inference). */
  diamonds(): InferenceRuleInput;
  /** The ERC-165 interfaces each diamond claims and the selectors it routes (interface-incomplete). */
  interfaces(): InterfaceRuleInput;
}

/** What each analysis hands the runners of its rules. */
interface AnalysisInput {
  selectors: SelectorRuleInput;
  storage: StorageRuleContext;
  live: LiveConflictInput;
  imports: ImportRuleInput;
  diamonds: InferenceRuleInput;
  interfaces: InterfaceRuleInput;
}

/** Storage runners report at the rule's default severity; the registry applies the configured one. */
type Runner<A extends RuleAnalysis> = (input: AnalysisInput[A], severity: Severity) => Finding[];

/**
 * Each catalogued rule → its runner, typed from the catalogue: a rule without a runner, a runner for an id the
 * catalogue does not know, or one that reads another analysis' input does not compile.
 */
const RUNNERS: { [R in CataloguedRule as R['id']]: Runner<R['analysis']> } = {
  'duplicate-selector': runDuplicateSelector,
  'selector-collision': runSelectorCollision,
  'facet-state-variable': runFacetStateVariable,
  'namespace-collision': runNamespaceCollision,
  'erc7201-slot-mismatch': runErc7201SlotMismatch,
  'storage-layout-break': runStorageLayoutBreak,
  'namespace-convention': runNamespaceConvention,
  'namespace-orphaned': runNamespaceOrphaned,
  'live-selector-conflict': runLiveSelectorConflict,
  'unresolved-import': runUnresolvedImport,
  'diamond-inference': runDiamondInference,
  'interface-incomplete': runInterfaceIncomplete,
};

/** How a rule of each analysis runs in a `findings()` pass. */
const RUN_BY_ANALYSIS: {
  [A in RuleAnalysis]: (ctx: RuleContext, id: RuleId, run: Runner<A>, severity: Severity) => Finding[];
} = {
  selectors: (ctx, _id, run, severity) => run(ctx.selectors(), severity),
  // The storage analysis ran every storage rule in its one (memoised) pass: take this rule's findings.
  storage: (ctx, id, _run, severity) =>
    ctx
      .storageFindings()
      .filter((f) => f.rule === id)
      .map((f) => ({ ...f, severity: configuredSeverity(id, f.severity, severity) })),
  // Reports nothing until a connected diamond is given (setLiveDiamond: the editor's Facet Explorer, `check --rpc`).
  live: (ctx, _id, run, severity) => {
    const input = ctx.live();
    return input ? run(input, severity) : [];
  },
  imports: (ctx, _id, run, severity) => run(ctx.imports(), severity),
  diamonds: (ctx, _id, run, severity) => run(ctx.diamonds(), severity),
  interfaces: (ctx, _id, run, severity) => run(ctx.interfaces(), severity),
};

const RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

/**
 * A finding at its rule's default severity takes the configured one; one its runner lowered (an extension
 * that namespace-collision reports as a warning) stays lowered, and is never raised above the configured one.
 */
function configuredSeverity(id: RuleId, emitted: Severity, configured: Severity): Severity {
  if (emitted === ruleSpec(id).defaultSeverity) return configured;
  return RANK[emitted] < RANK[configured] ? emitted : configured;
}

export interface RuleDefinition extends RuleSpec {
  id: RuleId;
  run(ctx: RuleContext, severity: Severity): Finding[];
}

type AnyRunner = (input: never, severity: Severity) => Finding[];
type AnyRun = (ctx: RuleContext, id: RuleId, run: AnyRunner, severity: Severity) => Finding[];

/** The catalogue, in its order, each rule with its runner. */
export const RULES: readonly RuleDefinition[] = RULE_CATALOGUE.map((spec) => ({
  ...spec,
  // RUNNERS' type ties the runner to the rule's analysis; the lookup by a runtime id loses that link.
  run: (ctx: RuleContext, severity: Severity) =>
    (RUN_BY_ANALYSIS[spec.analysis] as AnyRun)(ctx, spec.id, RUNNERS[spec.id] as AnyRunner, severity),
}));

/** The storage rules with their runners, in catalogue order: what the storage analysis runs in its one pass. */
export const STORAGE_RULES: readonly { id: RuleId; defaultSeverity: Severity; run: Runner<'storage'> }[] =
  RULE_CATALOGUE.filter(
    (r): r is Extract<CataloguedRule, { analysis: 'storage' }> => r.analysis === 'storage',
  ).map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, run: RUNNERS[r.id] }));

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleDefinition(id: RuleId): RuleDefinition {
  const r = BY_ID.get(id);
  if (!r) throw new Error(`unknown rule ${id}`);
  return r;
}

export function effectiveSeverity(id: RuleId, config: DiamondConfig): SeveritySetting {
  return config.rules[id] ?? ruleDefinition(id).defaultSeverity;
}

/** Runs every rule not turned off; findings carry their effective severity. */
export function runRules(ctx: RuleContext, config: DiamondConfig): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    const sev = effectiveSeverity(rule.id, config);
    if (sev === 'off') continue;
    out.push(...rule.run(ctx, sev));
  }
  return out;
}
