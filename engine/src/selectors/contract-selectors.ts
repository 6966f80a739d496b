/**
 * The selectors a contract exposes, as solc's `evm.methodIdentifiers` lists them: every external/public function
 * of the contract and its bases (C3 order, most-derived first, each signature once: an override is counted where
 * it is most derived), plus the getters of public state variables (mapping keys and array indices become
 * parameters, nested). Constructors, fallback, receive, modifiers and internal/private functions are not selectors.
 * Libraries are listed too (solc does), with library signatures (see canonical-type.ts); a diamond never routes
 * to them, which is for the caller to decide (`ContractSelectors.isFacet`).
 */
import { selectorOf } from '../hash';
import type { SelectorEntry } from '../vocabulary';
import type { ContractDef, FunctionDef, Span, TypeName, VariableDef } from '../syntax/ast';
import type { ContractRef, Scope } from '../workspace/declarations';
import type { Workspace } from '../workspace/workspace';
import { canonicalSignature, canonicalType, type SignatureMode } from './canonical-type';

/** A function or public variable whose signature could not be computed (a type did not resolve). */
export interface UnresolvedSelector {
  name: string;
  kind: 'function' | 'getter';
  declaredIn: string;
  file: string;
  span: Span;
}

export interface ContractSelectorsResult {
  entries: SelectorEntry[];
  unresolved: UnresolvedSelector[];
}

function isExposed(fn: FunctionDef, owner: ContractDef): boolean {
  if (fn.kind !== 'function' || !fn.name) return false;
  // A missing visibility is an error in solc >= 0.5; read it the way older solc did (public), interfaces external.
  const vis = fn.visibility ?? (owner.kind === 'interface' ? 'external' : 'public');
  return vis === 'external' || vis === 'public';
}

/** Getter parameters: one per mapping key and array index, outermost first. */
function getterSignature(
  ws: Workspace,
  scope: Scope,
  v: VariableDef,
  mode: SignatureMode,
): string | undefined {
  const params: string[] = [];
  let t: TypeName = v.type;
  for (;;) {
    if (t.kind === 'mapping') {
      const k = canonicalType(ws, scope, t.key, mode);
      if (k === undefined) return undefined;
      params.push(k);
      t = t.value;
    } else if (t.kind === 'array') {
      params.push('uint256');
      t = t.base;
    } else break;
  }
  return `${v.name}(${params.join(',')})`;
}

/** Selectors of `ref` with the members whose signature could not be computed. Memoised per workspace version. */
export function contractSelectorsDetailed(ws: Workspace, ref: ContractRef): ContractSelectorsResult {
  const version = ws.version;
  return ws.cachedFor(
    ref.contract,
    'selectors:detailed',
    () => ({ version, result: computeSelectors(ws, ref) }),
    (hit) => hit.version === version,
  ).result;
}

function computeSelectors(ws: Workspace, ref: ContractRef): ContractSelectorsResult {
  const mode: SignatureMode = ref.contract.kind === 'library' ? 'library' : 'abi';
  const chain = mode === 'library' ? [ref] : ws.linearize(ref);
  const seen = new Set<string>();
  const result: ContractSelectorsResult = { entries: [], unresolved: [] };
  const add = (
    signature: string | undefined,
    kind: SelectorEntry['kind'],
    c: ContractRef,
    name: string,
    span: Span,
  ) => {
    if (signature === undefined) {
      result.unresolved.push({ name, kind, declaredIn: c.contract.name, file: c.file, span });
      return;
    }
    if (seen.has(signature)) return;
    seen.add(signature);
    result.entries.push({
      signature,
      selector: selectorOf(signature),
      kind,
      declaredIn: c.contract.name,
      file: c.file,
      span,
    });
  };
  for (const c of chain) {
    const scope: Scope = { file: c.file, contract: c.contract };
    for (const fn of c.contract.functions) {
      if (!isExposed(fn, c.contract)) continue;
      add(canonicalSignature(ws, scope, fn.name, fn.params, mode), 'function', c, fn.name, fn.nameSpan);
    }
    for (const v of c.contract.stateVars) {
      if (v.visibility !== 'public') continue;
      add(getterSignature(ws, scope, v, mode), 'getter', c, v.name, v.nameSpan);
    }
  }
  return result;
}

/** Every selector `ref` exposes (see the file comment), most-derived declarations first. */
export function contractSelectors(ws: Workspace, ref: ContractRef): SelectorEntry[] {
  return contractSelectorsDetailed(ws, ref).entries;
}
