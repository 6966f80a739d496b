/**
 * Canonical ABI type names, the way solc writes them into a signature.
 *
 * Contracts (and facets) — `abi` mode: uint→uint256, int→int256, byte→bytes1, fixed→fixed128x18, address
 * payable→address, contracts/interfaces→address, enums→uint8, UDVTs→their underlying type, structs→tuples of their
 * members (recursively, across files), arrays keep their brackets with constant lengths evaluated, external function
 * types→`function`. Mappings and internal function types have no ABI form (undefined).
 *
 * Libraries — `library` mode (solc's library signatures): structs, enums and contracts keep their declared,
 * qualified names (`L.S`, `FS`, `IERC20`), mappings are allowed as `mapping(K => V)`, and a `storage` parameter
 * gets a ` storage` suffix. UDVTs still become their underlying type.
 */
import type { Param, TypeName } from '../syntax/ast';
import type { Declaration, Scope } from '../workspace/declarations';
import type { Workspace } from '../workspace/workspace';
import { arrayLength } from './array-length';

export type SignatureMode = 'abi' | 'library';

const ELEMENTARY_ALIASES: Record<string, string> = {
  uint: 'uint256',
  int: 'int256',
  byte: 'bytes1',
  fixed: 'fixed128x18',
  ufixed: 'ufixed128x18',
  'address payable': 'address',
};

/** The name solc gives a declaration in library signatures: qualified by its contract when it has one. */
function qualifiedName(d: Declaration): string | undefined {
  switch (d.kind) {
    case 'contract':
      return d.contract.name;
    case 'struct':
    case 'enum':
      return d.container ? `${d.container.name}.${d.def.name}` : d.def.name;
    default:
      return undefined;
  }
}

class Canonicalizer {
  private structs = new Set<object>();
  constructor(
    private readonly ws: Workspace,
    private readonly mode: SignatureMode,
  ) {}

  type(scope: Scope, t: TypeName): string | undefined {
    switch (t.kind) {
      case 'elementary':
        return t.name ? (ELEMENTARY_ALIASES[t.name] ?? t.name) : undefined;
      case 'function':
        return t.visibility === 'external' ? 'function' : undefined;
      case 'array': {
        const base = this.type(scope, t.base);
        if (base === undefined) return undefined;
        if (t.length === undefined) return `${base}[]`;
        const n = arrayLength(this.ws, scope, t.length);
        return n === undefined || n <= 0n ? undefined : `${base}[${n}]`;
      }
      case 'mapping': {
        if (this.mode !== 'library') return undefined;
        const k = this.type(scope, t.key);
        const v = this.type(scope, t.value);
        return k && v ? `mapping(${k} => ${v})` : undefined;
      }
      case 'user':
        return this.user(scope, t.path);
    }
  }

  private user(scope: Scope, path: string[]): string | undefined {
    const d = this.ws.lookup(scope, path);
    if (!d) return undefined;
    if (d.kind === 'udvt') return this.type({ file: d.file, contract: d.container }, d.def.underlying);
    if (this.mode === 'library') return qualifiedName(d);
    switch (d.kind) {
      case 'contract':
        return d.contract.kind === 'library' ? undefined : 'address';
      case 'enum':
        return 'uint8';
      case 'struct': {
        if (this.structs.has(d.def)) return undefined; // recursive struct: no ABI form
        this.structs.add(d.def);
        try {
          const inner = { file: d.file, contract: d.container };
          const members: string[] = [];
          for (const m of d.def.members) {
            const s = this.type(inner, m.type);
            if (s === undefined) return undefined;
            members.push(s);
          }
          return `(${members.join(',')})`;
        } finally {
          this.structs.delete(d.def);
        }
      }
      default:
        return undefined;
    }
  }
}

/** The canonical type of `type` as written in `scope`, or undefined when it cannot be resolved or has no ABI form. */
export function canonicalType(
  ws: Workspace,
  scope: Scope,
  type: TypeName,
  mode: SignatureMode = 'abi',
): string | undefined {
  return new Canonicalizer(ws, mode).type(scope, type);
}

/** `name(t1,t2,...)` for a parameter list, or undefined when a type cannot be named. */
export function canonicalSignature(
  ws: Workspace,
  scope: Scope,
  name: string,
  params: readonly Param[],
  mode: SignatureMode = 'abi',
): string | undefined {
  const c = new Canonicalizer(ws, mode);
  const types: string[] = [];
  for (const p of params) {
    const t = c.type(scope, p.type);
    if (t === undefined) return undefined;
    types.push(mode === 'library' && p.location === 'storage' ? `${t} storage` : t);
  }
  return `${name}(${types.join(',')})`;
}
