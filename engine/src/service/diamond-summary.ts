/** The diamonds of a service state as the faces show them (`diamond check`'s summary, `diamond init`, hovers). */
import { closestName } from '../diamonds/discover';
import type { DiamondOverview, DiamondSummary } from './service-api';
import type { ServiceState } from './state';

export function diamondSummaries(s: ServiceState): DiamondOverview {
  const deployable = s.contracts.filter((c) => c.kind === 'contract');
  const names = deployable.map((c) => c.name);
  const suggest = (entry: string) => {
    const name = entry.slice(entry.lastIndexOf(':') + 1);
    const same = deployable.find((c) => c.name === name);
    // Named by a path that is not where the contract is: suggest where it is.
    if (same && entry.includes(':')) return `${s.evidence.rel(same.file)}:${same.name}`;
    return closestName(name, names);
  };
  // Names that two facets of the project share (in one diamond or across diamonds): those get their paths.
  const count = new Map<string, number>();
  for (const f of new Set(s.diamonds.filter((d) => !d.ownFile).flatMap((d) => d.facets)))
    count.set(f.name, (count.get(f.name) ?? 0) + 1);
  const diamonds = s.diamonds.map((d): DiamondSummary => {
    const missing = [...d.missing, ...(d.missingProxy ? [d.missingProxy] : [])].map((entry) => {
      const suggestion = suggest(entry);
      return suggestion ? { entry, suggestion } : { entry };
    });
    return {
      name: d.name,
      facets: d.facets.map((f) => {
        const registeredBy = s.evidence.registered?.(f);
        return {
          name: f.name,
          file: f.file,
          path: s.evidence.rel(f.file),
          repeated: (count.get(f.name) ?? 0) > 1,
          ...(registeredBy !== undefined && { registeredBy }),
        };
      }),
      ...(d.proxy && {
        proxy: { name: d.proxy.name, file: d.proxy.file, path: s.evidence.rel(d.proxy.file) },
      }),
      ...(d.folder !== undefined && { folder: d.folder }),
      source: d.source ?? 'default',
      ...(d.evidence && { evidence: d.evidence }),
      ...(d.ownFile && { ownFile: true }),
      missing,
    };
  });
  return { diamonds, notes: s.notes.map((n) => n.text) };
}
