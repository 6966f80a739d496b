/**
 * The interfaces the engine knows, by name and by ERC-165 id: the workspace's declared interfaces (the id is the
 * XOR of the selectors each declares itself) and the standard ones (selectors/interface-id.ts: cut, loupe,
 * ERC-173, ERC-165), known by their signatures. One whose functions' selectors cannot all be computed is unknown.
 */
import type { InterfaceClaim } from '../rules/interface-incomplete';
import { interfaceIdOf, STANDARD_INTERFACES, standardInterface } from '../selectors/interface-id';
import type { ContractEntry, ServiceState } from './state';

export interface KnownId {
  name: string;
  id: string;
  functions: { selector: string; signature: string }[];
  declaration?: InterfaceClaim['declaration'];
}

/** A workspace interface's id from the functions it declares itself; undefined when one has no selector. */
function declaredInterface(s: ServiceState, c: ContractEntry): KnownId | undefined {
  const own = s.selectors.of(c).filter((e) => e.declaredIn === c.name && e.kind === 'function');
  const declared = c.contract.functions.filter((f) => f.kind === 'function').length;
  if (own.length !== declared || own.length === 0) return undefined;
  const functions = own.map((e) => ({ selector: e.selector, signature: e.signature }));
  return {
    name: c.name,
    id: interfaceIdOf(functions.map((f) => f.selector)),
    functions,
    declaration: { file: c.file, start: c.contract.nameSpan.start, end: c.contract.nameSpan.end },
  };
}

/** What the engine knows of interfaces: the workspace's declared ones (by their own functions), then the standard ones. */
export interface InterfaceRegistry {
  byName(name: string): KnownId | undefined;
  /** By '0x' + 8 hex digits, any case. */
  byId(id: string): KnownId | undefined;
  /** Every known interface, one per id (a workspace declaration before a standard one). */
  all(): KnownId[];
}

export function interfaceRegistry(s: ServiceState): InterfaceRegistry {
  const interfaces = s.contracts.filter((c) => c.kind === 'interface');
  let byId: Map<string, KnownId> | undefined;
  const ids = (): Map<string, KnownId> => {
    if (byId) return byId;
    byId = new Map();
    for (const c of interfaces) {
      const k = declaredInterface(s, c);
      if (k && !byId.has(k.id)) byId.set(k.id, k);
    }
    for (const std of STANDARD_INTERFACES) {
      const k = standardInterface({ name: std.name })!;
      if (!byId.has(k.id)) byId.set(k.id, k);
    }
    return byId;
  };
  return {
    byName(name) {
      const decl = interfaces.find((c) => c.name === name);
      return decl ? declaredInterface(s, decl) : standardInterface({ name });
    },
    byId: (id) => ids().get(id.toLowerCase()),
    all: () => [...ids().values()],
  };
}
