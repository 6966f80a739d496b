/**
 * The compile edge of the project model: which files and remappings a compile takes is decided by
 * host/src/project.ts (compileSourcesOf); here they become what solc-js wants (source unit names relative
 * to the compiled folder, remappings in those names) and solc's import requests map back to files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { formatRemapping, type Remapping } from '../../engine';

/** Source unit name of a file under root: relative with '/' separators (solc's convention). */
export function unitNameOf(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

/** An absolute path below `base` as a unit name (keeping a trailing '/'); any other path as it is. */
function asUnitPath(base: string, path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = unitNameOf(base, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return path;
  return path.endsWith('/') && rel !== '' ? `${rel}/` : rel;
}

/**
 * The project's remappings (absolute, as analysis resolves them) for solc compiling with `base` as its base
 * path: contexts and targets below base become unit names, so a remapped file under the project is the same
 * unit as when compiled as a source; those outside stay absolute (solc reads them through the import
 * callback). Order kept: solc, like the engine, lets the later one win on equal context and prefix.
 */
export function solcRemappings(base: string, remappings: readonly Remapping[]): string[] {
  const list = remappings.map((r) =>
    formatRemapping({
      context: r.context ? asUnitPath(base, r.context) : '',
      prefix: r.prefix,
      target: asUnitPath(base, r.target),
    }),
  );
  return [...new Set(list)];
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
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
