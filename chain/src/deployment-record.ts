/**
 * Deployment records: what was deployed where, from which commit, with which runtime code and storage
 * layouts. The loupe compares against them; storage-layout checks use their layouts as the baseline of what
 * is live.
 *
 * Records accumulate, one file per diamond: `<root>/.diamond/deployments/<chainId>/<diamond>.json` (the address
 * in lower case). A second deploy to the same chain writes a second file; a second record for the same address
 * (a dev node restarted from scratch hands out the same addresses) replaces it only after the previous one is
 * copied to `<chainId>/superseded/<diamond>-<its timestamp>.json`, and the writer says so. The single file per
 * chain of earlier versions, `<root>/.diamond/deployments/<chainId>.json`, is still read as the record of the
 * diamond it names (migrated on read: never rewritten, never deleted); a new record of that diamond wins.
 *
 * The one module that writes, reads, validates and lists records: every face (the CLI's loupe and check, the
 * Facet Explorer, "Connect to Diamond…") reads through it, so a file one accepts the others accept too.
 * Only the shape the writer writes is a record; anything else (a foreign tool's file, a half-written one, a
 * hand edit) is skipped with the reason, never fatal.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FieldLayout, NamespaceEntry } from '../../engine';
import type { StorageLayout } from './compile-types';
import { recordsDirOf } from '../../host/src/project';

export interface DeployedFacet {
  name: string;
  address: string;
  /** keccak256 of the runtime code at `address` right after deployment (eth_getCode). */
  runtimeBytecodeHash: string;
  /** The facet's selectors as cut into the diamond (from its local methodIdentifiers). */
  selectors: string[];
}

export interface DeploymentRecord {
  format: 1;
  chainId: number;
  diamond: string;
  governance: string | null;
  token: string | null;
  facets: DeployedFacet[];
  /** Every other named address the deploy routine reported (init contracts, timelock, …). */
  contracts: Record<string, string>;
  storageLayouts: {
    /** solc storageLayout per deployed contract name (declared state variables only). */
    solc: Record<string, StorageLayout | null>;
    /** Namespaced layouts (diamond storage, ERC-7201) from the engine; null when it was not available. */
    namespaces: RecordedNamespace[] | null;
  };
  /** `git rev-parse HEAD` of the root when deployed; null outside git. */
  sourceCommit: string | null;
  /** ISO 8601. */
  timestamp: string;
}

/**
 * A namespace as a record keeps it: the engine's entry and, in records written since exact layouts, its
 * per-field layout (name, type, absolute slot, offset, bytes, type shape). Older records have no `fieldLayout`;
 * a `fieldLayout` of a version this reader does not know is ignored (the record stays readable).
 */
export type RecordedNamespace = NamespaceEntry & { fieldLayout?: FieldLayout };

/** A record file read: the record, or why the file is not one. */
export type DeploymentRecordRead = { ok: true; record: DeploymentRecord } | { ok: false; reason: string };

/** Where a project's records live: the project model decides (host/src/project.ts). */
export function deploymentsDir(root: string): string {
  return recordsDirOf(root);
}

/** The record file of one diamond: `<deployments>/<chainId>/<diamond, lower case>.json`. */
export function deploymentRecordPath(root: string, chainId: number, diamond: string): string {
  return join(deploymentsDir(root), String(chainId), `${diamond.toLowerCase()}.json`);
}

/** The single record file per chain that earlier versions wrote (read, never written). */
export function legacyDeploymentRecordPath(root: string, chainId: number): string {
  return join(deploymentsDir(root), `${chainId}.json`);
}

/** Where the writer keeps a record a newer one of the same diamond replaced. */
export const SUPERSEDED_DIR = 'superseded';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HASH = /^0x[0-9a-fA-F]{64}$/;
const SELECTOR = /^0x[0-9a-fA-F]{8}$/;
/** What `new Date().toISOString()` writes. */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const LEGACY_RECORD_FILE = /^(\d+)\.json$/;
const CHAIN_DIR = /^\d+$/;
const RECORD_FILE = /^(0x[0-9a-f]{40})\.json$/;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isAddressOrNull = (v: unknown): boolean => v === null || (typeof v === 'string' && ADDRESS.test(v));

