/**
 * createAnalysisService: the engine's façade for the language server and the CLI.
 *
 * Incremental by construction: `updateFile` re-parses one file (the parser reuses unchanged
 * chunks); `findings()` recomputes the cross-file rules from per-contract selector lists that are
 * reused while nothing the contract can see changed (selector-cache.ts), so an edit in one facet
 * of a 100-facet workspace recomputes that facet's selectors only.
 */
import { defaultConfig, type DiamondConfig } from '../config';
import { discover, type FacetRegistration } from '../diamonds/discover';
import { DiscoveryMemo } from './discovery-memo';
import { facetSelectorsFor } from './facet-selectors';
import type { Finding } from '../findings';
import type { LiveConflictGroup, LiveConflictInput } from '../rules/live-selector-conflict';
import type { UnknownClaim } from '../rules/interface-incomplete';
import { runRules, type RuleContext } from '../rules/registry';
import type { SelectorRuleInput } from '../rules/selector-conflicts';
import { SelectorMaps } from '../rules/selector-map';
import { serviceHover } from './hover';
import { incompletenessOf } from './incompleteness';
import { interfaceRuleInput } from './interface-claims';
import { interfaceRegistry } from './interface-registry';
import { SelectorCache } from '../diamonds/selector-cache';
import type { ServiceState } from './state';
import type { FileHost, HoverResult, LiveDiamond, NamespaceEntry } from '../vocabulary';
import type { AnalysisService, CodeLensResult, ContractSelectors, DiamondOverview } from './service-api';
import { diamondSummaries } from './diamond-summary';
import { docsOf } from './docs-input';
import type { BodyCache } from '../docs/code-index';
import type { DocsModel } from '../docs/model';
import { runStorageAnalysis, storageHover, type StorageResult } from './storage-adapter';
import { Workspace, type Remapping } from '../workspace';
import type { FieldLayout, NamespaceLayout } from '../storage/namespace-layout';

export interface ServiceOptions {
  /** Project root (file key): relative remappings resolve against it, and non-relative imports are also looked up below it. */
  root?: string;
  /**
   * The project's remappings, whole and in solc's precedence order (the later wins on equal context and prefix):
   * the project model in host/ reads remappings.txt, foundry.toml, inherited ones and the config's. The engine
   * reads no remapping file itself and does not add `config.remappings`. Replaced later with `setRemappings`.
   */
  remappings?: readonly (string | Remapping)[];
  /**
   * The folders the default scope (diamonds/scope.ts: test/, mocks/, lib/… skipped) is read from, the deepest
   * holding a file wins; default `[root]`. The CLI adds the folders it was asked to check.
   */
  scopeRoots?: readonly string[];
  /** More folders non-relative imports are looked up below (sub-projects' roots: `contracts/x.sol` from protocol/). */
  includePaths?: readonly string[];
}

