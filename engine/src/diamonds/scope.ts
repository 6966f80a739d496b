/**
 * The default scope of analysis: production code. Files under `test/`, `tests/`, `mocks/`, `mock/`, `script/`,
 * `scripts/`, `lib/` or `node_modules/` (at any depth below the project root) and files named `*.t.sol` or
 * `*.s.sol` are skipped: their contracts are never facets of a diamond, but they are still read for imports.
 * `include` path globs in diamond.config.json bring skipped files back; `exclude` path globs drop more.
 */
import type { DiamondConfig } from '../config';
import { globMatches } from '../pattern';

/** Folder names whose files are not production code (tests, mocks, scripts, vendored dependencies). */
export const SKIPPED_FOLDERS: readonly string[] = [
  'test',
  'tests',
  'mock',
  'mocks',
  'script',
  'scripts',
  'lib',
  'node_modules',
];
/** File-name endings of Foundry tests and scripts. */
export const SKIPPED_SUFFIXES: readonly string[] = ['.t.sol', '.s.sol'];

/** `file` (an engine key) relative to `root` ('/'-separated, no leading `./`); the key itself when outside it. */
export function relativeToRoot(root: string | undefined, file: string): string {
  if (root === undefined) return file;
  const base = root.endsWith('/') ? root : root + '/';
  return file.startsWith(base) ? file.slice(base.length) : file;
}

/**
 * The path the default scope reads for `file`: relative to the deepest of `roots` holding it (the folders being
 * checked, and the project root); undefined when none holds it (a file named from elsewhere: no default skip).
 */
export function scopePath(roots: readonly string[], file: string): string | undefined {
  let best: string | undefined;
  for (const r of roots) {
    const base = r.endsWith('/') ? r : r + '/';
    if (file.startsWith(base) && (best === undefined || base.length > best.length)) best = base;
  }
  return best === undefined ? undefined : file.slice(best.length);
}

/** Why a root-relative path is outside the default scope (`test/`, `*.t.sol`, …), or undefined when it is in it. */
export function defaultSkipReason(rel: string): string | undefined {
  const parts = rel.split('/');
  const name = parts[parts.length - 1];
  const suffix = SKIPPED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `*${suffix}`;
  const folder = parts.slice(0, -1).find((p) => SKIPPED_FOLDERS.includes(p.toLowerCase()));
  return folder !== undefined ? `${folder}/` : undefined;
}

/** Whether an `exclude` entry is a path glob (`test/**`, `src/Old.sol`) rather than a contract-name glob. */
export function isPathGlob(entry: string): boolean {
  return /[/.]/.test(entry);
}

/**
 * Path glob match over a root-relative path: `**` any run of folders (also none), `*` any run within one name,
 * `?` one character. A glob without `/` matches a file name at any depth. Dynamic programming: O(glob × path).
 */
export function pathGlobMatches(glob: string, rel: string): boolean {
  const g = glob.startsWith('./') ? glob.slice(2) : glob.includes('/') ? glob : `**/${glob}`;
  // A folder glob (`test/`, `test/**`) matches everything below it.
  const pattern = g.endsWith('/') ? g + '**' : g;
  const memo = new Map<number, boolean>();
  const match = (pi: number, si: number): boolean => {
    const key = pi * (rel.length + 1) + si;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (pi === pattern.length) result = si === rel.length;
    else if (pattern.startsWith('**', pi)) {
      const next = pattern[pi + 2] === '/' ? pi + 3 : pi + 2;
      // Zero folders, or skip one character at a time (crossing '/').
      result = match(next, si) || (si < rel.length && match(pi, si + 1));
    } else if (pattern[pi] === '*') {
      result = match(pi + 1, si) || (si < rel.length && rel[si] !== '/' && match(pi, si + 1));
    } else if (pattern[pi] === '?') {
      result = si < rel.length && rel[si] !== '/' && match(pi + 1, si + 1);
    } else result = si < rel.length && rel[si] === pattern[pi] && match(pi + 1, si + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** Whether a contract named `name` in root-relative file `rel` is excluded by the config's `exclude` entries. */
export function isExcludedBy(exclude: readonly string[], name: string, rel: string): boolean {
  return exclude.some((e) => (isPathGlob(e) ? pathGlobMatches(e, rel) : globMatches(e, name)));
}

/**
 * Whether the file is analysed as production code: `rel` is relative to the project root (what `include` and path
 * `exclude` globs match), `scopeRel` relative to the folder being checked (what the default scope reads, so that
 * checking `test/fixtures/x` looks at the folders below it).
 */
export function inScope(
  rel: string,
  config: Pick<DiamondConfig, 'include' | 'exclude'>,
  scopeRel: string | undefined = rel,
): boolean {
  if (config.exclude.some((e) => isPathGlob(e) && pathGlobMatches(e, rel))) return false;
  if (scopeRel === undefined || defaultSkipReason(scopeRel) === undefined) return true;
  return (config.include ?? []).some((e) => pathGlobMatches(e, rel));
}
