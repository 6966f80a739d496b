/**
 * Storage namespace discovery across the workspace.
 *
 * A namespace is a slot something is placed at: a `bytes32` constant traced through `p.slot := X`
 * (directly, or via a local `bytes32 position = CONST;`, or a `slot()` helper returning it), a
 * constant that looks like a slot (ERC-7201 comment/annotation, or a SLOT/POSITION/STORAGE/
 * NAMESPACE/LOCATION name), an inline slot expression in a function body, or a struct annotated
 * `@custom:storage-location erc7201:<id>`. Declarations of one namespace (the annotated struct, its
 * constant, the functions placing it) are merged into one entry so rules see each namespace once.
 */
import type { Place } from '../findings';
import type { NamespaceEntry } from '../vocabulary';
import type { Span, StructDef } from '../syntax/ast';
import { erc7201Claim, storageLocationId, type ClaimSource } from './annotations';
import { erc7201Slot } from '../constants/erc7201';
import { SlotEvaluator, type ConstantRef } from './slot-evaluator';
import { scanFile } from './file-scan';
import type { SlotValue } from '../constants/evaluate';
import { declKey, qualified, type Scope, type StorageView } from './view';

export interface StructRef {
  scope: Scope;
  def: StructDef;
}

export interface Namespace {
  /** Identity: the declaring constant, inline expression or annotated struct. */
  key: string;
  /** The service's view of it. */
  entry: NamespaceEntry;
  /** The evaluated slot (value, the id it was hashed from, how). */
  value: SlotValue;
  /** The constant declaring the slot (aliases followed). */
  constant?: ConstantRef;
  /** A slot expression written inline in a function body, when there is no constant. */
  inline?: { scope: Scope; span: Span };
  /** The struct placed at the slot (first one found). */
  struct?: StructRef;
  /** Further, different structs placed at the same slot declaration. */
  otherStructs: StructRef[];
  /** The ERC-7201 id claimed for this slot: by the constant's own comment, else by the struct's annotation. */
  claim?: { id: string; source: ClaimSource; on: 'constant' | 'struct'; place: Place };
  /** Used only as a transient-storage slot (TransientSlot): not in the persistent storage space. */
  transient: boolean;
  /** Where the slot is placed with `.slot :=`. */
  readers: Place[];
}

const SLOT_NAME = /(SLOT|POSITION|STORAGE|NAMESPACE|LOCATION)/i;
/** Initializers that may compute an ERC-7201 slot (the builtin or the formula). */
const MAY_BE_ERC7201 = /erc7201|abi\.encode/;
/** Hashes that are not slots even when their names mention storage. */
const NOT_SLOT_NAME = /(TYPEHASH|_ROLE$|SELECTOR|INTERFACE_ID)/i;

/** Discovers every namespace of the view. */
export function discoverNamespaces(view: StorageView): Namespace[] {
  const ev = new SlotEvaluator(view);
  const byKey = new Map<string, Namespace>();
  const scans = view.files().flatMap((file) => scanFile(view, file));

  const ensure = (key: string, make: () => Namespace): Namespace => {
    let ns = byKey.get(key);
    if (!ns) byKey.set(key, (ns = make()));
    return ns;
  };

  // 1. `.slot :=` traces: they tie slots to structs.
  for (const { scope, traces } of scans) {
    for (const { fn, a } of traces) {
      const traced = ev.traced(scope, fn, a);
      if (!traced.value) continue;
      const value = traced.value;
      const ns = traced.constant
        ? ensure(declKey(traced.constant.scope, traced.constant.def.name), () =>
            fromConstant(traced.constant!, value),
          )
        : ensure(`${scope.file}@${a.exprSpan.start}`, () => fromInline(scope, a.exprSpan, value));
      ns.readers.push({ file: scope.file, start: a.span.start, end: a.span.end });
      const struct = resolveStruct(view, scope, a.pointerType);
      if (struct) attachStruct(ns, struct);
    }
  }

  // 2. Constants that are slots even where no `.slot :=` was found: claimed by a comment, computed
  // as ERC-7201, or a bytes32 named like a slot.
  for (const { scope, constants, usesTransientSlots } of scans) {
    for (const def of constants) {
      const key = declKey(scope, def.name);
      if (byKey.has(key)) continue;
      if (def.type.kind === 'user' && !isSlotValueType(view, scope, def.type.path)) continue;
      const claim = erc7201Claim(def.docs);
      const named =
        def.type.kind !== 'elementary' || def.type.name === 'bytes32' ? looksLikeSlot(def.name) : false;
      if (!claim && !named && !MAY_BE_ERC7201.test(def.initializer?.text ?? '')) continue;
      const value = ev.constant(scope, def);
      if (!value || value.alias) continue; // an alias is a reader of another namespace
      if (!claim && !named && value.form !== 'erc7201') continue;
      const ns = fromConstant({ scope, def }, value);
      ns.transient = usesTransientSlots;
      byKey.set(key, ns);
    }
  }

  // 3. Annotated structs: attach to a same-owner namespace with the matching slot, else stand alone.
  const placed = new Set<StructDef>();
  const unplacedBySlot = new Map<string, Namespace[]>();
  for (const ns of byKey.values()) {
    if (ns.struct) for (const s of [ns.struct, ...ns.otherStructs]) placed.add(s.def);
    else unplacedBySlot.set(ns.entry.slot, [...(unplacedBySlot.get(ns.entry.slot) ?? []), ns]);
  }
  for (const { scope, annotated } of scans) {
    for (const { def, id } of annotated) {
      if (placed.has(def)) continue;
      const slot = erc7201Slot(id);
      const sibling = unplacedBySlot.get(slot)?.find((n) => !n.struct && sameOwner(n, scope));
      if (sibling) {
        attachStruct(sibling, { scope, def });
        continue;
      }
      const key = declKey(scope, def.name) + '#erc7201';
      byKey.set(key, {
        key,
        entry: entry(scope, def.nameSpan, slot),
        value: { value: slot, id, form: 'erc7201' },
        struct: { scope, def },
        otherStructs: [],
        claim: { id, source: 'storage-location', on: 'struct', place: place(scope.file, def.nameSpan) },
        transient: false,
        readers: [],
      });
    }
  }

  for (const ns of byKey.values()) finish(ns);
  return [...byKey.values()];
}

