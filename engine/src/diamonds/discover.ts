/**
 * Which contracts are facets of which diamond.
 *
 * Default (no `diamonds` in diamond.config.json): one diamond holding every non-abstract contract
 * whose name ends in `Facet`. A configured diamond lists its facets by contract name; one without
 * a `facets` list gets the default set. `exclude` globs win over everything.
 */
import type { DiamondConfig } from '../config';
import { globMatches } from '../pattern';
import type { ContractKind } from '../syntax/ast';

/** What discovery needs to know about a contract. */
export interface ContractInfo {
  name: string;
  file: string;
  kind: ContractKind;
  abstract: boolean;
}

export interface DiamondFacets<C extends ContractInfo = ContractInfo> {
  name: string;
  facets: C[];
  /** Facet names the config lists that no workspace contract has (reported by the faces, not a rule). */
  missing: string[];
}

/** The diamond's name when the config names none. */
export const DEFAULT_DIAMOND = 'Diamond';

/** `*` matches any run of characters; everything else is literal. Whole-name match, no regex (linear). */
export function isExcluded(name: string, exclude: readonly string[]): boolean {
  return exclude.some((g) => globMatches(g, name));
}

/** A contract that could be deployed as a facet: a concrete contract (not interface/library/abstract). */
export function isDeployable(c: ContractInfo): boolean {
  return c.kind === 'contract' && !c.abstract;
}

export function isDefaultFacet(c: ContractInfo, exclude: readonly string[]): boolean {
  return isDeployable(c) && c.name.endsWith('Facet') && !isExcluded(c.name, exclude);
}

export function discoverDiamonds<C extends ContractInfo>(
  contracts: readonly C[],
  config: DiamondConfig,
): DiamondFacets<C>[] {
  const byFileOrder = [...contracts].sort((a, b) => (a.file === b.file ? 0 : a.file < b.file ? -1 : 1));
  const defaults = () => byFileOrder.filter((c) => isDefaultFacet(c, config.exclude));
  if (config.diamonds.length === 0) return [{ name: DEFAULT_DIAMOND, facets: defaults(), missing: [] }];
  return config.diamonds.map((spec) => {
    if (!spec.facets) return { name: spec.name, facets: defaults(), missing: [] };
    const facets: C[] = [];
    const missing: string[] = [];
    for (const name of spec.facets) {
      if (isExcluded(name, config.exclude)) continue;
      // Interfaces and libraries of the same name (IFooFacet is rare, but FooFacet may be both a
      // contract and a mock elsewhere) are not deployable: only concrete contracts count.
      const found = byFileOrder.filter((c) => c.name === name && isDeployable(c));
      if (found.length === 0) missing.push(name);
      facets.push(...found);
    }
    return { name: spec.name, facets, missing };
  });
}
