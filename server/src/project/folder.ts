/**
 * One workspace folder: its analysis projects (the folder root plus one per nested diamond.config.json,
 * partitioned by host/src/project-partition.ts), the settings pulled for it and its baseline, which is
 * read once for the whole folder and shared out to the projects by file ownership.
 */
import { relative } from 'node:path';
import { isWithin } from '../../../host/src/files';
import { partitionFolder, ProjectPartition } from '../../../host/src/project-partition';
import { DEFAULT_SETTINGS, type ServerSettings } from '../settings';
import { Project, type ConfigBuffers, type Lender } from './project';

export interface Repartition {
  /** Projects of new config folders: they need their project files read and a first analysis. */
  added: Project[];
  /** Projects whose config folder went: their diagnostics must be cleared. */
  removed: Project[];
  /** Projects whose files, or whose editor buffers, changed hands: they need an analysis. */
  changed: Project[];
}

export class Folder {
  private partition: ProjectPartition;
  private readonly byRoot = new Map<string, Project>();
  settings: ServerSettings = DEFAULT_SETTINGS;
  baselineSpec: string | undefined;
  baselineNote = '';
  /** When the baseline was last read (ms, performance.now()); a git baseline is re-read when stale. */
  baselineReadAt = 0;
  baselineFiles: ReadonlyMap<string, string> | undefined;
  private baselineGeneration = 0;

  constructor(
    /** Folder key. */
    readonly root: string,
    readonly name: string,
    /** Lets a project read files another project owns (imports across nested projects). */
    private readonly lender?: Lender,
    /** Open diamond.config.json editors (their unsaved text wins over the file). */
    private readonly configBuffers?: ConfigBuffers,
  ) {
    this.partition = new ProjectPartition([root]);
    this.byRoot.set(root, new Project(root, name, root, lender, configBuffers));
  }

  /** Outermost first (the folder's own project, then the nested ones by path). */
  get projects(): Project[] {
    return this.partition.roots.map((r) => this.byRoot.get(r)!);
  }

  get projectRoots(): readonly string[] {
    return this.partition.roots;
  }

  contains(file: string): boolean {
    return isWithin(this.root, file);
  }

  has(project: Project): boolean {
    return project.root !== undefined && this.byRoot.get(project.root) === project;
  }

  /** The project owning a file key inside the folder: the one with the deepest root containing it. */
  projectFor(file: string): Project {
    return this.byRoot.get(this.partition.ownerOf(file) ?? this.root)!;
  }

  /**
   * Walks the folder for .sol files and diamond.config.json files and splits it into projects again.
   * Projects whose root still holds a config keep their service (only files that changed hands are
   * re-parsed); editor buffers follow their file to its new owner.
   */
  rescan(): Repartition {
    const before = this.projects;
    const { partition, files } = partitionFolder(this.root);
    const added: Project[] = [];
    const removed: Project[] = [];
    for (const r of partition.roots) {
      if (this.byRoot.has(r)) continue;
      const name = `${this.name}/${relative(this.root, r).split('\\').join('/')}`;
      const p = new Project(r, name, this.root, this.lender, this.configBuffers);
      p.applySettings(this.settings);
      this.byRoot.set(r, p);
      added.push(p);
    }
    const kept = new Set(partition.roots);
    for (const [r, p] of this.byRoot) {
      if (kept.has(r)) continue;
      this.byRoot.delete(r);
      removed.push(p);
    }
    this.partition = partition;
    for (const p of this.byRoot.values()) p.excluded = partition.nestedIn(p.root!);

    const changed = new Set<Project>();
    for (const p of [...before, ...added]) {
      for (const to of p.handOpenFiles((file) => (this.contains(file) ? this.projectFor(file) : undefined)))
        changed.add(to);
    }
    for (const p of this.byRoot.values()) {
      if (p.syncDiskFiles(files.get(p.root!) ?? [])) changed.add(p);
    }
    this.shareBaseline();
    return {
      added,
      removed,
      changed: [...changed].filter((p) => !added.includes(p) && this.has(p)),
    };
  }

  applySettings(settings: ServerSettings): void {
    this.settings = settings;
    for (const p of this.byRoot.values()) p.applySettings(settings);
  }

  setBaselineFiles(files: ReadonlyMap<string, string> | undefined): void {
    this.baselineFiles = files;
    this.shareBaseline();
  }

  /** Each project gets the baseline files it owns (a folder baseline mirrors the whole folder). */
  private shareBaseline(): void {
    const shares = new Map<Project, Map<string, string>>();
    for (const [file, text] of this.baselineFiles ?? []) {
      const p = this.projectFor(file);
      let share = shares.get(p);
      if (!share) shares.set(p, (share = new Map()));
      share.set(file, text);
    }
    for (const p of this.byRoot.values())
      p.setBaseline(this.baselineFiles ? (shares.get(p) ?? new Map()) : undefined);
  }

  /** A token for async baseline loads: a load finishing after a newer one started is dropped. */
  nextBaselineGeneration(): number {
    return ++this.baselineGeneration;
  }

  isCurrentBaseline(generation: number): boolean {
    return generation === this.baselineGeneration;
  }
}
