/**
 * interface-incomplete's live input: a connected diamond's `supportsInterface` answers (read by the faces through
 * chain/src/interface-support.ts, handed over in `LiveDiamond.interfaces`) are claims checked against the live
 * routing, at the diamond's source: the diamond contract of the local diamond whose facets carry the live facets'
 * names, else the local claim of that id, else its first facet.
 */
import type { Place } from '../findings';
import type { LiveInterfaceInput } from '../rules/interface-incomplete';
import type { LiveDiamond } from '../vocabulary';
import { claimSites } from './claim-sites';
import type { InterfaceRegistry } from './interface-registry';
import type { ContractEntry, ServiceState } from './state';

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
export function liveInterfaces(
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
  const routed = new Set(live.facets.flatMap((f) => f.selectors.map((sel) => sel.toLowerCase())));
  // The diamond contract's own external functions answer before its fallback, without being in the loupe (a
  // diamond implementing supportsInterface itself): routed, as in the local check. A false error costs more.
  if (local?.proxy) for (const e of s.selectors.of(local.proxy)) routed.add(e.selector);
  return { chainId: live.chainId, address: live.address, routed, claims };
}
