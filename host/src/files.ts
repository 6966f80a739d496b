/**
 * Node-side file access shared by the language server and the CLI (no LSP types here, so the CLI
 * may import it): engine file keys, the .sol walk, and a FileHost over the disk.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { FileHost } from '../../engine';

/**
 * Folders never indexed nor searched for diamond.config.json: dependencies, VCS data, build output and
 * our own deployment records (.diamond).
 */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'out',
  'dist',
  'cache',
  'artifacts',
  '.diamond',
]);

/** The engine's file key: absolute, normalised, '/' separators. */
export function fileKey(path: string): string {
  const abs = resolve(path);
  return sep === '/' ? abs : abs.split(sep).join('/');
}

/** Whether file key `file` is `dir` itself or lies below it (both engine keys). */
export function isWithin(dir: string, file: string): boolean {
  return file === dir || file.startsWith(dir.endsWith('/') ? dir : dir + '/');
}

/** Whether `file` (a key below `root`) lies in a folder the walks skip (node_modules, .git, out, ...). */
export function inSkippedDir(root: string, file: string): boolean {
  return file
    .slice(root.length)
    .split('/')
    .slice(0, -1)
    .some((part) => SKIPPED_DIRS.has(part));
}

export function isSolidity(path: string): boolean {
  return path.endsWith('.sol');
}

/**
 * Calls `visit(path, name, dir)` for every file at or below `root` (for `root` itself when it is a file),
 * not descending into `skipped` folders nor twice into one real folder (a symlink back up the tree).
 */
export function walkFiles(
  root: string,
  visit: (path: string, name: string, dir: string) => void,
  skipped: ReadonlySet<string> = SKIPPED_DIRS,
): void {
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
        if (!skipped.has(name)) walk(p);
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

/** Every .sol file below `root` (or `root` itself when it is a file), skipping SKIPPED_DIRS. Sorted. */
export function findSolidityFiles(root: string, skipped: ReadonlySet<string> = SKIPPED_DIRS): string[] {
  const out: string[] = [];
  walkFiles(root, (p, name) => isSolidity(name) && out.push(fileKey(p)), skipped);
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
