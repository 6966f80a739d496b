/**
 * One analysis project: a folder holding a diamond.config.json (or a workspace folder's root, for the files
 * no nested config claims), or the loose files opened outside any folder. It has its own analysis
 * service, the texts it was fed (editor buffers over disk contents), its config and remappings, the
 * settings of its workspace folder and its share of the folder's baseline.
 *
 * Editor changes are buffered in `pending` and handed to the engine in `flush()`: the debounced
 * analysis and any request (hover, code lens) flush first, so requests always see the latest text
 * while a burst of keystrokes costs one incremental re-parse.
 */
import {
  createAnalysisService,
  defaultConfig,
  LineIndex,
  validateConfig,
  type AnalysisService,
  type DiamondConfig,
  type Finding,
} from '../../../engine';
import { fileKey, inSkippedDir, isSolidity, isWithin, readTextFile, trueCase } from '../../../host/src/files';
import { projectRemappings, readProjectSetup, subProjectsOf } from '../../../host/src/project';
import { mayRegisterFacets, readFacetRegistrations } from '../../../host/src/facet-registrations';
import { join, relative } from 'node:path';
import { CONFIG_FILE, type ConfigIssue } from '../../../host/src/project-config';
import { DEFAULT_SETTINGS, effectiveConfig, type ServerSettings } from '../settings';

export type { ConfigIssue };

/** What a project hands its engine besides file texts. */
export interface EngineSetup {
  remappings: Parameters<AnalysisService['setRemappings']>[0];
  includePaths: readonly string[];
  registrations: Parameters<AnalysisService['setFacetRegistrations']>[0];
  config: DiamondConfig;
}

/** Another project's text of `file` when it owns it (undefined when `asker` itself does, or nobody holds it). */
export type Lender = (file: string, asker: Project) => string | undefined;

/** The editor's unsaved text of a diamond.config.json (file key), undefined when it is not open. */
export type ConfigBuffers = (configFile: string) => string | undefined;

export class Project {
  readonly service: AnalysisService;
  settings: ServerSettings = DEFAULT_SETTINGS;
  /** Last good diamond.config.json (defaults when there is none). */
  private fileConfig: DiamondConfig = defaultConfig();
  configIssue: ConfigIssue | undefined;
  config: DiamondConfig = defaultConfig();
  /** Files indexed from disk under the root. */
  private readonly disk = new Map<string, string>();
  /** Editor buffers: they win over disk contents. */
  private readonly open = new Map<string, string>();
  /** Files the engine read through the host (imports outside the index), cached for positions. */
  private readonly external = new Map<string, string>();
  /**
   * Files not its own the engine asked for (another project's, node_modules, remapped): when one changes,
   * this project must forget it and analyse again.
   */
  private readonly outside = new Set<string>();
  private readonly pending = new Set<string>();
  private readonly indexes = new Map<string, LineIndex>();
  /** Findings of the last analysis (every file the engine reported on, owned or imported). */
  findings: Finding[] = [];
  /** Roots of the projects nested below this one: their files are not this project's. */
  excluded: readonly string[] = [];
  /** This project's share of its folder's baseline. */
  private baseline: ReadonlyMap<string, string> | undefined;
  /** What the engine was last handed besides texts (a docs worker's copy of the engine gets the same). */
  private setup: Omit<EngineSetup, 'config'> = { remappings: [], includePaths: [], registrations: [] };

  constructor(
    /** Project root key; undefined for the loose-files project. */
    readonly root: string | undefined,
    readonly name: string,
    /** The workspace folder's root (remapping files are looked for up to it). */
    readonly folderRoot: string | undefined = root,
    /** Another project's text of a file it owns (an editor buffer there wins over the disk). */
    private readonly lender?: Lender,
    /** Open diamond.config.json editors: validated and applied as typed, before they are saved. */
    private readonly configBuffers?: ConfigBuffers,
  ) {
    this.service = createAnalysisService(
      { readFile: (file) => this.readForEngine(file), trueCase: (file) => trueCase(file) },
      root !== undefined ? { root } : {},
    );
  }

  private readForEngine(file: string): string | undefined {
    const own = this.ownText(file);
    if (own !== undefined) return own;
    this.outside.add(file);
    const lent = this.lender?.(file, this);
    if (lent !== undefined) return lent;
    const cached = this.external.get(file);
    if (cached !== undefined) return cached;
    const read = readTextFile(file);
    if (read !== undefined) this.external.set(file, read);
    return read;
  }

