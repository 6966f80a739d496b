/**
 * Which namespaces can collide: those of one diamond (declared in files its facets reach through imports), and
 * among themselves those of no diamond (project code no facet uses). Two diamonds are two storages: the same slot
 * in each is no collision.
 */
import { storageVariables, structOfVariable } from './appstorage';
import type { StorageRuleContext } from './context';
import type { Namespace } from './namespaces';
import { declKey } from './view';

/** The sets of namespaces within which a shared slot is a collision (one per diamond, then the rest). */
export function namespaceUniverses(
  ctx: Pick<StorageRuleContext, 'namespaces' | 'diamondFiles' | 'facetGroups' | 'view'>,
): Namespace[][] {
  const files = ctx.diamondFiles;
  if (!files || files.length === 0) return [[...ctx.namespaces]];
  // Each diamond's AppStorage structs: another diamond's AppStorage (reached through an import for a type) is
  // not this diamond's storage, wherever it is placed.
  const appStorage = ctx.facetGroups.map((group) => {
    const keys = new Set<string>();
    for (const facet of group) {
      const first = storageVariables(ctx.view, facet)[0];
      const struct = first && structOfVariable(ctx.view, first);
      if (struct) keys.add(declKey(struct.scope, struct.def.name));
    }
    return keys;
  });
  const anyAppStorage = new Set(appStorage.flatMap((k) => [...k]));
  const foreign = (ns: Namespace, i: number) => {
    const key = ns.struct && declKey(ns.struct.scope, ns.struct.def.name);
    return key !== undefined && anyAppStorage.has(key) && !appStorage[i].has(key);
  };
  const inNone: Namespace[] = [];
  const out: Namespace[][] = files.map(() => []);
  for (const ns of ctx.namespaces) {
    let placed = false;
    files.forEach((set, i) => {
      if (set.has(ns.entry.file) && !foreign(ns, i)) {
        out[i].push(ns);
        placed = true;
      }
    });
    if (!placed) inNone.push(ns);
  }
  return [...out, inNone].filter((u) => u.length > 0);
}
