/**
 * interface-incomplete's input: which ERC-165 interfaces each diamond claims, read from its code, and the
 * selectors it routes. Claims are read from the text of production files (function bodies are not parsed),
 * comments blanked, in three bounded shapes: `supportedInterfaces[<id>] = true` (the EIP-2535 reference init),
 * `_setSupportsInterface(<id>, true)` (solidstate) and `interfaceId == <id>` (a supportsInterface that compares);
 * `<id>` is `type(I).interfaceId`, a 4-byte hex literal or `bytes4(<hex>)`. An interface is known by its
 * declaration in the workspace (the id is the XOR of the selectors it declares itself) or, for the standard ones,
 * by its signatures (selectors/interface-id.ts); one whose functions' selectors cannot all be computed is skipped.
 *
 * A claim belongs to the diamonds whose folder holds its file (the deepest), else to the diamonds of which its
 * contract is a facet or the diamond contract, else to every diamond when there is one, or when the config lists
 * them without folders (versions of one diamond).
 *
 * A connected diamond's `supportsInterface` answers (read by the faces through chain/src/interface-support.ts,
 * handed over in `LiveDiamond.interfaces`) are live claims: checked against the live routing, at the diamond's
 * source (the local diamond whose facets carry the live facets' names).
 */
import type { Place } from '../findings';
import type {
  InterfaceClaim,
  InterfaceRuleInput,
  LiveInterfaceInput,
  UnattributedClaim,
  UnknownClaim,
} from '../rules/interface-incomplete';
import type { SelectorRuleInput } from '../rules/selector-conflicts';
import { interfaceIdOf, STANDARD_INTERFACES, standardInterface } from '../selectors/interface-id';
import type { LiveDiamond } from '../vocabulary';
import type { ContractEntry, ServiceState } from './state';

const KEY = String.raw`(?:type\s*\(\s*([A-Za-z_$][\w$]{0,99})\s*\)\s*\.\s*interfaceId|(?:bytes4\s*\(\s*)?(0x[0-9a-fA-F]{8})(?![0-9a-fA-F])\s*\)?)`;
const CLAIMS = new RegExp(
  [
    String.raw`supportedInterfaces\s*\[\s*${KEY}\s*\]\s*=\s*true\b`,
    String.raw`_setSupportsInterface\s*\(\s*${KEY}\s*,\s*true\s*\)`,
    String.raw`\b[A-Za-z_$]{0,20}[iI]nterface[iI]d_?\s*==\s*${KEY}`,
  ].join('|'),
  'g',
);

/** The text with comments replaced by spaces (offsets kept); strings are skipped over, not blanked. */
export function blankComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

export interface KnownId {
  name: string;
  id: string;
  functions: { selector: string; signature: string }[];
  declaration?: InterfaceClaim['declaration'];
}

/** A workspace interface's id from the functions it declares itself; undefined when one has no selector. */
function declaredInterface(s: ServiceState, c: ContractEntry): KnownId | undefined {
  const own = s.selectors.of(c).filter((e) => e.declaredIn === c.name && e.kind === 'function');
  const declared = c.contract.functions.filter((f) => f.kind === 'function').length;
  if (own.length !== declared || own.length === 0) return undefined;
  const functions = own.map((e) => ({ selector: e.selector, signature: e.signature }));
  return {
    name: c.name,
    id: interfaceIdOf(functions.map((f) => f.selector)),
    functions,
    declaration: { file: c.file, start: c.contract.nameSpan.start, end: c.contract.nameSpan.end },
  };
}

/** What the engine knows of interfaces: the workspace's declared ones (by their own functions), then the standard ones. */
export interface InterfaceRegistry {
  byName(name: string): KnownId | undefined;
  /** By '0x' + 8 hex digits, any case. */
  byId(id: string): KnownId | undefined;
  /** Every known interface, one per id (a workspace declaration before a standard one). */
  all(): KnownId[];
}

export function interfaceRegistry(s: ServiceState): InterfaceRegistry {
  const interfaces = s.contracts.filter((c) => c.kind === 'interface');
  let byId: Map<string, KnownId> | undefined;
  const ids = (): Map<string, KnownId> => {
    if (byId) return byId;
    byId = new Map();
    for (const c of interfaces) {
      const k = declaredInterface(s, c);
      if (k && !byId.has(k.id)) byId.set(k.id, k);
    }
    for (const std of STANDARD_INTERFACES) {
      const k = standardInterface({ name: std.name })!;
      if (!byId.has(k.id)) byId.set(k.id, k);
    }
    return byId;
  };
  return {
    byName(name) {
      const decl = interfaces.find((c) => c.name === name);
      return decl ? declaredInterface(s, decl) : standardInterface({ name });
    },
    byId: (id) => ids().get(id.toLowerCase()),
    all: () => [...ids().values()],
  };
}

