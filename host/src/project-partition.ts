/**
 * Nested analysis projects, the way ESLint and tsconfig nest: every folder holding a diamond.config.json
 * roots a project of the .sol files in it and below, minus those under a deeper config's folder; the
 * workspace folder (for the CLI: the folder a path's files fall back to) roots one more for the files no
 * config claims. Each project gets its own analysis service, so facets of one never meet another's.
 * Shared by the language server and the CLI so both split a tree the same way.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileKey, isSolidity, isWithin, nearestDirWith, walkFiles } from './files';
import { CONFIG_FILE } from './project-config';

export interface FolderScan {
  /** Every .sol file at or below the scanned path, skipping isSkippedDir folders (sorted engine keys). */
  files: string[];
  /** Every folder at or below the scanned path holding a diamond.config.json (sorted engine keys). */
  configDirs: string[];
  /** Every folder the walk read (engine keys): adding, removing or renaming an entry changes its mtime. */
  dirs: string[];
}

/** One walk of `root` (a folder or a single file): its .sol files and the folders that hold a config. */
export function scanFolder(root: string): FolderScan {
  const files: string[] = [];
  const configDirs: string[] = [];
  const dirs: string[] = [];
  walkFiles(
    root,
    (path, name, dir) => {
      if (name === CONFIG_FILE) configDirs.push(fileKey(dir));
      else if (isSolidity(name)) files.push(fileKey(path));
    },
    (dir) => dirs.push(fileKey(dir)),
  );
  return { files: files.sort(), configDirs: configDirs.sort(), dirs };
}

/** A set of project roots and which of them owns a file: the deepest root that contains it. */
export class ProjectPartition {
  /** Project roots (engine keys), sorted, so an outer root comes before the roots nested in it. */
  readonly roots: readonly string[];

  constructor(roots: Iterable<string>) {
    this.roots = [...new Set(roots)].sort();
  }

  /** The root owning `file` (a file or folder key); undefined when no root contains it. */
  ownerOf(file: string): string | undefined {
    let best: string | undefined;
    for (const r of this.roots)
      if (isWithin(r, file) && (best === undefined || r.length > best.length)) best = r;
    return best;
  }

  /** Roots strictly below `root`: the files under them belong to those projects, not to `root`'s. */
  nestedIn(root: string): string[] {
    return this.roots.filter((r) => r !== root && isWithin(root, r));
  }

  /** `files` grouped by owning root. Every root has an entry (maybe empty); files no root contains are left out. */
  split(files: Iterable<string>): Map<string, string[]> {
    const out = new Map<string, string[]>(this.roots.map((r) => [r, []]));
    for (const f of files) {
      const owner = this.ownerOf(f);
      if (owner !== undefined) out.get(owner)!.push(f);
    }
    return out;
  }

  sameRoots(other: ProjectPartition): boolean {
    return this.roots.length === other.roots.length && this.roots.every((r, i) => r === other.roots[i]);
  }
}

export interface FolderProjects {
  partition: ProjectPartition;
  /** Project root → the .sol files it owns. */
  files: Map<string, string[]>;
  /** Every folder the walk read (FolderScan.dirs). */
  dirs: string[];
}

/** The projects of a workspace folder: the folder itself plus every folder below holding a diamond.config.json. */
export function partitionFolder(folder: string): FolderProjects {
  const root = fileKey(folder);
  const scan = scanFolder(root);
  const partition = new ProjectPartition([root, ...scan.configDirs]);
  return { partition, files: partition.split(scan.files), dirs: scan.dirs };
}

/** The nearest folder at or above `dir` holding a diamond.config.json (up to `stop` inclusive, when given). */
export function nearestConfigDir(dir: string, stop?: string): string | undefined {
  return nearestDirWith(dir, [CONFIG_FILE], stop);
}

export interface PathProject {
  /** Project root: a folder holding a diamond.config.json, or the fallback root of a path no config claims. */
  root: string;
  /** Root of the project the given path itself falls in (a folder baseline mirrors this folder). */
  top: string;
  /** The .sol files under the given paths that this project owns (sorted). */
  files: string[];
}

/**
 * The projects the CLI analyses for `paths` (existing files or folders): for each path, the nearest folder at
 * or above it holding a diamond.config.json (`fallbackRoot(dir)` when none does) and every folder below it
 * holding one; each .sol file under the paths goes to the deepest of those roots that contains it. Projects
 * left without files are dropped.
 */
export function projectsForPaths(
  paths: readonly string[],
  fallbackRoot: (dir: string) => string,
): PathProject[] {
  const targets = paths.map((p) => {
    const key = fileKey(p);
    let isDir = false;
    try {
      isDir = statSync(key).isDirectory();
    } catch {
      /* a missing path contributes nothing */
    }
    const dir = isDir ? key : fileKey(dirname(key));
    return { key, top: nearestConfigDir(dir) ?? fileKey(fallbackRoot(dir)) };
  });
  const topOf = new Map<string, string>();
  // A path's own root first: it is its own top even when another path's walk also finds it below.
  for (const t of targets) topOf.set(t.top, t.top);
  const files = new Set<string>();
  for (const t of targets) {
    const scan = scanFolder(t.key);
    for (const d of scan.configDirs) if (!topOf.has(d)) topOf.set(d, t.top);
    for (const f of scan.files) files.add(f);
  }
  const partition = new ProjectPartition(topOf.keys());
  return [...partition.split(files)]
    .filter(([, owned]) => owned.length > 0)
    .map(([root, owned]) => ({ root, top: topOf.get(root)!, files: owned.sort() }));
}
