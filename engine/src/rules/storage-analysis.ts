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
import { scanFile } from '../storage/file-scan';
import type { StorageView } from '../storage/view';
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
    diamondFiles: keptReachableFiles(ws, groups),
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
  const found = ws.cached('storage:namespaces', () => keptNamespaces(ws, view));
  return { view, namespaces: [...found, ...appStorageNamespaces(view, facets)] };
}

/** Whether a file declares anything namespace discovery starts from (a `.slot :=`, a slot constant, an annotated struct). */
function hasScan(view: StorageView, file: string): boolean {
  return scanFile(view, file).some(
    (s) => s.traces.length > 0 || s.constants.length > 0 || s.annotated.length > 0,
  );
}

/**
 * The discovered namespaces, kept across versions while no file they can come from changed: a namespace is found
 * from a file that declares one of its parts (hasScan) by name lookup from there, i.e. within that file's import
 * closure. An edit elsewhere that declares none itself (a facet's function body) leaves the list as it was.
 */
function keptNamespaces(ws: Workspace, view: StorageView): Namespace[] {
  return ws.cachedFor(
    ws,
    'storage:namespaces',
    () => {
      const epoch = ws.epochs.now();
      const namespaces = discoverNamespaces(view);
      const seen = new Set<string>();
      for (const file of view.files())
        if (hasScan(view, file)) for (const dep of ws.epochs.stamp(file).deps) seen.add(dep);
      return { epoch, namespaces, seen };
    },
    (known) => {
      const changed = ws.epochs.changedSince(known.epoch);
      if (!changed || !ws.epochs.sameImportsSince(known.epoch)) return false;
      return changed.every((file) => !known.seen.has(file) && !hasScan(view, file));
    },
  ).namespaces;
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

/**
 * Each diamond's reachable files, kept across versions while the import graph and the diamond's facet files are
 * the same (an edit of a function body changes neither).
 */
function keptReachableFiles(
  ws: Workspace,
  groups: readonly (readonly ContractRef[])[],
): ReadonlySet<string>[] {
  const kept = ws.cachedFor(ws, 'storage:reachable', () => ({
    epoch: -1,
    roots: [] as string[][],
    sets: [] as ReadonlySet<string>[],
  }));
  const same = kept.epoch >= 0 && ws.epochs.sameImportsSince(kept.epoch);
  const roots = groups.map((g) => [...new Set(g.map((f) => f.file))]);
  const sets = groups.map((g, i) =>
    same && kept.roots[i] && sameFiles(kept.roots[i], roots[i]) ? kept.sets[i] : reachableFiles(ws, g),
  );
  kept.epoch = ws.epochs.now();
  kept.roots = roots;
  kept.sets = sets;
  return sets;
}

function sameFiles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

/** The files a diamond's facets are declared in and import, transitively. */
function reachableFiles(ws: Workspace, facets: readonly ContractRef[]): Set<string> {
  const seen = new Set(facets.map((f) => f.file));
  const queue = [...seen];
  for (let i = 0; i < queue.length; i++) {
    for (const r of ws.imports(queue[i])) {
      if (r.file !== undefined && !seen.has(r.file)) {
        seen.add(r.file);
        queue.push(r.file);
      }
    }
  }
  return seen;
}