/** A claim in the code: where, and the interface by name (`type(I).interfaceId`) or by hex id. */
interface ClaimSite extends Place {
  name?: string;
  hex?: string;
}

/** Every claim in production files, in file order. */
function* claimSites(s: ServiceState): Generator<ClaimSite> {
  for (const file of s.ws.files()) {
    if (!s.evidence.inScope(file)) continue;
    const text = s.ws.text(file);
    if (text === undefined || !/interfaceId|supportedInterfaces|_setSupportsInterface/i.test(text)) continue;
    for (const m of blankComments(text).matchAll(CLAIMS)) {
      const name = m[1] ?? m[3] ?? m[5];
      const hex = m[2] ?? m[4] ?? m[6];
      yield {
        file,
        start: m.index,
        end: m.index + m[0].length,
        ...(name !== undefined ? { name } : { hex }),
      };
    }
  }
}

/** `supportsInterface(bytes4)`. */
const SUPPORTS_INTERFACE = '0x01ffc9a7';

export function interfaceRuleInput(
  s: ServiceState,
  selectors: SelectorRuleInput,
  live?: LiveDiamond,
): InterfaceRuleInput {
  const all = s.diamonds
    .map((d, i) => ({
      d,
      routed: new Set(selectors.diamonds[i].facets.flatMap((f) => f.functions.map((e) => e.selector))),
    }))
    // Nothing is known of a diamond without facets or diamond contract: what it routes is not seen.
    .filter(({ d }) => !d.ownFile && (d.facets.length > 0 || d.proxy !== undefined));
  // Facets the inference could attach to no diamond (a shared facets/ folder: no AppStorage, no diamond contract)
  // may be cut into any inferred diamond: what they expose counts as routable there.
  const unattached = all.filter(({ d }) => d.source === 'inferred' && d.basis === 'folder' && !d.proxy);
  const diamonds = all.map((x) => {
    if (x.d.source !== 'inferred') return x;
    const routed = new Set(x.routed);
    for (const u of unattached) if (u !== x) for (const sel of u.routed) routed.add(sel);
    return { d: x.d, routed };
  });
  const known = interfaceRegistry(s);
  const liveInput =
    live?.interfaces &&
    liveInterfaces(
      s,
      live,
      known,
      all.map((x) => x.d),
    );
  if (diamonds.length === 0) return { diamonds: [], ...(liveInput && { live: liveInput }) };
  const claims = new Map<(typeof diamonds)[number], InterfaceClaim[]>(diamonds.map((x) => [x, []]));
  const unattributed: UnattributedClaim[] = [];
  const unknown: UnknownClaim[] = [];
  const configuredWithoutFolders = diamonds.every(({ d }) => d.source === 'config' && !d.folder);
  const ownersByFile = new Map<string, (typeof diamonds)[number][]>();
  for (const site of claimSites(s)) {
    const { file, start, end } = site;
    const k = site.name !== undefined ? known.byName(site.name) : known.byId(site.hex!);
    let owners = ownersByFile.get(file);
    if (!owners) ownersByFile.set(file, (owners = ownersOf(s, diamonds, file, configuredWithoutFolders)));
    const claimer = s.contracts.find(
      (c) => c.file === file && c.contract.span.start <= start && start < c.contract.span.end,
    );
    const selfAnswering = () =>
      claimer !== undefined && s.selectors.of(claimer).some((e) => e.selector === SUPPORTS_INTERFACE);
    if (!k) {
      // Not known (an id no workspace interface or standard one has, an interface whose selectors cannot all
      // be computed): not checked, and counted so that a check says so. A contract answering for itself among
      // no diamond claims nothing about a diamond.
      if (owners.length || !selfAnswering())
        unknown.push({
          file,
          start,
          end,
          interface: site.name ?? site.hex!.toLowerCase(),
          claimedIn: claimer?.name ?? s.evidence.rel(file),
        });
      continue;
    }
    // A contract that claims what it implements itself (a facet's supportsInterface, a diamond contract
    // registering its own functions) routes those functions to itself.
    // Claimed where no diamond can be told (an init outside every diamond's folder among several): not
    // checked, and said so (never silence). A contract answering supportsInterface itself (a token, a Safe
    // guard) makes a claim about itself, not about a diamond: nothing to say.
    if (owners.length === 0) {
      if (selfAnswering()) continue;
      unattributed.push({
        file,
        start,
        end,
        interfaceName: k.name,
        id: k.id,
        claimedIn: claimer?.name ?? s.evidence.rel(file),
        candidates: diamonds.map((x) => x.d.name),
      });
      continue;
    }
    const own = new Set(claimer ? s.selectors.of(claimer).map((e) => e.selector) : []);
    const functions = k.functions.filter((f) => !own.has(f.selector));
    for (const o of owners)
      claims.get(o)!.push({
        file,
        start,
        end,
        interfaceName: k.name,
        id: k.id,
        functions,
        claimedIn: claimer?.name ?? s.evidence.rel(file),
        ...(k.declaration && { declaration: k.declaration }),
      });
  }
  return {
    diamonds: diamonds.map((x) => ({ name: x.d.name, routed: x.routed, claims: claims.get(x)! })),
    unattributed,
    unknown,
    ...(liveInput && { live: liveInput }),
  };
}

