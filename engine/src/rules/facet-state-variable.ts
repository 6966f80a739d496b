/**
 * Rule facet-state-variable: a facet (or a contract it inherits) declares an ordinary state
 * variable. Those live at slots 0, 1, … of the diamond, shared by every facet. Constants and
 * immutables live in code and transient variables in transient storage: they are fine.
 *
 * AppStorage is the exception: one struct as the first and only state variable, the same struct in
 * every facet of the diamond. A variable after it, or facets of one diamond disagreeing on the
 * struct, is flagged.
 */
import type { Finding, Place, RelatedPlace } from '../findings';
import { storageVariables, structOfVariable, type StateVar } from '../storage/appstorage';
import type { ContractScope, StorageRuleContext } from '../storage/context';
import { declKey, qualified, type StorageView } from '../storage/view';
import { inheritanceSpecifier } from '../storage/inheritance';

interface AppStorageUse {
  facet: ContractScope;
  v: StateVar;
  structKey: string;
  structName: string;
}

export function runFacetStateVariable(ctx: StorageRuleContext): Finding[] {
  // One finding per variable, however many facets inherit it.
  const byVar = new Map<string, { v: StateVar; facets: ContractScope[]; afterAppStorage?: StateVar }>();
  const out: Finding[] = [];
  for (const group of ctx.facetGroups) {
    const apps: AppStorageUse[] = [];
    for (const facet of group) {
      const vars = storageVariables(ctx.view, facet);
      if (vars.length === 0) continue;
      const app = appStorageStruct(ctx.view, vars[0]);
      if (app) apps.push({ facet, v: vars[0], ...app });
      // A first variable whose type did not resolve may be the AppStorage struct: unresolved-import says so.
      const unknownFirst = !app && hasUnresolvedType(ctx.view, vars[0]);
      for (const v of app || unknownFirst ? vars.slice(1) : vars) {
        const key = declKey(v.owner, v.def.name);
        const seen = byVar.get(key) ?? { v, facets: [], afterAppStorage: app ? vars[0] : undefined };
        if (!seen.facets.includes(facet)) seen.facets.push(facet);
        byVar.set(key, seen);
      }
    }
    out.push(...appStorageDisagreements(apps));
  }
  for (const { v, facets, afterAppStorage } of byVar.values()) {
    if (isDependency(ctx.view, v) && facets.every((f) => f.contract !== v.owner.contract)) {
      out.push(...dependencyState(ctx.view, v, facets, afterAppStorage));
      continue;
    }
    const where = varPlace(v);
    const facetNames = facets.map((f) => `\`${f.contract.name}\``).join(', ');
    const inherited = facets.every((f) => f.contract !== v.owner.contract);
    const subject = inherited
      ? `\`${v.owner.contract.name}\` (inherited by facet ${facetNames}) declares state variable \`${v.def.name}\``
      : `facet \`${v.owner.contract.name}\` declares state variable \`${v.def.name}\``;
    const why = afterAppStorage
      ? `after its AppStorage \`${afterAppStorage.def.name}\`: AppStorage must be the only state variable, or \`${v.def.name}\` overlaps the struct's next field`
      : 'at a sequential slot of the diamond, shared with every other facet: use a namespaced storage library or AppStorage';
    const related: RelatedPlace[] = [];
    if (afterAppStorage)
      related.push({ ...varPlace(afterAppStorage), message: `AppStorage \`${afterAppStorage.def.name}\`` });
    if (inherited) {
      for (const f of facets)
        related.push({ ...namePlace(f), message: `facet \`${f.contract.name}\` inherits it` });
    }
    out.push({
      rule: 'facet-state-variable',
      severity: 'error',
      ...where,
      message: `${subject} ${why}`,
      related,
    });
  }
  return out;
}

/** The struct of an AppStorage variable, keyed and named for messages. */
function appStorageStruct(
  view: StorageView,
  v: StateVar,
): { structKey: string; structName: string } | undefined {
  const r = structOfVariable(view, v);
  return r && { structKey: declKey(r.scope, r.def.name), structName: qualified(r.scope, r.def.name) };
}

/** Facets of one diamond that put different structs at slot 0: each minority facet is flagged. */
function appStorageDisagreements(apps: AppStorageUse[]): Finding[] {
  const counts = new Map<string, AppStorageUse[]>();
  for (const a of apps) counts.set(a.structKey, [...(counts.get(a.structKey) ?? []), a]);
  if (counts.size < 2) return [];
  // The most used struct is taken as the diamond's AppStorage (ties: the first seen).
  const major = [...counts.values()].reduce((m, uses) => (uses.length > m.length ? uses : m));
  const ref = major[0];
  const out: Finding[] = [];
  const flagged = new Set<string>();
  for (const a of apps) {
    if (a.structKey === ref.structKey) continue;
    const key = declKey(a.v.owner, a.v.def.name) + '|' + a.facet.contract.name;
    if (flagged.has(key)) continue;
    flagged.add(key);
    out.push({
      rule: 'facet-state-variable',
      severity: 'error',
      ...varPlace(a.v),
      message:
        `facet \`${a.facet.contract.name}\` puts AppStorage struct \`${a.structName}\` at slot 0, but facet ` +
        `\`${ref.facet.contract.name}\` uses \`${ref.structName}\`: the two overwrite each other`,
      related: [
        { ...varPlace(ref.v), message: `\`${ref.facet.contract.name}\` declares \`${ref.structName}\` here` },
      ],
    });
  }
  return out;
}

function varPlace(v: StateVar): Place {
  return { file: v.owner.file, start: v.def.nameSpan.start, end: v.def.nameSpan.end };
}

function namePlace(c: ContractScope): Place {
  return { file: c.file, start: c.contract.nameSpan.start, end: c.contract.nameSpan.end };
}

/** Declared in a dependency (node_modules, lib/, a file outside the checked paths), not in the project's code. */
function isDependency(view: StorageView, v: StateVar): boolean {
  return !view.isOwn(v.owner.file) || /\/(node_modules|lib)\//.test(v.owner.file);
}

/**
 * State a facet inherits from a dependency: the user cannot edit the dependency, and its file may not even be
 * checked, so the finding is in each facet, at the `is` specifier that brings it in, `related` at the declaration.
 */
function dependencyState(
  view: StorageView,
  v: StateVar,
  facets: readonly ContractScope[],
  afterAppStorage: StateVar | undefined,
): Finding[] {
  const base = v.owner.contract.name;
  return facets.map((facet) => {
    const spec = inheritanceSpecifier(view, facet, v.owner.contract) ?? namePlace(facet);
    const related: RelatedPlace[] = [
      { ...varPlace(v), message: `\`${base}\` declares state variable \`${v.def.name}\` here` },
    ];
    if (afterAppStorage)
      related.push({ ...varPlace(afterAppStorage), message: `AppStorage \`${afterAppStorage.def.name}\`` });
    return {
      rule: 'facet-state-variable',
      severity: 'error',
      ...spec,
      message:
        `facet \`${facet.contract.name}\` inherits state variable \`${v.def.name}\` from dependency \`${base}\`: ` +
        (afterAppStorage
          ? `it comes after the facet's AppStorage \`${afterAppStorage.def.name}\` and overlaps the struct's next field`
          : 'it sits at a sequential slot of the diamond, shared with every other facet') +
        ` (use the dependency's namespaced, upgradeable variant, or a facet without \`${base}\`)`,
      related,
    };
  });
}

function hasUnresolvedType(view: StorageView, v: StateVar): boolean {
  return v.def.type.kind === 'user' && view.resolve(v.owner, v.def.type.path) === undefined;
}
