/**
 * The workspace index: the files the editor holds (set explicitly, parsed incrementally) plus the files they
 * import, read lazily through the FileHost (node_modules, remapped libraries). Answers import resolution, name
 * lookup and C3 linearisation. Everything derived is memoised and dropped when `version` moves, which happens on
 * any change (a file set or removed, remappings, include paths, `invalidateExternal`).
 */
import { detach } from '../memo';
import type { FileHost } from '../vocabulary';
import type { SourceUnit } from '../syntax/ast';
import { IncrementalParser, parseSource } from '../syntax/parser';
import type { ContractRef, Declaration, Scope } from './declarations';
import { FileEpochs, sameImportPaths } from './file-epochs';
import { c3Linearize } from './linearize';
import { lookupPath, memberOf, visibleAtFileLevel } from './lookup';
import { dirname, isAbsolutePath, joinPath, normalizePath } from './paths';
import { applyRemappings, parseRemapping, type Remapping } from './remappings';

interface OpenFile {
  text: string;
  parser: IncrementalParser;
  unit: SourceUnit;
}

interface ExternalFile {
  text: string;
  unit?: SourceUnit;
}

export interface ResolvedImport {
  directive: SourceUnit['imports'][number];
  /** The imported file's key, or undefined when it cannot be found. */
  file: string | undefined;
}

/** Paths remembered as unreadable (see loadExternal). */
const MAX_MISSING = 4096;

export class Workspace {
  /** Bumped on every change; memoised answers are valid for one version. */
  version = 0;
  private open = new Map<string, OpenFile>();
  private external = new Map<string, ExternalFile>();
  private missing = new Set<string>();
  private remaps: Remapping[] = [];
  private includeRoots: string[] = [];
  private memo = new Map<string, unknown>();
  private memoVersion = 0;
  private linearizations = new Map<ContractRef['contract'], ContractRef[]>();
  private scopeIds = new WeakMap<object, number>();
  /** Memos per parsed object (cachedFor): weak, so an old version's entries go with its objects. */
  private objectMemos = new WeakMap<object, Map<string, unknown>>();
  private nextScopeId = 1;
  /** What changed and when, for memos that outlive a version (file-epochs.ts). */
  readonly epochs: FileEpochs = new FileEpochs((file) => this.imports(file));

  constructor(private readonly host: FileHost) {}

  private changed(): void {
    this.version++;
  }

  private dropStale(): void {
    if (this.memoVersion === this.version) return;
    this.memo.clear();
    this.linearizations.clear();
    this.memoVersion = this.version;
  }

  /** A value memoised for the current version (shared with other engine modules: prefix keys with your area). */
  cached<T>(key: string, compute: () => T): T {
    this.dropStale();
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = compute();
    this.memo.set(key, v);
    return v;
  }

  /**
   * A value memoised per parsed object (a file's unit, a contract) for as long as that object lives.
   * Such values outlive `version`: an edit re-parses only the file it touched, and the other files keep
   * their objects and their entries; the edited file's old objects, and their entries, are dropped with
   * its old version. `valid` rejects a kept value that no longer applies (computed again and replaced).
   */
  cachedFor<T>(obj: object, key: string, compute: () => T, valid?: (value: T) => boolean): T {
    let memo = this.objectMemos.get(obj);
    if (!memo) this.objectMemos.set(obj, (memo = new Map()));
    if (memo.has(key)) {
      const v = memo.get(key) as T;
      if (!valid || valid(v)) return v;
    }
    const v = compute();
    memo.set(key, v);
    return v;
  }

  /** Sets (or updates) a workspace file's text and returns its parse. */
  setFile(file: string, text: string): SourceUnit {
    const key = normalizePath(file);
    const had = this.open.get(key);
    if (had && had.text === text) return had.unit;
    const parser = had?.parser ?? new IncrementalParser(key);
    const unit = parser.update(text);
    this.open.set(key, { text, parser, unit });
    this.external.delete(key);
    this.missing.delete(key);
    this.changed();
    // A new workspace file may be what an import was looking for: the structure changed.
    if (had) this.epochs.fileChanged(key, !sameImportPaths(had.unit, unit));
    else this.epochs.structureChanged();
    return unit;
  }