/** A user-defined value type over a slot type (`type sslot is uint256;`). */
function isSlotValueType(view: StorageView, scope: Scope, path: readonly string[]): boolean {
  const r = view.resolve(scope, path);
  if (r?.kind !== 'udvt' || r.def.underlying.kind !== 'elementary') return false;
  return ['bytes32', 'uint256', 'uint'].includes(r.def.underlying.name);
}

function looksLikeSlot(name: string): boolean {
  return SLOT_NAME.test(name) && !NOT_SLOT_NAME.test(name);
}

function fromConstant(c: ConstantRef, value: SlotValue): Namespace {
  const claim = erc7201Claim(c.def.docs);
  return {
    key: declKey(c.scope, c.def.name),
    entry: entry(c.scope, c.def.nameSpan, value.value),
    value,
    constant: c,
    otherStructs: [],
    claim: claim && { ...claim, on: 'constant', place: place(c.scope.file, c.def.nameSpan) },
    transient: false,
    readers: [],
  };
}

function fromInline(scope: Scope, span: Span, value: SlotValue): Namespace {
  return {
    key: `${scope.file}@${span.start}`,
    entry: entry(scope, span, value.value),
    value,
    inline: { scope, span },
    otherStructs: [],
    transient: false,
    readers: [],
  };
}

/** The service entry before `finish` fills id, scheme and struct. */
function entry(scope: Scope, span: Span, slot: string): NamespaceEntry {
  return {
    slot,
    scheme: 'literal',
    owner: ownerName(scope),
    file: scope.file,
    span: { start: span.start, end: span.end },
  };
}

export function ownerName(scope: Scope): string {
  return scope.contract?.name ?? scope.file.slice(scope.file.lastIndexOf('/') + 1);
}

function place(file: string, span: Span): Place {
  return { file, start: span.start, end: span.end };
}

function attachStruct(ns: Namespace, s: StructRef): void {
  if (!ns.struct) ns.struct = s;
  else if (ns.struct.def !== s.def && !ns.otherStructs.some((o) => o.def === s.def)) ns.otherStructs.push(s);
}

/** Fills id/scheme/struct from what is known once every source has been merged. */
function finish(ns: Namespace): void {
  // A struct's annotation is the claim when the constant's own comment does not make one.
  const structId = ns.struct && storageLocationId(ns.struct.def.docs);
  if (!ns.claim && structId !== undefined && ns.struct) {
    const at = place(ns.struct.scope.file, ns.struct.def.nameSpan);
    ns.claim = { id: structId, source: 'storage-location', on: 'struct', place: at };
  }
  const v = ns.value;
  const e = ns.entry;
  if (ns.claim && v.value === erc7201Slot(ns.claim.id)) {
    // A hex literal that matches its claim is an ERC-7201 slot with a known id.
    e.id = ns.claim.id;
    e.scheme = 'erc7201';
  } else if (v.form === 'erc7201' || v.form === 'keccak' || v.form === 'keccak-minus-1') {
    e.id = v.id;
    e.scheme = v.form === 'erc7201' ? 'erc7201' : 'keccak';
  } else {
    // A wrong or opaque value: the id is what the code claims, the scheme what the value is.
    e.id = ns.claim?.id ?? v.id;
    e.scheme = v.id !== undefined ? 'keccak' : 'literal';
  }
  if (ns.struct) e.struct = qualified(ns.struct.scope, ns.struct.def.name);
}

function sameOwner(ns: Namespace, scope: Scope): boolean {
  const s = ns.constant?.scope ?? ns.inline?.scope;
  return !!s && s.file === scope.file && s.contract === scope.contract;
}

function resolveStruct(view: StorageView, scope: Scope, path?: string[]): StructRef | undefined {
  if (!path) return undefined;
  const r = view.resolve(scope, path);
  return r?.kind === 'struct' ? { scope: r.scope, def: r.def } : undefined;
}
