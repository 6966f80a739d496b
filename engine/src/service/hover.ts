/**
 * Hover text: a function's (or public variable's getter) canonical signature and selector, which
 * other facets expose the same selector; the storage analysis adds namespace and slot of a slot constant.
 */
import type { HoverResult, SelectorEntry } from '../vocabulary';
import type { ContractEntry, ServiceState } from './state';
import type { Span } from '../syntax/ast';
import { diamondRoleText } from './diamond-hover';

const inSpan = (s: Span, offset: number) => offset >= s.start && offset <= s.end;

/** The facets (other than `self`) exposing `entry.selector`, per diamond the lookup covers. */
function alsoExposedBy(s: ServiceState, self: ContractEntry, entry: SelectorEntry): string[] {
  const lines: string[] = [];
  const mine = s.diamonds.filter((d) => d.facets.some((f) => f.contract === self.contract));
  // A facet: its own diamonds. Not a facet (a base, an interface): every diamond, to show who exposes it.
  const scope = mine.length ? mine : s.diamonds;
  const multi = s.diamonds.length > 1;
  for (const d of scope) {
    for (const f of d.facets) {
      if (f.contract === self.contract) continue;
      const other = s.selectors.of(f).find((e) => e.selector === entry.selector);
      if (!other) continue;
      const where = multi ? ` (diamond ${d.name})` : '';
      const how =
        other.signature === entry.signature
          ? 'also exposes it'
          : `exposes \`${other.signature}\`: same selector, different signature`;
      lines.push(`- **${f.name}**${where} ${how}`);
    }
  }
  return lines;
}

function selectorHover(s: ServiceState, c: ContractEntry, entry: SelectorEntry, span: Span): HoverResult {
  const label = entry.kind === 'getter' ? 'Getter' : c.kind === 'library' ? 'Library function' : 'Function';
  const parts = [`**${label}** \`${entry.signature}\``, '', `Selector \`${entry.selector}\``];
  if (c.kind === 'library') parts.push('', '_Library functions are not routed by a diamond._');
  const others = alsoExposedBy(s, c, entry);
  if (others.length) parts.push('', ...others);
  else if (s.isFacet(c)) parts.push('', 'No other facet of the diamond exposes this selector.');
  return { span, contents: parts.join('\n') };
}

export function serviceHover(
  s: ServiceState,
  storageHover: () => HoverResult | undefined,
  file: string,
  offset: number,
): HoverResult | undefined {
  const unit = s.ws.unit(file);
  if (!unit) return undefined;
  const sections: string[] = [];
  let span: Span | undefined;

  const ns = storageHover();
  if (ns) {
    sections.push(ns.contents);
    span = ns.span;
  }

  const c = s.contracts.find((x) => x.file === file && inSpan(x.contract.span, offset));
  if (c && inSpan(c.contract.nameSpan, offset)) {
    const role = diamondRoleText(s, c);
    if (role) {
      sections.push(role);
      span ??= c.contract.nameSpan;
    }
  }
  if (c) {
    const entries = () => s.selectors.of(c);
    const fn = c.contract.functions.find(
      (f) => f.kind === 'function' && (inSpan(f.nameSpan, offset) || inSpan(f.headerSpan, offset)),
    );
    if (fn) {
      const e = entries().find((x) => x.file === file && x.span.start === fn.nameSpan.start);
      if (e) {
        const h = selectorHover(s, c, e, fn.nameSpan);
        sections.push(h.contents);
        span ??= h.span;
      }
    }
    const v = c.contract.stateVars.find((x) => x.visibility === 'public' && inSpan(x.span, offset));
    if (v) {
      const e = entries().find(
        (x) => x.file === file && x.kind === 'getter' && x.span.start === v.nameSpan.start,
      );
      if (e) {
        const h = selectorHover(s, c, e, v.nameSpan);
        sections.push(h.contents);
        span ??= h.span;
      }
    }
  }
  if (!sections.length || !span) return undefined;
  return { span, contents: sections.join('\n\n---\n\n') };
}