  removeFile(file: string): void {
    const key = normalizePath(file);
    if (this.open.delete(key)) {
      this.changed();
      this.epochs.structureChanged();
    }
  }

  /** Forgets what was read through the host (one file, or all): the next lookup reads it again. */
  invalidateExternal(file?: string): void {
    if (file === undefined) {
      this.external.clear();
      this.missing.clear();
    } else {
      const key = normalizePath(file);
      this.external.delete(key);
      this.missing.delete(key);
    }
    this.changed();
    this.epochs.structureChanged();
  }

  /** Workspace files (set explicitly), sorted. */
  files(): string[] {
    return [...this.open.keys()].sort();
  }

  isWorkspaceFile(file: string): boolean {
    return this.open.has(normalizePath(file));
  }

  text(file: string): string | undefined {
    const key = normalizePath(file);
    return this.open.get(key)?.text ?? this.loadExternal(key)?.text;
  }

  /** The parse of a workspace file, or of any other file the host can read (parsed once, lazily). */
  unit(file: string): SourceUnit | undefined {
    const key = normalizePath(file);
    const o = this.open.get(key);
    if (o) return o.unit;
    const ext = this.loadExternal(key);
    if (!ext) return undefined;
    ext.unit ??= parseSource(key, ext.text);
    return ext.unit;
  }

  private loadExternal(key: string): ExternalFile | undefined {
    const known = this.external.get(key);
    if (known) return known;
    if (this.missing.has(key)) return undefined;
    let text: string | undefined;
    try {
      text = this.host.readFile(key);
    } catch {
      text = undefined;
    }
    // Keys are built from import paths cut from a file's text: detached, so they keep no text version alive.
    if (text === undefined) {
      // A negative cache: forgetting it only costs host reads, and typed import paths add a key per keystroke.
      if (this.missing.size >= MAX_MISSING) this.missing.clear();
      this.missing.add(detach(key));
      return undefined;
    }
    const ext = { text };
    this.external.set(detach(key), ext);
    return ext;
  }

  /** `key` as the file system spells it (FileHost.trueCase), so one file has one key whatever case imports use. */
  private spelledAsStored(key: string): string {
    if (this.open.has(key) || !this.host.trueCase) return key;
    let stored: string | undefined;
    try {
      stored = this.host.trueCase(key);
    } catch {
      stored = undefined;
    }
    return stored === undefined ? key : normalizePath(stored);
  }

  private exists(key: string): boolean {
    return this.open.has(key) || this.loadExternal(key) !== undefined;
  }

  /**
   * Remappings `[context:]prefix=target` (strings are parsed with `baseDir` resolving relative contexts and
   * targets). Replaces the previous list.
   */
  setRemappings(list: readonly (string | Remapping)[], baseDir?: string): void {
    const base = baseDir === undefined ? undefined : normalizePath(baseDir);
    this.remaps = list
      .map((r) => (typeof r === 'string' ? parseRemapping(r, base) : r))
      .filter((r): r is Remapping => r !== undefined);
    this.changed();
    this.epochs.structureChanged();
  }

  remappings(): readonly Remapping[] {
    return this.remaps;
  }

  /** Folders where non-relative imports are also looked up (the project root, like solc's base/include paths). */
  setIncludePaths(dirs: readonly string[]): void {
    this.includeRoots = dirs.map(normalizePath);
    this.changed();
    this.epochs.structureChanged();
  }

  /**
   * The file an import refers to, or undefined when it cannot be found. Relative paths resolve against the
   * importing file's folder. Others try, in order: remappings, include paths, then `node_modules/<path>` in the
   * importing file's folder and each folder above it.
   */
  resolveImport(fromFile: string, importPath: string): string | undefined {
    const from = normalizePath(fromFile);
    return this.cached(`ws:import:${from}\0${importPath}`, () => {
      for (const cand of this.importCandidates(from, importPath)) {
        const key = this.spelledAsStored(cand);
        if (this.exists(key)) return key;
      }
      return undefined;
    });
  }

