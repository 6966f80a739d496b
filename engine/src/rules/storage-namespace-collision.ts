/**
 * Rule namespace-collision: two different namespace declarations resolve to the same slot (the
 * same string hashed in two libraries, or a literal equal to another's hash), or one slot constant
 * has two different structs placed at it. Either way the layouts overwrite each other.
 */
import type { Finding } from '../findings';
import type { StorageRuleContext } from '../storage/context';
import type { Namespace } from '../storage/namespaces';
import { namespaceUniverses } from '../storage/namespace-scope';
import { qualified } from '../storage/view';
import { describe, placeOf, short } from './storage-describe';

export function runNamespaceCollision(ctx: StorageRuleContext): Finding[] {
  // Within one diamond only (namespace-scope.ts); a namespace two diamonds share is reported once per place.
  const seen = new Set<string>();
  return namespaceUniverses(ctx)
    .flatMap((namespaces) => collisionsAmong({ ...ctx, namespaces }))
    .filter((f) => {
      const key = `${f.file}\0${f.start}\0${f.message}`;
      return !seen.has(key) && !!seen.add(key);
    });
}

function collisionsAmong(ctx: StorageRuleContext): Finding[] {
  const bySlot = new Map<string, Namespace[]>();
  for (const ns of ctx.namespaces) {
    // Transient slots live in another address space.
    if (ns.transient) continue;
    bySlot.set(ns.entry.slot, [...(bySlot.get(ns.entry.slot) ?? []), ns]);
  }
  const out: Finding[] = [];
  for (const group of bySlot.values()) {
    if (group.length < 2 || !disagree(group)) continue;
    for (const ns of group) {
      const others = group.filter((o) => o !== ns);
      out.push({
        rule: 'namespace-collision',
        severity: 'error',
        ...placeOf(ns),
        message: `${describe(ns)} resolves to slot ${short(ns.entry.slot)}, the same as ${others.map(describe).join(', ')}: their layouts overwrite each other`,
        related: others.map((o) => ({ ...placeOf(o), message: `${describe(o)} is declared here` })),
      });
    }
  }
  for (const ns of ctx.namespaces) {
    if (!ns.struct || ns.otherStructs.length === 0 || ns.transient) continue;
    const all = [ns.struct, ...ns.otherStructs];
    const names = all.map((s) => `\`${qualified(s.scope, s.def.name)}\``).join(' and ');
    out.push({
      rule: 'namespace-collision',
      severity: 'error',
      ...placeOf(ns),
      message: `${describe(ns)} has different structs placed at it (${names}): they overwrite each other`,
      related: all.map((s) => ({
        file: s.scope.file,
        start: s.def.nameSpan.start,
        end: s.def.nameSpan.end,
        message: `struct \`${qualified(s.scope, s.def.name)}\``,
      })),
    });
  }
  return out;
}

/**
 * Declarations at one slot conflict unless they all place the same struct (AppStorage reached from a
 * facet and from a library, say). Facets disagreeing on their AppStorage struct is the facet rule's
 * finding, not this one's.
 */
function disagree(group: Namespace[]): boolean {
  if (group.every((ns) => ns.entry.scheme === 'appstorage')) return false;
  const first = group[0].struct?.def;
  return group.some((ns) => !ns.struct || ns.struct.def !== first || ns.otherStructs.length > 0);
}
