/**
 * `diamond check [paths...]`: selector and storage rules over the given files, each nested
 * diamond.config.json project analysed on its own; exit 1 on any error finding. With `--rpc URL
 * --address ADDR` also live-selector-conflict against that diamond (exit 2 when it cannot be read).
 * What was not analysed is said (stderr; `skipped` in --json): a .sol file that cannot be read makes the run
 * exit 2 (incomplete), and a check of nothing is a usage error (exit 2), never "no problems found". Imports
 * that do not resolve are counted in the closing line and `summary` (completeness.ts); `--strict` exits 1 on them.
 */
import { version } from '../../../package.json';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type Command } from '../command';
import { formatJson } from '../output/json';
import { toRecords } from '../output/records';
import { formatSarif } from '../output/sarif';
import { formatText } from '../output/text';
import { completenessLine, completenessOf, isIncomplete } from '../output/completeness';
import { checkSummary, summaryText } from '../output/summary';
import { incompleteLine, loadProjects, reportSkipped, skippedJson } from '../project';
import { describeChainError } from './chain-common';
import { applyDeployedSlots } from './check-deployed';
import { connectLiveDiamond, liveOptions, liveTarget } from './check-live';

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
    ...liveOptions('live-selector-conflict and interface-incomplete against it'),
  ],
  async run(args, io) {
    const format = (args.options.format as string | undefined) ?? (args.options.json ? 'json' : 'text');
    if (args.options.json && args.options.format && args.options.format !== 'json') {
      throw new UsageError(`--json conflicts with --format ${String(args.options.format)}`);
    }
    const target = liveTarget(args);
    const loaded = await loadProjects(io.cwd, args.positionals, {
      config: args.options.config as string | undefined,
      baseline: args.options.baseline as string | undefined,
    });
    const incomplete = reportSkipped('check', loaded, io);
    applyDeployedSlots(loaded.projects);
    if (target) {
      try {
        await connectLiveDiamond(loaded.projects, target.rpcUrl, target.address, io);
      } catch (err) {
        const known = describeChainError(err);
        if (known === undefined) throw err;
        // Not a finding (1): the check could not run as asked.
        io.stderr(`diamond check: cannot read the live diamond: ${known}\n`);
        return EXIT_USAGE;
      }
    }
    // Paths relative to the project root (cwd when cwd is above it), in text, JSON and SARIF alike.
    const records = toRecords(loaded.findings(), loaded.base, (f) => loaded.lines(f));
    const completeness = completenessOf(loaded);
    const summary = checkSummary(
      loaded.projects.reduce((n, p) => n + p.files.size, 0),
      loaded.outOfScope,
      loaded.projects.map((p) => p.service.diamonds()),
    );
    if (format === 'json') {
      // formatJson's {"findings"}, what was skipped and what was seen beside it.
      const { findings } = JSON.parse(formatJson(records)) as { findings: unknown[] };
      io.stdout(
        JSON.stringify(
          { findings, skipped: skippedJson(loaded.base, loaded), summary: { ...summary, ...completeness } },
          null,
          2,
        ) + '\n',
      );
    } else if (format === 'sarif') io.stdout(formatSarif(records, loaded.base, version));
    else {
      io.stdout(formatText(records));
      // Never a bare "no problems found" with files it could not read or imports it could not follow.
      io.stderr(summaryText(summary, records, incomplete || isIncomplete(completeness)));
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
