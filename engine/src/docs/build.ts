/**
 * The documentation model from the engine's analysis: the namespaces and their exact layouts (storage/), the
 * diamonds and their facets' selectors (diamonds/, selectors/), and what each facet's functions read, write and
 * call (effects.ts, from full function bodies). Pure: everything comes in through `DocsInput`; the output is
 * sorted everywhere so the same code gives the same model whatever order the files were opened in.
 */
import { LineIndex } from '../lines';
import type { NamespaceLayout } from '../storage/namespace-layout';
import type { ContractDef } from '../syntax/ast';
import type { NamespaceEntry, SelectorEntry } from '../vocabulary';
import type { Workspace } from '../workspace';
import { CodeIndex, type BodyCache, type CodeContract } from './code-index';
import { EffectsAnalysis, type FunctionEffects, type PointerSpec } from './effects';
import {
  compareText,
  namespaceKey,
  type DocsDependency,
  type DocsDiamond,
  type DocsModel,
  type DocsNamespace,
  type DocsScheme,
} from './model';

/** A contract as the service holds it. */
export interface DocsContract {
  file: string;
  def: ContractDef;
}

export interface DocsInput {
  ws: Workspace;
  /** A file's path relative to the project root. */
  rel(file: string): string;
  namespaces: readonly NamespaceEntry[];
  layouts: readonly NamespaceLayout[];
  diamonds: readonly { name: string; facets: readonly DocsContract[]; proxy?: DocsContract }[];
  /** Every contract of the workspace (migrations are looked for among them). */
  contracts: readonly DocsContract[];
  selectorsOf(c: DocsContract): readonly SelectorEntry[];
  /** Body parses kept from the last build (the service's): unchanged files are not parsed again. */
  bodyCache?: BodyCache;
  /** Asked between file parses: true stops the build with DocsCancelledError (code-index.ts). */
  cancelled?: () => boolean;
}

const VERSIONED = /^(.+)\.v(\d+)$/;
const EXTENSION = /(Ext|Extension|_ext|\.ext)$/i;

const SCHEME: Record<NamespaceEntry['scheme'], DocsScheme> = {
  keccak: 'keccak',
  erc7201: 'erc7201',
  literal: 'hex',
  appstorage: 'appstorage',
};

const unique = (xs: Iterable<string>) => [...new Set(xs)].sort(compareText);

