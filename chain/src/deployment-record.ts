/**
 * The deployment record `<root>/.diamond/deployments/<chainId>.json`: what was deployed where, from which
 * commit, with which runtime code and storage layouts. The loupe compares against it; storage-layout checks
 * use its layouts as the baseline of what is live.
 *
 * The one module that writes, reads, validates and lists records: every face (the CLI's loupe and check, the
 * Facet Explorer, "Connect to Diamond…") reads through it, so a file one accepts the others accept too.
 * Only the shape the writer writes is a record; anything else (a foreign tool's file, a half-written one, a
 * hand edit) is skipped with the reason, never fatal.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { NamespaceEntry } from '../../engine';
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
    namespaces: NamespaceEntry[] | null;
  };
  /** `git rev-parse HEAD` of the root when deployed; null outside git. */
  sourceCommit: string | null;
  /** ISO 8601. */
  timestamp: string;
}

/** A record file read: the record, or why the file is not one. */
export type DeploymentRecordRead = { ok: true; record: DeploymentRecord } | { ok: false; reason: string };

/** Where a project's records live: the project model decides (host/src/project.ts). */
export function deploymentsDir(root: string): string {
  return recordsDirOf(root);
}

export function deploymentRecordPath(root: string, chainId: number): string {
  return join(deploymentsDir(root), `${chainId}.json`);
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HASH = /^0x[0-9a-fA-F]{64}$/;
const SELECTOR = /^0x[0-9a-fA-F]{8}$/;
/** What `new Date().toISOString()` writes. */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const RECORD_FILE = /^(\d+)\.json$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isAddressOrNull = (v: unknown): boolean => v === null || (typeof v === 'string' && ADDRESS.test(v));

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
  if (!isObject(r.contracts) || !Object.values(r.contracts).every((a) => typeof a === 'string' && ADDRESS.test(a)))
    return 'contracts is not an object of addresses';
  const layouts = r.storageLayouts;
  if (!isObject(layouts)) return 'storageLayouts is not an object';
  if (!isObject(layouts.solc) || !Object.values(layouts.solc).every((l) => l === null || isObject(l)))
    return 'storageLayouts.solc is not an object of layouts';
  if (
    layouts.namespaces !== null &&
    !(Array.isArray(layouts.namespaces) && layouts.namespaces.every((n) => isObject(n) && typeof n.slot === 'string'))
  )
    return 'storageLayouts.namespaces is neither a list of namespaces nor null';
  if (r.sourceCommit !== null && typeof r.sourceCommit !== 'string') return 'sourceCommit is neither a string nor null';
  if (typeof r.timestamp !== 'string' || !ISO_TIMESTAMP.test(r.timestamp) || Number.isNaN(Date.parse(r.timestamp)))
    return `timestamp ${JSON.stringify(r.timestamp)} is not an ISO 8601 UTC time`;
  return undefined;
}

/** Validates parsed JSON as a record (format 1, exactly as the writer writes it). */
export function parseDeploymentRecord(json: unknown): DeploymentRecordRead {
  if (!isObject(json)) return { ok: false, reason: 'not a JSON object' };
  const problem = recordProblem(json);
  return problem ? { ok: false, reason: problem } : { ok: true, record: json as unknown as DeploymentRecord };
}

/** Reads one record file: `<chainId>.json` holding a record of that chain. */
export function readDeploymentRecordFile(file: string): DeploymentRecordRead {
  const name = RECORD_FILE.exec(basename(file));
  if (!name) return { ok: false, reason: 'not named <chainId>.json' };
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
  if (read.ok && read.record.chainId !== Number(name[1]))
    return { ok: false, reason: `the file is named ${name[0]} but the record is for chain ${read.record.chainId}` };
  return read;
}

/** The record of chain `chainId` in `root`; undefined when there is none or the file is not a record. */
export function readDeploymentRecord(root: string, chainId: number): DeploymentRecord | undefined {
  const read = readDeploymentRecordFile(deploymentRecordPath(root, chainId));
  return read.ok ? read.record : undefined;
}

/** The record of `diamond` on `chainId` in the first of `dirs` that holds one. */
export function deploymentRecordFor(
  dirs: Iterable<string>,
  chainId: number,
  diamond: string,
): DeploymentRecord | undefined {
  for (const dir of dirs) {
    const record = readDeploymentRecord(dir, chainId);
    if (record && record.diamond.toLowerCase() === diamond.toLowerCase()) return record;
  }
  return undefined;
}

export interface ListedDeploymentRecords {
  records: { file: string; record: DeploymentRecord }[];
  /** Files in a deployments folder that are not records, with the reason (for the log). */
  skipped: { file: string; reason: string }[];
}

/** Every `<root>/.diamond/deployments/*.json` of the roots, in root order then file name order. */
export function listDeploymentRecords(roots: readonly string[]): ListedDeploymentRecords {
  const out: ListedDeploymentRecords = { records: [], skipped: [] };
  for (const root of new Set(roots)) {
    const dir = deploymentsDir(root);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue; // no deployments folder: nothing deployed from this root
    }
    for (const name of names) {
      const file = join(dir, name);
      if (!name.endsWith('.json') || !isFile(file)) continue;
      const read = readDeploymentRecordFile(file);
      if (read.ok) out.records.push({ file, record: read.record });
      else out.skipped.push({ file, reason: read.reason });
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

/** Writes the record atomically (temp file + rename); refuses a record the readers would skip. */
export function writeDeploymentRecord(root: string, record: DeploymentRecord): string {
  const text = JSON.stringify(record, null, 2) + '\n';
  const check = parseDeploymentRecord(JSON.parse(text));
  if (!check.ok) throw new Error(`Not a deployment record, not written: ${check.reason}`);
  const file = deploymentRecordPath(root, record.chainId);
  mkdirSync(deploymentsDir(root), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  return file;
}
