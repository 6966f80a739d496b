/**
 * Array lengths in signatures (`T[N]`, `T[2 * N]`, `T[Lib.N + 1]`): the engine's one constant evaluator
 * (constants/evaluate.ts), with constant names resolved through the workspace in their own scopes.
 * Undefined when the length is not a constant integer expression: the caller then cannot name the type,
 * rather than guessing it.
 */
import { evaluateInteger, evaluateSlot, type ConstantLookup } from '../constants/evaluate';
import type { Scope } from '../workspace/declarations';
import type { Workspace } from '../workspace/workspace';

/** The value of the array length `text` written in `scope`. */
export function arrayLength(ws: Workspace, scope: Scope, text: string): bigint | undefined {
  return evaluateInteger(text, constantsIn(ws, scope, new Set()));
}

/** Constants visible from `scope`, each evaluated in the scope that declares it; a cycle is undefined. */
function constantsIn(ws: Workspace, scope: Scope, visiting: Set<object>): ConstantLookup {
  return (path) => {
    const d = ws.lookup(scope, path);
    if (!d || d.kind !== 'variable' || !d.def.constant || !d.def.initializer) return undefined;
    if (visiting.has(d.def)) return undefined;
    visiting.add(d.def);
    try {
      const own = { file: d.file, contract: d.container };
      return evaluateSlot(d.def.initializer.text, constantsIn(ws, own, visiting));
    } finally {
      visiting.delete(d.def);
    }
  };
}