export function buildDocsModel(input: DocsInput): DocsModel {
  const lines = new Map<string, LineIndex | null>();
  const lineOf = (file: string, offset: number): number => {
    let idx = lines.get(file);
    if (idx === undefined) {
      const text = input.ws.text(file);
      lines.set(file, (idx = text === undefined ? null : new LineIndex(text)));
    }
    return idx ? idx.positionAt(offset).line + 1 : 0;
  };

  const entries = [...input.namespaces].sort(
    (a, b) =>
      compareText(a.id ?? a.slot, b.id ?? b.slot) ||
      compareText(a.owner, b.owner) ||
      compareText(a.file, b.file) ||
      a.span.start - b.span.start,
  );
  const pointers: PointerSpec[] = entries.map((e) => ({
    owner: e.owner,
    file: e.file,
    struct: (e.struct ?? '').slice((e.struct ?? '').lastIndexOf('.') + 1),
    appStorage: e.scheme === 'appstorage',
  }));

  const code = new CodeIndex(input.ws, input.bodyCache, input.cancelled);
  const codeOf = (c: DocsContract) => code.of(c.file, c.def);
  const facetNames = new Map<CodeContract, string>();
  for (const d of input.diamonds)
    for (const f of d.facets) {
      const cc = codeOf(f);
      if (cc) facetNames.set(cc, f.def.name);
    }
  // Migrations are looked for in contracts whose file names a namespace's owner: the full parse costs ~0.35 ms
  // a line, and a contract that names no owner reaches no namespace but through a library that does.
  const owners = new Set(entries.map((e) => e.owner));
  const naming = new Map<string, boolean>();
  const namesOwner = (file: string) => {
    let hit = naming.get(file);
    if (hit === undefined)
      naming.set(
        file,
        (hit = (input.ws.text(file)?.match(/[A-Za-z_$][\w$]*/g) ?? []).some((w) => owners.has(w))),
      );
    return hit;
  };
  const candidates = input.contracts
    .filter((c) => c.def.kind === 'contract' && namesOwner(c.file))
    .sort((a, b) => compareText(a.file, b.file) || compareText(a.def.name, b.def.name));
  const codes = candidates.flatMap((c) => codeOf(c) ?? []);
  const analysis = new EffectsAnalysis(code, pointers);
  analysis.run([...new Set([...facetNames.keys(), ...codes])]);

  const facetEffects = new Map<string, FunctionEffects>();
  for (const [cc, name] of facetNames) facetEffects.set(name, analysis.ofContract(cc));
  const nsIndex = (t: string) => (t.startsWith('n:') ? Number(t.slice(2)) : -1);
  const touching = (i: number, kind: 'reads' | 'writes') =>
    unique(
      [...facetEffects].flatMap(([name, e]) => ([...e[kind]].some((t) => nsIndex(t) === i) ? [name] : [])),
    );

  const byEntry = new Map<NamespaceEntry, NamespaceLayout>();
  for (const l of input.layouts) byEntry.set(l.namespace, l);
  const layoutOf = (e: NamespaceEntry) =>
    byEntry.get(e) ??
    input.layouts.find(
      (l) => l.namespace.slot === e.slot && l.namespace.owner === e.owner && l.namespace.struct === e.struct,
    );

  const ids = new Set(entries.flatMap((e) => (e.id !== undefined ? [e.id] : [])));
  const migrations = (prev: number, next: number): string[] =>
    unique(
      codes.flatMap((cc) =>
        analysis
          .perFunction(cc)
          .some(
            (e) =>
              [...e.reads].some((t) => nsIndex(t) === prev) && [...e.writes].some((t) => nsIndex(t) === next),
          )
          ? [cc.name]
          : [],
      ),
    );
  const families = new Set(entries.flatMap((e) => (e.id ? [VERSIONED.exec(e.id)?.[1] ?? e.id] : [])));

  const namespaces: DocsNamespace[] = entries.map((e, i) => {
    const layout = layoutOf(e);
    const m = e.id !== undefined ? VERSIONED.exec(e.id) : null;
    const prevId = m && Number(m[2]) >= 2 ? `${m[1]}.v${Number(m[2]) - 1}` : undefined;
    const previousVersion = prevId !== undefined && ids.has(prevId) ? prevId : null;
    const prevIndex = previousVersion !== null ? entries.findIndex((x) => x.id === previousVersion) : -1;
    const family = e.id !== undefined ? (m?.[1] ?? e.id) : undefined;
    const base = family !== undefined && EXTENSION.test(family) ? family.replace(EXTENSION, '') : undefined;
    return {
      id: e.id ?? null,
      slot: e.slot,
      scheme: SCHEME[e.scheme],
      library: e.owner,
      struct: e.struct ?? null,
      file: input.rel(e.file),
      line: lineOf(e.file, e.span.start),
      fields: (layout?.fields ?? []).map((f) => ({
        name: f.name,
        type: f.type,
        slot: f.slot,
        offset: f.offset,
        bytes: f.bytes,
      })),
      complete: layout?.complete ?? false,
      readBy: touching(i, 'reads'),
      writtenBy: touching(i, 'writes'),
      previousVersion,
      migratedBy: prevIndex >= 0 ? migrations(prevIndex, i) : [],
      extends: base !== undefined && families.has(base) ? base : null,
    };
  });

  const diamonds: DocsDiamond[] = input.diamonds
    .map((d) => diamondOf(d, input, lineOf, code, analysis))
    .sort((a, b) => compareText(a.name, b.name));

  const dependencies: DocsDependency[] = [];
  const seen = new Set<string>();
  const add = (dep: DocsDependency) => {
    const k = `${dep.from}\0${dep.kind}\0${dep.to}`;
    if (!seen.has(k)) {
      seen.add(k);
      dependencies.push(dep);
    }
  };
  for (const [name, e] of facetEffects) {
    for (const kind of ['reads', 'writes'] as const)
      for (const t of e[kind]) {
        const i = nsIndex(t);
        if (i >= 0) add({ from: name, to: namespaceKey(namespaces[i]), kind });
      }
  }
  for (const d of input.diamonds) for (const c of diamondCalls(d, input, code, analysis)) add(c);
  dependencies.sort(
    (a, b) => compareText(a.from, b.from) || compareText(a.kind, b.kind) || compareText(a.to, b.to),
  );

  const unparsed = [
    ...code.failures(),
    ...[...analysis.failed].map(([file, reason]) => ({ file, reason: `function bodies: ${reason}` })),
  ]
    .map((f) => ({ file: input.rel(f.file), reason: f.reason }))
    .sort((a, b) => compareText(a.file, b.file));
  return { namespaces, diamonds, dependencies, unparsed };
}

