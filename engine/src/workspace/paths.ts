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