  /** The paths an import is looked for at, in order (what a finding about an unresolved import says it tried). */
  candidates(fromFile: string, importPath: string): string[] {
    return [...this.importCandidates(normalizePath(fromFile), importPath)];
  }

  private *importCandidates(from: string, importPath: string): Generator<string> {
    const p = importPath.replace(/\\/g, '/');
    if (p.startsWith('./') || p.startsWith('../') || p === '.' || p === '..') {
      yield joinPath(dirname(from), p);
      return;
    }
    const remapped = applyRemappings(this.remaps, from, p);
    if (remapped !== undefined) yield remapped;
    if (isAbsolutePath(p)) {
      yield normalizePath(p);
      return;
    }
    for (const root of this.includeRoots) yield joinPath(root, p);
    for (let dir = dirname(from); ; dir = dirname(dir)) {
      yield joinPath(dir, `node_modules/${p}`);
      if (dir === '/' || dir === '.' || dirname(dir) === dir) break;
    }
  }

  /** Every import of a file with the file it resolves to. */
  imports(file: string): ResolvedImport[] {
    const key = normalizePath(file);
    const u = this.unit(key);
    if (!u) return [];
    return u.imports.map((directive) => ({ directive, file: this.resolveImport(key, directive.path) }));
  }

  /** Every contract, interface and library declared in the workspace files. */
  contracts(): ContractRef[] {
    return this.cached('ws:contracts', () => {
      const out: ContractRef[] = [];
      for (const file of this.files())
        for (const contract of this.open.get(file)!.unit.contracts) out.push({ file, contract });
      return out;
    });
  }

  private scopeKey(scope: Scope): string {
    if (!scope.contract) return scope.file;
    let id = this.scopeIds.get(scope.contract);
    if (id === undefined) {
      id = this.nextScopeId++;
      this.scopeIds.set(scope.contract, id);
    }
    return `${scope.file}#${id}`;
  }

  /** Resolves a (possibly qualified) name in a contract's or a file's scope. */
  lookup(scope: Scope, path: readonly string[]): Declaration | undefined {
    const s = { file: normalizePath(scope.file), contract: scope.contract };
    return this.cached(`ws:lookup:${this.scopeKey(s)}\0${path.join('.')}`, () => lookupPath(this, s, path));
  }

  /** `name` as the top level of `file` sees it (own declarations and imports). */
  lookupInFile(file: string, name: string): Declaration | undefined {
    const key = normalizePath(file);
    return this.cached(`ws:file:${key}\0${name}`, () => visibleAtFileLevel(this, key, name));
  }

  /** A contract's member, own or inherited (most-derived first). */
  member(ref: ContractRef, name: string): Declaration | undefined {
    return memberOf(this, ref, name);
  }

  /** The direct bases of a contract that resolve to contracts, in declaration order. */
  bases(ref: ContractRef): ContractRef[] {
    const out: ContractRef[] = [];
    for (const b of ref.contract.bases) {
      const d = this.lookup({ file: ref.file }, b.path);
      if (d?.kind === 'contract') out.push({ file: d.file, contract: d.contract });
    }
    return out;
  }

  /** C3 linearisation, most-derived first (the contract itself first). Missing bases are skipped. */
  linearize(ref: ContractRef): ContractRef[] {
    // A contract without bases is its own linearisation whatever else changed: kept with its parsed object
    // across versions (most facets; every edit used to linearise each of them again).
    if (ref.contract.bases.length === 0)
      return this.cachedFor(ref.contract, 'ws:linearize', () => [
        { file: normalizePath(ref.file), contract: ref.contract },
      ]);
    this.dropStale();
    return c3Linearize(
      { file: normalizePath(ref.file), contract: ref.contract },
      (r) => this.bases(r),
      this.linearizations,
    );
  }
}
