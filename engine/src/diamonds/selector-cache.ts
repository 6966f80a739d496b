/**
 * Per-contract selector lists, reused across edits while nothing the contract can see changed.
 *
 * What a contract's selectors depend on is exactly what name lookup can reach from its file: the
 * file itself and its transitive imports (bases, structs, enums, UDVTs all come through imports).
 * The workspace's change clock (workspace/file-epochs.ts) says what changed: an entry is valid
 * while no file of its import closure changed since it was computed. Typing in one facet thus recomputes that facet only; editing a shared library
 * recomputes the facets that import it. A hit costs a few map lookups.
 *
 * Entries hold spans and names cut from their file's text, so a stale one would keep that text
 * alive: structure changes drop everything, and `retain` drops the entries of contracts that are
 * gone (a contract renamed while its name is typed leaves one entry per keystroke otherwise).
 */
import type { SelectorEntry } from '../vocabulary';
import { contractSelectors } from '../selectors';
import type { ContractDef } from '../syntax/ast';
import type { ContractRef, FileEpochs, Stamp, Workspace } from '../workspace';

interface Entry {
  /** What the contract could see when its list was computed. */
  stamp: Stamp;
  result: SelectorEntry[];
}

export class SelectorCache {
  /** How many times selectors were actually computed (tests and benchmarks watch it). */
  computations = 0;
  private entries = new Map<string, Entry>();
  /**
   * The same entries by parsed contract: an unchanged file keeps its contract objects across edits, so a hit
   * costs one lookup (no key built from the file's contracts). Weak: an entry goes with its contract.
   */
  private byContract = new WeakMap<ContractDef, Entry>();
  /** The contracts `retain` last kept (file and name): an unchanged list needs no pass over the entries. */
  private retained: { file: string; name: string }[] = [];

  private readonly epochs: FileEpochs;

  constructor(private readonly ws: Workspace) {
    this.epochs = ws.epochs;
  }

  /** Drops every entry, e.g. when files appeared or disappeared, or import resolution changed. */
  structureChanged(): void {
    this.epochs.structureChanged();
    this.entries.clear();
  }

  /**
   * Drops the entries of contracts that are not among these (the workspace's, at its current version).
   * Matched by file and name: cheap enough for every version, and a same-named twin is kept at worst.
   */
  retain(contracts: readonly ContractRef[]): void {
    if (this.entries.size === 0) return;
    if (this.sameAsRetained(contracts)) return;
    this.retained = contracts.map((c) => ({ file: c.file, name: c.contract.name }));
    const live = new Set(contracts.map((c) => `${c.file}#${c.contract.name}`));
    for (const key of this.entries.keys())
      if (!live.has(key.slice(0, key.lastIndexOf('#')))) this.entries.delete(key);
  }

  private sameAsRetained(contracts: readonly ContractRef[]): boolean {
    const kept = this.retained;
    if (kept.length !== contracts.length) return false;
    for (let i = 0; i < kept.length; i++)
      if (kept[i].file !== contracts[i].file || kept[i].name !== contracts[i].contract.name) return false;
    return true;
  }

  clear(): void {
    this.structureChanged();
  }

  private key(ref: ContractRef): string {
    // Two contracts of one name in one file are an error solc reports; keep them apart anyway.
    const same = this.ws.unit(ref.file)?.contracts.filter((c) => c.name === ref.contract.name) ?? [];
    return `${ref.file}#${ref.contract.name}#${Math.max(0, same.indexOf(ref.contract))}`;
  }

  of(ref: ContractRef): SelectorEntry[] {
    const quick = this.byContract.get(ref.contract);
    if (quick && this.epochs.fresh(quick.stamp)) return quick.result;
    const key = this.key(ref);
    const hit = this.entries.get(key);
    if (hit && this.epochs.fresh(hit.stamp)) {
      this.byContract.set(ref.contract, hit);
      return hit.result;
    }
    this.computations++;
    const result = contractSelectors(this.ws, ref);
    const entry = { stamp: this.epochs.stamp(ref.file), result };
    // Delete first: Map.set on an equal key keeps the old key string, cut from an older text.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.byContract.set(ref.contract, entry);
    return result;
  }
}
