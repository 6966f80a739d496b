/**
 * `diamond upgrade export --format safe|governor|calldata` (the plan's options, or `--id N` for a ProtocolDAO
 * proposal's calldata and description): the same `diamondCut` bytes for an owner that is not our DAO, on stdout.
 * `safe`: a Safe Transaction Builder batch file (`--safe ADDR` names the Safe; default the diamond's owner);
 * `governor`: `{"targets","values","calldatas","description","descriptionHash","proposalId"}` as an OpenZeppelin
 * Governor computes them (`--governor ADDR` adds the timelock salt and operation id); `calldata`: the hex.
 * Sends nothing. Exit 0; 1 an invalid plan; 2 usage.
 */
import { dirname } from 'node:path';
import { isAddress } from 'ethers';
import { connect } from '../../../chain/src/connect';
import { EXPORT_FORMATS, exportText } from '../../../chain/src/upgrade-export-text';
import { planIsValid } from '../../../chain/src/upgrade-plan-types';
import { planMarkdown } from '../../../chain/src/upgrade-report';
import { upgradeStatus } from '../../../chain/src/workflows/upgrade-govern';
import { ownerOf } from '../../../chain/src/workflows/upgrade-propose';
import { EXIT_OK, UsageError, type Command, type OptionSpec } from '../command';
import { displayPath } from '../output/records';
import { EXIT_FAILED, requiredOption, stringOption } from './chain-common';
import { failure, idOption, proposalId } from './upgrade-gated';
import { PLAN_OPTIONS, planFromArgs } from './upgrade-plan';

const FORMATS = EXPORT_FORMATS;

const OPTIONS: OptionSpec[] = [
  ...PLAN_OPTIONS.filter((o) => o.name !== 'json' && o.name !== 'report'),
  { name: 'format', type: 'string', valueName: FORMATS.join('|'), description: 'what to write on stdout' },
  idOption,
  {
    name: 'safe',
    type: 'string',
    valueName: 'ADDR',
    description: 'safe: the Safe that owns the diamond (default: its owner)',
  },
  {
    name: 'governor',
    type: 'string',
    valueName: 'ADDR',
    description: 'governor: its address, for the timelock operation id',
  },
];

const addressOption = (args: Parameters<Command['run']>[0], name: string): string | undefined => {
  const v = stringOption(args, name);
  if (v !== undefined && !isAddress(v)) throw new UsageError(`--${name} is not an address: ${v}`);
  return v;
};

export const upgradeExportCommand: Command = {
  name: 'upgrade export',
  summary:
    'Write the cut as a Safe Transaction Builder batch, OpenZeppelin Governor arguments or raw calldata',
  options: OPTIONS,
  async run(args, io) {
    const format = stringOption(args, 'format') as (typeof FORMATS)[number] | undefined;
    if (!format || !FORMATS.includes(format))
      throw new UsageError(`--format ${FORMATS.join('|')} is required`);
    const safe = addressOption(args, 'safe');
    const governor = addressOption(args, 'governor');
    const id = proposalId(args, false);
    let source: {
      chainId: number;
      diamond: string;
      calldata: string;
      description: string;
      name: string;
      rpc: string;
    };
    try {
      if (id !== undefined) {
        const address = requiredOption(args, 'address');
        const conn = await connect(requiredOption(args, 'rpc'));
        const [p] = (await upgradeStatus(conn, address, id)).proposals;
        source = {
          chainId: conn.chainId,
          diamond: address,
          calldata: p.calldata,
          description: p.description,
          name: `Proposal ${id}`,
          rpc: conn.url,
        };
      } else {
        const planned = await planFromArgs(args, io, 'upgrade export');
        if ('exit' in planned) return planned.exit;
        const { plan } = planned;
        if (!planIsValid(plan)) {
          io.stderr('diamond upgrade export: the plan has errors; nothing was exported\n');
          return EXIT_FAILED;
        }
        const description = planMarkdown(plan, {
          displayPath: (f) => displayPath(dirname(plan.compileRoot), f),
        });
        source = {
          chainId: plan.chainId,
          diamond: plan.diamond,
          calldata: plan.calldata,
          description,
          name: `Upgrade ${plan.diamondName ?? plan.diamond}`,
          rpc: plan.rpcUrl,
        };
      }
      const owner =
        format === 'safe' ? (safe ?? (await ownerOf(await connect(source.rpc), source.diamond))) : undefined;
      const out = exportText(format, source, { governor, safe: owner });
      io.stdout(`${out}\n`);
      return EXIT_OK;
    } catch (err) {
      return failure(err, io, 'upgrade export');
    }
  },
};