  /**
   * Whether a file key belongs to this project: under its root and not under a nested project's root
   * (the loose project owns nothing by path).
   */
  owns(file: string): boolean {
    return (
      this.root !== undefined && isWithin(this.root, file) && !this.excluded.some((r) => isWithin(r, file))
    );
  }

  /** Owned and not under a skipped folder (node_modules, .git, out, ...). */
  isIndexed(file: string): boolean {
    if (!this.owns(file) || !isSolidity(file) || this.root === undefined) return false;
    return !inSkippedDir(this.root, file);
  }

  /** The text this project holds for a file (editor buffer over indexed disk content), if any. */
  ownText(file: string): string | undefined {
    return this.open.get(file) ?? this.disk.get(file);
  }

  /** Whether the engine read `file` from outside this project (see `outside`). */
  readsFromOutside(file: string): boolean {
    return this.outside.has(file);
  }

  /**
   * A file read from outside changed (another project's buffer or disk file, or a non-indexed file on
   * disk), or every such file under a deleted folder: forget it. Returns whether this project read any.
   */
  outsideChanged(fileOrDir: string): boolean {
    let any = false;
    for (const f of this.outside) {
      if (!isWithin(fileOrDir, f)) continue;
      this.outside.delete(f);
      this.external.delete(f);
      if (!this.open.has(f) && !this.disk.has(f)) this.pending.add(f);
      any = true;
    }
    return any;
  }

  textOf(file: string): string | undefined {
    return this.readForEngine(file);
  }

  lineIndex(file: string): LineIndex | undefined {
    const text = this.textOf(file);
    if (text === undefined) {
      this.indexes.delete(file);
      return undefined;
    }
    let idx = this.indexes.get(file);
    if (!idx || idx.text !== text) this.indexes.set(file, (idx = new LineIndex(text)));
    return idx;
  }

  /**
   * Makes `files` (the .sol files this project owns on disk) the indexed set: new ones are read, ones no
   * longer owned are dropped. Returns whether anything changed.
   */
  syncDiskFiles(files: readonly string[]): boolean {
    const wanted = new Set(files);
    let changed = false;
    for (const f of [...this.disk.keys()]) {
      if (wanted.has(f)) continue;
      this.disk.delete(f);
      this.pending.add(f);
      changed = true;
    }
    for (const f of wanted) {
      if (this.disk.has(f)) continue;
      const text = readTextFile(f);
      if (text === undefined) continue;
      this.disk.set(f, text);
      if (!this.open.has(f)) this.pending.add(f);
      changed = true;
    }
    return changed;
  }

  get diskFileCount(): number {
    return this.disk.size;
  }

  get fileCount(): number {
    const all = new Set([...this.disk.keys(), ...this.open.keys()]);
    return all.size;
  }

  setOpenText(file: string, text: string): void {
    if (this.open.get(file) === text) return;
    this.open.set(file, text);
    this.pending.add(file);
  }

  /**
   * Editor buffers whose owner is now another project (a folder was added, a config created or deleted)
   * move there. `ownerOf` answers undefined for files that stay.
   */
  handOpenFiles(ownerOf: (file: string) => Project | undefined): Set<Project> {
    const receivers = new Set<Project>();
    for (const [file, text] of [...this.open]) {
      const to = ownerOf(file);
      if (to === undefined || to === this) continue;
      to.setOpenText(file, text);
      this.open.delete(file);
      this.pending.add(file);
      receivers.add(to);
    }
    return receivers;
  }

  /** The editor closed the file: the disk content (if indexed) is the truth again. */
  closeFile(file: string): void {
    if (!this.open.delete(file)) return;
    if (this.isIndexed(file)) {
      const text = readTextFile(file);
      if (text !== undefined) this.disk.set(file, text);
      else this.disk.delete(file);
    }
    this.pending.add(file);
  }

  /** A folder was deleted: VS Code reports the folder alone, not each file in it. Returns whether any file went. */
  diskDeletedUnder(dir: string): boolean {
    const prefix = dir.endsWith('/') ? dir : dir + '/';
    let any = false;
    for (const file of [...this.disk.keys()]) {
      if (!file.startsWith(prefix)) continue;
      this.disk.delete(file);
      if (!this.open.has(file)) this.pending.add(file);
      any = true;
    }
    return any;
  }