export function createAnalysisService(
  host: FileHost,
  options: ServiceOptions = {},
): AnalysisService & {
  /**
   * Work counters (the incremental property's measure): how many contracts' selector lists were computed, and how
   * many times facet discovery ran over every contract.
   */
  readonly stats: { selectorComputations: number; discoveryRuns: number };
} {
  const ws = new Workspace(host);
  const selectors = new SelectorCache(ws);
  const discovery = new DiscoveryMemo();
  /** duplicate-selector's and selector-collision's selector maps, updated facet by facet across passes. */
  const selectorMaps = new SelectorMaps();
  let config: DiamondConfig = defaultConfig();
  let baseline: ReadonlyMap<string, string> | undefined;
  let baselineWs: Workspace | undefined;
  let deployed: readonly FieldLayout[] | undefined;
  let settingsVersion = 0;
  let live: LiveDiamond | undefined;
  /** The live diamond as canonical JSON: a refresh that reads the same routing changes nothing. */
  let liveKey = '';
  let liveVersion = 0;
  let deployedSlots: ReadonlySet<string> | undefined;
  let registrations: readonly FacetRegistration[] = [];
  /** The deployed layouts as JSON: handing over equal ones (every plan does) changes nothing. */
  let deployedKey = '';
  let registrationsKey = '[]';
  let includePaths: string[] = [];
  let includeKey: string | undefined;
  /** The root, then the given folders; an equal list (a reload) changes nothing. */
  function applyIncludePaths(extra: readonly string[]): void {
    const next = [...(options.root !== undefined ? [options.root] : []), ...extra];
    const key = JSON.stringify(next);
    if (key === includeKey) return;
    includeKey = key;
    includePaths = next;
    ws.setIncludePaths(includePaths);
    settingsVersion++;
    selectors.clear();
    baselineWs = undefined;
  }

  /** The remapping list as given, so that handing over an equal one (a reload) costs nothing. */
  let remappingsKey: string | undefined;
  function applyRemappings(list: readonly (string | Remapping)[]): void {
    const key = JSON.stringify(list);
    if (key === remappingsKey) return;
    remappingsKey = key;
    ws.setRemappings(list, options.root);
    settingsVersion++;
    selectors.clear();
    // The baseline workspace resolves imports with the same remappings: build it again.
    baselineWs = undefined;
  }
  applyIncludePaths(options.includePaths ?? []);
  applyRemappings(options.remappings ?? []);

  let stateMemo: { version: number; settings: number; state: ServiceState } | undefined;
  function state(): ServiceState {
    if (stateMemo && stateMemo.version === ws.version && stateMemo.settings === settingsVersion)
      return stateMemo.state;
    const contracts = discovery.contracts(ws.contracts());
    // Selector lists of contracts that are gone (renamed, deleted) would keep their old texts alive.
    selectors.retain(contracts);
    const { evidence, discovery: found } = discovery.discover(
      {
        ws,
        epochs: ws.epochs,
        config,
        root: options.root,
        scopeRoots: options.scopeRoots,
        registrations,
        settings: settingsVersion,
      },
      contracts,
    );
    const { diamonds, notes } = found;
    const facetDefs = new Set(diamonds.flatMap((d) => d.facets.map((f) => f.contract)));
    const s: ServiceState = {
      ws,
      config,
      contracts,
      diamonds,
      notes,
      evidence,
      isFacet: (ref) => facetDefs.has(ref.contract),
      selectors,
    };
    stateMemo = { version: ws.version, settings: settingsVersion, state: s };
    return s;
  }

  let storageMemo: { version: number; settings: number; result: StorageResult } | undefined;
  function storage(): StorageResult {
    if (storageMemo && storageMemo.version === ws.version && storageMemo.settings === settingsVersion) {
      return storageMemo.result;
    }
    const s = state();
    if (baseline && !baselineWs) {
      baselineWs = new Workspace(host);
      baselineWs.setRemappings(ws.remappings());
      baselineWs.setIncludePaths(includePaths);
      for (const [file, text] of baseline) baselineWs.setFile(file, text);
    }
    const result = runStorageAnalysis(s, baselineWs, deployed, deployedSlots);
    storageMemo = { version: ws.version, settings: settingsVersion, result };
    return result;
  }

  /** Full body parses for the docs, by file and text (docs/code-index.ts), and the last model. */
  const bodyCache: BodyCache = new Map();
  let docsMemo: { version: number; settings: number; model: DocsModel } | undefined;

  let findingsMemo: { version: number; settings: number; live: number; findings: Finding[] } | undefined;
  /** The last findings pass's claims of interfaces the engine does not know (for incompleteness()). */
  let unknownInterfaces: readonly UnknownClaim[] = [];

  /** live-selector-conflict's input: each diamond's facets, then facet-named contracts no diamond lists. */
  function liveInput(s: ServiceState, selectorInput: () => SelectorRuleInput): LiveConflictInput | undefined {
    if (!live) return undefined;
    const listed = new Map(config.diamonds.map((d) => [d.name, d.facets]));
    const input = selectorInput();
    const groups: LiveConflictGroup[] = input.diamonds.map((d) => {
      const names = listed.get(d.name);
      return { facets: d.facets, listed: names ? new Set(names) : undefined };
    });
    // A new facet not yet in the config is what gets cut into the connected diamond next.
    const unlisted = s.contracts.filter(
      (c) =>
        !s.isFacet(c) &&
        discover([c], { ...config, diamonds: [] }, s.evidence).diamonds.some((d) => d.facets.length),
    );
    if (unlisted.length) groups.push({ facets: unlisted.map((c) => facetSelectorsFor(s, c)) });
    return { live, groups, sharedSelectors: input.sharedSelectors };
  }

  const service = {
    get stats() {
      return { selectorComputations: selectors.computations, discoveryRuns: discovery.runs };
    },
    setConfig(c: DiamondConfig) {
      config = c;
      settingsVersion++;
      selectors.clear();
    },
    setRemappings(list: readonly (string | Remapping)[]) {
      applyRemappings(list);
    },
    setIncludePaths(paths: readonly string[]) {
      applyIncludePaths(paths);
    },
    setBaseline(files: ReadonlyMap<string, string> | undefined) {
      const next = files && files.size ? files : undefined;
      // The same texts again (a plan of an unchanged project) change nothing: no re-analysis.
      if (sameTexts(baseline, next)) return;
      baseline = next;
      baselineWs = undefined;
      settingsVersion++;
    },
    setDeployedLayouts(layouts: readonly FieldLayout[] | undefined) {
      const key = layouts?.length ? JSON.stringify(layouts) : '';
      if (key === deployedKey) return;
      deployedKey = key;
      deployed = key ? structuredClone(layouts) : undefined;
      settingsVersion++;
    },
    setDeployedSlots(slots: readonly string[]) {
      const next = new Set(slots.map((s) => s.toLowerCase()));
      if (deployedSlots && next.size === deployedSlots.size && [...next].every((s) => deployedSlots!.has(s)))
        return;
      deployedSlots = next.size ? next : undefined;
      settingsVersion++;
    },
    setFacetRegistrations(next: readonly FacetRegistration[]) {
      const key = JSON.stringify(next);
      if (key === registrationsKey) return;
      registrationsKey = key;
      registrations = [...next];
      settingsVersion++;
    },
    setLiveDiamond(next: LiveDiamond | undefined) {
      const key = next ? JSON.stringify(next) : '';
      if (key === liveKey) return;
      live = next && structuredClone(next);
      liveKey = key;
      liveVersion++;
    },
    updateFile(file: string, text: string) {
      const isNew = !ws.isWorkspaceFile(file);
      if (!isNew && ws.text(file) === text) return;
      // The workspace's clock records the change (ws.epochs); a new file may re-route imports anywhere.
      ws.setFile(file, text);
      if (isNew) selectors.structureChanged();
    },
    /** Also used for files outside the workspace that changed on disk: the next lookup reads them again. */
    removeFile(file: string) {
      ws.removeFile(file);
      // A removed workspace file may still be imported: let the workspace read it from the host again.
      ws.invalidateExternal(file);
      selectors.structureChanged();
    },
    findings(): Finding[] {
      if (
        findingsMemo &&
        findingsMemo.version === ws.version &&
        findingsMemo.settings === settingsVersion &&
        findingsMemo.live === liveVersion
      ) {
        return findingsMemo.findings;
      }
      const s = state();
      let selectorInput: SelectorRuleInput | undefined;
      const selectorsNow = () =>
        (selectorInput ??= {
          diamonds: s.diamonds.map((d) => ({
            name: d.name,
            facets: [
              ...(d.proxy ? [facetSelectorsFor(s, d.proxy, 'proxy')] : []),
              ...d.facets.map((f) => facetSelectorsFor(s, f)),
            ],
          })),
          sharedSelectors: config.sharedSelectors,
          maps: selectorMaps,
        });
      const ctx: RuleContext = {
        selectors: selectorsNow,
        storageFindings: () => storage().findings,
        live: () => liveInput(s, selectorsNow),
        imports: () => ({ ws, root: options.root, files: ws.files() }),
        interfaces: () => {
          const input = interfaceRuleInput(s, selectorsNow(), live);
          unknownInterfaces = input.unknown ?? [];
          return input;
        },
        diamonds: () => ({
          notes: s.notes.flatMap((n) =>
            n.at ? [{ text: n.text, file: n.at.file, span: n.at.contract.nameSpan }] : [],
          ),
        }),
      };
      unknownInterfaces = [];
      const findings = runRules(ctx, config);
      if (selectorInput) selectorMaps.retain(selectorInput.diamonds);
      findingsMemo = { version: ws.version, settings: settingsVersion, live: liveVersion, findings };
      return findings;
    },
    diamonds(): DiamondOverview {
      return diamondSummaries(state());
    },
    contractSelectors(): ContractSelectors[] {
      const s = state();
      return s.contracts.map((c) => ({
        name: c.name,
        file: c.file,
        kind: c.kind,
        abstract: c.abstract,
        isFacet: s.isFacet(c),
        functions: selectors.of(c),
      }));
    },
    namespaces(): NamespaceEntry[] {
      return storage().namespaces;
    },
    namespaceLayouts(): NamespaceLayout[] {
      return storage().layouts();
    },
    docs(cancelled?: () => boolean): DocsModel {
      if (docsMemo?.version === ws.version && docsMemo.settings === settingsVersion) return docsMemo.model;
      // Parses of files that are gone would keep their texts alive.
      for (const file of bodyCache.keys()) if (ws.text(file) === undefined) bodyCache.delete(file);
      const model = docsOf(state(), storage(), bodyCache, cancelled);
      docsMemo = { version: ws.version, settings: settingsVersion, model };
      return model;
    },
    hover(file: string, offset: number): HoverResult | undefined {
      const s = state();
      return serviceHover(s, () => storageHover(s, storage(), file, offset), file, offset);
    },
    incompleteness() {
      // The interface claims the engine does not know come out of interface-incomplete's input (none when it is off).
      service.findings();
      return incompletenessOf(state(), unknownInterfaces);
    },
    knownInterfaces() {
      return interfaceRegistry(state())
        .all()
        .map((k) => ({ id: k.id, name: k.name }));
    },
    codeLenses(file: string): CodeLensResult[] {
      const s = state();
      const out: CodeLensResult[] = [];
      for (const c of s.contracts) {
        if (c.file !== file || !s.isFacet(c)) continue;
        for (const e of selectors.of(c)) {
          // Lenses sit on what this contract declares; inherited entries live in other files.
          if (e.file !== file || e.declaredIn !== c.name) continue;
          if (e.span.start < c.contract.span.start || e.span.end > c.contract.span.end) continue;
          out.push({
            span: e.span,
            title: `${e.selector} · ${e.signature}`,
            selector: e.selector,
            signature: e.signature,
          });
        }
      }
      return out.sort((a, b) => a.span.start - b.span.start);
    },
  };
  return service;
}

/** Two baselines with the same files and texts (undefined: none). */
function sameTexts(
  a: ReadonlyMap<string, string> | undefined,
  b: ReadonlyMap<string, string> | undefined,
): boolean {
  return (
    a === b ||
    (a !== undefined && b !== undefined && a.size === b.size && [...a].every(([k, v]) => b.get(k) === v))
  );
}
