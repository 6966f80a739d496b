/**
 * What changed in the workspace, and when: the clock the service's memos that outlive a version read.
 *
 * The service is the workspace's only writer and reports each change here. A changed file bumps that file's epoch;
 * a file appearing or disappearing, or new remappings or include paths, may re-route imports anywhere: a structure
 * change, after which nothing computed before can be trusted (`floor`). A file whose import paths changed also moves
 * `importsEpoch`: what is built from the import graph as a whole (the storage view's file list) is stale then.
 *
 * What a contract can see is exactly what name lookup reaches from its file: the file and its transitive imports.
 * A `Stamp` records that closure and the epoch it was taken at; it stays fresh while none of those files changed.
 */

/** The files a file imports (resolved; undefined: not found): what the closures follow. */
export type ImportsOf = (file: string) => readonly { file: string | undefined }[];

export interface Stamp {
  /** The file's import closure, itself included. */
  deps: readonly string[];
  epoch: number;
}

export class FileEpochs {
  private epoch = 0;
  /** Epoch of the last change per file (since the last structure change). */
  private fileEpochs = new Map<string, number>();
  /** Everything computed before this epoch is stale (structure changes). */
  private floor = 0;
  /** The last epoch at which a file's import paths changed, or the structure did. */
  private importsMoved = 0;
  /** Closures by file for the current epoch (every change drops them). */
  private closures = new Map<string, Stamp>();
  private closuresAt = -1;

  constructor(private readonly importsOf: ImportsOf) {}

  /** The current epoch: a memo taken now is stale once anything changes after it. */
  now(): number {
    return this.epoch;
  }

  /** One file's text changed; `importsChanged`: its import paths did too. */
  fileChanged(file: string, importsChanged = true): void {
    this.fileEpochs.set(file, ++this.epoch);
    if (importsChanged) this.importsMoved = this.epoch;
  }

  /** Files appeared or disappeared, or import resolution changed. */
  structureChanged(): void {
    this.floor = this.importsMoved = ++this.epoch;
    // No file epoch can exceed the epoch of a stamp taken from here on.
    this.fileEpochs.clear();
  }

  /** The files changed since `epoch`; undefined when the structure changed since (anything may have). */
  changedSince(epoch: number): string[] | undefined {
    if (epoch < this.floor) return undefined;
    const out: string[] = [];
    for (const [f, e] of this.fileEpochs) if (e > epoch) out.push(f);
    return out;
  }

  /** Whether the import graph is the one it was at `epoch`. */
  sameImportsSince(epoch: number): boolean {
    return epoch >= this.importsMoved;
  }

  /** What `file` can see, now. */
  stamp(file: string): Stamp {
    if (this.closuresAt !== this.epoch) {
      this.closures.clear();
      this.closuresAt = this.epoch;
    }
    let s = this.closures.get(file);
    if (!s) this.closures.set(file, (s = { deps: this.closure(file), epoch: this.epoch }));
    return s;
  }

  /** Whether nothing `stamp` depends on changed since it was taken. */
  fresh(stamp: Stamp): boolean {
    if (stamp.epoch < this.floor) return false;
    for (const f of stamp.deps) if ((this.fileEpochs.get(f) ?? 0) > stamp.epoch) return false;
    return true;
  }

  /** Files reachable from `file` through imports, `file` included. */
  private closure(file: string): string[] {
    const seen = new Set<string>([file]);
    const queue = [file];
    while (queue.length) {
      const f = queue.pop()!;
      for (const imp of this.importsOf(f)) {
        if (imp.file !== undefined && !seen.has(imp.file)) {
          seen.add(imp.file);
          queue.push(imp.file);
        }
      }
    }
    return [...seen];
  }
}

/** Whether two parses import the same paths in the same order (then the import graph did not move). */
export function sameImportPaths(
  a: { imports: readonly { path: string }[] } | undefined,
  b: { imports: readonly { path: string }[] } | undefined,
): boolean {
  if (!a || !b || a.imports.length !== b.imports.length) return false;
  for (let i = 0; i < a.imports.length; i++) if (a.imports[i].path !== b.imports[i].path) return false;
  return true;
}
