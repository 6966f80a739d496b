/**
 * Naming on-chain facets from local knowledge and marking drift. Pure: no RPC here.
 * Order of evidence: identical runtime code > the deployment record > most selectors in common.
 */
import { codeMatches, normaliseArtifactCode, stripMetadata, type NormalisedArtifactCode } from './bytecode';
import type { Artifact } from './compile-types';
import type { DeploymentRecord } from './deployment-record';
import type { DriftMarker, FacetNameSource, LoupeFacet, LoupeView } from './loupe-types';
import { SignatureResolver, selectorsOfArtifacts, type LocalSelector } from './signatures';

export interface OnChainFacet {
  address: string;
  selectors: string[];
  /** keccak256 of the runtime code (EXTCODEHASH); null when the address holds no code. */
  codeHash: string | null;
  /** Runtime code: needed only when codeNeeded() says the hash has not been matched before. */
  code?: string;
}

export interface LocalKnowledge {
  artifacts?: readonly Artifact[];
  deployment?: DeploymentRecord;
  /** The workspace's facet selectors (from the engine). When given, they define "local facets". */
  localSelectors?: readonly LocalSelector[];
}

type Named = { name: string; source: FacetNameSource; artifact?: NormalisedArtifactCode };

class ArtifactIndex {
  private readonly byLength = new Map<number, NormalisedArtifactCode[]>();
  private readonly byName = new Map<string, NormalisedArtifactCode>();
  private readonly selectorSets = new Map<NormalisedArtifactCode, Set<string>>();
  /** Code hash → the artifact with that runtime code (null: none). Code at a hash never changes. */
  private readonly matchByHash = new Map<string, NormalisedArtifactCode | null>();
  readonly withCode: NormalisedArtifactCode[] = [];

  constructor(artifacts: readonly Artifact[]) {
    for (const a of artifacts) {
      const n = normaliseArtifactCode(a);
      if (!n) continue;
      this.withCode.push(n);
      this.selectorSets.set(n, new Set(Object.values(a.methodIdentifiers).map((id) => `0x${id}`)));
      const list = this.byLength.get(n.code.length) ?? [];
      list.push(n);
      this.byLength.set(n.code.length, list);
      if (!this.byName.has(a.name)) this.byName.set(a.name, n);
    }
  }

  hasMatchFor(codeHash: string): boolean {
    return this.matchByHash.has(codeHash);
  }

  /** The artifact whose runtime code this is, from the hash when seen before, else by comparing code. */
  byCode(codeHash: string | null, code: string | undefined): NormalisedArtifactCode | undefined {
    if (codeHash === null) return undefined;
    const known = this.matchByHash.get(codeHash);
    if (known !== undefined) return known ?? undefined;
    if (code === undefined || code === '0x') return undefined;
    // Same-length candidates only: metadata-stripped code of equal instructions has equal length.
    const candidates = this.byLength.get(stripMetadata(code).length) ?? [];
    const match = candidates.find((n) => codeMatches(code, n));
    this.matchByHash.set(codeHash, match ?? null);
    return match;
  }

  named(name: string): NormalisedArtifactCode | undefined {
    return this.byName.get(name);
  }

  /** The contract exposing most of these selectors, if it exposes at least half of them. */
  bySelectors(selectors: readonly string[]): NormalisedArtifactCode | undefined {
    let best: NormalisedArtifactCode | undefined;
    let bestCount = 0;
    for (const n of this.withCode) {
      const ids = this.selectorSets.get(n)!;
      const count = selectors.filter((s) => ids.has(s)).length;
      if (count > bestCount) [best, bestCount] = [n, count];
    }
    return bestCount > 0 && bestCount * 2 >= selectors.length ? best : undefined;
  }
}

/**
 * Normalising runtime code costs milliseconds per artifact; a caller that reads the loupe again
 * with the same artifacts array (the explorer's refresh) reuses the index.
 */
const indexCache = new WeakMap<readonly Artifact[], ArtifactIndex>();
function artifactIndex(artifacts: readonly Artifact[]): ArtifactIndex {
  let index = indexCache.get(artifacts);
  if (!index) {
    index = new ArtifactIndex(artifacts);
    indexCache.set(artifacts, index);
  }
  return index;
}

