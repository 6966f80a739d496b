/** Where a contract's inheritance brings in a base: the `is` specifier in the contract itself. */
import type { ContractDef } from '../syntax/ast';
import type { Place } from '../findings';
import type { ContractScope } from './context';
import type { StorageView } from './view';

/** The facet's own `is X` specifier whose linearisation holds `base` (directly or further up), or undefined. */
export function inheritanceSpecifier(
  view: StorageView,
  facet: ContractScope,
  base: ContractDef,
): Place | undefined {
  for (const b of facet.contract.bases) {
    const r = view.resolve({ file: facet.file }, b.path);
    if (r?.kind !== 'contract') continue;
    const chain = view.linearize(r.scope) ?? [r.scope];
    if (chain.some((c) => c.contract === base))
      return { file: facet.file, start: b.span.start, end: b.span.end };
  }
  return undefined;
}
