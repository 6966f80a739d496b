/**
 * Rule erc7201-slot-mismatch: a slot constant claims an ERC-7201 id (its own comment, the formula
 * written out in a comment, or the `@custom:storage-location erc7201:<id>` of the struct placed at
 * it) but its value is not `erc7201Slot(id)`. Hand-written constants that disagree with their
 * annotation ship in real code; the fix writes the right value.
 */
import type { Finding, Place } from '../findings';
import { storageLocationId } from '../storage/annotations';
import type { StorageRuleContext } from '../storage/context';
import { erc7201Slot } from '../constants/erc7201';
import type { Namespace } from '../storage/namespaces';
import { qualified } from '../storage/view';
import { describe } from './storage-describe';

export function runErc7201SlotMismatch(ctx: StorageRuleContext): Finding[] {
  const out: Finding[] = [];
  for (const ns of ctx.namespaces) {
    const valuePlace = valueOf(ns);
    if (!valuePlace) continue; // a standalone annotated struct: its slot is the annotation's
    for (const claim of claimsOf(ns)) {
      const expected = erc7201Slot(claim.id);
      if (ns.value.value === expected) continue;
      out.push({
        rule: 'erc7201-slot-mismatch',
        severity: 'error',
        ...valuePlace,
        message:
          `${describe(ns)} is ${ns.value.value}, not the ERC-7201 slot of \`${claim.id}\` that ${claim.by} claims: ` +
          `expected ${expected}`,
        related: [{ ...claim.place, message: `${claim.by} claims \`erc7201:${claim.id}\`` }],
        fixes: [
          {
            title: `Use the ERC-7201 slot of "${claim.id}"`,
            edits: [{ ...valuePlace, newText: expected }],
          },
        ],
      });
    }
  }
  return out;
}

/** The expression holding the slot value: the constant's initializer or the inline expression. */
function valueOf(ns: Namespace): Place | undefined {
  if (ns.constant?.def.initializer)
    return { file: ns.constant.scope.file, ...span(ns.constant.def.initializer.span) };
  if (ns.inline) return { file: ns.inline.scope.file, ...span(ns.inline.span) };
  return undefined;
}

const span = (s: { start: number; end: number }) => ({ start: s.start, end: s.end });

interface Claim {
  id: string;
  by: string;
  place: Place;
}

/** Distinct ids claimed for the namespace: by the constant's own comment, and by each struct placed at it. */
function claimsOf(ns: Namespace): Claim[] {
  const out: Claim[] = [];
  if (ns.claim?.on === 'constant') {
    out.push({ id: ns.claim.id, by: 'its comment', place: ns.claim.place });
  }
  for (const s of ns.struct ? [ns.struct, ...ns.otherStructs] : []) {
    const id = storageLocationId(s.def.docs);
    if (id === undefined || out.some((c) => c.id === id)) continue;
    out.push({
      id,
      by: `struct \`${qualified(s.scope, s.def.name)}\``,
      place: { file: s.scope.file, start: s.def.nameSpan.start, end: s.def.nameSpan.end },
    });
  }
  return out;
}
