/**
 * The compile cache: one file per compiler-settings key in the project's cache folder
 * (`<root>/.diamond/cache/`, decided by host/src/project.ts).
 * A hit needs the same project sources (content hashes) and the same text for every imported
 * file outside the project (node_modules, remapped libraries), re-hashed on each lookup.
 *
 * The folder is in the user's workspace, so its content is never taken on trust: anyone who can commit can
 * edit it (swap a facet's bytecode and `build` says "up to date", `deploy` puts that code on chain under the
 * facet's name). Each entry is signed with an HMAC-SHA256 under a per-user secret kept outside every
 * repository (`$XDG_CACHE_HOME/dloop-diamond-tools/build-cache.key`, else `~/.cache/…`, created 0600), over
 * the settings key and the whole entry (its input keys and its artifacts). An entry this user's tool did not
 * write, or one edited since, fails the check and is recompiled and overwritten. Without a usable secret
 * (no writable cache folder) nothing is read from or written to the cache.
 *
 * Why not move the cache out of the repository: the signature keeps it per project (deleting the project
 * deletes it, `.gitignore`d, as the project model places it) while trusting only what this user wrote; a
 * cache under the user's folder would grow with every checkout ever built and still need the same care.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { keccakHex } from '../../engine';
import type { CompileResult } from './compile-types';

const FORMAT = 2;
const MAGIC = 'dloop-diamond-tools build cache';

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

/** The user's cache folder (XDG base directories: a relative XDG_CACHE_HOME is ignored). */
export function userCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'dloop-diamond-tools');
}

const secrets = new Map<string, Buffer>();

/** The per-user signing secret, created on first use; undefined when it can be neither read nor made. */
export function cacheSecret(): Buffer | undefined {
  const file = join(userCacheDir(), 'build-cache.key');
  const known = secrets.get(file);
  if (known) return known;
  const read = (): Buffer | undefined => {
    try {
      const hex = readFileSync(file, 'utf8').trim();
      return /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : undefined;
    } catch {
      return undefined;
    }
  };
  let secret = read();
  if (!secret) {
    try {
      mkdirSync(userCacheDir(), { recursive: true, mode: 0o700 });
      // 'wx': of two processes creating it at once, one writes and both read the same key.
      writeFileSync(file, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
    } catch {
      // it exists (another process made it), or the folder is not writable: read decides
    }
    secret = read();
  }
  if (secret) secrets.set(file, secret);
  return secret;
}

function mac(secret: Buffer, settingsKey: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${settingsKey}\n`).update(payload).digest();
}

/** The entry for `settingsKey` if this user's tool wrote it and it is unchanged since; undefined otherwise. */
export function readCache(cacheDir: string, settingsKey: string): CacheEntry | undefined {
  const secret = cacheSecret();
  if (!secret) return undefined;
  let text: string;
  try {
    text = readFileSync(cacheFile(cacheDir, settingsKey), 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  const header = /^(.+) (\d+) ([0-9a-f]{64})$/.exec(text.slice(0, newline));
  if (newline < 0 || !header || header[1] !== MAGIC || Number(header[2]) !== FORMAT) return undefined;
  const payload = text.slice(newline + 1);
  const given = Buffer.from(header[3], 'hex');
  if (!timingSafeEqual(given, mac(secret, settingsKey, payload))) return undefined;
  try {
    const entry = JSON.parse(payload) as CacheEntry;
    return entry.format === FORMAT ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** Signs and writes the entry (temp file + rename). Throws when it cannot (the caller compiles uncached). */
export function writeCache(cacheDir: string, settingsKey: string, entry: Omit<CacheEntry, 'format'>): void {
  const secret = cacheSecret();
  if (!secret) throw new Error(`no build cache secret in ${userCacheDir()}`);
  mkdirSync(cacheDir, { recursive: true });
  // The cache lives in the user's workspace: keep it out of their git status.
  const ignore = `${cacheDir}/.gitignore`;
  if (!existsSync(ignore)) writeFileSync(ignore, '# written by DLOOP Diamond Tools: build cache\n*\n');
  const file = cacheFile(cacheDir, settingsKey);
  const payload = JSON.stringify({ format: FORMAT, ...entry });
  const signed = `${MAGIC} ${FORMAT} ${mac(secret, settingsKey, payload).toString('hex')}\n${payload}`;
  // Write then rename: a reader in another process never sees half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, signed);
  renameSync(tmp, file);
}
