/**
 * "A broken region keeps its last good analysis."
 *
 * While a file has parse problems (an unclosed brace swallowing what follows, a half-typed header, an open block
 * comment), declarations can vanish from the fresh parse although the user never touched them. When the new parse
 * has problems, every declaration of the previous result that is missing from the new one is carried over, moved
 * through the edit, provided its name was outside the edited region and still stands, as a whole word, at the
 * mapped place. A declaration the user deleted or renamed was inside the edited region, so it is not kept.
 * Contracts present in both parses get the same treatment member by member. Once the file parses cleanly again,
 * the fresh parse is taken as is. The previous result already holds what was kept before, so a region stays
 * covered across many keystrokes.
 */
import type { ContractDef, FunctionDef, SourceUnit, Span } from './ast';
import { diffTexts, mapSpans, type TextEdit } from './span-map';

interface Named {
  name: string;
  nameSpan: Span;
  span: Span;
}

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

function stillStands(d: Named, edit: TextEdit, newText: string): boolean {
  if (!d.name || !edit.untouched(d.nameSpan.start, d.nameSpan.end)) return false;
  const s = edit.map(d.nameSpan.start);
  const e = s + d.name.length;
  return (
    newText.slice(s, e) === d.name &&
    !isIdentChar(newText.charCodeAt(s - 1)) &&
    !isIdentChar(newText.charCodeAt(e))
  );
}

function fnKey(f: FunctionDef): string {
  return `${f.kind}:${f.name}:${f.params.length}`;
}

/**
 * Returns `fresh` plus the entries of `old` whose key is missing from `fresh` and which still stand in the new
 * text (mapped through the edit), ordered by position. `kept` collects their labels.
 */
function mergeList<T extends Named>(
  fresh: T[],
  old: T[],
  key: (d: T) => string,
  edit: TextEdit,
  newText: string,
  label: (d: T) => string,
  kept: string[],
): T[] {
  if (old.length === 0) return fresh;
  const present = new Set(fresh.map(key));
  const add: T[] = [];
  for (const d of old) {
    if (present.has(key(d)) || !stillStands(d, edit, newText)) continue;
    add.push(mapSpans(d, edit.map));
    kept.push(label(d));
  }
  if (!add.length) return fresh;
  return [...fresh, ...add].sort((a, b) => a.span.start - b.span.start);
}

type ListKey = 'functions' | 'stateVars' | 'structs' | 'enums' | 'udvts' | 'events' | 'errors';

function mergeContract(
  fresh: ContractDef,
  old: ContractDef,
  edit: TextEdit,
  text: string,
  kept: string[],
): ContractDef {
  const label = (d: Named) => `${fresh.name}.${d.name}`;
  const byName = (d: Named) => d.name;
  let out: ContractDef | undefined;
  const merge = <K extends ListKey>(k: K, key: (d: NonNullable<ContractDef[K]>[number]) => string) => {
    const f = (fresh[k] ?? []) as Named[];
    const merged = mergeList(
      f,
      (old[k] ?? []) as Named[],
      key as (d: Named) => string,
      edit,
      text,
      label,
      kept,
    );
    if (merged !== f) {
      out ??= { ...fresh };
      (out as unknown as Record<string, unknown>)[k] = merged;
    }
  };
  merge('functions', fnKey);
  merge('stateVars', byName);
  merge('structs', byName);
  merge('enums', byName);
  merge('udvts', byName);
  merge('events', byName);
  merge('errors', byName);
  return out ?? fresh;
}

export function keepLastGood(
  oldText: string,
  old: SourceUnit,
  newText: string,
  fresh: SourceUnit,
): SourceUnit {
  if (fresh.problems.length === 0) return fresh;
  const edit = diffTexts(oldText, newText);
  const kept: string[] = [];
  const out: SourceUnit = { ...fresh };
  const byName = (d: Named) => d.name;
  const label = (d: Named) => d.name;
  const oldContracts = new Map(old.contracts.map((c) => [c.name, c]));
  out.contracts = fresh.contracts.map((c) => {
    const o = oldContracts.get(c.name);
    return o && c.name ? mergeContract(c, o, edit, newText, kept) : c;
  });
  out.contracts = mergeList(out.contracts, old.contracts, byName, edit, newText, label, kept);
  out.structs = mergeList(fresh.structs, old.structs, byName, edit, newText, label, kept);
  out.enums = mergeList(fresh.enums, old.enums, byName, edit, newText, label, kept);
  out.udvts = mergeList(fresh.udvts, old.udvts, byName, edit, newText, label, kept);
  out.constants = mergeList(fresh.constants, old.constants, byName, edit, newText, label, kept);
  out.functions = mergeList(fresh.functions, old.functions, fnKey, edit, newText, label, kept);
  out.errors = mergeList(fresh.errors ?? [], old.errors ?? [], byName, edit, newText, label, kept);
  out.events = mergeList(fresh.events ?? [], old.events ?? [], byName, edit, newText, label, kept);
  if (kept.length) out.kept = kept;
  return out;
}
