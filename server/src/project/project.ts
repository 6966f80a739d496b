/**
 * One workspace folder (or the loose files opened outside any folder): its analysis service, the
 * texts it was fed (editor buffers over disk contents), its diamond.config.json and remappings,
 * its settings and its baseline.
 *
 * Editor changes are buffered in `pending` and handed to the engine in `flush()`: the debounced
 * analysis and any request (hover, code lens) flush first, so requests always see the latest text
 * while a burst of keystrokes costs one incremental re-parse.
 */
import { join } from 'node:path';
import { defaultConfig, type DiamondConfig } from '../../../engine/src/config';
import type { ConfigProblem } from '../../../engine/src/config-validate';
import type { Finding } from '../../../engine/src/findings';
import { LineIndex } from '../../../engine/src/lines';
import { createAnalysisService } from '../../../engine/src/service';
import type { AnalysisService } from '../../../engine/src/service-api';
import { fileKey, findSolidityFiles, isSolidity, readTextFile, SKIPPED_DIRS } from '../../../host/src/files';
import { CONFIG_FILE, PROJECT_FILES, readConfigFile } from '../../../host/src/project-config';
import { DEFAULT_SETTINGS, effectiveConfig, type ServerSettings } from '../settings';

export interface ConfigIssue {
  file: string;
  text: string;
  problems: ConfigProblem[];
}

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
  private readonly pending = new Set<string>();
  private readonly indexes = new Map<string, LineIndex>();
  /** Findings of the last analysis, by file. */
  findings: Finding[] = [];
  baselineSpec: string | undefined;
  baselineNote = '';
  /** When the baseline was last read (ms, performance.now()); a git baseline is re-read when stale. */
  baselineReadAt = 0;
  baselineFiles: ReadonlyMap<string, string> | undefined;
  private baselineGeneration = 0;

  constructor(
    /** Folder key; undefined for the loose-files project. */
    readonly root: string | undefined,
    readonly name: string,
  ) {
    this.service = createAnalysisService(
      { readFile: (file) => this.readForEngine(file) },
      root !== undefined ? { root } : {},
    );
  }

  private readForEngine(file: string): string | undefined {
    const t = this.open.get(file) ?? this.disk.get(file) ?? this.external.get(file);
    if (t !== undefined) return t;
    const read = readTextFile(file);
    if (read !== undefined) this.external.set(file, read);
    return read;
  }

  /** Whether a file key lies inside this project's folder (the loose project contains nothing). */
  contains(file: string): boolean {
    return (
      this.root !== undefined &&
      (file === this.root || file.startsWith(this.root.endsWith('/') ? this.root : this.root + '/'))
    );
  }

  /** Inside the folder and not under a skipped folder (node_modules, .git, out, ...). */
  isIndexed(file: string): boolean {
    if (!this.contains(file) || !isSolidity(file) || this.root === undefined) return false;
    const rel = file.slice(this.root.length).split('/');
    return !rel.slice(0, -1).some((part) => SKIPPED_DIRS.has(part));
  }

  textOf(file: string): string | undefined {
    return this.readForEngine(file);
  }

  lineIndex(file: string): LineIndex | undefined {
    const text = this.textOf(file);
    if (text === undefined) return undefined;
    let idx = this.indexes.get(file);
    if (!idx || idx.text !== text) this.indexes.set(file, (idx = new LineIndex(text)));
    return idx;
  }

  /** Every .sol under the folder, read from disk. Returns the number of files. */
  indexAll(): number {
    if (this.root === undefined) return 0;
    for (const f of findSolidityFiles(this.root)) {
      const text = readTextFile(f);
      if (text === undefined) continue;
      this.disk.set(f, text);
      if (!this.open.has(f)) this.pending.add(f);
    }
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

  /** Editor buffers this project holds that `other` contains: moved there (a folder was added). */
  handOpenFilesTo(other: Project): void {
    for (const [file, text] of this.open) {
      if (!other.contains(file)) continue;
      other.setOpenText(file, text);
      this.open.delete(file);
      this.pending.add(file);
    }
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
      else this.service.removeFile(file);
    }
    this.pending.clear();
  }

  /**
   * Re-reads diamond.config.json, remappings.txt and foundry.toml. A config file with problems is
   * reported (configIssue) and the last good config stays in force.
   */
  reloadProjectFiles(): void {
    if (this.root === undefined) return;
    for (const f of PROJECT_FILES) this.external.delete(fileKey(join(this.root, f)));
    const path = join(this.root, CONFIG_FILE);
    const read = readConfigFile(path);
    if (read.problems.length) {
      this.configIssue = { file: read.file ?? fileKey(path), text: read.text ?? '', problems: read.problems };
    } else {
      this.configIssue = undefined;
      this.fileConfig = read.config ?? defaultConfig();
    }
    this.applyConfig();
  }

  applySettings(settings: ServerSettings): void {
    this.settings = settings;
    this.applyConfig();
  }

  private applyConfig(): void {
    this.config = effectiveConfig(this.fileConfig, this.settings);
    // setConfig also makes the engine re-read remappings.txt / foundry.toml through the host.
    this.service.setConfig(this.config);
  }

  /** A token for async baseline loads: a load finishing after a newer one started is dropped. */
  nextBaselineGeneration(): number {
    return ++this.baselineGeneration;
  }

  isCurrentBaseline(generation: number): boolean {
    return generation === this.baselineGeneration;
  }

  analyze(): Finding[] {
    this.flush();
    this.findings = this.service.findings();
    return this.findings;
  }
}
