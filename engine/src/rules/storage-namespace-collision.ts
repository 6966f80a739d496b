/**
 * Rule namespace-collision: two namespace declarations resolve to the same slot (the same string
 * hashed in two libraries, or a literal equal to another's hash), or one slot constant has several
 * structs placed at it, and the structs placed there differ.
 *
 * What is a collision (layout-compat.ts): structs of the same layout at one slot share state on
 * purpose (two libraries over one namespace, flattened copies of one library): no finding, the hover
 * says who shares. A struct that only appends fields to the others is an extension: a warning naming
 * it. Anything else overwrites: an error. A slot constant nothing places a struct at (an EIP-1967
 * admin slot read with `sload`, a script's constant) is no namespace here.
 */
import type { Finding, Severity } from '../findings';
import type { StorageRuleContext } from '../storage/context';
import { relateLayouts, type LayoutRelation } from '../storage/layout-compat';
import type { Namespace, StructRef } from '../storage/namespaces';
import { qualified } from '../storage/view';
import { describe, placeOf, short } from './storage-describe';

export function runNamespaceCollision(ctx: StorageRuleContext): Finding[] {
  const bySlot = new Map<string, Namespace[]>();
  for (const ns of ctx.namespaces) {
    // Transient slots live in another address space; a slot no struct is placed at holds no layout.
    if (ns.transient || !ns.struct) continue;
    bySlot.set(ns.entry.slot, [...(bySlot.get(ns.entry.slot) ?? []), ns]);
  }
  const out: Finding[] = [];
  for (const group of bySlot.values()) {
    // AppStorage reached from several facets is one struct at slot 0; disagreeing facets are the facet rule's.
    if (group.length < 2 || group.every((ns) => ns.entry.scheme === 'appstorage')) continue;
    const relation = relateLayouts(ctx.view, group.flatMap(structsOf));
    if (relation.kind === 'same') continue;
    for (const ns of group) {
      const others = group.filter((o) => o !== ns);
      out.push({
        rule: 'namespace-collision',
        ...verdict(
          relation,
          `${describe(ns)} resolves to slot ${short(ns.entry.slot)}, the same as ${others.map(describe).join(', ')}`,
        ),
        ...placeOf(ns),
        related: others.map((o) => ({ ...placeOf(o), message: `${describe(o)} is declared here` })),
      });
    }
  }
  for (const ns of ctx.namespaces) {
    if (!ns.struct || ns.otherStructs.length === 0 || ns.transient) continue;
    const all = structsOf(ns);
    const relation = relateLayouts(ctx.view, all);
    if (relation.kind === 'same') continue;
    const names = all.map((s) => `\`${structName(s)}\``).join(' and ');
    out.push({
      rule: 'namespace-collision',
      ...verdict(
        relation,
        `${describe(ns)} has ${relation.kind === 'different' ? 'different' : 'several'} structs placed at it (${names})`,
        'they',
      ),
      ...placeOf(ns),
      related: all.map((s) => ({
        file: s.scope.file,
        start: s.def.nameSpan.start,
        end: s.def.nameSpan.end,
        message: `struct \`${structName(s)}\``,
      })),
    });
  }
  return out;
}

function structsOf(ns: Namespace): StructRef[] {
  return ns.struct ? [ns.struct, ...ns.otherStructs] : [];
}

const structName = (s: StructRef) => qualified(s.scope, s.def.name);

/** Severity and message ending for a relation other than 'same'. */
function verdict(
  relation: Exclude<LayoutRelation, { kind: 'same' }>,
  subject: string,
  who = 'their layouts',
): { severity: Severity; message: string } {
  if (relation.kind === 'different')
    return { severity: 'error', message: `${subject}: ${who} overwrite each other` };
  const added = relation.added.map((f) => `\`${f}\``).join(', ');
  return {
    severity: 'warning',
    message:
      `${subject}: \`${structName(relation.longest)}\` extends the others' layout (appends ${added}); ` +
      'fine if every reader of the shorter struct only needs its fields, and nothing else is appended there',
  };
}
