/** The projects of a session: one per workspace folder, plus one for files opened outside them. */
import { Project } from './project';

export class Projects {
  private folders: Project[] = [];
  readonly loose = new Project(undefined, 'files outside the workspace folders');

  add(root: string, name: string): Project {
    const existing = this.folders.find((p) => p.root === root);
    if (existing) return existing;
    const p = new Project(root, name);
    this.folders.push(p);
    // Longest root first, so a nested folder owns its files.
    this.folders.sort((a, b) => (b.root?.length ?? 0) - (a.root?.length ?? 0));
    return p;
  }

  remove(root: string): Project | undefined {
    const p = this.folders.find((x) => x.root === root);
    if (p) this.folders = this.folders.filter((x) => x !== p);
    return p;
  }

  forFile(file: string): Project {
    return this.folders.find((p) => p.contains(file)) ?? this.loose;
  }

  get folderProjects(): readonly Project[] {
    return this.folders;
  }

  all(): Project[] {
    return [...this.folders, this.loose];
  }
}
