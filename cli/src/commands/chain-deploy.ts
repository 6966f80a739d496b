/**
 * `diamond deploy --rpc URL [--json] [--root DIR] [--yes-i-mean CHAINID] [--tx-timeout SECONDS]`: the DLOOP diamond from
 * `<root>/contracts`, with a deployment record in `<root>/.diamond/deployments` (the workflow in
 * chain/src/workflows/deploy-dloop.ts). Who signs is the transaction gate's decision (chain/src/tx-gate.ts):
 * local dev nodes sign with their first unlocked account; any other chain needs the deployer key in
 * DIAMOND_PRIVATE_KEY and `--yes-i-mean <its chain id>`. This file only renders.
 */
import { join } from 'node:path';
import { connect } from '../../../chain/src/connect';
import { withTxGate } from '../../../chain/src/tx-gate';
import {
  CompileFailedError,
  DEPLOY_DLOOP_ACTION,
  deployDloopProject,
} from '../../../chain/src/workflows/deploy-dloop';
import { SETTINGS } from '../../../shared/settings';
import { EXIT_OK, EXIT_USAGE, UsageError, type Command, type ParsedArgs } from '../command';
import {
  describeChainError,
  environmentKey,
  EXIT_FAILED,
  jsonOption,
  requiredOption,
  rootDir,
  rootOption,
  rpcOption,
  stringOption,
  unitPath,
  yesIMeanConfirmation,
  yesIMeanOption,
} from './chain-common';

/** ethers errors carry the whole signed transaction in `message`; its `shortMessage` says what failed. */
function shortError(err: Error): string {
  const short = (err as Error & { shortMessage?: string }).shortMessage;
  const text = short ?? err.message.split('\n')[0];
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** `--tx-timeout SECONDS` in ms: the same whole numbers as `diamond.tx.timeoutSeconds`, the same default. */
function txTimeoutMs(args: ParsedArgs): number {
  const spec = SETTINGS.txTimeoutSeconds;
  const raw = stringOption(args, 'tx-timeout');
  if (raw === undefined) return spec.default * 1000;
  const seconds = spec.coerce(raw);
  if (seconds === undefined) {
    const { minimum, maximum } = spec.shape;
    throw new UsageError(
      `--tx-timeout must be a whole number of seconds from ${minimum} to ${maximum} (got "${raw}")`,
    );
  }
  return seconds * 1000;
}

export const deployCommand: Command = {
  name: 'deploy',
  summary:
    'Deploy the DLOOP diamond from contracts/ and record it in .diamond/deployments/<chainId>/<diamond>.json',
  options: [
    rpcOption,
    {
      ...jsonOption,
      description: 'print {"chainId","diamond","governance","token","facets":{name: address}}',
    },
    rootOption('project folder holding contracts/ (default: the current folder)'),
    yesIMeanOption,
    {
      name: 'tx-timeout',
      type: 'string',
      valueName: 'SECONDS',
      description: `how long one transaction may stay unmined (default ${SETTINGS.txTimeoutSeconds.default})`,
    },
  ],
  async run(args, io) {
    const rpcUrl = requiredOption(args, 'rpc');
    const root = rootDir(args, io.cwd);
    const timeoutMs = txTimeoutMs(args);
    try {
      const connection = await connect(rpcUrl);
      const json = args.options.json === true;
      const gated = await withTxGate(
        connection,
        {
          action: DEPLOY_DLOOP_ACTION,
          key: environmentKey(io.env),
          confirmation: yesIMeanConfirmation(args),
        },
        (signer) =>
          deployDloopProject(
            { connection, root, signer, txTimeoutMs: timeoutMs },
            { onProgress: json ? undefined : (p) => io.stderr(`${p.message}\n`) },
          ),
      );
      if (!gated.ok) {
        io.stderr(`diamond deploy: ${gated.refusal.message}\n`);
        // A malformed key fails the run (as any bad input read from the environment); the rest is usage.
        return gated.refusal.kind === 'bad-key' ? EXIT_FAILED : EXIT_USAGE;
      }
      const { record, recordFile, supersededRecord, namespacesProblem } = gated.value;
      if (namespacesProblem) io.stderr(`diamond deploy: no namespaces recorded: ${namespacesProblem}\n`);
      if (supersededRecord) {
        io.stderr(
          `diamond deploy: chain ${record.chainId} already had a record of ${record.diamond}; ` +
            `the previous one is kept as ${unitPath(io.cwd, root, supersededRecord)}\n`,
        );
      }
      const facets = Object.fromEntries(record.facets.map((f) => [f.name, f.address]));
      if (json) {
        const { chainId, diamond, governance, token } = record;
        io.stdout(JSON.stringify({ chainId, diamond, governance, token, facets }, null, 2) + '\n');
        return EXIT_OK;
      }
      const w = Math.max(...record.facets.map((f) => f.name.length), 10);
      let out = `Chain       ${record.chainId}\nDiamond     ${record.diamond}\nGovernance  ${record.governance}\nToken       ${record.token}\nFacets\n`;
      for (const f of record.facets) out += `  ${f.name.padEnd(w)}  ${f.address}\n`;
      out += `Record      ${unitPath(io.cwd, root, recordFile)}\n`;
      out += `Journal     ${unitPath(io.cwd, root, gated.value.journalFile)}\n`;
      io.stdout(out);
      return EXIT_OK;
    } catch (err) {
      if (err instanceof CompileFailedError) {
        for (const e of err.result.errors.filter((m) => m.severity === 'error')) {
          const file = unitPath(io.cwd, join(root, 'contracts'), e.file);
          io.stderr(`${file ?? ''}:${e.line ?? 1}:${e.column ?? 1}: error: ${e.message}\n`);
        }
        io.stderr('diamond deploy: contracts/ does not compile; nothing was sent.\n');
        return EXIT_FAILED;
      }
      // A revert or a node error mid-deployment is a failed run, not an internal error: say what failed.
      if (!(err instanceof Error)) throw err;
      io.stderr(`diamond deploy: ${describeChainError(err) ?? shortError(err)}\n`);
      return EXIT_FAILED;
    }
  },
};
