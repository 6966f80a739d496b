/**
 * Import remappings (`[context:]prefix=target`) as solc applies them: among the remappings whose context is a
 * prefix of the importing file and whose prefix is a prefix of the import path, the longest context wins, then the
 * longest prefix, then the one given last. Relative contexts and targets are resolved against the folder of the
 * file that declared them (remappings.txt, foundry.toml, or the project root for settings), since our file keys are
 * absolute paths. The caller reads the files; these helpers only parse text.
 */
import { isAbsolutePath, joinPath, normalizePath } from './paths';

export interface Remapping {
  /** Absolute folder/file prefix of the importing files it applies to; '' for all. */
  context: string;
  /** Import path prefix, as written (e.g. '@openzeppelin/'). */
  prefix: string;
  /** What replaces the prefix: absolute when a base folder was known. */
  target: string;
}

function resolveAgainst(baseDir: string | undefined, p: string): string {
  if (!p || (!isAbsolutePath(p) && baseDir === undefined)) return p;
  // An absolute path becomes a file key too (`C:\\proj\\lib\\` → `c:/proj/lib/`), so it prefixes the keys it is matched to.
  const keepSlash = /[\\/]$/.test(p);
  const abs = isAbsolutePath(p) ? normalizePath(p) : joinPath(baseDir!, p);
  return keepSlash && !abs.endsWith('/') ? abs + '/' : abs;
}

/** Where the context ends in `[context:]prefix`: the first ':' that is not a Windows drive's (`C:\\proj\\src:@lib/`). */
function contextColon(left: string): number {
  return left.indexOf(':', /^\s*[A-Za-z]:[\\/]/.test(left) ? left.indexOf(':') + 1 : 0);
}

/** Parses one `[context:]prefix=target` line; undefined when it is not a remapping. */
export function parseRemapping(line: string, baseDir?: string): Remapping | undefined {
  const s = line.trim();
  const eq = s.indexOf('=');
  if (eq <= 0) return undefined;
  const left = s.slice(0, eq);
  const target = s.slice(eq + 1).trim();
  const colon = contextColon(left);
  const context = colon >= 0 ? left.slice(0, colon).trim() : '';
  const prefix = (colon >= 0 ? left.slice(colon + 1) : left).trim();
  if (!prefix) return undefined;
  return { context: resolveAgainst(baseDir, context), prefix, target: resolveAgainst(baseDir, target) };
}

/** The `[context:]prefix=target` text of a remapping (how remappings.txt and solc write one). */
export function formatRemapping(r: Remapping): string {
  return `${r.context ? `${r.context}:` : ''}${r.prefix}=${r.target}`;
}

/** remappings.txt: one remapping a line; blank lines and `#` comments ignored. */
export function parseRemappingsTxt(text: string, baseDir?: string): Remapping[] {
  const out: Remapping[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const r = parseRemapping(line, baseDir);
    if (r) out.push(r);
  }
  return out;
}

/** Drops a `#` comment from a TOML line, leaving `#` inside quoted strings alone. */
function stripTomlComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return line.slice(0, i);
  }
  return line;
}

/** foundry.toml: the strings of every `remappings = [ ... ]` array (any profile), in order. */
export function parseFoundryTomlRemappings(text: string, baseDir?: string): Remapping[] {
  const out: Remapping[] = [];
  const noComments = text.split(/\r?\n/).map(stripTomlComment).join('\n');
  for (const m of noComments.matchAll(/(^|\n)\s*remappings\s*=\s*\[([\s\S]*?)\]/g)) {
    for (const s of m[2].matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)) {
      const r = parseRemapping(s[1] ?? s[2] ?? '', baseDir);
      if (r) out.push(r);
    }
  }
  return out;
}

/** Applies the best matching remapping to `importPath` imported from `fromFile`; undefined when none matches. */
export function applyRemappings(
  remappings: readonly Remapping[],
  fromFile: string,
  importPath: string,
): string | undefined {
  let best: Remapping | undefined;
  for (const r of remappings) {
    if (r.context && !fromFile.startsWith(r.context)) continue;
    if (!importPath.startsWith(r.prefix)) continue;
    if (best) {
      if (r.context.length < best.context.length) continue;
      if (r.context.length === best.context.length && r.prefix.length < best.prefix.length) continue;
    }
    best = r;
  }
  if (!best) return undefined;
  return normalizePath(best.target + importPath.slice(best.prefix.length));
}
