/**
 * The engine's public face: the only module that code outside `engine/` imports (a lint rule forbids deeper
 * imports). Behind it the layers (syntax → workspace → selectors → storage → rules → service) may change freely.
 *
 * Editor-free: source text in through `updateFile` and a `FileHost`, findings out as file keys (absolute,
 * '/'-separated paths) and UTF-16 offsets. No `vscode`, no LSP types, no Node built-ins, no process globals.
 */

// The analysis service and its vocabulary.
export { createAnalysisService } from './src/service/create-service';
export type {
  AnalysisService,
  CodeLensResult,
  ContractSelectors,
  DiamondOverview,
  DiamondSummary,
  Incompleteness,
} from './src/service/service-api';
export type {
  FileHost,
  HoverResult,
  LiveDiamond,
  NamespaceEntry,
  SelectorEntry,
  Span,
} from './src/vocabulary';

// Exact storage layouts per namespace (solc's packing), and what a deployment record keeps of them.
export type { FieldSlot } from './src/storage/slots';
export {
  shapeSlots,
  type FieldLayout,
  type LayoutShape,
  type NamespaceLayout,
  type RecordedField,
  type ShapedField,
  type ShapeSlots,
} from './src/storage/namespace-layout';

// Findings and rules.
export type { Finding, Fix, Place, RelatedPlace, RuleId, Severity, SeveritySetting } from './src/findings';
export { RULE_IDS } from './src/findings';
export { RULES, RULES_DOC_URL, ruleDefinition, ruleDocUrl, type RuleDefinition } from './src/rules/registry';

// diamond.config.json.
export {
  DEFAULT_NAMESPACE_PATTERN,
  defaultConfig,
  type DiamondConfig,
  type DiamondSpec,
  type UpgradeConfig,
} from './src/config';
export { validateConfig, type ConfigProblem, type ConfigValidation } from './src/config-validate';
// Patterns from a repository, in linear time (RE2): namespacePattern wherever it is checked or matched.
export { compileNamespacePattern, type CompiledPattern, type PatternCompilation } from './src/pattern';

// The config `diamond init` writes from the inference.
export { inferredConfigText } from './src/service/inferred-config';

// The default scope (production code: test/, mocks/, scripts/, lib/… skipped) and path globs.
export { defaultSkipReason, inScope, pathGlobMatches, relativeToRoot, scopePath } from './src/diamonds/scope';

// Which contracts are facets of which diamond (the config's lists, else inferred from the code).
export {
  DEFAULT_DIAMOND,
  discoverDiamonds,
  type ContractInfo,
  type DiamondFacets,
  type FacetRegistration,
} from './src/diamonds/discover';

// Remappings (remappings.txt, foundry.toml, `[context:]prefix=target`): parsed here, read from disk by the caller.
export {
  applyRemappings,
  formatRemapping,
  parseFoundryTomlRemappings,
  parseRemapping,
  parseRemappingsTxt,
  type Remapping,
} from './src/workspace/remappings';

// Small shared helpers: positions and hashes.
export { LineIndex, oneBased, type LineColumn } from './src/lines';
export { keccakHex, keccakOfHex, selectorOf } from './src/hash';

// Cut planning: the live diamond and the wanted facet set in, the diamondCut out (pure).
export {
  bindAddresses,
  DEFAULT_PROTECTED_SELECTORS,
  planCut,
  type CutAction,
  type CutPlan,
  type LiveFacetInput,
  type PlanCutInput,
  type PlannedCut,
  type PlannedSelector,
  type PlanProblem,
  type TargetFacetInput,
} from './src/upgrade/plan-cut';

// Documentation (`diamond docs`, the diamond map): the model from AnalysisService.docs(), its files and map.
export type {
  DocsDependency,
  DocsDiamond,
  DocsDrift,
  DocsField,
  DocsLive,
  DocsLiveSelector,
  DocsModel,
  DocsNamespace,
  DocsSelector,
} from './src/docs/model';
export { docsFiles, docsJson, type DocsFile, type DocsFormat } from './src/docs/docs-files';
export { layoutMap, type MapEdge, type MapLayout, type MapNode } from './src/docs/map-layout';
export { renderMapSvg } from './src/docs/render-svg';
export { DocsCancelledError } from './src/docs/code-index';
