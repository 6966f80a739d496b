/**
 * Node-side file access shared by the language server, the CLI and the chain module (no LSP types here):
 * engine file keys, the one .sol discovery (walkFiles / findSolidityFiles with isSkippedDir), and a FileHost
 * over the disk.
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  type Dirent,
  type Stats,
} from 'node:fs';
import * as nodePath from 'node:path';
import { basename, dirname, join, resolve } from 'node:path';
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

/** Path semantics to read a path with: this machine's (`node:path`), or `path.win32` / `path.posix` (tests). */
export type PathFlavour = Pick<typeof nodePath, 'resolve' | 'sep'>;

/**
 * The engine's file key: absolute, normalised, '/' separators, a Windows drive letter lower-cased as the
 * engine's own normalizePath does (`C:\\p\\A.sol` and VS Code's `c:\\p\\A.sol` are one file: `c:/p/A.sol`).
 */
export function fileKey(path: string, flavour: PathFlavour = nodePath): string {
  const abs = flavour.resolve(path);
  const slashed = flavour.sep === '/' ? abs : abs.split(flavour.sep).join('/');
  return slashed.replace(/^([A-Z]):\//, (_m, d: string) => `${d.toLowerCase()}:/`);
}

/**
 * The spelling the file system stores for `file` when it differs from `file` only by letter case (macOS and
 * Windows file systems ignore case: `import "./libdiamond.sol"` opens LibDiamond.sol), else undefined. A path
 * through a symbolic link keeps its own spelling (the real path differs by more than case).
 */
export function trueCase(
  file: string,
  realpath: (p: string) => string = realpathSync.native,
  flavour: PathFlavour = nodePath,
): string | undefined {
  let real: string;
  try {
    real = fileKey(realpath(file), flavour);
  } catch {
    return undefined;
  }
  return real !== file && real.toLowerCase() === file.toLowerCase() ? real : undefined;
}

/** Whether file key `file` is `dir` itself or lies below it (both engine keys). */
export function isWithin(dir: string, file: string): boolean {
  return file === dir || file.startsWith(dir.endsWith('/') ? dir : dir + '/');
}

/** Whether `file` (a key below `root`) lies in a folder the discovery skips (node_modules, .git, out, ...). */
export function inSkippedDir(root: string, file: string): boolean {
  return file.slice(root.length).split('/').slice(0, -1).some(isSkippedDir);
}

export function isSolidity(path: string): boolean {
  return path.endsWith('.sol');
}

/**
 * Calls `visit(path, name, dir)` for every file at or below `root` (for `root` itself when it is a file),
 * not descending into skipped folders (isSkippedDir) nor twice into one real folder (a symlink back up the tree).
 * An entry that cannot be followed (a dangling symbolic link, a target without permission) is visited as a file:
 * its reader says why it cannot be read (readSourceFile), instead of the walk leaving it out without a word.
 */
export function walkFiles(
  root: string,
  visit: (path: string, name: string, dir: string) => void,
  /** Called with every folder whose entries were read (a caller that checks them for changes later). */
  onDir?: (dir: string) => void,
): void {
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      const real = realpathSync(dir);
      if (seen.has(real)) return;
      seen.add(real);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    onDir?.(dir);
    for (const entry of entries) {
      const name = entry.name;
      const p = join(dir, name);
      // The listing says what a plain file or folder is (no stat for each of a large tree's files); a link, or an
      // entry the file system does not type, is stat'ed as before.
      if (entry.isFile()) {
        visit(p, name, dir);
        continue;
      }
      if (entry.isDirectory()) {
        if (!isSkippedDir(name)) walk(p);
        continue;
      }
      let st: Stats;
      try {
        st = statSync(p);
      } catch {
        // Dangling symlink, permission: the entry is there (lstat), its reader reports it; never fail the walk.
        if (exists(p)) visit(p, name, dir);
        continue;
      }
      if (st.isDirectory()) {
        if (!isSkippedDir(name)) walk(p);
      } else visit(p, name, dir);
    }
  };
  let st: Stats;
  try {
    st = statSync(root);
  } catch {
    if (exists(root)) visit(root, basename(root), dirname(root));
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

/** Whether the entry itself exists (a dangling symbolic link does). */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export type SourceRead = { ok: true; text: string } | { ok: false; reason: string };

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a file';
}

function readFailure(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ELOOP') {
    try {
      if (lstatSync(path).isSymbolicLink()) return 'a symbolic link whose target is missing (or loops)';
    } catch {
      // gone altogether
    }
    return 'no longer exists';
  }
  if (code === 'EACCES' || code === 'EPERM') return `cannot be read (${code}: permission denied)`;
  return `cannot be read (${code ?? String(err)})`;
}

/**
 * The one reader of source and project files, with the reason when it refuses:
 * - what cannot be opened (a dangling symbolic link, no permission);
 * - what is not a regular file (a FIFO or device named X.sol: reading it could block forever);
 * - UTF-16 (a byte-order mark, or NUL bytes: text solc and the parser cannot read; binary files too).
 * Other bytes that are not UTF-8 (Latin-1 in a comment) are read as replacement characters, as solc-js gets
 * them: solc reads any bytes in comments.
 */
export function readSourceFile(path: string): SourceRead {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { ok: false, reason: readFailure(path, err) };
  }
  let bytes: Buffer;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: `not a regular file (${kindOf(st)})` };
    bytes = readFileSync(fd);
  } catch (err) {
    return { ok: false, reason: readFailure(path, err) };
  } finally {
    closeSync(fd);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { ok: false, reason: 'UTF-16 text (a byte-order mark): solc reads UTF-8 sources' };
  if (bytes.includes(0))
    return { ok: false, reason: 'not text: NUL bytes (UTF-16 without a byte-order mark, or a binary file)' };
  return { ok: true, text: bytes.toString('utf8') };
}

/** readSourceFile's text; undefined when it refuses the file (see there why). */
export function readTextFile(path: string): string | undefined {
  const read = readSourceFile(path);
  return read.ok ? read.text : undefined;
}

/** A FileHost reading the disk, with an overlay for texts the caller holds (open editors). */
export function diskFileHost(overlay?: ReadonlyMap<string, string>): FileHost {
  return {
    readFile(file: string): string | undefined {
      return overlay?.get(file) ?? readTextFile(file);
    },
    trueCase: (file) => (overlay?.has(file) ? undefined : trueCase(file)),
  };
}
