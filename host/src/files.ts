/**
 * Node-side file access shared by the language server and the CLI (no LSP types here, so the CLI
 * may import it): engine file keys, the .sol walk, and a FileHost over the disk.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { FileHost } from '../../engine/src/service-api';

/** Folders never indexed: dependencies, VCS data and build output. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'out',
  'dist',
  'cache',
  'artifacts',
]);

/** The engine's file key: absolute, normalised, '/' separators. */
export function fileKey(path: string): string {
  const abs = resolve(path);
  return sep === '/' ? abs : abs.split(sep).join('/');
}

export function isSolidity(path: string): boolean {
  return path.endsWith('.sol');
}

/** Every .sol file below `root` (or `root` itself when it is a file), skipping SKIPPED_DIRS. Sorted. */
export function findSolidityFiles(root: string, skipped: ReadonlySet<string> = SKIPPED_DIRS): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
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
        continue; // dangling symlink, permission: skip rather than fail the whole index
      }
      if (st.isDirectory()) {
        if (!skipped.has(name)) walk(p);
      } else if (isSolidity(name)) out.push(fileKey(p));
    }
  };
  let st;
  try {
    st = statSync(root);
  } catch {
    return out;
  }
  if (st.isDirectory()) walk(root);
  else if (isSolidity(root)) out.push(fileKey(root));
  return out.sort();
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
