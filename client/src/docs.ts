/**
 * The vscode-free part of "Diamond: Generate Documentation": the connected diamond's drift as the docs'
 * live section (from the Facet Explorer's view, by chain/src/loupe-drift.ts as `diamond docs --rpc` does), and
 * what writing the server's files would do, in the sentences the command shows.
 */
import { docsLiveOf } from '../../chain/src/loupe-drift';
import type { DocsParams, DocsResult } from '../../protocol/requests';
import type { ExplorerState } from './explorer/model';

/** The explorer's drift, selector by selector, when a diamond is connected; else undefined. */
export function liveDocsOf(state: ExplorerState): DocsParams['live'] {
  if (state.kind !== 'connected') return undefined;
  return docsLiveOf(state.loupe, (s) => state.resolved.get(s)?.signature ?? null, state.view.facets);
}

export interface DocsWritePlan {
  /** Files that differ from the code's documentation: overwriting them asks first. */
  overwrite: string[];
  created: string[];
  unchanged: number;
  leftovers: string[];
}

export function docsWritePlan(result: DocsResult): DocsWritePlan {
  return {
    overwrite: result.files.filter((f) => f.state === 'changed').map((f) => f.name),
    created: result.files.filter((f) => f.state === 'new').map((f) => f.name),
    unchanged: result.files.filter((f) => f.state === 'same').length,
    leftovers: result.leftovers,
  };
}

/** The modal's question when committed docs would be replaced, or undefined when nothing is overwritten. */
export function overwriteQuestion(plan: DocsWritePlan, shownDir: string): string | undefined {
  const n = plan.overwrite.length + plan.leftovers.length;
  if (n === 0) return undefined;
  const names = [...plan.overwrite, ...plan.leftovers.map((l) => `${l} (removed: no longer generated)`)];
  return `Replace ${n} file${n === 1 ? '' : 's'} in ${shownDir} with the documentation of the code as it is now? ${names.join(', ')}`;
}

/** The closing notification. */
export function docsSummary(plan: DocsWritePlan, shownDir: string): string {
  const wrote = plan.created.length + plan.overwrite.length;
  if (wrote === 0 && plan.leftovers.length === 0) return `Documentation in ${shownDir} is up to date.`;
  return `Documentation written to ${shownDir}: ${plan.created.length} new, ${plan.overwrite.length} updated, ${plan.unchanged} unchanged${plan.leftovers.length ? `, ${plan.leftovers.length} removed` : ''}.`;
}
