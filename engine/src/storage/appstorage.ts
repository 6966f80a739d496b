/**
 * The AppStorage pattern: one struct as a facet's first (and only) state variable, at slot 0,
 * e.g. `AppStorage internal s;`, usually declared in a shared base contract.
 */
import type { VariableDef } from '../syntax/ast';
import type { ContractScope } from './context';
import type { Namespace, StructRef } from './namespaces';
import { declKey, qualified, type StorageView } from './view';

export interface StateVar {
  owner: ContractScope;
  def: VariableDef;
}

const SLOT_ZERO = '0x' + '0'.repeat(64);

/** Ordinary state variables in storage order: most-base contract first, declaration order. */
export function storageVariables(view: StorageView, facet: ContractScope): StateVar[] {
  // A pure function of the linearisation: kept with the parsed contract while that is the same list (a
  // contract without bases keeps its list across edits elsewhere), so an edit does not walk every facet again.
  const lin = view.linearize(facet) ?? [facet];
  return view.memoFor(
    facet.contract,
    'vars',
    () => ({ lin, vars: collectVariables(lin) }),
    (known) => known.lin === lin,
  ).vars;
}

function collectVariables(lin: readonly ContractScope[]): StateVar[] {
  const out: StateVar[] = [];
  for (const owner of [...lin].reverse()) {
    for (const def of owner.contract.stateVars) {
      if (def.constant || def.immutable || def.transient) continue;
      out.push({ owner, def });
    }
  }
  return out;
}

/** The struct of a struct-typed state variable (`AppStorage internal s;`), or undefined. */
export function structOfVariable(view: StorageView, v: StateVar): StructRef | undefined {
  if (v.def.type.kind !== 'user') return undefined;
  const r = view.resolve(v.owner, v.def.type.path);
  return r?.kind === 'struct' ? { scope: r.scope, def: r.def } : undefined;
}

/** One namespace per AppStorage struct used by the facets (slot 0). */
export function appStorageNamespaces(view: StorageView, facets: readonly ContractScope[]): Namespace[] {
  const out = new Map<string, Namespace>();
  for (const facet of facets) {
    const first = storageVariables(view, facet)[0];
    const struct = first && structOfVariable(view, first);
    if (!struct) continue;
    const key = 'appstorage:' + declKey(struct.scope, struct.def.name);
    if (out.has(key)) continue;
    const span = first.def.nameSpan;
    out.set(key, {
      key,
      entry: {
        scheme: 'appstorage',
        slot: SLOT_ZERO,
        owner: first.owner.contract.name,
        struct: qualified(struct.scope, struct.def.name),
        file: first.owner.file,
        span: { start: span.start, end: span.end },
      },
      value: { value: SLOT_ZERO, form: 'literal' },
      struct,
      otherStructs: [],
      transient: false,
      readers: [],
    });
  }
  return [...out.values()];
}
