/**
 * Which contracts a project's deploy scripts, deployment records and deploy configs register as facets, for the
 * engine's facet discovery (AnalysisService.setFacetRegistrations): a contract so registered is a facet whatever
 * its name.
 *
 * Read as untrusted text, never executed: each file size-capped, the walk bounded, every pattern a short bounded
 * regex or a linear scan. What counts:
 * - Hardhat scripts (.js/.ts): a string array bound to a facet-named identifier or key
 *   (`const FacetNames = ['A', 'B']`, `facets: ['A']`) or passed to a facet-named function (`deployFacets('A')`);
 *   `getContractFactory('X')` / `deployContract('X')` whose instance goes into a cut (`facetAddress: x.address`).
 * - Foundry scripts (`*.s.sol`): `new X(` whose address goes into a `FacetCut`.
 * - hardhat-deploy records (`deployments/<net>/<Name>.json`): a record whose address one of the folder's diamond
 *   records (`"facets": [{"facetAddress": …}]`) routes to.
 * - Our own deployment records (`.diamond/deployments/<chainId>/<diamond>.json`, chain/src/deployment-record.ts):
 *   their `facets[].name`.
 * - Other JSON files: a facet-named key holding an array of names (`{"facets": ["A", "B"]}`).
 * Init contracts (`DiamondInit`, `InitDiamond`: run once through diamondCut's `_init`, never cut) are left out.
 */
import { readdirSync, readFileSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join, relative } from 'node:path';
import type { FacetRegistration } from '../../engine';
import { isSkippedDir } from './files';
import { CONFIG_FILE } from './project-config';

/** Our folder in a project root (project.ts's DIAMOND_DIR; not imported: project.ts imports this file). */
const DIAMOND_DIR = '.diamond';

/** Larger files are not read (a deploy script or config is far smaller). */
const MAX_FILE_BYTES = 512 * 1024;
/** A deploy config is small; larger JSON files are data (ABIs, airdrop lists) and not read. */
const MAX_CONFIG_BYTES = 64 * 1024;
/** The walk stops after this many files looked at, and this deep. */
const MAX_FILES = 5000;
const MAX_DEPTH = 8;
/** Folders never read for registrations: vendored code and tests (they deploy what they test, not what ships). */
const NOT_DEPLOYMENT_DIRS = new Set([
  'lib',
  'test',
  'tests',
  'mocks',
  'typechain',
  'typechain-types',
  'coverage',
]);
/** How far past `[` the closing `]` of a facet name list is looked for. */
const MAX_LIST_CHARS = 8000;

const NAME = /^[A-Za-z_$][\w$]{0,99}$/;
const isInit = (name: string) => /Init/.test(name);
const facetNamed = (id: string) => /facet/i.test(id);

