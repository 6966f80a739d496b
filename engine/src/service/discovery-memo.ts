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
import {
  facetEvidence,
  type ContractEvidence,
  type EvidenceScope,
  type KeptEvidence,
} from './facet-evidence';
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
    | {
        settings: number;
        contracts: ContractEntry[];
        /** Each deployable contract's evidence record (undefined for the others). */
        records: (ContractEvidence | undefined)[];
        result: Discovery<ContractEntry>;
      }
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
    const last = this.last;
    if (last && last.settings === input.settings) {
      const records = sameEvidence(last, contracts, evidence);
      if (records) {
        const discovery = remap(last.result, last.contracts, contracts);
        this.last = { settings: input.settings, contracts, records, result: discovery };
        return { evidence, discovery };
      }
    }
    this.runs++;
    const discovery = discover(contracts, input.config, evidence);
    const records = contracts.map((c) => (deployable(c) ? evidence.record(c) : undefined));
    this.last = { settings: input.settings, contracts, records, result: discovery };
    return { evidence, discovery };
  }
}

/** Interfaces, libraries and abstract contracts are never facets nor diamond contracts: discovery reads their name and kind only. */
function deployable(c: ContractEntry): boolean {
  return c.kind === 'contract' && !c.abstract;
}

/**
 * Whether discovery would read the same over every contract as last time (then it gives the same diamonds):
 * the same contracts (file, name, kind) in the same order, and for each deployable one the same evidence. A file's
 * scope and a name's registration depend on the settings only, compared by the caller. Returns this version's
 * records when the same, else undefined.
 */
function sameEvidence(
  last: { contracts: readonly ContractEntry[]; records: readonly (ContractEvidence | undefined)[] },
  contracts: readonly ContractEntry[],
  ev: KeptEvidence,
): (ContractEvidence | undefined)[] | undefined {
  if (last.contracts.length !== contracts.length) return undefined;
  const records: (ContractEvidence | undefined)[] = new Array(contracts.length);
  for (let i = 0; i < contracts.length; i++) {
    const c = contracts[i];
    const o = last.contracts[i];
    if (c !== o && (c.file !== o.file || c.name !== o.name || c.kind !== o.kind || c.abstract !== o.abstract))
      return undefined;
    if (!deployable(c)) continue;
    const r = ev.record(c);
    const q = last.records[i];
    records[i] = r;
    if (r !== q && !(q && sameRecord(r, q))) return undefined;
  }
  return records;
}

function sameRecord(a: ContractEvidence, b: ContractEvidence): boolean {
  return (
    a.appStorage === b.appStorage &&
    a.diamond === b.diamond &&
    a.scriptOrTest === b.scriptOrTest &&
    a.bases.length === b.bases.length &&
    a.bases.every((x, i) => x.file === b.bases[i].file && x.contract.name === b.bases[i].contract.name)
  );
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
