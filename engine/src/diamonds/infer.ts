/**
 * Diamond inference: without `diamonds` in diamond.config.json, which facets form which diamond, read from the
 * code rather than assumed to be one diamond:
 * - facets whose AppStorage is the same struct declaration are one diamond; different structs (even of the same
 *   name) are different diamonds;
 * - a facet without AppStorage joins the AppStorage diamond whose folder holds it (the deepest), else the facets
 *   of its folder (a trailing `facets/` folder is the diamond's folder's);
 * - contracts of the same name in different folders are never one diamond;
 * - a diamond contract (a delegating `fallback`, or a known diamond base) in the diamond's folder is its proxy.
 * What was ambiguous is said in `notes` (the faces print it once, with how to pin it in the config).
 */
import type { ContractInfo, DiamondFacets, InferenceNote } from './types';

/** What the inference reads about each facet and diamond contract (computed by the service from the code). */
export interface InferenceInput<C extends ContractInfo> {
  /** The facets of the project, in file order. */
  facets: readonly C[];
  /** Diamond contracts (proxies) of the project. */
  proxies: readonly C[];
  /** A key of the AppStorage struct declaration the contract puts at slot 0, if any. */
  appStorage(c: C): string | undefined;
  /** The file's path relative to the project root. */
  rel(file: string): string;
}

export interface Inference<C extends ContractInfo> {
  diamonds: DiamondFacets<C>[];
  /** Ambiguities, each a sentence (the faces print them once, as information). */
  notes: InferenceNote<C>[];
}

const FACET_FOLDERS = new Set(['facets', 'facet']);

/** The folder a facet's diamond lives in: its file's folder, without a trailing `facets/` (or its own-named folder). */
export function diamondFolder(rel: string, name?: string): string {
  const parts = rel.split('/').slice(0, -1);
  // `sun/SeasonFacet/SeasonFacet.sol`: a folder per facet.
  if (name !== undefined && parts.length && parts[parts.length - 1] === name) parts.pop();
  while (parts.length && FACET_FOLDERS.has(parts[parts.length - 1].toLowerCase())) parts.pop();
  return parts.join('/');
}

function within(folder: string, rel: string): boolean {
  return folder === '' || rel === folder || rel.startsWith(folder + '/');
}

