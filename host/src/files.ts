/**
 * Node-side file access shared by the language server, the CLI and the chain module (no LSP types here):
 * engine file keys, the one .sol discovery (walkFiles / findSolidityFiles with isSkippedDir), and a FileHost
 * over the disk.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { FileHost } from '../../engine';

/**
 * Folders skipped by name: dependencies and build output. Every hidden folder is skipped too (isSkippedDir):
 * VCS data, our own deployment records and build cache (.diamond), editor and tool state (.vscode, .deps...).
 */
const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', 'out', 'dist', 'cache', 'artifacts']);

/**
 * The one skip rule of the .sol discovery: a folder of this name is never indexed, compiled nor searched for
 * diamond.config.json, by analysis (server, CLI) and build alike.
 */
export function isSkippedDir(name: string): boolean {
  return name.startsWith('.') || SKIPPED_DIRS.has(name);
}

/** The engine's file key: absolute, normalised, '/' separators. */
export function fileKey(path: string): string {
  const abs = resolve(path);
  return sep === '/' ? abs : abs.split(sep).join('/');
}

/** Whether file key `file` is `dir` itself or lies below it (both engine keys). */
export function isWithin(dir: string, file: string): boolean {
  return file === dir || file.startsWith(dir.endsWith('/') ? dir : dir + '/');
}

/** Whether `file` (a key below `root`) lies in a folder the discovery skips (node_modules, .git, out, ...). */
export function inSkippedDir(root: string, file: string): boolean {
  return file
    .slice(root.length)
    .split('/')
    .slice(0, -1)
    .some(isSkippedDir);
}

export function isSolidity(path: string): boolean {
  return path.endsWith('.sol');
}

/**
 * Calls `visit(path, name, dir)` for every file at or below `root` (for `root` itself when it is a file),
 * not descending into skipped folders (isSkippedDir) nor twice into one real folder (a symlink back up the tree).
 */
export function walkFiles(root: string, visit: (path: string, name: string, dir: string) => void): void {
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let names: string[];
    try {
      const real = realpathSync(dir);
      if (seen.has(real)) return;
      seen.add(real);
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue; // dangling symlink, permission: skip rather than fail the whole walk
      }
      if (st.isDirectory()) {
        if (!isSkippedDir(name)) walk(p);
      } else visit(p, name, dir);
    }
  };
  let st;
  try {
    st = statSync(root);
  } catch {
    return;
  }
  if (st.isDirectory()) walk(root);
  else visit(root, basename(root), dirname(root));
}

/** Every .sol file below `root` (or `root` itself when it is a file), skipping isSkippedDir folders. Sorted keys. */
export function findSolidityFiles(root: string): string[] {
  const out: string[] = [];
  walkFiles(root, (p, name) => isSolidity(name) && out.push(fileKey(p)));
  return out.sort();
}

/**
 * The nearest folder at or above `start` (a folder) holding one of `names`, walking up to `stop` (inclusive)
 * or to the file system root when `stop` is undefined or not above `start`. Returns an engine key.
 */
export function nearestDirWith(start: string, names: readonly string[], stop?: string): string | undefined {
  const stopKey = stop !== undefined ? fileKey(stop) : undefined;
  const bounded = stopKey !== undefined && isWithin(stopKey, fileKey(start));
  let dir = resolve(start);
  for (;;) {
    if (names.some((n) => existsSync(join(dir, n)))) return fileKey(dir);
    if (bounded && fileKey(dir) === stopKey) return undefined;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function readTextFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A FileHost reading the disk, with an overlay for texts the caller holds (open editors). */
export function diskFileHost(overlay?: ReadonlyMap<string, string>): FileHost {
  return {
    readFile(file: string): string | undefined {
      return overlay?.get(file) ?? readTextFile(file);
    },
  };
}
