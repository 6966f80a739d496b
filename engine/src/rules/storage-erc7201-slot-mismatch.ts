/**
 * Rule erc7201-slot-mismatch: a slot constant claims an ERC-7201 id (its own comment, the formula
 * written out in a comment, or the `@custom:storage-location erc7201:<id>` of the struct placed at
 * it) but its value is not `erc7201Slot(id)`. Hand-written constants that disagree with their
 * annotation ship in real code.
 *
 * Two fixes, and they are not alike: correcting the annotation to the id the constant is computed from
 * keeps storage where it is; correcting the constant moves the namespace, and on a deployed diamond the
 * data at the old slot is then lost to the code. Where the baseline shows the constant deployed with its
 * value, the annotation fix is the preferred one and the constant fix is marked dangerous.
 */
import type { Finding, Fix, Place } from '../findings';
import { storageLocationId } from '../storage/annotations';
import type { StorageRuleContext } from '../storage/context';
import { erc7201Slot } from '../constants/erc7201';
import type { Namespace } from '../storage/namespaces';
import { qualified, type StorageView } from '../storage/view';
import type { Docs } from '../syntax/ast';
import { describe } from './storage-describe';

export function runErc7201SlotMismatch(ctx: StorageRuleContext): Finding[] {
  const out: Finding[] = [];
  const deployedSlots = new Set([
    ...(ctx.baseline?.namespaces.map((n) => n.entry.slot) ?? []),
    ...(ctx.deployedSlots ?? []),
    ...(ctx.deployed?.map((l) => l.slot) ?? []),
  ]);
  const knownIds = [...ctx.namespaces, ...(ctx.baseline?.namespaces ?? [])].flatMap((n) =>
    n.entry.id !== undefined ? [n.entry.id] : [],
  );
  for (const ns of ctx.namespaces) {
    const valuePlace = valueOf(ns);
    if (!valuePlace) continue; // a standalone annotated struct: its slot is the annotation's
    const deployed = deployedSlots.has(ns.value.value);
    const actualId = idOfValue(ns, knownIds);
    for (const claim of claimsOf(ns)) {
      const expected = erc7201Slot(claim.id);
      if (ns.value.value === expected) continue;
      const annotation =
        actualId !== undefined ? annotationFix(ctx.view, claim, actualId, deployed) : undefined;
      const constant: Fix = {
        title: deployed
          ? `Dangerous: use the ERC-7201 slot of "${claim.id}" (moves storage the deployed diamond uses at ${ns.value.value})`
          : `Use the ERC-7201 slot of "${claim.id}" (moves the namespace to another slot)`,
        edits: [{ ...valuePlace, newText: expected }],
        preferred: annotation ? !deployed : undefined,
        dangerous: deployed || undefined,
      };
      const how = annotation
        ? ` Correcting the annotation to \`${actualId}\` keeps storage where it is; correcting the constant moves it` +
          (deployed ? ' away from the deployed data (the baseline or a deployment record has this slot)' : '')
        : deployed
          ? ' The baseline or a deployment record has this slot deployed: correcting the constant moves the namespace away from its data'
          : '';
      out.push({
        rule: 'erc7201-slot-mismatch',
        severity: 'error',
        ...valuePlace,
        message:
          `${describe(ns)} is ${ns.value.value}, not the ERC-7201 slot of \`${claim.id}\` that ${claim.by} claims: ` +
          `expected ${expected}.${how}`,
        related: [{ ...claim.place, message: `${claim.by} claims \`erc7201:${claim.id}\`` }],
        fixes:
          annotation && deployed ? [annotation, constant] : annotation ? [constant, annotation] : [constant],
      });
    }
  }
  return out;
}

/** The id whose ERC-7201 slot the constant's value is: the one it is computed from, or a known id that hashes to it. */
function idOfValue(ns: Namespace, knownIds: readonly string[]): string | undefined {
  if (ns.value.id !== undefined && erc7201Slot(ns.value.id) === ns.value.value) return ns.value.id;
  return knownIds.find((id) => erc7201Slot(id) === ns.value.value);
}

/** Rewrites the claimed id in the comment that claims it (storage stays at the constant's slot). */
function annotationFix(view: StorageView, claim: Claim, id: string, deployed: boolean): Fix | undefined {
  const text = view.text(claim.docs.file);
  if (text === undefined || claim.docs.text === undefined) return undefined;
  const at = text.lastIndexOf(claim.docs.text, claim.docs.before);
  const inDocs = at < 0 ? -1 : claimedIdOffset(claim.docs.text, claim.id);
  if (inDocs < 0) return undefined;
  const start = at + inDocs;
  return {
    title: `Correct the annotation to "${id}" (storage stays where it is)`,
    edits: [{ file: claim.docs.file, start, end: start + claim.id.length, newText: id }],
    preferred: deployed || undefined,
  };
}

/** Where the id stands in the comment: after `erc7201:`, or quoted in the formula or `erc7201("…")`. */
function claimedIdOffset(docs: string, id: string): number {
  for (const form of [`erc7201:${id}`, `"${id}"`, `'${id}'`]) {
    const i = docs.indexOf(form);
    if (i >= 0) return i + form.indexOf(id);
  }
  return -1;
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
  /** The comment making the claim: its text and the declaration it stands above. */
  docs: { file: string; text: Docs; before: number };
}

/** Distinct ids claimed for the namespace: by the constant's own comment, and by each struct placed at it. */
function claimsOf(ns: Namespace): Claim[] {
  const out: Claim[] = [];
  if (ns.claim?.on === 'constant' && ns.constant) {
    const c = ns.constant;
    out.push({
      id: ns.claim.id,
      by: 'its comment',
      place: ns.claim.place,
      docs: { file: c.scope.file, text: c.def.docs, before: c.def.span.start },
    });
  }
  for (const s of ns.struct ? [ns.struct, ...ns.otherStructs] : []) {
    const id = storageLocationId(s.def.docs);
    if (id === undefined || out.some((c) => c.id === id)) continue;
    out.push({
      id,
      by: `struct \`${qualified(s.scope, s.def.name)}\``,
      place: { file: s.scope.file, start: s.def.nameSpan.start, end: s.def.nameSpan.end },
      docs: { file: s.scope.file, text: s.def.docs, before: s.def.span.start },
    });
  }
  return out;
}
