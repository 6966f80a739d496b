/**
 * What one file contributes to namespace discovery before any name is resolved: per scope (the
 * file level and each contract), the `.slot :=` traces of its function bodies, its slot-typed
 * constants and its ERC-7201-annotated structs. Cached per parsed unit by the workspace, for as long
 * as the unit lives, so an edit rescans only the file that changed (the parser hands back the same
 * unit object for an unchanged file).
 */
import type { FunctionDef, SourceUnit, StructDef, VariableDef } from '../syntax/ast';
import { storageLocationId } from './annotations';
import { traceSlotAssignments, traceThroughParameters, type SlotAssignment } from './slot-trace';
import type { Scope, StorageView } from './view';

export interface ScopeScan {
  scope: Scope;
  traces: { fn: FunctionDef; a: SlotAssignment }[];
  /** `bytes32` / `uint256` constants, and constants of a user-defined type (an `sslot` over uint256, say). */
  constants: VariableDef[];
  annotated: { def: StructDef; id: string }[];
  /** `using TransientSlot for …`: its slot constants address transient storage. */
  usesTransientSlots: boolean;
}

const SLOT_TYPES = new Set(['bytes32', 'uint256', 'uint']);

export function scanFile(view: StorageView, file: string): ScopeScan[] {
  const unit = view.unit(file);
  const text = view.text(file);
  if (!unit || text === undefined) return [];
  return view.memoFor(
    unit,
    'file-scan',
    () => ({ text, scopes: scanUnit(file, unit, text) }),
    (known) => known.text === text,
  ).scopes;
}

function scanUnit(file: string, unit: SourceUnit, text: string): ScopeScan[] {
  return [
    scanScope({ file }, unit.functions, unit.constants, unit.structs, false, text),
    ...unit.contracts.map((c) =>
      scanScope(
        { file, contract: c },
        c.functions,
        c.stateVars,
        c.structs,
        c.usings.some((u) => u.library[u.library.length - 1] === 'TransientSlot'),
        text,
      ),
    ),
  ];
}

function scanScope(
  scope: Scope,
  functions: FunctionDef[],
  vars: VariableDef[],
  structs: StructDef[],
  usesTransientSlots: boolean,
  text: string,
): ScopeScan {
  const direct = functions.flatMap((fn) => traceSlotAssignments(text, fn).map((a) => ({ fn, a })));
  const traces = [...direct, ...traceThroughParameters(text, functions, direct)];
  // A user-defined type may be a value type over bytes32 / uint256: discovery resolves it.
  const constants = vars.filter(
    (v) =>
      v.constant && (v.type.kind === 'user' || (v.type.kind === 'elementary' && SLOT_TYPES.has(v.type.name))),
  );
  const annotated: ScopeScan['annotated'] = [];
  for (const def of structs) {
    const id = storageLocationId(def.docs);
    if (id !== undefined) annotated.push({ def, id });
  }
  return { scope, traces, constants, annotated, usesTransientSlots };
}
