/** Shared by the chain commands (build, node, deploy, loupe): options, paths, error wording. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { RpcProtocolError } from '../../../chain/src/connect';
import { TransactionTimeoutError } from '../../../chain/src/journal';
import { NoLoupeError, NotAContractError } from '../../../chain/src/loupe-errors';
import { RpcError, RpcUnreachableError } from '../../../chain/src/rpc';
import { PRIVATE_KEY_ENV } from '../../../chain/src/signer';
import type { Confirmation, KeySource } from '../../../chain/src/tx-gate';
import { DeployInterruptedError } from '../../../chain/src/workflows/deploy-dloop';
import { UsageError, type OptionSpec, type ParsedArgs } from '../command';
import { displayPath } from '../output/records';

/** Runtime failure (node down, deploy reverted, compile errors): distinct from usage errors (2). */
export const EXIT_FAILED = 1;

export const jsonOption: OptionSpec = { name: 'json', type: 'boolean', description: 'print JSON on stdout' };
export const rpcOption: OptionSpec = {
  name: 'rpc',
  type: 'string',
  valueName: 'URL',
  description: 'JSON-RPC endpoint',
};
export const rootOption = (description: string): OptionSpec => ({
  name: 'root',
  type: 'string',
  valueName: 'DIR',
  description,
});

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function requiredOption(args: ParsedArgs, name: string): string {
  const v = stringOption(args, name);
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

/** --root DIR resolved against cwd (default cwd); must be a folder. */
export function rootDir(args: ParsedArgs, cwd: string): string {
  const root = resolve(cwd, stringOption(args, 'root') ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`no such folder: ${root}`);
  return root;
}

/** A source unit name (relative to a compile root) as the CLI shows files: relative to cwd when on disk. */
export function unitPath(cwd: string, compileRoot: string, unit: string | undefined): string | null {
  if (!unit) return null;
  const abs = resolve(compileRoot, unit);
  return existsSync(abs) ? displayPath(cwd, abs) : unit;
}

/** One line for errors the chain module types; undefined for anything else (an internal error). */
export function describeChainError(err: unknown): string | undefined {
  if (
    err instanceof RpcUnreachableError ||
    err instanceof RpcProtocolError ||
    err instanceof RpcError ||
    err instanceof NotAContractError ||
    err instanceof NoLoupeError ||
    err instanceof DeployInterruptedError ||
    err instanceof TransactionTimeoutError
  ) {
    return err.message;
  }
  return undefined;
}

/** `--yes-i-mean CHAINID`: the CLI's confirmation for a chain that is not a local dev node. */
export const yesIMeanOption: OptionSpec = {
  name: 'yes-i-mean',
  type: 'string',
  valueName: 'CHAINID',
  description: `confirm a chain that is not a local dev node by its chain id (key from ${PRIVATE_KEY_ENV})`,
};

/** The CLI's side of the transaction gate (chain/src/tx-gate.ts): the key from the environment only. */
export function environmentKey(env: NodeJS.ProcessEnv): KeySource {
  return { read: () => env[PRIVATE_KEY_ENV], describe: `the deployer key in ${PRIVATE_KEY_ENV}` };
}

/** Confirmed when `--yes-i-mean` names the chain's id exactly. */
export function yesIMeanConfirmation(args: ParsedArgs): Confirmation {
  const named = stringOption(args, 'yes-i-mean');
  return {
    ask: (request) => named === String(request.chainId),
    hint: (chainId) => `re-run with --yes-i-mean ${chainId}`,
  };
}
