/**
 * The project model and the file texts of a plan, kept between plans while nothing they were read from changed.
 *
 * host's compileSourcesOf walks the project and reads its settings files (~1.3 ms for a 16-file project), and
 * each plan read every source again (~0.8 ms) although the previous plan had read the same: together a tenth of
 * the plan of a 1,000-selector diamond (BENCHMARKS.md, "Upgrade: simulate and plan"). Kept here, checked by
 * stat:
 * - the discovery, while every folder it read keeps its mtime (adding, removing or renaming an entry changes
 *   it) and every settings file it may read (diamond.config.json, remappings.txt, foundry.toml in those folders
 *   and in every folder above the compiled one) keeps its stamp, or is still absent;
 * - a file's text, while its stamp (inode, size, mtime, ctime) is the same.
 * A stamp is the file system's own: an edit changes ctime, which no tool can set back.
 */
import { statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { readTextFile } from '../../host/src/files';
import { compileSourcesOf, type CompileSources } from '../../host/src/project';
import { PROJECT_FILES } from '../../host/src/project-config';

const stat = (path: string): Stats | undefined => statSync(path, { throwIfNoEntry: false });
const stampOf = (st: Stats | undefined) => (st ? `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}` : '-');

/**
 * What the discovery of `dir` depends on, as one string: folders' mtimes and settings files' stamps; `newest`,
 * the latest mtime among them. A settings file absent from a folder the discovery read needs no stat of its own
 * once that is known (`absent`): creating or renaming it into the folder changes the folder's mtime. Folders
 * above the project are not read (their mtimes change with every file created beside the project, /tmp's
 * all the time), so their settings files are asked about one by one.
 */
function fingerprint(
  dir: string,
  dirs: readonly string[],
  absent?: ReadonlySet<string>,
): { key: string; newest: number; absent: Set<string> } {
  const parts: string[] = [];
  let newest = 0;
  const note = (st: Stats | undefined) => {
    if (st && st.mtimeMs > newest) newest = st.mtimeMs;
    return st;
  };
  // A folder's ctime too: an entry added moves it, and no tool can set it back (utimes can set the mtime back).
  for (const d of dirs) parts.push(`${d}\0${stampOf(note(stat(d)))}`);
  const settingsDirs = new Set(dirs);
  for (let d = dir; ; d = dirname(d)) {
    settingsDirs.add(d);
    if (dirname(d) === d) break;
  }
  const read = new Set(dirs);
  const nowAbsent = new Set<string>();
  for (const d of settingsDirs)
    for (const name of PROJECT_FILES) {
      const file = join(d, name);
      if (absent?.has(file)) {
        parts.push('-');
        nowAbsent.add(file);
        continue;
      }
      const st = note(stat(file));
      if (!st && read.has(d)) nowAbsent.add(file);
      parts.push(stampOf(st));
    }
  return { key: parts.join('\n'), newest, absent: nowAbsent };
}

/**
 * A folder changed this recently may change again within its mtime's resolution, or may have changed between
 * the walk and its stat ("racily clean", as git calls it): such a discovery is not kept.
 */
const RACY_MS = 1000;

interface KeptSources {
  sources: CompileSources;
  fingerprint: string;
  /** Settings files absent from the discovery's own folders when it was kept (see fingerprint). */
  absent: Set<string>;
}

/** Compiled folders kept (most recently used last); texts are kept for the files of those projects. */
const MAX_KEPT = 4;
const kept = new Map<string, KeptSources>();
const texts = new Map<string, { stamp: string; text: string | undefined }>();

/** compileSourcesOf(dir), from the last plan when nothing it was read from changed. */
export function planSources(dir: string): CompileSources {
  const entry = kept.get(dir);
  kept.delete(dir);
  if (entry && fingerprint(dir, entry.sources.dirs, entry.absent).key === entry.fingerprint) {
    kept.set(dir, entry);
    return entry.sources;
  }
  const started = Date.now();
  const sources = compileSourcesOf(dir);
  const now = fingerprint(dir, sources.dirs);
  if (now.newest < started - RACY_MS) kept.set(dir, { sources, fingerprint: now.key, absent: now.absent });
  for (const old of kept.keys()) if (kept.size > MAX_KEPT) kept.delete(old);
  trimTexts();
  return sources;
}

/** A file's text as readTextFile reads it, from the last read while its stamp is the same. */
export function planText(file: string): string | undefined {
  const stamp = stampOf(stat(file));
  const known = texts.get(file);
  if (known && known.stamp === stamp && stamp !== '-') return known.text;
  const text = readTextFile(file);
  texts.set(file, { stamp, text });
  return text;
}

/** Forgets the texts of files no kept project holds (bounded memory across many projects). */
function trimTexts(): void {
  const live = new Set<string>();
  for (const { sources } of kept.values()) for (const f of sources.files) live.add(f);
  for (const f of texts.keys()) if (!live.has(f)) texts.delete(f);
}
