/**
 * Hover data for storage: on a slot constant (its declaration or a use such as `LibX.POSITION`),
 * an annotated struct, or a `.slot :=` line, show the namespace id, the slot and who owns it.
 */
import type { HoverResult } from '../vocabulary';
import type { Span } from '../syntax/ast';
import { tokenize } from '../syntax/tokenizer';
import { structLayout } from './layout';
import { fieldLayout } from './namespace-layout';
import { relateLayouts } from './layout-compat';
import type { Namespace } from './namespaces';
import { declKey, qualified, type Scope, type StorageView } from './view';

/** The namespace under `offset` in `file`, as Markdown, or undefined. */
export function hoverNamespace(
  view: StorageView,
  namespaces: readonly Namespace[],
  file: string,
  offset: number,
): HoverResult | undefined {
  const inside = (s: Span) => s.start <= offset && offset < s.end;
  for (const ns of namespaces) {
    const spans: Span[] = [];
    if (ns.entry.file === file) spans.push(ns.entry.span);
    if (ns.constant?.scope.file === file && ns.constant.def.initializer)
      spans.push(ns.constant.def.initializer.span);
    if (ns.struct?.scope.file === file) spans.push(ns.struct.def.nameSpan);
    for (const r of ns.readers) if (r.file === file) spans.push(r);
    const hit = spans.find(inside);
    if (hit)
      return {
        span: { start: hit.start, end: hit.end },
        contents: namespaceMarkdown(ns, sharers(view, namespaces, ns)),
      };
  }
  return hoverField(view, namespaces, file, offset) ?? hoverReference(view, namespaces, file, offset);
}

/** A field of a namespace's struct: where it lives (absolute slot, byte offset, size). */
function hoverField(
  view: StorageView,
  namespaces: readonly Namespace[],
  file: string,
  offset: number,
): HoverResult | undefined {
  for (const ns of namespaces) {
    const s = ns.struct;
    if (s?.scope.file !== file || offset < s.def.span.start || offset >= s.def.span.end) continue;
    const i = s.def.members.findIndex((m) => m.span.start <= offset && offset < m.span.end);
    if (i < 0) continue;
    const f = fieldLayout(ns, structLayout(view, s)).fields[i];
    if (!f) continue; // not sized: a type the engine cannot resolve
    const title = ns.entry.id !== undefined ? `\`${ns.entry.id}\`` : `\`${ns.entry.struct}\``;
    const contents = [
      `**Storage field** \`${f.name}\` · \`${f.type}\``,
      '',
      `- slot: \`${f.slot}\` (${title} + ${BigInt(f.slot) - BigInt(ns.entry.slot)})`,
      `- offset: ${f.offset} · ${f.bytes} byte${f.bytes === 1 ? '' : 's'}`,
    ].join('\n');
    const m = s.def.members[i];
    return { span: { start: m.span.start, end: m.span.end }, contents };
  }
  return undefined;
}

/** A use of a slot constant by name (`LibX.POSITION`, `POSITION`) anywhere in the file. */
function hoverReference(
  view: StorageView,
  namespaces: readonly Namespace[],
  file: string,
  offset: number,
): HoverResult | undefined {
  const text = view.text(file);
  const unit = view.unit(file);
  if (text === undefined || !unit) return undefined;
  // Only the line around the offset needs tokens.
  const from = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const toks = tokenize(text, from, nl < 0 ? text.length : nl).tokens;
  const k = toks.findIndex((t) => t.start <= offset && offset < t.end);
  if (k < 0 || toks[k].kind !== 'ident') return undefined;
  let first = k;
  while (first >= 2 && toks[first - 1].text === '.' && toks[first - 2].kind === 'ident') first -= 2;
  const path = [];
  for (let i = first; i <= k; i += 2) path.push(toks[i].text);
  const contract = unit.contracts.find((c) => c.span.start <= offset && offset < c.span.end);
  const scope: Scope = { file, contract };
  const r = view.resolve(scope, path);
  if (r?.kind !== 'constant') return undefined;
  const key = declKey(r.scope, r.def.name);
  const ns = namespaces.find((n) => n.constant && declKey(n.constant.scope, n.constant.def.name) === key);
  if (!ns) return undefined;
  return {
    span: { start: toks[first].start, end: toks[k].end },
    contents: namespaceMarkdown(ns, sharers(view, namespaces, ns)),
  };
}

/** Other declarations placing the same layout at the same slot: intended sharing (namespace-collision is silent). */
function sharers(view: StorageView, namespaces: readonly Namespace[], ns: Namespace): Namespace[] {
  if (!ns.struct || ns.transient || ns.entry.scheme === 'appstorage') return [];
  const others = namespaces.filter(
    (o) =>
      o !== ns &&
      o.struct &&
      !o.transient &&
      o.entry.slot === ns.entry.slot &&
      o.entry.scheme !== 'appstorage',
  );
  if (others.length === 0) return [];
  const structs = [ns, ...others].flatMap((n) => [n.struct!, ...n.otherStructs]);
  return relateLayouts(view, structs).kind === 'same' ? others : [];
}

/** `LibX.POSITION`, with its file when another declaration has the same name (a flattened copy). */
function sharerName(o: Namespace, all: readonly Namespace[]): string {
  const name = o.constant ? qualified(o.constant.scope, o.constant.def.name) : o.entry.owner;
  const same = all.filter(
    (n) => (n.constant ? qualified(n.constant.scope, n.constant.def.name) : n.entry.owner) === name,
  );
  return same.length > 1
    ? `\`${name}\` (${o.entry.file.slice(o.entry.file.lastIndexOf('/') + 1)})`
    : `\`${name}\``;
}

export function namespaceMarkdown(ns: Namespace, shared: readonly Namespace[] = []): string {
  const e = ns.entry;
  const scheme = {
    erc7201: 'ERC-7201',
    keccak: 'keccak256',
    literal: 'literal slot',
    appstorage: 'AppStorage',
  }[e.scheme];
  const title = e.id !== undefined ? `\`${e.id}\`` : '(no id)';
  const lines = [`**Storage namespace** ${title} · ${scheme}`, '', `- slot: \`${e.slot}\``];
  if (ns.constant) lines.push(`- declared by: \`${qualified(ns.constant.scope, ns.constant.def.name)}\``);
  else lines.push(`- owner: \`${e.owner}\``);
  if (e.struct) lines.push(`- struct: \`${e.struct}\``);
  if (ns.value.form === 'keccak-minus-1' && ns.value.id !== undefined)
    lines.push(`- value: \`keccak256("${ns.value.id}") - 1\``);
  if (ns.transient) lines.push('- transient storage (TransientSlot)');
  if (shared.length)
    lines.push(
      `- shared with ${shared.map((o) => sharerName(o, [ns, ...shared])).join(', ')}: the same layout at the same slot (intended sharing, not a collision)`,
    );
  return lines.join('\n');
}
