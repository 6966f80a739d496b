/**
 * Which namespaces can collide: those of one diamond (declared in files its facets reach through imports), and
 * among themselves those of no diamond (project code no facet uses). Two diamonds are two storages: the same slot
 * in each is no collision.
 */
import type { StorageRuleContext } from './context';
import type { Namespace } from './namespaces';

/** The sets of namespaces within which a shared slot is a collision (one per diamond, then the rest). */
export function namespaceUniverses(ctx: Pick<StorageRuleContext, 'namespaces' | 'diamondFiles'>): Namespace[][] {
  const files = ctx.diamondFiles;
  if (!files || files.length === 0) return [[...ctx.namespaces]];
  const inNone: Namespace[] = [];
  const out: Namespace[][] = files.map(() => []);
  for (const ns of ctx.namespaces) {
    let placed = false;
    files.forEach((set, i) => {
      if (set.has(ns.entry.file)) {
        out[i].push(ns);
        placed = true;
      }
    });
    if (!placed) inNone.push(ns);
  }
  return [...out, inNone].filter((u) => u.length > 0);
}
