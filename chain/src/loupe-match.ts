/**
 * Naming on-chain facets from local knowledge and marking drift. Pure: no RPC here.
 * Order of evidence: identical runtime code > the deployment record > most selectors in common.
 */
import {
  codeMatches,
  normaliseArtifactCode,
  runtimeCodeHash,
  stripMetadata,
  type NormalisedArtifactCode,
} from './bytecode';
import type { Artifact } from './compile-types';
import type { DeploymentRecord } from './deployment-record';
import type { DriftMarker, FacetNameSource, LoupeFacet, LoupeView } from './loupe-types';
import { SignatureResolver, selectorsOfArtifacts, type LocalSelector } from './signatures';

export interface OnChainFacet {
  address: string;
  selectors: string[];
  /** Runtime code ('0x' when the facet address holds none). */
  code: string;
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
  readonly withCode: NormalisedArtifactCode[] = [];

  constructor(artifacts: readonly Artifact[]) {
    for (const a of artifacts) {
      const n = normaliseArtifactCode(a);
      if (!n) continue;
      this.withCode.push(n);
      const list = this.byLength.get(n.code.length) ?? [];
      list.push(n);
      this.byLength.set(n.code.length, list);
      if (!this.byName.has(a.name)) this.byName.set(a.name, n);
    }
  }

  byCode(code: string): NormalisedArtifactCode | undefined {
    // Same-length candidates only: metadata-stripped code of equal instructions has equal length.
    const candidates = this.byLength.get(stripMetadata(code).length) ?? [];
    return candidates.find((n) => codeMatches(code, n));
  }

  named(name: string): NormalisedArtifactCode | undefined {
    return this.byName.get(name);
  }

  /** The contract exposing most of these selectors, if it exposes at least half of them. */
  bySelectors(selectors: readonly string[]): NormalisedArtifactCode | undefined {
    let best: NormalisedArtifactCode | undefined;
    let bestCount = 0;
    for (const n of this.withCode) {
      const ids = new Set(Object.values(n.artifact.methodIdentifiers).map((id) => `0x${id}`));
      const count = selectors.filter((s) => ids.has(s)).length;
      if (count > bestCount) [best, bestCount] = [n, count];
    }
    return bestCount > 0 && bestCount * 2 >= selectors.length ? best : undefined;
  }
}

export function nameAndDrift(
  base: Pick<LoupeView, 'rpcUrl' | 'chainId' | 'diamond' | 'owner'>,
  onChain: readonly OnChainFacet[],
  local: LocalKnowledge,
): LoupeView {
  const artifacts = local.artifacts ?? [];
  const index = new ArtifactIndex(artifacts);
  const deployed = new Map((local.deployment?.facets ?? []).map((f) => [f.address.toLowerCase(), f]));
  const artifactSelectors = selectorsOfArtifacts(artifacts);
  const resolver = new SignatureResolver([...(local.localSelectors ?? []), ...artifactSelectors]);
  const driftChecked = artifacts.length > 0 || !!local.deployment || !!local.localSelectors?.length;
  const drift: DriftMarker[] = [];

  const name = (f: OnChainFacet): Named | undefined => {
    const exact = f.code !== '0x' ? index.byCode(f.code) : undefined;
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
    const codeHash = f.code !== '0x' ? runtimeCodeHash(f.code) : null;
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
