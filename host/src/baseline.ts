/**
 * Baseline sources for storage-layout-break: the .sol files of a workspace folder as they were
 * at a git ref (default HEAD), or in a folder holding an older copy of the tree.
 * Git runs as a child process here, never in the engine. The ref never reaches git's argument
 * parser as an option (`--end-of-options`, and a leading '-' is refused outright).
 */
import { coerceBaseline } from '../../shared/settings';
import { execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileKey, findSolidityFiles, readTextFile } from './files';

export interface Baseline {
  /** Engine file key (as the file is in the working tree) → baseline text. */
  files: Map<string, string>;
  /** Human description: 'git HEAD (3 files)'. */
  description: string;
}

function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((res, rej) => {
    execFile(cmd, args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) rej(new Error(stderr.trim() || err.message));
      else res(stdout);
    });
  });
}

/** `git cat-file --batch`: many blobs in one process; the object ids go on stdin, not argv. */
function catBlobs(ids: string[], cwd: string): Promise<Map<string, string>> {
  return new Promise((res, rej) => {
    const p = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => chunks.push(d));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', rej);
    p.on('close', (code) => {
      if (code !== 0) return rej(new Error(stderr.trim() || `git cat-file exited with ${code}`));
      const buf = Buffer.concat(chunks);
      const out = new Map<string, string>();
      let i = 0;
      while (i < buf.length) {
        const nl = buf.indexOf(10, i);
        if (nl < 0) break;
        const [id, type, size] = buf.toString('utf8', i, nl).split(' ');
        i = nl + 1;
        if (type === 'missing' || size === undefined) continue;
        const n = Number(size);
        out.set(id, buf.toString('utf8', i, i + n));
        i += n + 1; // content + '\n'
      }
      res(out);
    });
    p.stdin.end(ids.join('\n') + '\n');
  });
}

/**
 * A git revision the baseline may name: the editor's `diamond.baseline` rule (shared/settings.ts), so the CLI's
 * `--baseline` and the settings refuse the same things (options, ranges, white space, control characters).
 */
export function isSafeRef(ref: string): boolean {
  return ref !== '' && !ref.startsWith('/') && !ref.startsWith('.') && coerceBaseline(ref) === ref;
}

async function fromGit(folder: string, ref: string): Promise<Baseline> {
  if (!isSafeRef(ref)) throw new Error(`"${ref}" is not a usable git ref`);
  const top = (await run('git', ['rev-parse', '--show-toplevel'], folder)).trim();
  const listing = await run('git', ['ls-tree', '-r', '-z', '--full-name', '--end-of-options', ref], top);
  const wanted: { id: string; key: string }[] = [];
  const folderKey = fileKey(folder);
  for (const rec of listing.split('\0')) {
    // "<mode> <type> <id>\t<path>"
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const [, type, id] = rec.slice(0, tab).split(' ');
    const path = rec.slice(tab + 1);
    if (type !== 'blob' || !path.endsWith('.sol')) continue;
    const key = fileKey(join(top, path));
    if (key === folderKey || key.startsWith(folderKey.endsWith('/') ? folderKey : folderKey + '/')) {
      wanted.push({ id, key });
    }
  }
  const blobs = await catBlobs(
    wanted.map((w) => w.id),
    top,
  );
  const files = new Map<string, string>();
  for (const w of wanted) {
    const text = blobs.get(w.id);
    if (text !== undefined) files.set(w.key, text);
  }
  return { files, description: `git ${ref} (${files.size} files)` };
}

function fromDirectory(folder: string, dir: string): Baseline {
  // The directory is an older copy of the workspace folder: dir/x/Y.sol stands for folder/x/Y.sol.
  const files = new Map<string, string>();
  for (const f of findSolidityFiles(dir)) {
    const text = readTextFile(f);
    if (text !== undefined) files.set(fileKey(join(folder, relative(dir, f))), text);
  }
  return { files, description: `folder ${dir} (${files.size} files)` };
}

/** Whether `spec` names a folder (read as files) rather than a git ref. */
export function isBaselineFolder(folder: string, spec: string): boolean {
  const s = spec.trim();
  if (s === '') return false;
  const asDir = isAbsolute(s) ? s : resolve(folder, s);
  return existsSync(asDir) && statSync(asDir).isDirectory() && (s.includes('/') || s.startsWith('.'));
}

/**
 * `spec`: a folder path (absolute, or relative to `folder`) or a git ref. '' → no baseline.
 * 'origin/main' is a ref, './old' or '/snapshots/v1' a folder; a bare word is a ref (a folder
 * of that name is used when git cannot read it).
 * Throws with a readable message when the ref or folder cannot be read.
 */
export async function readBaseline(folder: string, spec: string): Promise<Baseline | undefined> {
  const s = spec.trim();
  if (s === '') return undefined;
  const asDir = isAbsolute(s) ? s : resolve(folder, s);
  if (isBaselineFolder(folder, s)) return fromDirectory(folder, asDir);
  try {
    return await fromGit(folder, s);
  } catch (e) {
    if (existsSync(asDir) && statSync(asDir).isDirectory()) return fromDirectory(folder, asDir);
    throw e;
  }
}