const isCount = (v: unknown, max: number): boolean =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;

/** Why a recorded field layout (version 1) is not one as the writer writes it; undefined when it is. */
function layoutProblem(l: Record<string, unknown>, where: string): string | undefined {
  if (
    typeof l.match !== 'string' ||
    typeof l.slot !== 'string' ||
    !HASH.test(l.slot) ||
    typeof l.complete !== 'boolean'
  )
    return `${where} has no match, slot or complete`;
  if (!Array.isArray(l.fields)) return `${where}.fields is not a list`;
  for (const [i, f] of l.fields.entries()) {
    const ok =
      isObject(f) &&
      typeof f.name === 'string' &&
      typeof f.type === 'string' &&
      typeof f.slot === 'string' &&
      HASH.test(f.slot) &&
      isCount(f.offset, 31) &&
      isCount(f.bytes, Number.MAX_SAFE_INTEGER) &&
      isObject(f.shape) &&
      typeof f.shape.k === 'string';
    if (!ok) return `${where}.fields[${i}] is not a field (name, type, slot, offset, bytes, shape)`;
  }
  return undefined;
}

/** Why the recorded namespaces are not a list of namespaces; undefined when they are. */
function namespacesProblem(list: unknown): string | undefined {
  if (list === null) return undefined;
  if (!Array.isArray(list) || !list.every((n) => isObject(n) && typeof n.slot === 'string'))
    return 'storageLayouts.namespaces is neither a list of namespaces nor null';
  for (const [i, n] of (list as Record<string, unknown>[]).entries()) {
    if (n.fieldLayout === undefined) continue; // a record from before per-field layouts
    if (!isObject(n.fieldLayout)) return `storageLayouts.namespaces[${i}].fieldLayout is not an object`;
    if (n.fieldLayout.version !== 1) continue; // a later version: ignored by recordedFieldLayouts
    const problem = layoutProblem(n.fieldLayout, `storageLayouts.namespaces[${i}].fieldLayout`);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The per-field layouts a record kept (version 1, complete ones), for storage-layout-break; empty for a record
 * written before them (the caller then compares against the record's source commit).
 */
export function recordedFieldLayouts(record: DeploymentRecord): FieldLayout[] {
  return (record.storageLayouts.namespaces ?? []).flatMap((n) =>
    n.fieldLayout && n.fieldLayout.version === 1 && n.fieldLayout.complete ? [n.fieldLayout] : [],
  );
}

function facetProblem(f: unknown, i: number): string | undefined {
  if (!isObject(f)) return `facets[${i}] is not an object`;
  if (typeof f.name !== 'string' || f.name === '') return `facets[${i}].name is not a name`;
  if (typeof f.address !== 'string' || !ADDRESS.test(f.address))
    return `facets[${i}].address is not an address`;
  if (typeof f.runtimeBytecodeHash !== 'string' || !HASH.test(f.runtimeBytecodeHash))
    return `facets[${i}].runtimeBytecodeHash is not a 32-byte hash`;
  if (!Array.isArray(f.selectors) || !f.selectors.every((s) => typeof s === 'string' && SELECTOR.test(s)))
    return `facets[${i}].selectors is not a list of selectors`;
  return undefined;
}

/** Why `json` is not a record as writeDeploymentRecord writes it; undefined when it is one. */
function recordProblem(r: Record<string, unknown>): string | undefined {
  if (r.format !== 1) return `format is ${JSON.stringify(r.format)}, not 1`;
  if (typeof r.chainId !== 'number' || !Number.isSafeInteger(r.chainId) || r.chainId <= 0)
    return `chainId ${JSON.stringify(r.chainId)} is not a chain id (a positive whole number)`;
  if (typeof r.diamond !== 'string' || !ADDRESS.test(r.diamond)) return 'diamond is not an address';
  if (!isAddressOrNull(r.governance)) return 'governance is neither an address nor null';
  if (!isAddressOrNull(r.token)) return 'token is neither an address nor null';
  if (!Array.isArray(r.facets)) return 'facets is not a list';
  for (const [i, f] of r.facets.entries()) {
    const problem = facetProblem(f, i);
    if (problem) return problem;
  }
  if (
    !isObject(r.contracts) ||
    !Object.values(r.contracts).every((a) => typeof a === 'string' && ADDRESS.test(a))
  )
    return 'contracts is not an object of addresses';
  const layouts = r.storageLayouts;
  if (!isObject(layouts)) return 'storageLayouts is not an object';
  if (!isObject(layouts.solc) || !Object.values(layouts.solc).every((l) => l === null || isObject(l)))
    return 'storageLayouts.solc is not an object of layouts';
  const namespaces = namespacesProblem(layouts.namespaces);
  if (namespaces) return namespaces;
  if (r.sourceCommit !== null && typeof r.sourceCommit !== 'string')
    return 'sourceCommit is neither a string nor null';
  if (
    typeof r.timestamp !== 'string' ||
    !ISO_TIMESTAMP.test(r.timestamp) ||
    Number.isNaN(Date.parse(r.timestamp))
  )
    return `timestamp ${JSON.stringify(r.timestamp)} is not an ISO 8601 UTC time`;
  return undefined;
}

/** Validates parsed JSON as a record (format 1, exactly as the writer writes it). */
export function parseDeploymentRecord(json: unknown): DeploymentRecordRead {
  if (!isObject(json)) return { ok: false, reason: 'not a JSON object' };
  const problem = recordProblem(json);
  return problem ? { ok: false, reason: problem } : { ok: true, record: json as unknown as DeploymentRecord };
}

/** Reads, parses and validates one file; `expect` says what its name promises. */
function readRecordAt(
  file: string,
  expect: { chainId: number; diamond?: string; name: string },
): DeploymentRecordRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not JSON (${(err as Error).message})` };
  }
  const read = parseDeploymentRecord(json);
  if (!read.ok) return read;
  if (read.record.chainId !== expect.chainId)
    return {
      ok: false,
      reason: `the file is named ${expect.name} but the record is for chain ${read.record.chainId}`,
    };
  if (expect.diamond !== undefined && read.record.diamond.toLowerCase() !== expect.diamond)
    return {
      ok: false,
      reason: `the file is named ${expect.name} but the record is of diamond ${read.record.diamond}`,
    };
  return read;
}

/**
 * Reads one record file: `<chainId>/<diamond>.json` holding the record of that diamond on that chain, or the
 * earlier single file `<chainId>.json` holding a record of that chain.
 */
export function readDeploymentRecordFile(file: string): DeploymentRecordRead {
  const name = basename(file);
  const legacy = LEGACY_RECORD_FILE.exec(name);
  if (legacy) return readRecordAt(file, { chainId: Number(legacy[1]), name });
  const chainDir = basename(dirname(file));
  const own = RECORD_FILE.exec(name);
  if (!own || !CHAIN_DIR.test(chainDir))
    return {
      ok: false,
      reason: 'not named <chainId>/<diamond address, lower case>.json (nor <chainId>.json)',
    };
  return readRecordAt(file, { chainId: Number(chainDir), diamond: own[1], name: `${chainDir}/${name}` });
}

/**
 * The record of `diamond` on chain `chainId` in `root`: its own file, else the earlier single file of the chain
 * when that names this diamond; undefined when there is none or the file is not a record.
 */
export function readDeploymentRecord(
  root: string,
  chainId: number,
  diamond: string,
): DeploymentRecord | undefined {
  const own = readDeploymentRecordFile(deploymentRecordPath(root, chainId, diamond));
  if (own.ok) return own.record;
  const legacy = readDeploymentRecordFile(legacyDeploymentRecordPath(root, chainId));
  return legacy.ok && legacy.record.diamond.toLowerCase() === diamond.toLowerCase()
    ? legacy.record
    : undefined;
}

/** The record of `diamond` on `chainId` in the first of `dirs` that holds one. */
export function deploymentRecordFor(
  dirs: Iterable<string>,
  chainId: number,
  diamond: string,
): DeploymentRecord | undefined {
  for (const dir of dirs) {
    const record = readDeploymentRecord(dir, chainId, diamond);
    if (record) return record;
  }
  return undefined;
}

export interface ListedDeploymentRecords {
  records: { file: string; record: DeploymentRecord }[];
  /** Files in a deployments folder that are not records, with the reason (for the log). */
  skipped: { file: string; reason: string }[];
}

/** File names of a folder, sorted; none when it cannot be listed. */
function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/**
 * Every record of the roots, in root order: per root the earlier single files (`<chainId>.json`), then each
 * chain folder's records, folders and files in name order. Superseded records are not listed.
 */
export function listDeploymentRecords(roots: readonly string[]): ListedDeploymentRecords {
  const out: ListedDeploymentRecords = { records: [], skipped: [] };
  const take = (file: string) => {
    const read = readDeploymentRecordFile(file);
    if (read.ok) out.records.push({ file, record: read.record });
    else out.skipped.push({ file, reason: read.reason });
  };
  // One folder however its root is spelled (`C:\\proj` and VS Code's `c:\\proj`, a trailing separator).
  for (const dir of new Set(roots.map(deploymentsDir))) {
    const names = namesIn(dir); // no deployments folder: nothing deployed from this root
    for (const name of names) {
      const file = join(dir, name);
      if (name.endsWith('.json') && isFile(file)) take(file);
    }
    for (const name of names) {
      const chainDir = join(dir, name);
      if (!CHAIN_DIR.test(name) || !isDirectory(chainDir)) continue;
      for (const entry of namesIn(chainDir)) {
        const file = join(chainDir, entry);
        if (entry.endsWith('.json') && isFile(file)) take(file);
      }
    }
  }
  return out;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Writes `text` to `file` atomically: a temp file beside it, then a rename. */
function writeAtomically(file: string, text: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

export interface WrittenDeploymentRecord {
  /** Where the record was written. */
  file: string;
  /** Where the record it replaced (the same diamond address on the same chain) was kept; undefined when none. */
  superseded?: string;
}

/** A name for the copy of a replaced record: `<diamond>-<its timestamp>.json`, unique in its folder. */
function supersededPath(file: string, previous: Buffer): string {
  let stamp = 'unknown-time';
  try {
    const ts = (JSON.parse(previous.toString('utf8')) as { timestamp?: unknown }).timestamp;
    if (typeof ts === 'string' && ISO_TIMESTAMP.test(ts)) stamp = ts.replace(/[:.]/g, '-');
  } catch {
    // not JSON: kept under the unknown-time name
  }
  const dir = join(dirname(file), SUPERSEDED_DIR);
  const base = basename(file, '.json');
  for (let n = 0; ; n++) {
    const candidate = join(dir, `${base}-${stamp}${n ? `-${n}` : ''}.json`);
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * Writes the record atomically (temp file + rename) to its own file; refuses a record the readers would skip.
 * Never replaces a record silently: one already there for the same diamond is first copied to `superseded/`
 * (named in the result), and the earlier single file of the chain is left as it is.
 */
export function writeDeploymentRecord(root: string, record: DeploymentRecord): WrittenDeploymentRecord {
  const text = JSON.stringify(record, null, 2) + '\n';
  const check = parseDeploymentRecord(JSON.parse(text));
  if (!check.ok) throw new Error(`Not a deployment record, not written: ${check.reason}`);
  const file = deploymentRecordPath(root, record.chainId, record.diamond);
  let superseded: string | undefined;
  let previous: Buffer | undefined;
  try {
    previous = readFileSync(file);
  } catch {
    previous = undefined; // the first record of this diamond
  }
  if (previous !== undefined) {
    superseded = supersededPath(file, previous);
    writeAtomically(superseded, previous);
  }
  writeAtomically(file, text);
  return superseded ? { file, superseded } : { file };
}