/** Directory entries in the order of their names' UTF-16 code units (what a bare sort() of the names gives). */
const byName = (a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every registration below `root` (sorted by source, then name; one per name and source). */
export function readFacetRegistrations(root: string): FacetRegistration[] {
  const out: FacetRegistration[] = [];
  const deploymentDirs = new Set<string>();
  let budget = MAX_FILES;
  const walk = (dir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort(byName);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (budget-- <= 0) return;
      const name = entry.name;
      const p = join(dir, name);
      // The listing says what an entry is; a link (or a file system that does not say) is stat'ed.
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let linked: Stats | undefined;
      if (!isDir && !isFile) {
        try {
          linked = statSync(p);
          isDir = linked.isDirectory();
          isFile = linked.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (depth < MAX_DEPTH && !isSkippedDir(name) && !NOT_DEPLOYMENT_DIRS.has(name)) walk(p, depth + 1);
        continue;
      }
      if (!isFile) continue;
      const source = sourceOf(root, p);
      const deployment = name.endsWith('.json') && /(^|\/)deployments\/[^/]+\/[^/]+\.json$/.test(source);
      const kind = /\.s\.sol$/.test(name)
        ? 'foundry'
        : /\.(c|m)?[jt]s$/.test(name) && !/\.(d|test|spec)\.[cm]?[jt]s$/.test(name)
          ? 'script'
          : name.endsWith('.json')
            ? 'json'
            : undefined;
      // diamond.config.json: the config's own facet lists are the engine's business (discover.ts).
      if (!deployment && (!kind || (depth === 0 && name === CONFIG_FILE))) continue;
      // Only what may be read is sized (every facet of a large tree is not stat'ed); a link was already.
      let size: number;
      try {
        size = (linked ?? statSync(p)).size;
      } catch {
        continue;
      }
      if (size > (name.endsWith('.json') ? MAX_CONFIG_BYTES : MAX_FILE_BYTES)) continue;
      if (deployment) {
        deploymentDirs.add(dir);
        continue;
      }
      const text = read(p);
      if (text === undefined) continue;
      const found =
        kind === 'foundry'
          ? foundryScriptNames(text)
          : kind === 'script'
            ? scriptNames(text)
            : jsonListNames(text);
      for (const n of found) out.push({ name: n, source });
    }
  };
  walk(root, 0);
  for (const dir of [...deploymentDirs].sort()) out.push(...hardhatDeployRecords(root, dir));
  out.push(...diamondRecords(root));
  return unique(out);
}

/**
 * The files a change to which can change the registrations (what the editor watches: scripts, Foundry scripts,
 * JSON deploy configs and records), as globs.
 */
export const REGISTRATION_GLOBS = ['**/*.{js,ts,cjs,mjs,cts,mts}', '**/*.s.sol', '**/*.json'] as const;

/**
 * Whether a file (its path relative to the project root, '/' separators) is one readFacetRegistrations reads or
 * may read: a script, Foundry script or JSON file outside vendored, test and build folders, or one of our
 * deployment records. A change to it means reading the registrations again.
 */
export function mayRegisterFacets(rel: string): boolean {
  if (/^\.diamond\/deployments\/.*\.json$/.test(rel)) return true;
  const parts = rel.split('/');
  const name = parts.pop() ?? '';
  if (parts.some((d) => isSkippedDir(d) || NOT_DEPLOYMENT_DIRS.has(d))) return false;
  if (parts.length === 0 && name === CONFIG_FILE) return false;
  return (
    /\.s\.sol$/.test(name) ||
    name.endsWith('.json') ||
    (/\.(c|m)?[jt]s$/.test(name) && !/\.(d|test|spec)\.[cm]?[jt]s$/.test(name))
  );
}

/** A path as registrations name it: relative to the project root, '/' separators. */
const sourceOf = (root: string, path: string) => relative(root, path).split('\\').join('/');

/** A JSON file's value; undefined when it cannot be read, is larger than `maxBytes` or is not JSON. */
function readJson(path: string, maxBytes: number): unknown {
  const text = read(path);
  if (text === undefined || text.length > maxBytes) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function unique(list: FacetRegistration[]): FacetRegistration[] {
  const seen = new Set<string>();
  return list
    .filter((r) => NAME.test(r.name) && !isInit(r.name))
    .filter((r) => {
      const k = `${r.source}\n${r.name}`;
      return !seen.has(k) && (seen.add(k), true);
    })
    .sort((a, b) => (a.source === b.source ? cmp(a.name, b.name) : cmp(a.source, b.source)));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The names in `[...]` lists bound to a facet-named identifier or key (`const FacetNames = ['A', 'B']`,
 * `facets: ['A']`) and in calls of a facet-named function (`deployFacets('A', 'contracts/B.sol:B')`): lists and
 * argument lists of plain strings only, each a name or `path.sol:Name`. Linear: one forward scan, the closing
 * bracket of each kind found at most once per position passed.
 */
export function facetNameLists(text: string): string[] {
  const names: string[] = [];
  const head =
    /([A-Za-z_$][\w$]{0,80})['"]?\s{0,20}(?:(?::\s{0,20}[\w$<>[\]]{1,40}\s{0,20})?[:=]\s{0,20}(\[)|(\())/g;
  const close = { ']': -1, ')': -1 };
  for (let m = head.exec(text); m; m = head.exec(text)) {
    const open = m.index + m[0].length;
    const end = m[2] ? ']' : ')';
    if (close[end] < open) close[end] = text.indexOf(end, open);
    const at = close[end];
    if (at < 0 || !facetNamed(m[1]) || at - open > MAX_LIST_CHARS) continue;
    const strings = [
      ...text.slice(open, at).matchAll(/'([^'\n]{1,300})'|"([^"\n]{1,300})"|`([^`\n$]{1,300})`/g),
    ];
    // Only plain strings: `['A', 'B']`, not objects, variables or expressions.
    if (
      !strings.length ||
      text
        .slice(open, at)
        .replace(/'[^'\n]{1,300}'|"[^"\n]{1,300}"|`[^`\n$]{1,300}`/g, '')
        .trim()
        .replace(/[\s,]/g, '')
    )
      continue;
    for (const q of strings) {
      const name = /^(?:[\w./@-]{1,300}\.sol:)?([A-Za-z_$][\w$]{0,99})$/.exec(q[1] ?? q[2] ?? q[3]);
      if (name) names.push(name[1]);
    }
    head.lastIndex = at + 1;
  }
  return names;
}

/**
 * A Hardhat script's registrations: facet name lists, and contracts whose deployed instance goes into a cut:
 * `F = getContractFactory('X')` (or `deployContract('X')`), `x = F.deploy()`, then `facetAddress: x.address`
 * (or `.target`, or `getSelectors(x)`). A contract the script deploys for anything else (an oracle, a token) is not
 * registered.
 */
export function scriptNames(text: string): string[] {
  const names = facetNameLists(text);
  const cutInstances = new Set(
    [
      ...text.matchAll(
        /\bfacetAddress\s{0,20}:\s{0,20}(?:await\s{1,20})?([A-Za-z_$][\w$]{0,99})\.(?:address|target)\b/g,
      ),
      ...text.matchAll(/\bgetSelectors\s{0,20}\(\s{0,20}([A-Za-z_$][\w$]{0,99})\s{0,20}\)/g),
      ...text.matchAll(/\bfacetAddress\s{0,20}:\s{0,20}await\s{1,20}([A-Za-z_$][\w$]{0,99})\.getAddress\(/g),
    ].map((m) => m[1]),
  );
  if (cutInstances.size === 0) return names;
  const assigned = (call: string) =>
    new RegExp(
      `\\b([A-Za-z_$][\\w$]{0,99})\\s{0,20}=\\s{0,20}(?:await\\s{1,20})?(?:[\\w$]{1,40}\\.){0,2}${call}\\s{0,20}\\(\\s{0,20}['"\`]([A-Za-z_$][\\w$]{0,99})['"\`]`,
      'g',
    );
  // Factories: `F = await ethers.getContractFactory('X')`; direct deploys: `x = await deployContract('X')`.
  const factoryOf = new Map([...text.matchAll(assigned('getContractFactory'))].map((m) => [m[1], m[2]]));
  for (const m of text.matchAll(assigned('deployContract'))) if (cutInstances.has(m[1])) names.push(m[2]);
  for (const m of text.matchAll(
    /\b([A-Za-z_$][\w$]{0,99})\s{0,20}=\s{0,20}(?:await\s{1,20})?([A-Za-z_$][\w$]{0,99})\.deploy\s{0,20}\(/g,
  )) {
    const contract = factoryOf.get(m[2]);
    if (contract !== undefined && cutInstances.has(m[1])) names.push(contract);
  }
  return names;
}

/**
 * A Foundry script's registrations: contracts created with `new X(` whose address goes into a `FacetCut`
 * (`FacetCut({facetAddress: address(x), …})`, `FacetCut(address(new X()), …)`).
 */
export function foundryScriptNames(text: string): string[] {
  if (!/\bFacetCut\b/.test(text)) return [];
  const names: string[] = [];
  const cutAddresses =
    /\bFacetCut\s{0,20}\(\s{0,20}\{?\s{0,20}(?:facetAddress\s{0,20}:\s{0,20})?address\s{0,20}\(\s{0,20}(?:new\s{1,20}([A-Za-z_$][\w$]{0,99})|([A-Za-z_$][\w$]{0,99}))\s{0,20}[()]/g;
  const cutVars = new Set<string>();
  for (const m of text.matchAll(cutAddresses)) {
    if (m[1]) names.push(m[1]);
    else cutVars.add(m[2]);
  }
  for (const m of text.matchAll(
    /\b([A-Za-z_$][\w$]{0,99})\s{0,20}=\s{0,20}new\s{1,20}([A-Za-z_$][\w$]{0,99})\s{0,20}\(/g,
  ))
    if (cutVars.has(m[1])) names.push(m[2]);
  return names;
}

/** A JSON config's facet-named keys holding arrays of names (`"facets": ["A", "B"]`). */
export function jsonListNames(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const names: string[] = [];
  const visit = (v: unknown, depth: number) => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const e of v.slice(0, 200)) visit(e, depth + 1);
      return;
    }
    for (const [k, e] of Object.entries(v).slice(0, 200)) {
      if (facetNamed(k) && Array.isArray(e) && e.every((x) => typeof x === 'string'))
        names.push(...e.filter((x: string) => NAME.test(x)));
      else visit(e, depth + 1);
    }
  };
  visit(value, 0);
  return names;
}

/** The facets our deployment records (`.diamond/deployments/…`, superseded ones included) name. */
function diamondRecords(root: string): FacetRegistration[] {
  const out: FacetRegistration[] = [];
  const visit = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort().slice(0, MAX_FILES);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      if (!name.endsWith('.json')) {
        if (depth < 2) visit(p, depth + 1);
        continue;
      }
      const record = readJson(p, MAX_FILE_BYTES * 8);
      const facets = (record as { facets?: unknown } | null)?.facets;
      if (!Array.isArray(facets)) continue;
      const source = sourceOf(root, p);
      for (const f of facets) {
        const n = (f as { name?: unknown } | null)?.name;
        if (typeof n === 'string') out.push({ name: n, source });
      }
    }
  };
  visit(join(root, DIAMOND_DIR, 'deployments'), 0);
  return out;
}

/** hardhat-deploy: in one `deployments/<net>/` folder, the records a diamond record's `facets` route to. */
function hardhatDeployRecords(root: string, dir: string): FacetRegistration[] {
  const records: { name: string; source: string; address?: string; facets?: string[] }[] = [];
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  for (const f of files.slice(0, MAX_FILES)) {
    const p = join(dir, f);
    const json = readJson(p, MAX_FILE_BYTES * 8);
    if (json === null || typeof json !== 'object') continue;
    const r = json as { address?: unknown; facets?: unknown };
    const facets = Array.isArray(r.facets)
      ? r.facets.flatMap((x: unknown) => {
          const a = (x as { facetAddress?: unknown } | null)?.facetAddress;
          return typeof a === 'string' ? [a.toLowerCase()] : [];
        })
      : undefined;
    records.push({
      name: f.slice(0, -'.json'.length),
      source: sourceOf(root, p),
      ...(typeof r.address === 'string' && { address: r.address.toLowerCase() }),
      ...(facets && { facets }),
    });
  }
  const cut = new Set(records.flatMap((r) => r.facets ?? []));
  return records
    .filter((r) => r.address !== undefined && cut.has(r.address) && !r.facets)
    .map((r) => ({ name: r.name, source: r.source }));
}
