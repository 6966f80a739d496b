/**
 * Rule namespace-orphaned: a versioned namespace moved (`P.v1` → `P.v2`) and nothing migrates the
 * old data. Two ways to see it:
 *  - without a baseline: `P.vN` (N >= 2) exists and `P.v(N-1)` is neither declared and read
 *    elsewhere (a migration or a facet using the old library) nor mentioned as a string anywhere;
 *  - with a baseline: a library's namespace was `P.vM` there, its id differs now, and nothing in
 *    the workspace references `P.vM` any more.
 */
import type { Finding, RelatedPlace } from '../findings';
import type { StorageRuleContext } from '../storage/context';
import type { Namespace } from '../storage/namespaces';
import { describe, placeOf } from './storage-describe';

const VERSIONED = /^(.+)\.v(\d+)$/;

export function runNamespaceOrphaned(ctx: StorageRuleContext): Finding[] {
  const versioned = ctx.namespaces.filter(
    (ns) =>
      ns.entry.id !== undefined && VERSIONED.test(ns.entry.id) && !ns.entry.file.includes('/node_modules/'),
  );
  if (versioned.length === 0) return [];
  // The reference index tokenises every file: build it only when a moved namespace needs it.
  let index: ReturnType<StorageRuleContext['references']> | undefined;
  const refs = {
    identifier: (n: string) => (index ??= ctx.references()).identifier(n),
    string: (t: string) => (index ??= ctx.references()).string(t),
  };
  const byId = new Map<string, Namespace[]>();
  for (const ns of ctx.namespaces)
    if (ns.entry.id !== undefined) byId.set(ns.entry.id, [...(byId.get(ns.entry.id) ?? []), ns]);

  /** Whether a use at `r` lies outside the namespace's own declaration (its contract, or the constant). */
  const outside = (ns: Namespace, r: { file: string; start: number }): boolean => {
    const own = ns.constant?.scope.contract ?? ns.inline?.scope.contract ?? ns.struct?.scope.contract;
    const span = own?.span ?? ns.constant?.def.span ?? ns.entry.span;
    return r.file !== ns.entry.file || r.start < span.start || r.start >= span.end;
  };
  /** Read elsewhere: its owner (or, at file level, the constant) named outside the declaration. */
  const isRead = (ns: Namespace): boolean => {
    const name =
      ns.constant?.scope.contract?.name ?? ns.inline?.scope.contract?.name ?? ns.constant?.def.name;
    return !!name && refs.identifier(name).some((r) => outside(ns, r));
  };
  const mentioned = (id: string): boolean => {
    const decls = byId.get(id) ?? [];
    return refs.string(id).some((r) => decls.every((d) => outside(d, r))) || decls.some(isRead);
  };

  const out: Finding[] = [];
  const flagged = new Set<Namespace>();

  // With a baseline: the same library's versioned id changed and the old one is gone.
  for (const b of ctx.baseline?.namespaces ?? []) {
    const old = b.entry.id;
    const m = old !== undefined ? VERSIONED.exec(old) : null;
    if (!m || byId.has(old!) || refs.string(old!).length > 0) continue;
    for (const ns of versioned) {
      if (flagged.has(ns) || ns.entry.owner !== b.entry.owner || ns.entry.id === old) continue;
      if (VERSIONED.exec(ns.entry.id!)![1] !== m[1]) continue;
      flagged.add(ns);
      out.push(
        finding(
          ns,
          `\`${ns.entry.owner}\` moved from \`${old}\` (baseline) to \`${ns.entry.id}\`, and nothing in the workspace references \`${old}\` any more: the deployed data there is orphaned unless a migration reads it`,
          [],
        ),
      );
    }
  }

  // Without a baseline: the previous version is not declared-and-read nor mentioned.
  for (const ns of versioned) {
    if (flagged.has(ns)) continue;
    const [, prefix, n] = VERSIONED.exec(ns.entry.id!)!;
    const version = Number(n);
    if (version < 2) continue;
    const prev = `${prefix}.v${version - 1}`;
    if (mentioned(prev)) continue;
    const declared = byId.get(prev) ?? [];
    const related: RelatedPlace[] = declared.map((d) => ({
      ...placeOf(d),
      message: `${describe(d)} is declared here`,
    }));
    const what = declared.length
      ? `\`${prev}\` is still declared, yet nothing outside its declaration reads it`
      : `nothing in the workspace declares or reads \`${prev}\``;
    out.push(
      finding(
        ns,
        `namespace ${describe(ns)} supersedes \`${prev}\`, but ${what}: the old data is orphaned unless a migration copies it`,
        related,
      ),
    );
  }
  return out;
}

function finding(ns: Namespace, message: string, related: RelatedPlace[]): Finding {
  return { rule: 'namespace-orphaned', severity: 'warning', ...placeOf(ns), message, related };
}
