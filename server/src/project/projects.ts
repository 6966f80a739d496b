/**
 * The projects of a session: the workspace folders, each split into nested projects by its
 * diamond.config.json files, plus one project for files opened outside the folders.
 */
import { Folder } from './folder';
import { Project, type Lender } from './project';

export class Projects {
  /** Longest root first, so a workspace folder nested in another owns its files. */
  private folders: Folder[] = [];
  /** A file another project owns is read from that project: its editor buffer, not a stale disk copy. */
  private readonly lender: Lender = (file, asker) => {
    const owner = this.forFile(file);
    return owner === asker ? undefined : owner.ownText(file);
  };
  readonly loose = new Project(undefined, 'files outside the workspace folders', undefined, this.lender);
  /** Open diamond.config.json editors: file key → their text, saved or not. */
  private readonly configTexts = new Map<string, string>();

  addFolder(root: string, name: string): Folder {
    const existing = this.folders.find((f) => f.root === root);
    if (existing) return existing;
    const f = new Folder(root, name, this.lender, (file) => this.configTexts.get(file));
    this.folders.push(f);
    this.folders.sort((a, b) => b.root.length - a.root.length);
    return f;
  }

  removeFolder(root: string): Folder | undefined {
    const f = this.folders.find((x) => x.root === root);
    if (f) this.folders = this.folders.filter((x) => x !== f);
    return f;
  }

  /**
   * An editor opened, changed (`text`) or closed (undefined) a diamond.config.json: the project it configures
   * reloads its config from the buffer (or, closed, from the disk). Returns that project, when one is rooted
   * beside the file and the text changed; a project rooted there later (the file saved for the first time)
   * reads the buffer when it loads.
   */
  setConfigBuffer(file: string, text: string | undefined): Project | undefined {
    if (text === undefined ? !this.configTexts.delete(file) : this.configTexts.get(file) === text)
      return undefined;
    if (text !== undefined) this.configTexts.set(file, text);
    const project = this.folderFor(file)?.projects.find((p) => p.isOwnConfig(file));
    project?.reloadProjectFiles();
    return project;
  }

  folderFor(file: string): Folder | undefined {
    return this.folders.find((f) => f.contains(file));
  }

  folderOf(project: Project): Folder | undefined {
    return this.folders.find((f) => f.has(project));
  }

  /** The project that owns a file key (the loose project for files outside every folder). */
  forFile(file: string): Project {
    return this.folderFor(file)?.projectFor(file) ?? this.loose;
  }

  /**
   * Whether `project` publishes diagnostics for `file`: the project owning the file does; a finding in a
   * file outside every folder (an import through an absolute remapping) is published by whoever found it.
   */
  publishes(project: Project, file: string): boolean {
    const owner = this.forFile(file);
    return owner === project || owner === this.loose;
  }

  get workspaceFolders(): readonly Folder[] {
    return this.folders;
  }

  all(): Project[] {
    return [...this.folders.flatMap((f) => f.projects), this.loose];
  }
}
