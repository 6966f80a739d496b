/**
 * The compile cache: one JSON file per compiler-settings key in the project's cache folder
 * (`<root>/.diamond/cache/`, decided by host/src/project.ts).
 * A hit needs the same project sources (content hashes) and the same text for every imported
 * file outside the project (node_modules, remapped libraries), re-hashed on each lookup.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keccakHex } from '../../engine';
import type { CompileResult } from './compile-types';

const FORMAT = 1;

export interface CacheEntry {
  format: number;
  /** Hash of the sorted (unit name, content hash) pairs of the project's own sources. */
  projectKey: string;
  /** Imported units read through the resolver: unit name → content hash when compiled. */
  externals: Record<string, string>;
  result: CompileResult;
}

export function contentHash(text: string): string {
  return keccakHex(text);
}

/** One key for a set of named texts, independent of their order. */
export function sourcesKey(sources: ReadonlyMap<string, string>): string {
  const parts = [...sources.entries()].map(([unit, text]) => `${unit}\0${contentHash(text)}`).sort();
  return keccakHex(parts.join('\n'));
}

function cacheFile(cacheDir: string, settingsKey: string): string {
  return join(cacheDir, `compile-${settingsKey.slice(2, 18)}.json`);
}

export function readCache(cacheDir: string, settingsKey: string): CacheEntry | undefined {
  try {
    const entry = JSON.parse(readFileSync(cacheFile(cacheDir, settingsKey), 'utf8')) as CacheEntry;
    return entry.format === FORMAT ? entry : undefined;
  } catch {
    return undefined;
  }
}

export function writeCache(cacheDir: string, settingsKey: string, entry: Omit<CacheEntry, 'format'>): void {
  mkdirSync(cacheDir, { recursive: true });
  // The cache lives in the user's workspace: keep it out of their git status.
  const ignore = `${cacheDir}/.gitignore`;
  if (!existsSync(ignore)) writeFileSync(ignore, '# written by DLOOP Diamond Tools: build cache\n*\n');
  const file = cacheFile(cacheDir, settingsKey);
  // Write then rename: a reader in another process never sees half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ format: FORMAT, ...entry }));
  renameSync(tmp, file);
}
