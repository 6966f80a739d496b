/**
 * Which contracts are facets of which diamond.
 *
 * Facets are what gets cut: concrete contracts in production code (the default scope, scope.ts) that a deploy
 * script, deployment record or deploy config registers (FacetEvidence.registered), or, as a fallback, that are
 * named `*Facet`; minus diamond contracts, Foundry scripts and tests, and unregistered bases that another facet
 * inherits (those are never cut themselves). Without `diamonds` in diamond.config.json the facets are grouped into diamonds by
 * reading the code (infer.ts). A configured diamond lists its facets by name or `path.sol:Name`, or by `root`
 * folder; one with neither gets every facet. `exclude` (names or path globs) wins over everything.
 */
import type { DiamondConfig, DiamondSpec } from '../config';
import { globMatches } from '../pattern';
import type { ContractInfo, DiamondFacets, InferenceNote } from './types';
import { inferDiamonds } from './infer';
import { isExcludedBy, pathGlobMatches } from './scope';

export type { ContractInfo, DiamondFacets, FacetRegistration, InferenceNote } from './types';

/** What the code says about contracts beyond their names (computed by the service; absent: names only). */
export interface FacetEvidence<C extends ContractInfo> {
  /** The file's path relative to the project root. */
  rel(file: string): string;
  /** Whether the file is production code (scope.ts, with the config's include/exclude). */
  inScope(file: string): boolean;
  /** A key of the AppStorage struct declaration the contract puts at slot 0, if any. */
  appStorage(c: C): string | undefined;
  /** A diamond contract: a delegating `fallback`, or a known diamond base. */
  isDiamondContract(c: C): boolean;
  /** A Foundry script or test (inherits `Script` or `Test`). */
  isScriptOrTest(c: C): boolean;
  /** The contracts `c` inherits (not itself). */
  bases(c: C): readonly C[];
  /** Where a deploy script, deployment record or deploy config registers `c` as a facet; undefined: nowhere. */
  registered?(c: C): string | undefined;
}

/** The result: the diamonds, and what the inference could not decide (sentences, said once). */
export interface Discovery<C extends ContractInfo> {
  diamonds: DiamondFacets<C>[];
  notes: InferenceNote<C>[];
}

/** The diamond's name when the config names none. */
export const DEFAULT_DIAMOND = 'Diamond';

/** `*` matches any run of characters; everything else is literal. Whole-name match, no regex (linear). */
export function isExcluded(name: string, exclude: readonly string[]): boolean {
  return exclude.some((g) => !/[/.]/.test(g) && globMatches(g, name));
}

/** A contract that could be deployed as a facet: a concrete contract (not interface/library/abstract). */
export function isDeployable(c: ContractInfo): boolean {
  return c.kind === 'contract' && !c.abstract;
}

export function isDefaultFacet(c: ContractInfo, exclude: readonly string[]): boolean {
  return isDeployable(c) && c.name.endsWith('Facet') && !isExcluded(c.name, exclude);
}

/** The facets the evidence admits: in scope, not diamonds, scripts, tests nor bases of another facet. */
function facetCandidates<C extends ContractInfo>(
  contracts: readonly C[],
  config: DiamondConfig,
  ev: FacetEvidence<C>,
): C[] {
  const registered = (c: C) => ev.registered?.(c) !== undefined;
  const named = contracts.filter(
    (c) =>
      (isDefaultFacet(c, config.exclude) ||
        (isDeployable(c) && registered(c) && !isExcluded(c.name, config.exclude))) &&
      !isExcludedBy(config.exclude, c.name, ev.rel(c.file)) &&
      !ev.isDiamondContract(c) &&
      !ev.isScriptOrTest(c),
  );
  const inherited = new Set(named.flatMap((c) => ev.bases(c)));
  // A base another facet inherits is not cut itself, unless something registers it.
  return named.filter((c) => !inherited.has(c) || registered(c));
}