function commonFolder(folders: readonly string[]): string {
  if (folders.length === 0) return '';
  let parts = folders[0].split('/');
  for (const f of folders.slice(1)) {
    const other = f.split('/');
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.filter((p) => p !== '').join('/');
}

interface Group<C> {
  key: string;
  folder: string;
  facets: C[];
  how: string;
  proxy?: C;
}

export function inferDiamonds<C extends ContractInfo>(input: InferenceInput<C>): Inference<C> {
  const notes: InferenceNote<C>[] = [];
  const folderOf = (c: C) => diamondFolder(input.rel(c.file), c.name);
  // 0. A diamond contract owns the facets below its folder (the deepest one; two in one folder own none).
  const proxyFolders = input.proxies.map((p) => ({ p, folder: diamondFolder(input.rel(p.file)) }));
  const ownerOf = (c: C): C | undefined => {
    const rel = input.rel(c.file);
    const holders = proxyFolders.filter((x) => x.folder !== '' && within(x.folder, rel));
    const depth = Math.max(-1, ...holders.map((x) => x.folder.length));
    const deepest = holders.filter((x) => x.folder.length === depth);
    return deepest.length === 1 ? deepest[0].p : undefined;
  };
  // 1. One group per AppStorage struct declaration (and owning diamond contract).
  const byStorage = new Map<string, Group<C>>();
  const rest: C[] = [];
  for (const c of input.facets) {
    const storage = input.appStorage(c);
    if (storage === undefined) {
      rest.push(c);
      continue;
    }
    const owner = ownerOf(c);
    const key = `${owner ? `${owner.file}#${owner.name}` : ''}|${storage}`;
    let g = byStorage.get(key);
    if (!g)
      byStorage.set(
        key,
        (g = { key: 'as:' + storage, folder: '', facets: [], how: 'AppStorage', proxy: owner }),
      );
    g.facets.push(c);
  }
  const storageGroups = [...byStorage.values()];
  for (const g of storageGroups)
    g.folder = g.proxy ? diamondFolder(input.rel(g.proxy.file)) : commonFolder(g.facets.map(folderOf));
  // 2. Facets without AppStorage: the deepest AppStorage diamond whose folder holds them, else their folder.
  const byFolder = new Map<string, Group<C>>();
  for (const c of rest) {
    const rel = input.rel(c.file);
    const owner = ownerOf(c);
    const holders = storageGroups.filter(
      (g) => (owner === undefined || g.proxy === owner) && g.folder !== '' && within(g.folder, rel),
    );
    const depth = Math.max(-1, ...holders.map((g) => g.folder.length));
    const deepest = holders.filter((g) => g.folder.length === depth);
    // Several AppStorage diamonds under one diamond contract (a migration's facets beside the live ones): the
    // facet joins the largest, which is the diamond contract's main storage.
    const sameOwner = deepest.length > 1 && owner !== undefined && deepest.every((g) => g.proxy === owner);
    if (deepest.length === 1 || sameOwner) {
      deepest.reduce((m, g) => (g.facets.length > m.facets.length ? g : m)).facets.push(c);
      continue;
    }
    const folder = owner ? diamondFolder(input.rel(owner.file)) : folderOf(c);
    let g = byFolder.get(folder);
    if (!g)
      byFolder.set(folder, (g = { key: 'dir:' + folder, folder, facets: [], how: 'folder', proxy: owner }));
    g.facets.push(c);
  }
  // Folder groups nested in another folder group are one diamond (facets/ and facets/extra/).
  const folderGroups = [...byFolder.values()].sort((a, b) => a.folder.length - b.folder.length);
  const merged: Group<C>[] = [];
  for (const g of folderGroups) {
    const outer = merged.filter((m) => m.proxy === g.proxy && within(m.folder, g.folder)).pop();
    if (outer) outer.facets.push(...g.facets);
    else merged.push(g);
  }
  // 3. Same-named contracts in different files are never one diamond: split such a group by folder.
  const groups: Group<C>[] = [];
  for (const g of [...storageGroups, ...merged]) groups.push(...splitRepeatedNames(g, folderOf, notes));
  // 4. Other proxies: a diamond contract with the group's AppStorage, else the one in (or above) the group's folder.
  const taken = new Set<C>(groups.flatMap((g) => (g.proxy ? [g.proxy] : [])));
  for (const p of input.proxies) {
    if (taken.has(p)) continue;
    const key = input.appStorage(p);
    const byKey = key !== undefined ? groups.filter((g) => !g.proxy && g.key === 'as:' + key) : [];
    const folder = diamondFolder(input.rel(p.file));
    // A diamond contract above the facets (contracts/Diamond.sol for contracts/facets/), never one below them.
    const near = groups
      .filter((g) => !g.proxy && within(folder, g.folder))
      .sort((a, b) => b.folder.length - a.folder.length);
    const pick =
      byKey.length === 1
        ? byKey[0]
        : near.length && (near.length === 1 || near[0].folder.length > near[1].folder.length)
          ? near[0]
          : undefined;
    if (!pick) continue;
    if (pick.proxy) {
      notes.push({
        text: `diamond contracts ${pick.proxy.name} and ${p.name} both fit the facets in ${pick.folder || 'the project root'}: neither is used; name it with "proxy"`,
        at: p,
      });
      pick.proxy = undefined;
      continue;
    }
    pick.proxy = p;
    taken.add(p);
  }
  // 5. Names: the proxy's, else the folder's, unique (the largest group of a name keeps it plain).
  const used = new Set<string>();
  const live = groups.filter((g) => g.facets.length > 0);
  const names = new Map<Group<C>, string>();
  for (const g of [...live].sort((a, b) => b.facets.length - a.facets.length)) {
    let name = g.proxy?.name ?? (live.length === 1 ? 'Diamond' : lastSegment(g.folder) || 'Diamond');
    if (used.has(name)) name = `${name} (${commonFolder(g.facets.map(folderOf)) || g.folder || '.'})`;
    used.add(name);
    names.set(g, name);
  }
  const diamonds = live.map((g): DiamondFacets<C> => {
    const name = names.get(g)!;
    const evidence =
      g.how === 'AppStorage'
        ? `facets sharing one AppStorage struct${g.folder ? ` in ${g.folder}/` : ''}`
        : `facets in ${g.folder ? g.folder + '/' : 'the project root'}`;
    return {
      name,
      facets: [...g.facets].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
      missing: [],
      proxy: g.proxy,
      folder: g.folder,
      source: 'inferred',
      evidence,
      basis: g.how === 'AppStorage' ? 'AppStorage' : 'folder',
    };
  });
  if (diamonds.length > 1) {
    notes.push({
      text:
        `${diamonds.length} diamonds inferred (${diamonds.map((d) => `${d.name}: ${d.evidence}`).join('; ')}); ` +
        'conflicts are checked within each one. Pin them in diamond.config.json ("diamond init" writes this inference)',
      // The first facet of the project (in file order) carries what was inferred for the whole project.
      at: diamonds
        .flatMap((d) => d.facets)
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))[0],
    });
  }
  return { diamonds, notes };
}

function lastSegment(folder: string): string {
  const parts = folder.split('/').filter((p) => p !== '' && !['contracts', 'src'].includes(p.toLowerCase()));
  return parts.length ? parts[parts.length - 1] : '';
}

function splitRepeatedNames<C extends ContractInfo>(
  g: Group<C>,
  folderOf: (c: C) => string,
  notes: InferenceNote<C>[],
): Group<C>[] {
  const names = new Map<string, C[]>();
  for (const c of g.facets) names.set(c.name, [...(names.get(c.name) ?? []), c]);
  const repeated = [...names.entries()].filter(([, cs]) => cs.length > 1);
  if (repeated.length === 0) return [g];
  const parts = new Map<string, Group<C>>();
  for (const c of g.facets) {
    const folder = folderOf(c);
    let part = parts.get(folder);
    if (!part)
      parts.set(
        folder,
        (part = { key: `${g.key}|${folder}`, folder, facets: [], how: g.how, proxy: g.proxy }),
      );
    part.facets.push(c);
  }
  notes.push({
    text:
      `${repeated.map(([n]) => n).join(', ')} ${repeated.length > 1 ? 'are' : 'is'} declared in several folders ` +
      `(${[...parts.keys()].map((f) => f || '.').join(', ')}): each folder is checked as its own diamond`,
    // The first declaration of the first repeated name.
    at: repeated[0][1][0],
  });
  return [...parts.values()];
}
