/**
 * Rule storage-layout-break: a namespace's struct changed incompatibly against the baseline
 * (inserted, removed, reordered or retyped fields, an embedded struct that grew before other
 * fields). Namespaces are matched by id, else by slot (AppStorage by struct name). A namespace whose
 * id changed is not compared here: that is namespace-orphaned's job.
 */
import type { Finding } from '../findings';
import type { StorageRuleContext } from '../storage/context';
import { structLayout } from '../storage/layout';
import { diffLayout, type LayoutChange } from '../storage/layout-diff';
import type { Namespace } from '../storage/namespaces';
import type { StorageView } from '../storage/view';
import { describe, placeOf } from './storage-describe';

export function runStorageLayoutBreak(ctx: StorageRuleContext): Finding[] {
  if (!ctx.baseline) return [];
  const before = new Map<string, Namespace>();
  for (const b of ctx.baseline.namespaces)
    if (b.struct && !before.has(matchKey(b))) before.set(matchKey(b), b);
  const out: Finding[] = [];
  for (const ns of ctx.namespaces) {
    const b = ns.struct && before.get(matchKey(ns));
    if (!b) continue;
    for (const change of namespaceChanges(ctx.baseline.view, b, ctx.view, ns)) {
      if (!change.breaking) continue;
      out.push({
        rule: 'storage-layout-break',
        severity: 'error',
        ...change.place,
        message: `layout of \`${ns.entry.struct}\` (${what(ns)}) changed against the baseline: ${change.message}`,
        related: [{ ...placeOf(ns), message: `${what(ns)} is declared here` }],
      });
    }
  }
  return out;
}

/** The full edit script of one namespace between two workspaces (safe changes included). */
export function namespaceChanges(
  baseView: StorageView,
  base: Namespace,
  view: StorageView,
  cur: Namespace,
): LayoutChange[] {
  if (!base.struct || !cur.struct) return [];
  const structPlace = {
    file: cur.struct.scope.file,
    start: cur.struct.def.nameSpan.start,
    end: cur.struct.def.nameSpan.end,
  };
  return diffLayout(structLayout(baseView, base.struct), structLayout(view, cur.struct), structPlace);
}

const what = (ns: Namespace) =>
  ns.entry.scheme === 'appstorage' ? describe(ns) : `namespace ${describe(ns)}`;

/**
 * How a namespace is recognised across versions: by the id it is exactly derived from (or claims, so
 * fixing a wrong constant still compares), else by slot (`keccak256(id) + 1` is not `id`'s namespace).
 */
export function matchKey(ns: Namespace): string {
  if (ns.entry.scheme === 'appstorage') return `appstorage:${ns.entry.struct}`;
  const exact =
    ns.value.form === 'keccak' || ns.value.form === 'keccak-minus-1' || ns.value.form === 'erc7201';
  const id = ns.claim?.id ?? (exact ? ns.value.id : undefined);
  return id !== undefined ? `id:${id}` : `slot:${ns.entry.slot}`;
}
