/**
 * Facet discovery proportional to the edit. What discovery reads about a contract (facet-evidence.ts) is kept with
 * its parsed object while nothing the contract can see changed (its import closure, workspace/file-epochs.ts), and
 * what it reads about a file (root-relative path, production scope) while the settings are the same. Discovery
 * itself (discover + infer over every contract) runs again only when that evidence, taken over every contract,
 * differs from the last run's: an edit of a function body, or a function added to one facet, changes none of it,
 * and the last diamonds are handed back with the edited file's contracts put in.
 */
import type { DiamondConfig } from '../config';
import { discover, type Discovery, type FacetEvidence } from '../diamonds/discover';
import type { ContractDef } from '../syntax/ast';
import type { ContractRef, FileEpochs, Workspace } from '../workspace';
import { facetEvidence, type EvidenceScope } from './facet-evidence';
import type { ContractEntry } from './state';

/** The inputs of one discovery, as the service holds them. */
export interface DiscoveryInputs {
  ws: Workspace;
  epochs: FileEpochs;
  config: DiamondConfig;
  root: string | undefined;
  scopeRoots: readonly string[] | undefined;
  registrations: EvidenceScope['registrations'];
  /** Bumped by the service whenever config, registrations, remappings or the like change. */
  settings: number;
}

export class DiscoveryMemo {
  /** Entries by parsed contract: an unchanged file hands back the same entries, version after version. */
  private entries = new WeakMap<ContractDef, ContractEntry>();
  private scope: EvidenceScope | undefined;
  private last:
    | { settings: number; signature: unknown[]; contracts: ContractEntry[]; result: Discovery<ContractEntry> }
    | undefined;
  /** How many times discovery actually ran (tests watch it). */
  runs = 0;

  /** The workspace's contracts as discovery entries (the same objects for unchanged contracts). */
  contracts(refs: readonly ContractRef[]): ContractEntry[] {
    return refs.map((r) => {
      const known = this.entries.get(r.contract);
      if (known && known.file === r.file) return known;
      const e: ContractEntry = {
        ...r,
        name: r.contract.name,
        kind: r.contract.kind,
        abstract: r.contract.abstract,
      };
      this.entries.set(r.contract, e);
      return e;
    });
  }

  /** The evidence at this version and the diamonds it gives. */
  discover(
    input: DiscoveryInputs,
    contracts: ContractEntry[],
  ): { evidence: FacetEvidence<ContractEntry>; discovery: Discovery<ContractEntry> } {
    if (this.scope?.settings !== input.settings)
      this.scope = {
        settings: input.settings,
        root: input.root,
        scopeRoots: input.scopeRoots,
        config: input.config,
        registrations: input.registrations,
        files: new Map(),
      };
    const evidence = facetEvidence(input.ws, input.epochs, contracts, this.scope);
    const signature = evidenceSignature(contracts, evidence);
    const last = this.last;
    if (last && last.settings === input.settings && sameList(last.signature, signature))
      return { evidence, discovery: remap(last.result, last.contracts, contracts) };
    this.runs++;
    const discovery = discover(contracts, input.config, evidence);
    this.last = { settings: input.settings, signature, contracts, result: discovery };
    return { evidence, discovery };
  }
}

/**
 * Everything discovery reads, contract by contract, as a flat list: equal lists give equal diamonds. Interfaces,
 * libraries and abstract contracts are never facets nor diamond contracts: their name and kind are all it reads.
 */
function evidenceSignature(contracts: readonly ContractEntry[], ev: FacetEvidence<ContractEntry>): unknown[] {
  const index = new Map(contracts.map((c, i) => [c, i]));
  const out: unknown[] = [];
  for (const c of contracts) {
    out.push(c.file, c.name, c.kind, c.abstract);
    if (c.kind !== 'contract' || c.abstract) continue;
    out.push(
      ev.inScope(c.file),
      ev.registered?.(c),
      ev.isDiamondContract(c),
      ev.isScriptOrTest(c),
      ev.appStorage(c),
    );
    const bases = ev.bases(c);
    out.push(bases.length);
    for (const b of bases) out.push(index.get(b));
  }
  return out;
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The last discovery with each contract replaced by the one at the same place in this version's list. */
function remap(
  d: Discovery<ContractEntry>,
  from: readonly ContractEntry[],
  to: readonly ContractEntry[],
): Discovery<ContractEntry> {
  const changed = new Map<ContractEntry, ContractEntry>();
  for (let i = 0; i < from.length; i++) if (from[i] !== to[i]) changed.set(from[i], to[i]);
  if (changed.size === 0) return d;
  const m = (c: ContractEntry) => changed.get(c) ?? c;
  return {
    diamonds: d.diamonds.map((x) => ({
      ...x,
      facets: x.facets.map(m),
      ...(x.proxy && { proxy: m(x.proxy) }),
    })),
    notes: d.notes.map((n) => (n.at ? { ...n, at: m(n.at) } : n)),
  };
}
