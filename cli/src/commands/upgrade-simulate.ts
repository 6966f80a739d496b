/**
 * `diamond upgrade simulate`: the face of chain/src/workflows/upgrade-simulate.ts. The plan command's table
 * calls `runSimulate(plan, args, io)` with the plan it read or made; this file connects, calls the workflow and
 * renders (text on stdout, `--json` the SimulationResult, `--report FILE` the Markdown report). Exit 0 when the
 * upgrade goes through, 1 when a step fails (or the node does), 2 for usage (a chain that is not a local dev
 * node without `--fork`). Nothing is decided here about what is sent.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileProject } from '../../../chain/src/compile';
import { hasErrors, type Artifact } from '../../../chain/src/compile-types';
import { connect } from '../../../chain/src/connect';
import { describeError } from '../../../chain/src/simulation/abi-decoder';
import { projectNamespaceLayouts } from '../../../chain/src/simulation/namespace-layouts';
import type { SimulationNamespace } from '../../../chain/src/simulation/storage-layout';
import { simulationMarkdown } from '../../../chain/src/upgrade-simulation-report';
import type { UpgradePlan } from '../../../chain/src/upgrade-plan-types';
import {
  NotLocalDevChainError,
  PlanNotSimulatableError,
  simulateUpgrade,
  type SimulationResult,
} from '../../../chain/src/workflows/upgrade-simulate';
import { WorkflowAbortedError } from '../../../chain/src/workflows/workflow';
import { compileRootOf } from '../../../host/src/project';
import {
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
  type CliIO,
  type Command,
  type OptionSpec,
  type ParsedArgs,
} from '../command';
import { planIsValid } from '../../../chain/src/upgrade-plan-types';
import { PLAN_OPTIONS, planFromArgs, planJson, planText } from './upgrade-plan';
import { describeChainError, EXIT_FAILED, jsonOption, rootDir, stringOption } from './chain-common';

/** The options `diamond upgrade simulate` adds to the plan's (`--rpc`, `--root` come with the plan command). */
export const SIMULATE_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'fork',
    type: 'boolean',
    description: 'simulate on an embedded Hardhat node forking --rpc (any chain; nothing is sent to it)',
  },
  {
    name: 'fork-block',
    type: 'string',
    valueName: 'N',
    description: 'with --fork: fork at block N, not the latest',
  },
  { name: 'report', type: 'string', valueName: 'FILE', description: 'write the Markdown report to FILE' },
  { ...jsonOption, description: 'print the simulation result as JSON' },
  {
    name: 'proposer',
    type: 'string',
    valueName: 'ADDR',
    description: 'governance: who proposes (default: the largest holder)',
  },
];

/** What the plan command already has; otherwise taken from the plan and the project under --root. */
export interface SimulateContext {
  artifacts?: Artifact[];
  namespaces?: SimulationNamespace[];
  /** Fields printed before the result's in `--json` (the plan's, as `upgrade plan --json` prints them). */
  planJson?: object;
}

function text(r: SimulationResult): string {
  const lines = [
    r.ok
      ? 'Simulation passed: the upgrade goes through.'
      : `Simulation failed at "${r.failure?.step}": ${r.failure?.reason}`,
    `Chain ${r.chainId}${r.mode === 'fork' ? ` (fork of block ${r.forkBlock})` : ''}, diamond ${r.diamond}, ` +
      (r.path === 'protocol-dao'
        ? `through the ProtocolDAO ${r.governance?.dao}`
        : `as the owner ${r.owner}`),
    '',
  ];
  const w = Math.max(...r.steps.map((s) => s.name.length), 4);
  for (const s of r.steps)
    lines.push(
      `  ${s.ok ? 'ok  ' : 'FAIL'}  ${s.name.padEnd(w)}  ${s.gasUsed === null ? '' : `${s.gasUsed} gas  `}${s.ms} ms`,
    );
  if (r.initResult) {
    const i = r.initResult;
    lines.push(
      '',
      `Init: ${!i.ran ? 'not reached' : i.ok ? 'returned' : `reverted with ${describeError(i.revert)}`}`,
    );
  }
  const named = r.storage.filter((s) => s.namespace !== null).length;
  lines.push(
    `Events: ${r.events.map((e) => e.name ?? '?').join(', ') || 'none'}`,
    `Storage: ${r.storage.length} slot(s) written in the diamond, ${named} attributed to a namespace`,
    `Loupe: ${r.loupeBefore.length} facet(s) before, ${r.loupeAfter.length} after`,
    `No trace: reverted to block ${r.restoreCheck.blockNumber} and checked (${r.restoreCheck.accounts} accounts, ${r.restoreCheck.slots} slots)`,
  );
  return `${lines.join('\n')}\n`;
}