const resolverCache = new WeakMap<readonly Artifact[], SignatureResolver>();
function resolverFor(artifacts: readonly Artifact[], localSelectors: readonly LocalSelector[] | undefined) {
  if (localSelectors) return new SignatureResolver([...localSelectors, ...selectorsOfArtifacts(artifacts)]);
  let r = resolverCache.get(artifacts);
  if (!r) {
    r = new SignatureResolver(selectorsOfArtifacts(artifacts));
    resolverCache.set(artifacts, r);
  }
  return r;
}

/** Whether nameAndDrift needs this facet's runtime code (artifacts given, hash never matched). */
export function codeNeeded(artifacts: readonly Artifact[] | undefined, codeHash: string | null): boolean {
  return !!artifacts?.length && codeHash !== null && !artifactIndex(artifacts).hasMatchFor(codeHash);
}

export function nameAndDrift(
  base: Pick<LoupeView, 'rpcUrl' | 'chainId' | 'diamond' | 'owner'>,
  onChain: readonly OnChainFacet[],
  local: LocalKnowledge,
): LoupeView {
  const artifacts = local.artifacts ?? [];
  const index = artifactIndex(artifacts);
  const deployed = new Map((local.deployment?.facets ?? []).map((f) => [f.address.toLowerCase(), f]));
  const resolver = resolverFor(artifacts, local.localSelectors);
  const driftChecked = artifacts.length > 0 || !!local.deployment || !!local.localSelectors?.length;
  const drift: DriftMarker[] = [];

  const name = (f: OnChainFacet): Named | undefined => {
    const exact = index.byCode(f.codeHash, f.code);
    if (exact) return { name: exact.artifact.name, source: 'bytecode', artifact: exact };
    const rec = deployed.get(f.address.toLowerCase());
    if (rec) return { name: rec.name, source: 'deployment', artifact: index.named(rec.name) };
    const similar = index.bySelectors(f.selectors);
    return similar ? { name: similar.artifact.name, source: 'selectors', artifact: similar } : undefined;
  };

  const named = onChain.map((f) => ({ f, n: name(f) }));

  // Local facets: the engine's list when given, else the local contracts the chain's facets resolved to.
  const localFacetSelectors: LocalSelector[] = local.localSelectors
    ? [...local.localSelectors]
    : named.flatMap(({ n }) => (n?.artifact ? selectorsOfArtifacts([n.artifact.artifact]) : []));
  const localSet = new Set(localFacetSelectors.map((s) => s.selector.toLowerCase()));
  const onChainSet = new Set(onChain.flatMap((f) => f.selectors));

  const facets: LoupeFacet[] = named.map(({ f, n }) => {
    const codeHash = f.codeHash;
    let changed = false;
    if (n && n.source !== 'bytecode' && n.artifact) {
      changed = true;
      drift.push({ kind: 'changed', facet: f.address, name: n.name, reason: 'local-bytecode' });
    }
    const rec = deployed.get(f.address.toLowerCase());
    if (!changed && rec && codeHash && rec.runtimeBytecodeHash.toLowerCase() !== codeHash) {
      changed = true;
      drift.push({ kind: 'changed', facet: f.address, name: n?.name ?? rec.name, reason: 'deployment-hash' });
    }
    return {
      address: f.address,
      name: n?.name ?? null,
      nameSource: n?.source ?? null,
      codeHash,
      changed,
      selectors: f.selectors.map((selector) => {
        const r = resolver.resolve(selector);
        const onChainOnly = driftChecked && !localSet.has(selector);
        if (onChainOnly)
          drift.push({ kind: 'on-chain-only', selector, signature: r?.signature ?? null, facet: f.address });
        return {
          selector,
          signature: r?.signature ?? null,
          signatureSource: r?.source ?? null,
          drift: onChainOnly ? ('on-chain-only' as const) : null,
        };
      }),
    };
  });

  const seen = new Set<string>();
  const localOnly = localFacetSelectors.filter((s) => {
    const key = s.selector.toLowerCase();
    if (onChainSet.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  for (const s of localOnly) drift.push({ kind: 'local-only', ...s });

  return { ...base, facets, localOnly, drift, driftChecked };
}
