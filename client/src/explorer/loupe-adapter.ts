/**
 * From the chain module's loupe reading to what the Facet Explorer shows, and from its typed errors to the
 * explorer's messages. Pure: unit-tested with hand-made LoupeViews.
 */
import { RpcUnreachableError } from '../../../chain/src/rpc';
import { NoLoupeError, NotAContractError } from '../../../chain/src/loupe-errors';
import { driftFacets } from '../../../chain/src/loupe-drift';
import type { LoupeView } from '../../../chain/src/loupe-types';
import type { ExplorerError, ExplorerLoupe } from './model';
import { redactSecrets, redactUrl } from '../../../chain/src/redact';

/** The loupe read with its drift as lists (chain/src/loupe-drift.ts: the docs' live section says the same). */
export function toExplorerLoupe(view: LoupeView): ExplorerLoupe {
  return { chainId: view.chainId, diamond: view.diamond, owner: view.owner, facets: driftFacets(view) };
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
