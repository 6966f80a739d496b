/** File keys: absolute paths with '/' separators, `.` and `..` resolved. Pure string work (no `path` module). */

export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
}

/**
 * Normalises separators to '/', collapses '//', resolves '.' and '..' segments, and lower-cases a Windows drive
 * letter (VS Code URIs say `c:`, Node paths `C:`: both must give the same file key). A Windows network path
 * (`\\server\share\…`, the key `//server/share/…`) keeps its two leading slashes.
 */
export function normalizePath(p: string): string {
  // Keys are normalised again at every lookup (tens of thousands per edit at 500 files): answer those at once.
  if (isNormalized(p)) return p;
  const s = p.replace(/\\/g, '/').replace(/^([A-Z]):/, (_m, d: string) => `${d.toLowerCase()}:`);
  const lead = /^\/\/[^/]/.test(s) ? '//' : s.startsWith('/') ? '/' : '';
  const out: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!lead && !/^[A-Za-z]:$/.test(out[0] ?? '')) out.push('..');
      continue;
    }
    out.push(seg);
  }
  return lead + out.join('/');
}

/**
 * Whether `normalizePath(p) === p` without building it: no backslash, no empty, `.` or `..` segment, no
 * trailing '/', no upper-case drive letter. Character codes only: no allocation.
 */
function isNormalized(p: string): boolean {
  const n = p.length;
  if (n === 0) return true;
  const c0 = p.charCodeAt(0);
  if (c0 >= 65 && c0 <= 90 && p.charCodeAt(1) === 58 /* : */) return false;
  let segStart = c0 === 47 ? 1 : 0;
  if (segStart === 1 && n === 1) return true;
  for (let i = segStart; i <= n; i++) {
    const c = i < n ? p.charCodeAt(i) : 47;
    if (c === 92 /* \ */) return false;
    if (c !== 47) continue;
    const len = i - segStart;
    if (len === 0) return false;
    if (p.charCodeAt(segStart) === 46 && (len === 1 || (len === 2 && p.charCodeAt(segStart + 1) === 46)))
      return false;
    segStart = i + 1;
  }
  return true;
}

/** The folder holding `file` ('/' for a file at the root). */
export function dirname(file: string): string {
  const i = file.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return file.slice(0, i);
}

export function joinPath(dir: string, rel: string): string {
  return normalizePath(dir.endsWith('/') ? dir + rel : `${dir}/${rel}`);
}
