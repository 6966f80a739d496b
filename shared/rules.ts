/**
 * The rule catalogue: every rule of DLOOP Diamond Tools, declared once. The engine binds each id to its runner
 * (engine/src/rules/registry.ts, typed so that a rule without a runner does not compile); the client's rule list,
 * the `diamond.rules.<id>` settings (shared/settings.ts → package.json), the rule list of
 * schemas/diamond.config.schema.json and the config validator's known ids all come from here.
 *
 * Adding a rule: an entry here, its runner in the registry, `npm run generate` (package.json, schema), a section
 * `## <id>` in docs/rules.md, tests. test/unit/rule-catalogue.test.ts fails when a generated file or the docs
 * disagree with this list.
 *
 * Pure data and pure functions (shared/ imports nothing from the rest of the project, no `vscode`, no Node).
 */

/** What a rule's severity can be set to; 'off' skips the rule. */
export const SEVERITY_SETTINGS = ['error', 'warning', 'info', 'off'] as const;
export type SeveritySetting = (typeof SEVERITY_SETTINGS)[number];
/** What a finding carries. */
export type Severity = Exclude<SeveritySetting, 'off'>;

/**
 * Which analysis produces a rule's findings, and so what its runner reads: the selectors of each diamond's facets,
 * the one storage pass over namespaces and layouts, the connected diamond's loupe, the workspace's imports, or the
 * diamond inference (which facets form which diamond, and what it could not decide), or the ERC-165 interfaces
 * each diamond claims against the selectors it routes.
 */
export type RuleAnalysis = 'selectors' | 'storage' | 'live' | 'imports' | 'diamonds' | 'interfaces';

export interface RuleSpec {
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** One line: SARIF's short description, pickers. */
  readonly title: string;
  /** What the `diamond.rules.<id>` setting says the rule finds (Markdown). */
  readonly description: string;
  readonly analysis: RuleAnalysis;
}

/** In the order the tools list them (docs/rules.md, settings, SARIF). */
export const RULE_CATALOGUE = [
  {
    id: 'duplicate-selector',
    defaultSeverity: 'error',
    analysis: 'selectors',
    title: 'Two facets of one diamond expose the same function signature',
    description: 'Two facets of one diamond expose the same canonical signature.',
  },
  {
    id: 'selector-collision',
    defaultSeverity: 'error',
    analysis: 'selectors',
    title: 'Two different signatures in one diamond hash to the same selector',
    description: 'Two different signatures in one diamond hash to the same 4-byte selector.',
  },
  {
    id: 'facet-state-variable',
    defaultSeverity: 'error',
    analysis: 'storage',
    title: 'A facet declares an ordinary state variable outside the AppStorage pattern',
    description:
      'A facet (or a contract it inherits) declares a non-constant, non-immutable state variable outside the AppStorage pattern.',
  },
  {
    id: 'namespace-collision',
    defaultSeverity: 'error',
    analysis: 'storage',
    title: 'Two storage namespaces resolve to the same slot',
    description: 'Two storage namespaces resolve to the same slot.',
  },
  {
    id: 'erc7201-slot-mismatch',
    defaultSeverity: 'error',
    analysis: 'storage',
    title: 'A slot constant does not equal the ERC-7201 slot of its annotated id',
    description: 'A slot constant does not equal the ERC-7201 slot of the id in its annotation.',
  },
  {
    id: 'storage-layout-break',
    defaultSeverity: 'error',
    analysis: 'storage',
    title: "A namespace's struct changed incompatibly against the baseline",
    description:
      "A namespace's struct changed incompatibly against the baseline (inserted, removed, reordered or retyped field; growing embedded struct).",
  },
  {
    id: 'namespace-convention',
    defaultSeverity: 'warning',
    analysis: 'storage',
    title: 'A namespace id does not follow the configured pattern',
    description:
      'A namespace id does not follow `diamond.namespacePattern` (DLOOP: `dloop.storage.<area>.v<N>`).',
  },
  {
    id: 'namespace-orphaned',
    defaultSeverity: 'warning',
    analysis: 'storage',
    title: 'A versioned namespace moved with no migration reading the old one',
    description: 'A versioned namespace moved (v1 → v2) with no migration reading the old one.',
  },
  {
    id: 'live-selector-conflict',
    defaultSeverity: 'warning',
    analysis: 'live',
    title: 'A local selector is already routed to a different facet on the connected diamond',
    description:
      "A local facet's selector is already routed to a different facet on the connected diamond (an Add would revert: use Replace).",
  },
  {
    id: 'unresolved-import',
    defaultSeverity: 'warning',
    analysis: 'imports',
    title: 'An import does not resolve: what it declares is not analysed',
    description:
      'An import does not resolve (a fresh clone before `forge install` / `npm install`, a missing remapping): the bases, functions and state it would declare are not analysed.',
  },
  {
    id: 'diamond-inference',
    defaultSeverity: 'info',
    analysis: 'diamonds',
    title: 'What the diamond inference decided where the code was ambiguous, and how to pin it',
    description:
      'Without `diamonds` in diamond.config.json, where the code was ambiguous (several diamonds, same-named facets in several folders, two diamond contracts for one set of facets): what was inferred and how to pin it (`diamond init`). Said once, not per facet.',
  },
  {
    id: 'interface-incomplete',
    defaultSeverity: 'error',
    analysis: 'interfaces',
    title: 'A diamond claims an ERC-165 interface whose functions it does not all route',
    description:
      "A diamond claims an ERC-165 interface (its init registers the id, or a `supportsInterface` compares against it; the standard cut, loupe, ERC-173 and ERC-165 ids included) while some of that interface's functions are routed to no facet of the diamond.",
  },
] as const satisfies readonly RuleSpec[];

export type CataloguedRule = (typeof RULE_CATALOGUE)[number];
export type RuleId = CataloguedRule['id'];

export const RULE_IDS: readonly RuleId[] = RULE_CATALOGUE.map((r) => r.id);

const BY_ID = new Map<string, CataloguedRule>(RULE_CATALOGUE.map((r) => [r.id, r]));

export function isRuleId(v: unknown): v is RuleId {
  return typeof v === 'string' && BY_ID.has(v);
}

export function ruleSpec(id: RuleId): CataloguedRule {
  const r = BY_ID.get(id);
  if (!r) throw new Error(`unknown rule ${id}`);
  return r;
}

/** The rule reference; diagnostics' `codeDescription.href` points into it. */
export const RULES_DOC_URL = 'https://github.com/dloop/diamond-tools/blob/main/docs/rules.md';

/** The docs anchor of a rule is its id: docs/rules.md has a heading `## <id>` per rule (checked by a test). */
export function ruleDocUrl(id: RuleId): string {
  return `${RULES_DOC_URL}#${id}`;
}