/** The build's artifacts and the project's namespaces with layouts, for decoding (shared by propose). */
export async function projectContext(
  args: ParsedArgs,
  io: CliIO,
  plan: UpgradePlan,
  step = 'upgrade simulate',
): Promise<Required<Pick<SimulateContext, 'artifacts' | 'namespaces'>>> {
  // Every contract of the build decodes events and errors (DiamondCut is declared by the cut facet's library,
  // the governance events by the DAO): the compile the plan made, from its cache.
  const built = await compileProject({ root: plan.compileRoot });
  const artifacts = hasErrors(built) ? plan.deploy.map((d) => d.artifact) : built.contracts;
  const root = rootDir(args, io.cwd);
  const sources = compileRootOf(root);
  const { namespaces, problems } = await projectNamespaceLayouts({ root: sources });
  for (const p of problems) io.stderr(`diamond ${step}: ${p}\n`);
  return { artifacts, namespaces };
}

export async function runSimulate(
  plan: UpgradePlan,
  args: ParsedArgs,
  io: CliIO,
  context: SimulateContext = {},
): Promise<number> {
  const json = args.options.json === true;
  const forkBlockText = stringOption(args, 'fork-block');
  const fork = args.options.fork === true;
  if (forkBlockText !== undefined && (!fork || !/^\d+$/.test(forkBlockText)))
    throw new UsageError('--fork-block takes a block number, with --fork');
  const rpcUrl = stringOption(args, 'rpc') ?? plan.rpcUrl;
  const proposer = stringOption(args, 'proposer');
  try {
    const connection = await connect(rpcUrl);
    const project = context.artifacts && context.namespaces ? null : await projectContext(args, io, plan);
    const result = await simulateUpgrade(
      {
        connection,
        plan,
        artifacts: context.artifacts ?? project!.artifacts,
        namespaces: context.namespaces ?? project!.namespaces,
        governance: proposer ? { proposer } : undefined,
        fork: fork ? { blockNumber: forkBlockText === undefined ? undefined : Number(forkBlockText) } : false,
      },
      { onProgress: json ? undefined : (p) => io.stderr(`${p.message}\n`) },
    );
    const reportFile = stringOption(args, 'report');
    if (reportFile) writeFileSync(resolve(io.cwd, reportFile), simulationMarkdown(result, plan));
    io.stdout(json ? `${JSON.stringify({ ...context.planJson, ...result }, null, 2)}\n` : text(result));
    return result.ok ? EXIT_OK : EXIT_FAILED;
  } catch (err) {
    if (err instanceof NotLocalDevChainError) {
      io.stderr(`diamond upgrade simulate: ${err.message.replace('(fork)', '(--fork)')}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof PlanNotSimulatableError || err instanceof WorkflowAbortedError) {
      io.stderr(`diamond upgrade simulate: ${err.message}\n`);
      return EXIT_FAILED;
    }
    if (!(err instanceof Error)) throw err;
    io.stderr(`diamond upgrade simulate: ${describeChainError(err) ?? err.message}\n`);
    return EXIT_FAILED;
  }
}

/** The plan's options, with the simulation's own (`--report` and `--json` mean the simulation's here). */
const OPTIONS: OptionSpec[] = [
  ...PLAN_OPTIONS.filter((o) => !SIMULATE_OPTIONS.some((s) => s.name === o.name)),
  ...SIMULATE_OPTIONS,
];

/**
 * `diamond upgrade simulate`: plan (as `upgrade plan` does, same options), refuse an invalid plan (its findings
 * printed, exit 1, nothing run), then simulate it and revert. `--json`: the plan fields plus the result's.
 */
export const upgradeSimulateCommand: Command = {
  name: 'upgrade simulate',
  summary: 'Plan the cut, then run it on a local node (or a fork) through the real path, report, and revert',
  options: OPTIONS,
  async run(args, io) {
    const planned = await planFromArgs(args, io, 'upgrade simulate');
    if ('exit' in planned) return planned.exit;
    const { plan } = planned;
    if (!planIsValid(plan)) {
      io.stdout(planText(plan, io.cwd));
      io.stderr('diamond upgrade simulate: the plan has errors; nothing was simulated\n');
      return EXIT_FAILED;
    }
    return runSimulate(plan, args, io, { planJson: planJson(plan, io.cwd) as object });
  },
};
