/**
 * From the chain module's loupe reading to what the Facet Explorer shows, and from its typed errors to the
 * explorer's messages. Pure: unit-tested with hand-made LoupeViews.
 */
import { RpcUnreachableError } from '../../../chain/src/rpc';
import { NoLoupeError, NotAContractError } from '../../../chain/src/loupe-errors';
import type { LoupeView } from '../../../chain/src/loupe-types';
import type { ExplorerError, ExplorerLoupe } from './model';
import { redactSecrets, redactUrl } from '../../../chain/src/redact';

type Facet = ExplorerLoupe['facets'][number];

/**
 * Local-only selectors (in a local facet, not routed on chain) go under the on-chain facet of the same name;
 * a local facet that is not on chain at all becomes its own entry (no address) after the deployed ones.
 */
export function toExplorerLoupe(view: LoupeView): ExplorerLoupe {
  const facets: Facet[] = view.facets.map((f) => {
    // Functions routed to the diamond itself are immutable by design, not drift: no facet is meant to hold them.
    const immutable = f.address.toLowerCase() === view.diamond.toLowerCase();
    return {
      address: f.address,
      name: f.name,
      drift: f.changed ? ['changed'] : [],
      immutable,
      selectors: f.selectors.map((s) => ({
        selector: s.selector,
        signature: s.signature,
        drift: s.drift && !immutable ? [s.drift] : [],
      })),
    };
  });
  const byName = new Map(facets.filter((f) => f.name !== null).map((f) => [f.name as string, f]));
  for (const local of view.localOnly) {
    let facet = byName.get(local.contract);
    if (!facet) {
      facet = { address: null, name: local.contract, drift: ['local-only'], selectors: [] };
      byName.set(local.contract, facet);
      facets.push(facet);
    }
    facet.selectors.push({ selector: local.selector, signature: local.signature, drift: ['local-only'] });
  }
  return { chainId: view.chainId, diamond: view.diamond, owner: view.owner, facets };
}

/** One sentence per failure kind, naming the address and RPC; the explorer adds the actions. */
export function classifyLoupeError(err: unknown, target: { address: string; rpcUrl: string }): ExplorerError {
  if (err instanceof RpcUnreachableError) {
    return { kind: 'rpc-down', message: `RPC ${redactUrl(target.rpcUrl)} does not answer (${err.reason}).` };
  }
  if (err instanceof NotAContractError) {
    return {
      kind: 'not-a-contract',
      message: `${target.address} is not a contract on the chain at ${redactUrl(target.rpcUrl)}.`,
    };
  }
  if (err instanceof NoLoupeError) {
    return { kind: 'no-loupe', message: `${target.address} has no diamond loupe (${err.reason}).` };
  }
  return {
    kind: 'other',
    message: `Reading ${target.address} failed: ${redactSecrets(err instanceof Error ? err.message : String(err), target.rpcUrl)}`,
  };
}
