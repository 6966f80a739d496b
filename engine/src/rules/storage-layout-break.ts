/**
 * Rule storage-layout-break: a namespace's struct changed incompatibly against what is deployed (inserted,
 * removed, reordered or retyped fields, an embedded struct that grew before other fields, a field whose slot
 * moved). What is deployed is, per namespace, the deployment record's field layout when there is one, else the
 * baseline sources. Namespaces are matched by id, else by slot (AppStorage by struct name). A namespace whose
 * id changed is not compared here: that is namespace-orphaned's job.
 */
import type { Finding, Place } from '../findings';
import type { StorageRuleContext } from '../storage/context';
import { structLayout } from '../storage/layout';
import { diffLayout, type LayoutChange } from '../storage/layout-diff';
import { fieldLayout, fieldsOfShapes, matchKey, type FieldLayout } from '../storage/namespace-layout';
import type { Namespace } from '../storage/namespaces';
import type { StorageView } from '../storage/view';
import { describe, placeOf } from './storage-describe';

export function runStorageLayoutBreak(ctx: StorageRuleContext): Finding[] {
  const deployed = new Map<string, FieldLayout>();
  for (const d of ctx.deployed ?? []) if (d.complete && !deployed.has(d.match)) deployed.set(d.match, d);
  if (!ctx.baseline && deployed.size === 0) return [];
  const before = new Map<string, Namespace>();
  for (const b of ctx.baseline?.namespaces ?? [])
    if (b.struct && !before.has(matchKey(b))) before.set(matchKey(b), b);
  const out: Finding[] = [];
  for (const ns of ctx.namespaces) {
    if (!ns.struct) continue;
    const key = matchKey(ns);
    const d = deployed.get(key);
    const b = before.get(key);
    const changes = d
      ? recordedChanges(d, ctx.view, ns)
      : b && ctx.baseline
        ? namespaceChanges(ctx.baseline.view, b, ctx.view, ns)
        : [];
    const against = d ? 'the deployed layout (deployment record)' : 'the baseline';
    for (const change of changes) {
      if (!change.breaking) continue;
      out.push({
        rule: 'storage-layout-break',
        severity: 'error',
        ...change.place,
        message: `layout of \`${ns.entry.struct}\` (${what(ns)}) changed against ${against}: ${change.message}`,
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
  return diffLayout(structLayout(baseView, base.struct), structLayout(view, cur.struct), structPlaceOf(cur));
}

/**
 * The edit script of one namespace against a recorded layout: the field diff of the recorded shapes, and,
 * when that finds nothing breaking, the slots themselves (a namespace whose root moved, a field that moved).
 */
export function recordedChanges(recorded: FieldLayout, view: StorageView, cur: Namespace): LayoutChange[] {
  if (!cur.struct) return [];
  const at = structPlaceOf(cur);
  const fields = structLayout(view, cur.struct);
  const changes = diffLayout(fieldsOfShapes(recorded.fields, at), fields, at);
  if (changes.some((c) => c.breaking)) return changes;
  const now = fieldLayout(cur, fields);
  if (now.slot !== recorded.slot) {
    return [
      ...changes,
      {
        kind: 'moved',
        message: `the namespace moved from slot ${recorded.slot} to ${now.slot}: every field moves with it`,
        place: at,
        breaking: true,
      },
    ];
  }
  for (const r of recorded.fields) {
    const i = now.fields.findIndex((f) => f.name === r.name);
    const f = now.fields[i];
    if (!f || (f.slot === r.slot && f.offset === r.offset)) continue;
    changes.push({
      kind: 'moved',
      message: `field \`${r.name}\` moved from slot ${r.slot} offset ${r.offset} to slot ${f.slot} offset ${f.offset}`,
      place: fields[i].place,
      breaking: true,
    });
  }
  return changes;
}

function structPlaceOf(ns: Namespace): Place {
  const s = ns.struct!;
  return { file: s.scope.file, start: s.def.nameSpan.start, end: s.def.nameSpan.end };
}

const what = (ns: Namespace) =>
  ns.entry.scheme === 'appstorage' ? describe(ns) : `namespace ${describe(ns)}`;
