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
import type { ContractRef, Workspace } from '../workspace';
import type { ContractEntry } from './state';

/** Bases that make a contract a diamond without a fallback of its own in view (SolidState, common names). */
const DIAMOND_BASES = new Set(['SolidStateDiamond', 'SolidstateDiamondProxy', 'DiamondProxy', 'DiamondBase']);
/** forge-std's bases of scripts and tests. */
const SCRIPT_OR_TEST_BASES = new Set(['Script', 'Test', 'DSTest']);

export function facetEvidence(
  ws: Workspace,
  contracts: readonly ContractEntry[],
  config: DiamondConfig,
  root: string | undefined,
  scopeRoots: readonly string[] = root !== undefined ? [root] : [],
  registrations: readonly FacetRegistration[] = [],
): FacetEvidence<ContractEntry> {
  const registeredBy = new Map<string, string>();
  for (const r of registrations) if (!registeredBy.has(r.name)) registeredBy.set(r.name, r.source);
  const byDef = new Map(contracts.map((c) => [c.contract, c]));
  const view = ws.cached('storage:view', () => workspaceView(ws));
  const lin = (c: ContractRef) => ws.linearize(c);
  const rel = (file: string) => relativeToRoot(root, file);
  return {
    rel,
    inScope: (file) => inScope(rel(file), config, scopePath(scopeRoots, file)),
    appStorage(c) {
      const first = storageVariables(view, c)[0];
      const struct = first && structOfVariable(view, first);
      return struct && declKey(struct.scope, struct.def.name);
    },
    isDiamondContract: (c) =>
      lin(c).some((b) => DIAMOND_BASES.has(b.contract.name) || hasDelegatingFallback(ws, b)),
    isScriptOrTest: (c) => lin(c).some((b) => b !== lin(c)[0] && SCRIPT_OR_TEST_BASES.has(b.contract.name)),
    bases: (c) =>
      lin(c)
        .slice(1)
        .flatMap((b) => {
          const e = byDef.get(b.contract);
          return e ? [e] : [];
        }),
    registered: (c) => registeredBy.get(c.name),
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
