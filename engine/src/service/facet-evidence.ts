/**
 * What the code says about each contract for facet discovery and diamond inference (diamonds/discover.ts):
 * its AppStorage struct, whether it is a diamond contract, a Foundry script or test, what it inherits, and
 * whether its file is production code, and where a deploy script, deployment record or deploy config registers
 * it (the registrations the host read, handed over by name). Read from the workspace at one version.
 */
import type { DiamondConfig } from '../config';
import type { FacetEvidence, FacetRegistration } from '../diamonds/discover';
import { inScope, relativeToRoot, scopePath } from '../diamonds/scope';
import { storageVariables, structOfVariable } from '../storage/appstorage';
import { declKey } from '../storage/view';
import { workspaceView } from '../storage/workspace-view';
import { detach } from '../memo';
import type { StorageView } from '../storage/view';
import type { ContractDef } from '../syntax/ast';
import { normalizePath, type ContractRef, type FileEpochs, type Stamp, type Workspace } from '../workspace';
import type { ContractEntry } from './state';

/** Bases that make a contract a diamond without a fallback of its own in view (SolidState, common names). */
const DIAMOND_BASES = new Set(['SolidStateDiamond', 'SolidstateDiamondProxy', 'DiamondProxy', 'DiamondBase']);
/** forge-std's bases of scripts and tests. */
const SCRIPT_OR_TEST_BASES = new Set(['Script', 'Test', 'DSTest']);

/** What the evidence reads that is not code: kept by the service while its settings are the same. */
export interface EvidenceScope {
  settings: number;
  root: string | undefined;
  scopeRoots: readonly string[] | undefined;
  config: DiamondConfig;
  registrations: readonly FacetRegistration[];
  /** Root-relative path and production scope per file, for these settings. */
  files: Map<string, { rel: string; inScope: boolean }>;
  registeredBy?: Map<string, string>;
}

/** What the code says about one contract, kept with its parsed object while what it can see is unchanged. */
export interface ContractEvidence {
  stamp: Stamp;
  appStorage: string | undefined;
  diamond: boolean;
  scriptOrTest: boolean;
  /** The contracts it inherits (not itself), linearised. */
  bases: readonly ContractRef[];
}

/** The evidence, and each contract's record of it (the same object while it is kept). */
export type KeptEvidence = FacetEvidence<ContractEntry> & { record(c: ContractRef): ContractEvidence };

export function facetEvidence(
  ws: Workspace,
  epochs: FileEpochs,
  contracts: readonly ContractEntry[],
  scope: EvidenceScope,
): KeptEvidence {
  const { root, config } = scope;
  const scopeRoots = scope.scopeRoots ?? (root !== undefined ? [root] : []);
  if (!scope.registeredBy) {
    scope.registeredBy = new Map();
    for (const r of scope.registrations)
      if (!scope.registeredBy.has(r.name)) scope.registeredBy.set(r.name, r.source);
  }
  const registeredBy = scope.registeredBy;
  let byDef: Map<ContractDef, ContractEntry> | undefined;
  const view = () => ws.cached('storage:view', () => workspaceView(ws));
  const of = (c: ContractRef): ContractEvidence =>
    ws.cachedFor(
      c.contract,
      'service:evidence',
      () => contractEvidence(ws, view(), c, epochs.stamp(normalizePath(c.file))),
      (known) => epochs.fresh(known.stamp),
    );
  const fileFacts = (file: string) => {
    let known = scope.files.get(file);
    if (!known) {
      const rel = relativeToRoot(root, file);
      known = { rel, inScope: inScope(rel, config, scopePath(scopeRoots, file)) };
      scope.files.set(detach(file), known);
    }
    return known;
  };
  return {
    rel: (file) => fileFacts(file).rel,
    inScope: (file) => fileFacts(file).inScope,
    appStorage: (c) => of(c).appStorage,
    isDiamondContract: (c) => of(c).diamond,
    isScriptOrTest: (c) => of(c).scriptOrTest,
    bases(c) {
      const refs = of(c).bases;
      if (refs.length === 0) return [];
      byDef ??= new Map(contracts.map((e) => [e.contract, e]));
      return refs.flatMap((r) => {
        const e = byDef!.get(r.contract);
        return e ? [e] : [];
      });
    },
    record: of,
    registered: (c) => registeredBy.get(c.name),
  };
}

function contractEvidence(ws: Workspace, view: StorageView, c: ContractRef, stamp: Stamp): ContractEvidence {
  const lin = ws.linearize(c);
  const first = storageVariables(view, c)[0];
  const struct = first && structOfVariable(view, first);
  return {
    stamp,
    appStorage: struct && declKey(struct.scope, struct.def.name),
    diamond: lin.some((b) => DIAMOND_BASES.has(b.contract.name) || hasDelegatingFallback(ws, b)),
    scriptOrTest: lin.some((b) => b !== lin[0] && SCRIPT_OR_TEST_BASES.has(b.contract.name)),
    bases: lin.slice(1),
  };
}

/** A `fallback` whose body delegatecalls: the diamond's router. */
function hasDelegatingFallback(ws: Workspace, c: ContractRef): boolean {
  const text = ws.text(c.file);
  if (text === undefined) return false;
  return c.contract.functions.some(
    (f) =>
      f.kind === 'fallback' &&
      f.bodySpan !== undefined &&
      /\bdelegatecall\b/.test(text.slice(f.bodySpan.start, f.bodySpan.end)),
  );
}
