/**
 * `diamond upgrade propose` (the plan's options, `--yes-i-mean CHAINID` for a chain that is not a local dev node,
 * `--report FILE.md` for the specification): plan, refuse an invalid plan, then the propose workflow (simulate,
 * deploy the facets, ProtocolDAO.propose with the specification as the description). `--json` →
 * `{"proposalId","txHash","calldata","calldataHash","descriptionHash"}`. Exit 0 proposed; 1 the plan, the
 * simulation or the DAO refused (nothing sent); 2 usage or a gate refusal.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connect } from '../../../chain/src/connect';
import type { UpgradePlan } from '../../../chain/src/upgrade-plan-types';
import { planIsValid } from '../../../chain/src/upgrade-plan-types';
import {
  PROPOSE_UPGRADE_ACTION,
  proposeUpgrade,
  type ProposeUpgradeResult,
} from '../../../chain/src/workflows/upgrade-propose';
import { EXIT_OK, type CliIO, type Command, type OptionSpec, type ParsedArgs } from '../command';
import { EXIT_FAILED, rootDir, stringOption } from './chain-common';
import { failure, gated, yesIMeanOption } from './upgrade-gated';
import { PLAN_OPTIONS, planFromArgs, planText } from './upgrade-plan';
import { projectContext } from './upgrade-simulate';

export const proposeJson = (r: ProposeUpgradeResult) => ({
  proposalId: r.proposalId,
  txHash: r.txHash,
  calldata: r.calldata,
  calldataHash: r.calldataHash,
  descriptionHash: r.descriptionHash,
});

/** Proposes a plan already made (`upgrade propose`, `upgrade rollback --propose`) and prints the outcome. */
export async function runPropose(
  plan: UpgradePlan,
  args: ParsedArgs,
  io: CliIO,
  step: string,
  rollbackOf?: number,
): Promise<number> {
  const json = args.options.json === true;
  const root = rootDir(args, io.cwd);
  try {
    const conn = await connect(stringOption(args, 'rpc') ?? plan.rpcUrl);
    const { artifacts, namespaces } = await projectContext(args, io, plan, step);
    const r = await gated(conn, args, io, step, PROPOSE_UPGRADE_ACTION, (signer) =>
      proposeUpgrade(
        { connection: conn, plan, signer, artifacts, namespaces, root, rollbackOf },
        { onProgress: json ? undefined : (p) => io.stderr(`${p.message}\n`) },
      ),
    );
    if ('exit' in r) return r.exit;
    const v = r.value;
    const report = stringOption(args, 'report');
    if (report) writeFileSync(resolve(io.cwd, report), v.description);
    io.stdout(
      json
        ? `${JSON.stringify(proposeJson(v), null, 2)}\n`
        : [
            `Proposal ${v.proposalId} created on the ProtocolDAO ${v.dao}: ${v.txHash}`,
            ...v.deployed.map((d) => `  deployed ${d.contract} at ${d.address} (${d.txHash})`),
            `  calldata keccak256 ${v.calldataHash}`,
            `  specification keccak256 ${v.descriptionHash} (${v.description.length} characters${report ? `, written to ${report}` : ''})`,
            `  history: ${v.historyFile}`,
            '',
          ].join('\n'),
    );
    return EXIT_OK;
  } catch (err) {
    return failure(err, io, step);
  }
}

const OPTIONS: OptionSpec[] = [
  ...PLAN_OPTIONS.map((o) =>
    o.name === 'json'
      ? { ...o, description: 'print {"proposalId","txHash","calldata","calldataHash","descriptionHash"}' }
      : o.name === 'report'
        ? { ...o, description: 'also write the specification (the proposal description) to FILE.md' }
        : o,
  ),
  yesIMeanOption,
];

export const upgradeProposeCommand: Command = {
  name: 'upgrade propose',
  summary:
    'Plan, simulate, deploy the new facets and propose the cut to the ProtocolDAO with its specification',
  options: OPTIONS,
  async run(args, io) {
    const planned = await planFromArgs(args, io, 'upgrade propose');
    if ('exit' in planned) return planned.exit;
    if (!planIsValid(planned.plan)) {
      io.stdout(planText(planned.plan, io.cwd));
      io.stderr('diamond upgrade propose: the plan has errors; nothing was sent\n');
      return EXIT_FAILED;
    }
    return runPropose(planned.plan, args, io, 'upgrade propose');
  },
};
