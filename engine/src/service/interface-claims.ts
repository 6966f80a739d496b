/**
 * interface-incomplete's input: which ERC-165 interfaces each diamond claims, read from its code (claim-sites.ts),
 * the interfaces the engine knows (interface-registry.ts), and the selectors it routes; with a connected diamond
 * also its live claims (live-interface-claims.ts).
 *
 * A claim belongs to the diamonds whose folder holds its file (the deepest), else to the diamonds of which its
 * contract is a facet or the diamond contract, else to every diamond when there is one, or when the config lists
 * them without folders (versions of one diamond). Claims of interfaces the engine does not know are counted
 * (`unknown`: a check's summary says them).
 */
import type {
  InterfaceClaim,
  InterfaceRuleInput,
  UnattributedClaim,
  UnknownClaim,
} from '../rules/interface-incomplete';
import type { SelectorRuleInput } from '../rules/selector-conflicts';
import type { LiveDiamond } from '../vocabulary';
import { claimSites } from './claim-sites';
import { interfaceRegistry } from './interface-registry';
import { liveInterfaces } from './live-interface-claims';
import type { ServiceState } from './state';

/** `supportsInterface(bytes4)`. */
const SUPPORTS_INTERFACE = '0x01ffc9a7';

export function interfaceRuleInput(
  s: ServiceState,
  selectors: SelectorRuleInput,
  live?: LiveDiamond,
): InterfaceRuleInput {
  const diamonds = s.diamonds
    .map((d, i) => ({ d, i }))
    // Nothing is known of a diamond without facets or diamond contract: what it routes is not seen.
    .filter(({ d }) => !d.ownFile && (d.facets.length > 0 || d.proxy !== undefined));
  // Facets the inference could attach to no diamond (a shared facets/ folder: no AppStorage, no diamond contract)
  // may be cut into any inferred diamond: what they expose counts as routable there.
  const unattached = diamonds.filter(({ d }) => d.source === 'inferred' && d.basis === 'folder' && !d.proxy);
  const facetSelectors = (i: number) =>
    selectors.diamonds[i].facets.flatMap((f) => f.functions.map((e) => e.selector));
  // What a diamond routes: built only for a diamond something claims for (most edits: none).
  const routedOf = (x: (typeof diamonds)[number]) =>
    new Set([
      ...facetSelectors(x.i),
      ...(x.d.source === 'inferred'
        ? unattached.filter((u) => u !== x).flatMap((u) => facetSelectors(u.i))
        : []),
    ]);
  const known = interfaceRegistry(s);
  const liveInput =
    live?.interfaces &&
    liveInterfaces(
      s,
      live,
      known,
      diamonds.map((x) => x.d),
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
    diamonds: diamonds.map((x) => {
      const cs = claims.get(x)!;
      return { name: x.d.name, routed: cs.length ? routedOf(x) : new Set<string>(), claims: cs };
    }),
    unattributed,
    unknown,
    ...(liveInput && { live: liveInput }),
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
