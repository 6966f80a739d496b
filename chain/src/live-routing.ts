/**
 * The live routing of a loupe read: what the engine's live-selector-conflict rule checks local facets
 * against (the engine's `LiveDiamond`, sent by the VS Code client as `diamond/liveDiamond`, set directly by
 * `diamond check --rpc`). Built once, here, from the raw LoupeView: only what the chain routes (no local-only
 * selectors or facets), every facet as the loupe lists it, selectors lowercase.
 */
import type { LiveDiamond } from '../../engine';
import type { LoupeView } from './loupe-types';

export type LiveRouting = LiveDiamond;

export function liveRoutingOf(view: LoupeView): LiveRouting {
  return {
    chainId: view.chainId,
    address: view.diamond,
    facets: view.facets.map((f) => ({
      address: f.address,
      name: f.name,
      selectors: f.selectors.map((s) => s.selector.toLowerCase()),
    })),
  };
}
