/**
 * Per-contract selector lists, reused across edits while nothing the contract can see changed.
 *
 * What a contract's selectors depend on is exactly what name lookup can reach from its file: the
 * file itself and its transitive imports (bases, structs, enums, UDVTs all come through imports).
 * An entry stays valid while every file of that closure still has the same parse (the parser
 * returns the same SourceUnit object for unchanged text). Typing in one facet thus recomputes that
 * facet only; editing a shared library recomputes the facets that import it.
 */
import type { SelectorEntry } from '../service-api';
import { contractSelectors } from '../selectors';
import type { SourceUnit } from '../syntax/ast';
import type { ContractRef, Workspace } from '../workspace';

interface Entry {
  deps: Map<string, SourceUnit | undefined>;
  result: SelectorEntry[];
}

export class SelectorCache {
  /** How many times selectors were actually computed (tests and benchmarks watch it). */
  computations = 0;
  private entries = new Map<string, Entry>();
  private closures: { version: number; byFile: Map<string, string[]> } = { version: -1, byFile: new Map() };

  constructor(private readonly ws: Workspace) {}

  clear(): void {
    this.entries.clear();
  }

  /** Files reachable from `file` through imports, `file` included. Memoised per workspace version. */
  closure(file: string): string[] {
    if (this.closures.version !== this.ws.version)
      this.closures = { version: this.ws.version, byFile: new Map() };
    const known = this.closures.byFile.get(file);
    if (known) return known;
    const seen = new Set<string>([file]);
    const queue = [file];
    while (queue.length) {
      const f = queue.pop()!;
      for (const imp of this.ws.imports(f)) {
        if (imp.file !== undefined && !seen.has(imp.file)) {
          seen.add(imp.file);
          queue.push(imp.file);
        }
      }
    }
    const list = [...seen];
    this.closures.byFile.set(file, list);
    return list;
  }

  private key(ref: ContractRef): string {
    // Two contracts of one name in one file are an error solc reports; keep them apart anyway.
    const same = this.ws.unit(ref.file)?.contracts.filter((c) => c.name === ref.contract.name) ?? [];
    const i = Math.max(0, same.indexOf(ref.contract));
    return `${ref.file}#${ref.contract.name}#${i}`;
  }

  of(ref: ContractRef): SelectorEntry[] {
    const key = this.key(ref);
    const files = this.closure(ref.file);
    const hit = this.entries.get(key);
    if (
      hit &&
      hit.deps.size === files.length &&
      files.every((f) => hit.deps.has(f) && hit.deps.get(f) === this.ws.unit(f))
    ) {
      return hit.result;
    }
    this.computations++;
    const result = contractSelectors(this.ws, ref);
    const deps = new Map<string, SourceUnit | undefined>();
    for (const f of files) deps.set(f, this.ws.unit(f));
    this.entries.set(key, { deps, result });
    return result;
  }

  /** Drops entries of contracts that no longer exist (keeps memory flat over long sessions). */
  prune(live: readonly ContractRef[]): void {
    const keep = new Set(live.map((r) => this.key(r)));
    for (const k of this.entries.keys()) if (!keep.has(k)) this.entries.delete(k);
  }
}
