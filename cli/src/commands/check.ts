/**
 * `diamond check [paths...]`: selector and storage rules over the given files, each nested
 * diamond.config.json project analysed on its own; exit 1 on any error finding. With `--rpc URL
 * --address ADDR` also live-selector-conflict against that diamond (exit 2 when it cannot be read).
 * What was not analysed is said (stderr; `skipped` in --json): a .sol file that cannot be read makes the run
 * exit 2 (incomplete), and a check of nothing is a usage error (exit 2), never "no problems found". Imports
 * that do not resolve are counted in the closing line and `summary` (completeness.ts); `--strict` exits 1 on them.
 */
import { isAddress } from 'ethers';
import { version } from '../../../package.json';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type Command } from '../command';
import { formatJson } from '../output/json';
import { toRecords } from '../output/records';
import { formatSarif } from '../output/sarif';
import { formatText, summaryLine } from '../output/text';
import { completenessLine, completenessOf, isIncomplete } from '../output/completeness';
import { incompleteLine, loadProjects, reportSkipped, skippedJson } from '../project';
import { describeChainError, rpcOption, stringOption } from './chain-common';
import { applyDeployedSlots } from './check-deployed';
import { connectLiveDiamond } from './check-live';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check facets for selector conflicts and storage problems (exit 1 on an error finding)',
  args: '[paths...]',
  options: [
    {
      name: 'json',
      type: 'boolean',
      description: 'print {"findings":[...], "skipped":[{file, reason}]} as JSON (same as --format json)',
    },
    {
      name: 'format',
      type: 'string',
      choices: ['text', 'json', 'sarif'],
      description: 'output format (default text)',
    },
    {
      name: 'baseline',
      type: 'string',
      valueName: 'REF|DIR',
      description: 'git ref or folder with the deployed sources, for storage-layout-break',
    },
    {
      name: 'config',
      type: 'string',
      valueName: 'FILE',
      description: 'diamond.config.json for every file (default: the nearest one above each file)',
    },
    {
      name: 'strict',
      type: 'boolean',
      description:
        'exit 1 when the check is incomplete (unresolved imports, functions without a selector), for CI',
    },
    {
      ...rpcOption,
      description: 'JSON-RPC endpoint of a deployed diamond (with --address): live-selector-conflict',
    },
    {
      name: 'address',
      type: 'string',
      valueName: 'ADDR',
      description: 'the deployed diamond to check the local facets against (with --rpc)',
    },
  ],
  async run(args, io) {
    const format = (args.options.format as string | undefined) ?? (args.options.json ? 'json' : 'text');
    if (args.options.json && args.options.format && args.options.format !== 'json') {
      throw new UsageError(`--json conflicts with --format ${String(args.options.format)}`);
    }
    const rpcUrl = stringOption(args, 'rpc');
    const address = stringOption(args, 'address');
    if ((rpcUrl === undefined) !== (address === undefined))
      throw new UsageError('--rpc and --address go together');
    if (address !== undefined && !isAddress(address))
      throw new UsageError(`--address is not an address: ${address}`);
    const loaded = await loadProjects(io.cwd, args.positionals, {
      config: args.options.config as string | undefined,
      baseline: args.options.baseline as string | undefined,
    });
    const incomplete = reportSkipped('check', loaded, io);
    applyDeployedSlots(loaded.projects);
    if (rpcUrl !== undefined && address !== undefined) {
      try {
        await connectLiveDiamond(loaded.projects, rpcUrl, address, io);
      } catch (err) {
        const known = describeChainError(err);
        if (known === undefined) throw err;
        // Not a finding (1): the check could not run as asked.
        io.stderr(`diamond check: cannot read the live diamond: ${known}\n`);
        return EXIT_USAGE;
      }
    }
    const records = toRecords(loaded.findings(), io.cwd, (f) => loaded.lines(f));
    const completeness = completenessOf(loaded);
    if (format === 'json') {
      // formatJson's {"findings"} and what was skipped beside it.
      const { findings } = JSON.parse(formatJson(records)) as { findings: unknown[] };
      const summary = { ...completeness };
      io.stdout(JSON.stringify({ findings, skipped: skippedJson(io.cwd, loaded), summary }, null, 2) + '\n');
    } else if (format === 'sarif') io.stdout(formatSarif(records, io.cwd, version));
    else {
      io.stdout(formatText(records));
      // Not "no problems found" for files it could not read, or with imports it could not follow.
      if ((!incomplete && !isIncomplete(completeness)) || records.length) io.stderr(summaryLine(records));
      io.stderr(completenessLine(completeness));
    }
    if (incomplete) {
      io.stderr(incompleteLine('check', loaded));
      return EXIT_USAGE;
    }
    if (args.options.strict && isIncomplete(completeness)) return EXIT_FINDINGS;
    return records.some((r) => r.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
  },
};