  /** A watched file changed on disk (created, changed or deleted). */
  diskChanged(file: string, deleted: boolean): void {
    this.external.delete(file);
    if (!this.isIndexed(file)) {
      // An import target outside the index (node_modules): the engine re-reads it through the host.
      if (this.open.has(file)) return;
      this.pending.add(file);
      return;
    }
    if (deleted) this.disk.delete(file);
    else {
      const text = readTextFile(file);
      if (text === undefined) this.disk.delete(file);
      else this.disk.set(file, text);
    }
    if (!this.open.has(file)) this.pending.add(file);
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Hands buffered changes to the engine. */
  flush(): void {
    for (const file of this.pending) {
      const text = this.open.get(file) ?? this.disk.get(file);
      if (text !== undefined) this.service.updateFile(file, text);
      else {
        this.service.removeFile(file);
        // A line index holds its file's whole text: a file that went must not keep one.
        this.indexes.delete(file);
      }
    }
    this.pending.clear();
  }

  /**
   * Re-reads diamond.config.json, remappings.txt and foundry.toml through the project model (remapping files
   * of a folder above, up to the workspace folder, when the root has none). The config is the open editor's
   * buffer when there is one (validated as typed, saved or not), else the file. A config with problems is
   * reported (configIssue, published on the config file) and the last good config, with its remappings, stays
   * in force.
   */
  reloadProjectFiles(): void {
    if (this.root === undefined) return;
    const setup = readProjectSetup(this.root, { top: this.folderRoot });
    let { config, configIssue } = setup;
    const buffer = this.configBuffers?.(fileKey(setup.configFile));
    if (buffer !== undefined) {
      const checked = validateConfig(buffer);
      configIssue = checked.problems.length
        ? { file: setup.configFile, text: buffer, problems: checked.problems }
        : undefined;
      config = configIssue ? undefined : (checked.config ?? defaultConfig());
    }
    this.configIssue = configIssue;
    if (config) this.fileConfig = config;
    // Sub-folders with their own foundry.toml / remappings.txt resolve their files' imports with those, as in the CLI.
    const nested = subProjectsOf(this.root, [...this.disk.keys()]);
    const remappings = [
      ...projectRemappings(this.root, this.fileConfig, this.folderRoot),
      ...nested.remappings,
    ];
    this.service.setRemappings(remappings);
    this.service.setIncludePaths(nested.subProjects);
    this.setup = { ...this.setup, remappings, includePaths: [...nested.subProjects] };
    this.reloadRegistrations();
    this.applyConfig();
  }

  /** Re-reads what deploy scripts, deployment records and deploy configs register (an equal list changes nothing). */
  reloadRegistrations(): void {
    if (this.root === undefined) return;
    const registrations = readFacetRegistrations(this.root);
    this.service.setFacetRegistrations(registrations);
    this.setup = { ...this.setup, registrations };
  }

  /** What this project's engine was given besides texts: another engine given the same analyses alike. */
  engineSetup(): EngineSetup {
    return { ...this.setup, config: this.config };
  }

  /**
   * The texts the engine sees (call after `flush()`): its own files (editor buffers over disk) and the files it
   * read from outside the project, as it read them.
   */
  engineTexts(): { own: Map<string, string>; outside: Map<string, string> } {
    const own = new Map(this.disk);
    for (const [f, t] of this.open) own.set(f, t);
    const outside = new Map<string, string>();
    for (const f of this.outside) {
      const t = own.has(f) ? undefined : (this.lender?.(f, this) ?? this.external.get(f));
      if (t !== undefined) outside.set(f, t);
    }
    return { own, outside };
  }

  /** Whether a change to `file` (a key) can change this project's facet registrations. */
  registersFacets(file: string): boolean {
    return this.owns(file) && mayRegisterFacets(relative(this.root!, file).split('\\').join('/'));
  }

  /** Whether `file` (a key) is this project's own diamond.config.json. */
  isOwnConfig(file: string): boolean {
    return this.root !== undefined && configFileOf(this.root) === file;
  }

  applySettings(settings: ServerSettings): void {
    this.settings = settings;
    this.applyConfig();
  }

  private applyConfig(): void {
    this.config = effectiveConfig(this.fileConfig, this.settings);
    this.service.setConfig(this.config);
  }

  /** This project's share of the folder baseline; an unchanged share leaves the engine alone. */
  setBaseline(files: ReadonlyMap<string, string> | undefined): void {
    if (sameFiles(this.baseline, files)) return;
    this.baseline = files;
    this.service.setBaseline(files);
  }

  analyze(): Finding[] {
    this.flush();
    this.findings = this.service.findings();
    return this.findings;
  }
}

/** The config file a project root reads, as a file key (readProjectSetup's default). */
function configFileOf(root: string): string {
  return fileKey(join(root, CONFIG_FILE));
}

export function sameFiles(
  a: ReadonlyMap<string, string> | undefined,
  b: ReadonlyMap<string, string> | undefined,
): boolean {
  if (!a || !b) return a === b;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
