/**
 * What the inference status bar item says (pure): how many diamonds and facets the server's analysis found, how
 * many imports it could not follow, and a tooltip listing them, from `diamond/inference` (protocol/requests.ts).
 */
import type { InferenceOverview } from '../../protocol/requests';

export interface InferenceStatusView {
  /** With codicons, e.g. `$(type-hierarchy) 2 diamonds · 6 facets  $(warning) 3 unresolved`. */
  text: string;
  /** Markdown. */
  tooltip: string;
  /** 'warning' when imports do not resolve (what they declare is not analysed). */
  tone: 'normal' | 'warning';
}

/** At most this many facets or imports are listed per entry; the rest are counted. */
const MAX_LISTED = 12;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Markdown-escapes what comes from the workspace (names, paths). */
function md(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}

export function inferenceStatusView(o: InferenceOverview): InferenceStatusView {
  const diamonds = o.projects.flatMap((p) => p.diamonds);
  const facets = diamonds.reduce((n, d) => n + d.facets.length, 0);
  const unresolved = o.projects.reduce((n, p) => n + p.unresolvedImports.length, 0);
  const parts = [`$(type-hierarchy) ${plural(diamonds.length, 'diamond')} · ${plural(facets, 'facet')}`];
  if (unresolved) parts.push(`$(warning) ${unresolved} unresolved`);
  const tips: string[] = [];
  const several = o.projects.length > 1;
  for (const p of o.projects) {
    if (several) tips.push(`**${md(p.folder)}**`);
    for (const d of p.diamonds) {
      const how =
        d.source === 'config'
          ? 'from diamond.config.json'
          : d.evidence
            ? `inferred: ${md(d.evidence)}`
            : 'every facet';
      const proxy = d.proxy ? `, diamond contract ${md(d.proxy)}` : '';
      const names = d.facets.map((f) => md(f.name) + (f.registeredBy ? ` (${md(f.registeredBy)})` : ''));
      tips.push(
        `- **${md(d.name)}** (${how}${proxy}): ${plural(d.facets.length, 'facet')}: ${listed(names)}`,
      );
    }
    if (p.diamonds.every((d) => d.facets.length === 0))
      tips.push(
        '- No facets recognised: name them in diamond.config.json (Diamond: Create diamond.config.json)',
      );
    for (const n of p.notes) tips.push(`- _${md(n)}_`);
    if (p.unresolvedImports.length) {
      const paths = [...new Set(p.unresolvedImports.map((u) => md(u.path)))];
      tips.push(
        `- ${plural(p.unresolvedImports.length, 'unresolved import')} (not analysed: forge install / npm install or a remapping): ${listed(paths)}`,
      );
    }
  }
  if (o.projects.length === 0) tips.push('No Solidity project open');
  return {
    text: parts.join('  '),
    tooltip: tips.join('\n'),
    tone: unresolved ? 'warning' : 'normal',
  };
}
