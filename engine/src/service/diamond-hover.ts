/**
 * The hover on a contract's name: which diamond it is a facet (or the diamond contract) of, and how that was
 * found (the config, or the inference and what it went by), so the editor shows what `diamond check` prints.
 */
import { defaultSkipReason } from '../diamonds/scope';
import type { ContractEntry, ServiceState } from './state';

export function diamondRoleText(s: ServiceState, c: ContractEntry): string | undefined {
  const facetOf = s.diamonds.filter((d) => d.facets.some((f) => f.contract === c.contract));
  const proxyOf = s.diamonds.filter((d) => d.proxy?.contract === c.contract);
  const how = (d: (typeof s.diamonds)[number]) =>
    d.source === 'config' ? 'from diamond.config.json' : d.evidence ? `inferred: ${d.evidence}` : 'inferred';
  const lines: string[] = [];
  for (const d of facetOf)
    lines.push(
      `**Facet** of diamond **${d.name}** (${how(d)}), ${d.facets.length} facet(s): ${d.facets.map((f) => f.name).join(', ')}`,
    );
  // Facets are what gets cut: say which script or record cuts this one.
  const registeredBy = facetOf.length ? s.evidence.registered?.(c) : undefined;
  if (registeredBy !== undefined) lines.push(`Registered by \`${registeredBy}\``);
  for (const d of proxyOf)
    lines.push(
      `**Diamond contract** of **${d.name}** (${how(d)}): its own external functions are immutable selectors`,
    );
  if (lines.length === 0 && c.kind === 'contract' && c.name.endsWith('Facet')) {
    const skip = s.evidence.inScope(c.file) ? undefined : defaultSkipReason(s.evidence.rel(c.file));
    lines.push(
      skip
        ? `_Not a facet of the project's diamonds: its file is under \`${skip}\` (outside the default scope)._`
        : '_Not a facet of any diamond: abstract, excluded, a script or test, or a base that another facet inherits._',
    );
  }
  if (lines.length && s.notes.length) lines.push(...s.notes.map((n) => `_${n.text}_`));
  return lines.length ? lines.join('\n\n') : undefined;
}
