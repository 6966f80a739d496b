/**
 * The storage analysis entry point: namespaces of the workspace (memoised per workspace version)
 * and every storage rule's findings at their default severities (the registry applies the
 * configured ones).
 */
import type { DiamondConfig } from '../config';
import { isDefaultFacet } from '../diamonds/discover';
import type { Finding } from '../findings';
import { STORAGE_RULES } from './registry';
import type { HoverResult, NamespaceEntry } from '../vocabulary';
import { normalizePath, type ContractRef, type Workspace } from '../workspace';
import { appStorageNamespaces } from '../storage/appstorage';
import { buildReferenceIndex, type StorageRuleContext, type StorageSide } from '../storage/context';
import { hoverNamespace } from '../storage/hover';
import { discoverNamespaces, type Namespace } from '../storage/namespaces';
import { namespaceLayouts, type FieldLayout, type NamespaceLayout } from '../storage/namespace-layout';
import { workspaceView } from '../storage/workspace-view';

export interface StorageAnalysis {
  findings: Finding[];
  /** For the service (`namespaces()`), the Facet Explorer and the CLI. */
  namespaces: NamespaceEntry[];
  /** The same namespaces with their declarations (structs, constants, claims, readers). */
  details: Namespace[];
  /** Each namespace's exact field layout (slot, offset, bytes), computed on first use. */
  layouts(): NamespaceLayout[];
}

/**
 * @param facets the diamond's facets; undefined: every non-abstract `*Facet` contract not excluded.
 * @param baseline the workspace built from the baseline sources (storage-layout-break, namespace-orphaned).
 * @param diamonds facets per diamond when there are several (AppStorage must agree within one);
 *   default: all `facets` form one diamond.
 * @param deployed the deployment record's field layouts (storage-layout-break prefers them to `baseline`).
 * @param deployedSlots slots the deployment records show deployed (erc7201-slot-mismatch prefers the fix that keeps them).
 */
export function analyzeStorage(
  ws: Workspace,
  facets: readonly ContractRef[] | undefined,
  config: DiamondConfig,
  baseline?: Workspace,
  diamonds?: readonly (readonly ContractRef[])[],
  deployed?: readonly FieldLayout[],
  deployedSlots?: ReadonlySet<string>,
): StorageAnalysis {
  const facetList = facets ?? defaultFacets(ws, config);
  const groups = diamonds ?? [facetList];
  const current = side(ws, groups.flat());
  const ctx: StorageRuleContext = {
    ...current,
    facetGroups: groups,
    config,
    baseline: baseline && side(baseline, sameFacetsIn(baseline, groups.flat())),
    deployed,
    references: () => ws.cached('storage:references', () => buildReferenceIndex(current.view)),
    deployedSlots,
  };
  // The storage rules of the registry (one list), each at its default severity; the registry applies the configured one.
  const findings = STORAGE_RULES.flatMap((rule) => rule.run(ctx, rule.defaultSeverity));
  let layouts: NamespaceLayout[] | undefined;
  return {
    findings,
    namespaces: current.namespaces.map((n) => n.entry),
    details: [...current.namespaces],
    layouts: () => (layouts ??= namespaceLayouts(current.view, current.namespaces)),
  };
}

/** Namespaces of one workspace: discovered ones (memoised per version) plus the facets' AppStorage. */
function side(ws: Workspace, facets: readonly ContractRef[]): StorageSide {
  const view = ws.cached('storage:view', () => workspaceView(ws));
  const found = ws.cached('storage:namespaces', () => discoverNamespaces(view));
  return { view, namespaces: [...found, ...appStorageNamespaces(view, facets)] };
}

/** Hover data at `offset` in `file`: a slot constant, its uses, an annotated struct or a `.slot :=` line. */
export function hoverStorage(
  ws: Workspace,
  analysis: StorageAnalysis,
  file: string,
  offset: number,
): HoverResult | undefined {
  return hoverNamespace(
    ws.cached('storage:view', () => workspaceView(ws)),
    analysis.details,
    normalizePath(file),
    offset,
  );
}

export function defaultFacets(ws: Workspace, config: DiamondConfig): ContractRef[] {
  return ws
    .contracts()
    .filter((r) =>
      isDefaultFacet(
        { name: r.contract.name, file: r.file, kind: r.contract.kind, abstract: r.contract.abstract },
        config.exclude,
      ),
    );
}

/** The baseline's contracts with the current facets' names (their AppStorage is compared too). */
function sameFacetsIn(baseline: Workspace, facets: readonly ContractRef[]): ContractRef[] {
  const names = new Set(facets.map((f) => f.contract.name));
  return baseline.contracts().filter((r) => names.has(r.contract.name));
}
