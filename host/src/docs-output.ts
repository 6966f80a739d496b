/**
 * The documentation folder on disk (`diamond docs`, "Diamond: Generate Documentation"): how the generated
 * files (engine `docsFiles`) compare with what is committed there, and writing them. Only names the generator
 * owns are touched: its pages, its JSON and `map-*.svg`; a leftover map (a diamond renamed or gone) counts as
 * stale and is removed on write. Nothing else in the folder is read or deleted.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocsFile } from '../../engine';

/** Folder the docs go to by default, relative to the project root. */
export const DEFAULT_DOCS_DIR = 'docs/diamond';

/** What writing `files` would do to one name of the folder. */
export interface DocsFileState {
  name: string;
  state: 'new' | 'changed' | 'same' | 'leftover';
}

/** A generator-owned name that the present generation would not write (maps of diamonds that are gone). */
const isGeneratedMap = (name: string) => /^map-[a-z0-9-]+\.svg$/.test(name);

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Each file's state against the folder, then the leftovers; sorted by name. */
export function compareDocs(dir: string, files: readonly DocsFile[]): DocsFileState[] {
  const out: DocsFileState[] = files.map((f) => {
    const now = readOrUndefined(join(dir, f.name));
    return { name: f.name, state: now === undefined ? 'new' : now === f.text ? 'same' : 'changed' };
  });
  const names = new Set(files.map((f) => f.name));
  const present = existsSync(dir) ? readdirSync(dir) : [];
  for (const name of present.sort())
    if (isGeneratedMap(name) && !names.has(name)) out.push({ name, state: 'leftover' });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Writes the files that are new or changed and removes leftover maps; returns what it did. */
export function writeDocs(dir: string, files: readonly DocsFile[]): DocsFileState[] {
  const states = compareDocs(dir, files);
  mkdirSync(dir, { recursive: true });
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const s of states) {
    if (s.state === 'new' || s.state === 'changed')
      writeFileSync(join(dir, s.name), byName.get(s.name)!.text);
    else if (s.state === 'leftover') rmSync(join(dir, s.name), { force: true });
  }
  return states;
}