function diamondOf(
  d: DocsInput['diamonds'][number],
  input: DocsInput,
  lineOf: (file: string, offset: number) => number,
  code: CodeIndex,
  analysis: EffectsAnalysis,
): DocsDiamond {
  const members = [...(d.proxy ? [d.proxy] : []), ...d.facets];
  const selectors = members
    .flatMap((f) =>
      input.selectorsOf(f).map((s) => ({
        selector: s.selector,
        signature: s.signature,
        facet: f.def.name,
        file: input.rel(s.file),
        line: lineOf(s.file, s.span.start),
      })),
    )
    .sort(
      (a, b) =>
        compareText(a.selector, b.selector) ||
        compareText(a.facet, b.facet) ||
        compareText(a.signature, b.signature) ||
        compareText(a.file, b.file),
    );
  const facets = d.facets
    .map((f) => {
      const cc = code.of(f.file, f.def);
      return {
        name: f.def.name,
        file: input.rel(f.file),
        line: lineOf(f.file, f.def.nameSpan.start),
        libraries: cc ? unique(analysis.ofContract(cc).libraries) : [],
      };
    })
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.file, b.file));
  return { name: d.name, facets, selectors };
}

/** Number of parameters of a canonical signature (`f(uint256,(address,bool)[])` → 2). */
export function parameterCount(signature: string): number {
  const inner = signature.slice(signature.indexOf('(') + 1, -1);
  if (inner === '') return 0;
  let depth = 0;
  let n = 1;
  for (const ch of inner) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) n++;
  }
  return n;
}

/** facet → facet calls through the diamond, resolved by selector to the facet of `d` exposing it. */
function diamondCalls(
  d: DocsInput['diamonds'][number],
  input: DocsInput,
  code: CodeIndex,
  analysis: EffectsAnalysis,
): DocsDependency[] {
  const routed = new Map<string, string>();
  for (const f of d.facets)
    for (const s of input.selectorsOf(f)) if (!routed.has(s.selector)) routed.set(s.selector, f.def.name);
  const byKey = new Map(input.contracts.map((c) => [`${c.file}\0${c.def.name}`, c]));
  const out: DocsDependency[] = [];
  for (const f of d.facets) {
    const cc = code.of(f.file, f.def);
    if (!cc) continue;
    for (const call of analysis.ofContract(cc).diamondCalls) {
      const [file, name, fn, argc] = call.split('\0');
      const target = byKey.get(`${file}\0${name}`);
      if (!target) continue;
      for (const s of input.selectorsOf(target)) {
        if (!s.signature.startsWith(fn + '(') || parameterCount(s.signature) !== Number(argc)) continue;
        const to = routed.get(s.selector);
        if (to !== undefined && to !== f.def.name) out.push({ from: f.def.name, to, kind: 'calls' });
      }
    }
  }
  return out;
}