/** `contracts/x/ItemsFacet.sol:ItemsFacet` or `ItemsFacet` against a contract. */
function refMatches(ref: string, c: ContractInfo, ev?: FacetEvidence<ContractInfo>): boolean {
  const colon = ref.lastIndexOf(':');
  if (colon < 0) return c.name === ref;
  if (c.name !== ref.slice(colon + 1)) return false;
  const path = ref.slice(0, colon).replace(/^\.\//, '');
  return ev !== undefined && ev.rel(c.file) === path;
}

export function discoverDiamonds<C extends ContractInfo>(
  contracts: readonly C[],
  config: DiamondConfig,
  evidence?: FacetEvidence<C>,
): DiamondFacets<C>[] {
  return discover(contracts, config, evidence).diamonds;
}

export function discover<C extends ContractInfo>(
  contracts: readonly C[],
  config: DiamondConfig,
  evidence?: FacetEvidence<C>,
): Discovery<C> {
  const byFileOrder = [...contracts].sort((a, b) => (a.file === b.file ? 0 : a.file < b.file ? -1 : 1));
  if (!evidence) {
    const defaults = () => byFileOrder.filter((c) => isDefaultFacet(c, config.exclude));
    if (config.diamonds.length === 0)
      return {
        diamonds: [{ name: DEFAULT_DIAMOND, facets: defaults(), missing: [], source: 'default' }],
        notes: [],
      };
    return {
      diamonds: config.diamonds.map((spec) => configured(spec, byFileOrder, config, defaults)),
      notes: [],
    };
  }
  const ev = evidence;
  const inScope = byFileOrder.filter((c) => ev.inScope(c.file));
  const candidates = facetCandidates(inScope, config, ev);
  // An out-of-scope file the caller still analyses (a test opened in the editor): its facets are its own diamond.
  const outside = facetCandidates(
    byFileOrder.filter((c) => !ev.inScope(c.file)),
    { ...config, exclude: config.exclude.filter((e) => !/[/.]/.test(e)) },
    ev,
  );
  const perFile = new Map<string, C[]>();
  for (const c of outside) perFile.set(c.file, [...(perFile.get(c.file) ?? []), c]);
  const ownFiles: DiamondFacets<C>[] = [...perFile.entries()].map(([file, facets]) => ({
    name: ev.rel(file),
    facets,
    missing: [],
    source: 'inferred',
    evidence: 'the facets this file declares (outside the default scope)',
    ownFile: true,
  }));
  if (config.diamonds.length) {
    const diamonds = config.diamonds.map((spec) =>
      configured(
        spec,
        byFileOrder,
        config,
        () => candidates.filter((c) => !spec.root || pathGlobMatches(spec.root + '/', ev.rel(c.file))),
        ev,
      ),
    );
    return { diamonds: [...diamonds, ...ownFiles], notes: [] };
  }
  const inferred = inferDiamonds({
    facets: candidates,
    proxies: inScope.filter((c) => isDeployable(c) && ev.isDiamondContract(c)),
    appStorage: (c) => ev.appStorage(c),
    rel: (f) => ev.rel(f),
  });
  const diamonds = inferred.diamonds.length
    ? inferred.diamonds
    : [{ name: DEFAULT_DIAMOND, facets: [], missing: [], source: 'inferred' as const }];
  return { diamonds: [...diamonds, ...ownFiles], notes: inferred.notes };
}

function configured<C extends ContractInfo>(
  spec: DiamondSpec,
  byFileOrder: readonly C[],
  config: DiamondConfig,
  defaults: () => C[],
  ev?: FacetEvidence<C>,
): DiamondFacets<C> {
  const base = {
    name: spec.name,
    source: 'config' as const,
    ...(spec.root !== undefined && { folder: spec.root }),
  };
  const proxy =
    spec.proxy !== undefined
      ? byFileOrder.find((c) => isDeployable(c) && refMatches(spec.proxy!, c, ev))
      : undefined;
  const missingProxy = spec.proxy !== undefined && !proxy ? spec.proxy : undefined;
  const extra = { ...(proxy && { proxy }), ...(missingProxy && { missingProxy }) };
  if (!spec.facets) return { ...base, facets: defaults(), missing: [], ...extra };
  const facets: C[] = [];
  const missing: string[] = [];
  for (const ref of spec.facets) {
    const name = ref.slice(ref.lastIndexOf(':') + 1);
    if (isExcluded(name, config.exclude)) continue;
    // Interfaces and libraries of the same name (IFooFacet is rare, but FooFacet may be both a
    // contract and a mock elsewhere) are not deployable: only concrete contracts count.
    let found = byFileOrder.filter((c) => refMatches(ref, c, ev) && isDeployable(c));
    // A bare name found in production code and elsewhere (a test copy): the production one.
    if (ev && !ref.includes(':') && found.length > 1 && found.some((c) => ev.inScope(c.file)))
      found = found.filter((c) => ev.inScope(c.file));
    if (ev) found = found.filter((c) => !isExcludedBy(config.exclude, c.name, ev.rel(c.file)));
    if (found.length === 0) missing.push(ref);
    facets.push(...found);
  }
  return { ...base, facets, missing, ...extra };
}

/** The closest of `known` to `name` (edit distance at most a third of its length), for "did you mean". */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of new Set(known)) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
