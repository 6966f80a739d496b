/**
 * What the upgrade steps that send share (`upgrade propose`, `vote`, `execute`, `cancel`, `fast-track`,
 * `mark-reviewed`, `rollback --propose`): the transaction gate with the CLI's key (DIAMOND_PRIVATE_KEY) and
 * confirmation (`--yes-i-mean CHAINID`), and the exit codes and one-line messages of the workflows' errors.
 * Exit 0 done; 1 refused by the DAO, the plan, the simulation or the node; 2 usage (a refusal of the gate for a
 * missing key or confirmation, `--advance` on a chain that is not a local dev node).
 */
import type { ChainConnection } from '../../../chain/src/connect';
import { GovernanceError } from '../../../chain/src/dloop/dao-errors';
import { withTxGate, type GrantedSigner } from '../../../chain/src/tx-gate';
import { AdvanceRefusedError } from '../../../chain/src/workflows/upgrade-govern';
import { NotProposableError } from '../../../chain/src/workflows/upgrade-propose';
import { NoSuchUpgradeError } from '../../../chain/src/workflows/upgrade-rollback';
import { PredictedAddressMismatchError } from '../../../chain/src/workflows/upgrade-simulate';
import { EXIT_USAGE, UsageError, type CliIO, type OptionSpec, type ParsedArgs } from '../command';
import {
  describeChainError,
  environmentKey,
  EXIT_FAILED,
  stringOption,
  yesIMeanConfirmation,
  yesIMeanOption,
} from './chain-common';

export { yesIMeanOption };

export const idOption: OptionSpec = {
  name: 'id',
  type: 'string',
  valueName: 'N',
  description: 'the proposal id',
};

export function proposalId(args: ParsedArgs, required: boolean): bigint | undefined {
  const raw = stringOption(args, 'id');
  if (raw === undefined) {
    if (required) throw new UsageError('--id N is required');
    return undefined;
  }
  if (!/^\d+$/.test(raw) || BigInt(raw) === 0n) throw new UsageError(`--id is not a proposal id: ${raw}`);
  return BigInt(raw);
}

/** Gates, runs, closes; the refusal printed. `undefined` means refused (the exit code is returned by `exit`). */
export async function gated<T>(
  conn: ChainConnection,
  args: ParsedArgs,
  io: CliIO,
  step: string,
  action: { title: string; doing: string },
  run: (signer: GrantedSigner) => Promise<T>,
): Promise<{ value: T } | { exit: number }> {
  const r = await withTxGate(
    conn,
    { action, key: environmentKey(io.env), confirmation: yesIMeanConfirmation(args) },
    run,
  );
  if (r.ok) return { value: r.value };
  io.stderr(`diamond ${step}: ${r.refusal.message}\n`);
  return { exit: r.refusal.kind === 'bad-key' ? EXIT_FAILED : EXIT_USAGE };
}

/** The exit code for a workflow error (printed), or rethrows what is not one of ours. */
export function failure(err: unknown, io: CliIO, step: string): number {
  const say = (m: string) => io.stderr(`diamond ${step}: ${m}\n`);
  if (err instanceof AdvanceRefusedError) {
    say(err.message);
    return EXIT_USAGE;
  }
  if (
    err instanceof GovernanceError ||
    err instanceof NotProposableError ||
    err instanceof NoSuchUpgradeError ||
    err instanceof PredictedAddressMismatchError
  ) {
    say(err.message);
    return EXIT_FAILED;
  }
  const known = describeChainError(err);
  if (known === undefined) throw err;
  say(known);
  return EXIT_FAILED;
}
