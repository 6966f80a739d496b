/**
 * Which files a compile sees: the project's `.sol` files, remappings, and how solc's import
 * requests map to files (relative to the root, then `node_modules` walking up).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseFoundryTomlRemappings, parseRemappingsTxt, type Remapping } from '../../engine';

/** Folders never searched for sources: dependencies, VCS, and build output of common toolchains. */
const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'dist', 'cache', 'artifacts']);

/** Every `.sol` file under root (absolute paths, sorted). Hidden folders (.diamond, .tools, …) are skipped too. */
export function findSolidityFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name));
      } else if (e.isFile() && e.name.endsWith('.sol')) {
        out.push(join(dir, e.name));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** Source unit name of a file under root: relative with '/' separators (solc's convention). */
export function unitNameOf(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

const asSolcRemapping = (r: Remapping): string =>
  `${r.context ? `${r.context}:` : ''}${r.prefix}=${r.target}`;

/**
 * Remappings for solc: remappings.txt, then foundry.toml, then the caller's, without duplicates
 * (parsed by the engine's workspace helpers, so analysis and compile read them alike). Targets
 * stay relative to root: solc turns them into unit names the import resolver reads under root.
 */
export function readRemappings(root: string, extra: readonly string[] = []): string[] {
  const list: string[] = [];
  const txt = readText(join(root, 'remappings.txt'));
  if (txt) list.push(...parseRemappingsTxt(txt).map(asSolcRemapping));
  const toml = readText(join(root, 'foundry.toml'));
  if (toml) list.push(...parseFoundryTomlRemappings(toml).map(asSolcRemapping));
  list.push(...extra);
  return [...new Set(list.filter((r) => r.includes('=')))];
}

export interface ResolvedImport {
  contents: string;
  /** The file it was read from (absolute), or undefined for an unsaved buffer with no file. */
  file: string;
}

/**
 * Maps a source unit name solc asks for (after its own remapping and relative-path handling)
 * to text: an unsaved buffer, a file under root, an absolute path, or `node_modules/<name>`
 * in root or any folder above it (how npm packages such as @openzeppelin/contracts resolve).
 */
export function createImportResolver(
  root: string,
  buffers: ReadonlyMap<string, string>,
): (unitName: string) => ResolvedImport | undefined {
  const candidates = (unit: string): string[] => {
    const list = [isAbsolute(unit) ? unit : resolve(root, unit)];
    if (!isAbsolute(unit) && !unit.startsWith('.')) {
      for (let dir = root; ; dir = dirname(dir)) {
        list.push(join(dir, 'node_modules', unit));
        if (dirname(dir) === dir) break;
      }
    }
    return list;
  };
  return (unit) => {
    for (const file of candidates(unit)) {
      const buffered = buffers.get(file);
      if (buffered !== undefined) return { contents: buffered, file };
      if (existsSync(file)) {
        const contents = readText(file);
        if (contents !== undefined) return { contents, file };
      }
    }
    return undefined;
  };
}

/** Unsaved buffers keyed by absolute path (keys may be given relative to root). */
export function normaliseBuffers(
  root: string,
  sources: Record<string, string> | undefined,
): Map<string, string> {
  const map = new Map<string, string>();
  for (const [k, v] of Object.entries(sources ?? {}))
    map.set(isAbsolute(k) ? resolve(k) : resolve(root, k), v);
  return map;
}