type Diamond = ServiceState['diamonds'][number];

/** The local diamond the connected one is: the most of its live facets' names, else the only one. */
function localDiamondOf(live: LiveDiamond, diamonds: readonly Diamond[]): Diamond | undefined {
  const names = new Set(live.facets.flatMap((f) => (f.name ? [f.name] : [])));
  let best: Diamond | undefined;
  let score = 0;
  for (const d of diamonds) {
    const n = d.facets.filter((f) => names.has(f.name)).length;
    if (n > score) [best, score] = [d, n];
  }
  return best ?? (diamonds.length === 1 ? diamonds[0] : undefined);
}

/** Where a live finding sits: the diamond contract, else the local claim of that id, else the diamond's first facet. */
function liveAnchor(
  s: ServiceState,
  d: Diamond | undefined,
  id: string,
  known: InterfaceRegistry,
): Place | undefined {
  const nameOf = (c: ContractEntry): Place => ({
    file: c.file,
    start: c.contract.nameSpan.start,
    end: c.contract.nameSpan.end,
  });
  if (d?.proxy) return nameOf(d.proxy);
  const inFolder = (c: ContractEntry) => {
    if (d?.folder === undefined || d.folder === '') return true;
    return s.evidence.rel(c.file).startsWith(d.folder + '/');
  };
  const proxy = s.contracts
    .filter((c) => s.evidence.inScope(c.file) && s.evidence.isDiamondContract(c) && inFolder(c))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))[0];
  if (proxy) return nameOf(proxy);
  for (const site of claimSites(s)) {
    const k = site.name !== undefined ? known.byName(site.name) : known.byId(site.hex!);
    if (k?.id === id) return { file: site.file, start: site.start, end: site.end };
  }
  const first = d?.facets[0] ?? s.diamonds.find((x) => x.facets.length)?.facets[0];
  return first && nameOf(first);
}

/** interface-incomplete's live input: what the connected diamond answers true for, against its live routing. */
function liveInterfaces(
  s: ServiceState,
  live: LiveDiamond,
  known: InterfaceRegistry,
  diamonds: readonly Diamond[],
): LiveInterfaceInput | undefined {
  const local = localDiamondOf(live, diamonds);
  const claims: LiveInterfaceInput['claims'][number][] = [];
  for (const answer of live.interfaces ?? []) {
    if (!answer.supported) continue;
    const k = known.byId(answer.id);
    const at = k && liveAnchor(s, local, k.id, known);
    if (!k || !at) continue;
    claims.push({
      interfaceName: k.name,
      id: k.id,
      functions: k.functions,
      at,
      ...(k.declaration && { declaration: k.declaration }),
    });
  }
  return {
    chainId: live.chainId,
    address: live.address,
    routed: new Set(live.facets.flatMap((f) => f.selectors.map((sel) => sel.toLowerCase()))),
    claims,
  };
}

function ownersOf<D extends { d: ServiceState['diamonds'][number] }>(
  s: ServiceState,
  diamonds: readonly D[],
  file: string,
  configuredWithoutFolders: boolean,
): D[] {
  const rel = s.evidence.rel(file);
  const holders = diamonds.filter(
    ({ d }) => d.folder !== undefined && (d.folder === '' || rel.startsWith(d.folder + '/')),
  );
  if (holders.length) {
    const depth = Math.max(...holders.map(({ d }) => d.folder!.length));
    const deepest = holders.filter(({ d }) => d.folder!.length === depth);
    // The project root holds every diamond: that says nothing when there are several.
    if (deepest.length === 1) return deepest;
    // Several diamonds of one folder (a migration's AppStorage beside the live one, under one diamond
    // contract): the largest is the diamond's main one.
    if (depth > 0) return [deepest.reduce((m, x) => (x.d.facets.length > m.d.facets.length ? x : m))];
  }
  const byRole = diamonds.filter(({ d }) => d.facets.some((f) => f.file === file) || d.proxy?.file === file);
  if (byRole.length) return byRole;
  return diamonds.length === 1 || configuredWithoutFolders ? [...diamonds] : [];
}
