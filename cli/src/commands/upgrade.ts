/**
 * `diamond upgrade <step> ...`: the upgrade workflow's steps as subcommands, one table here (cli.ts lists only
 * `upgrade`). A step is an ordinary `Command` in its own file (`upgrade-plan.ts`; next `upgrade-simulate.ts`, …):
 * add it to UPGRADE_STEPS and it is dispatched, parsed and documented like any other command.
 *
 * The CLI parses `upgrade`'s arguments with the union of the steps' options; the step then refuses any option
 * that is not its own, and gets the positionals after its name.
 */
import { UsageError, type Command, type OptionSpec } from '../command';
import { upgradePlanCommand } from './upgrade-plan';
import { upgradeSimulateCommand } from './upgrade-simulate';
import { upgradeProposeCommand } from './upgrade-propose';
import {
  upgradeCancelCommand,
  upgradeExecuteCommand,
  upgradeFastTrackCommand,
  upgradeMarkReviewedCommand,
  upgradeStatusCommand,
  upgradeVoteCommand,
} from './upgrade-governance';
import { upgradeExportCommand } from './upgrade-export';
import { upgradeHistoryCommand, upgradeRollbackCommand } from './upgrade-history';

/** The steps of `diamond upgrade`, one line each. */
export const UPGRADE_STEPS: readonly Command[] = [
  upgradePlanCommand,
  upgradeSimulateCommand,
  upgradeProposeCommand,
  upgradeStatusCommand,
  upgradeVoteCommand,
  upgradeExecuteCommand,
  upgradeCancelCommand,
  upgradeFastTrackCommand,
  upgradeMarkReviewedCommand,
  upgradeExportCommand,
  upgradeHistoryCommand,
  upgradeRollbackCommand,
];

function unionOptions(steps: readonly Command[]): OptionSpec[] {
  const out = new Map<string, OptionSpec>();
  for (const s of steps) for (const o of s.options) if (!out.has(o.name)) out.set(o.name, o);
  return [...out.values()];
}

const stepList = UPGRADE_STEPS.map((s) => `${s.name.replace(/^upgrade /, '')} (${s.summary})`).join('; ');

export const upgradeCommand: Command = {
  name: 'upgrade',
  summary: `Upgrade a live diamond, step by step: ${stepList}`,
  args: `<${UPGRADE_STEPS.map((s) => s.name.replace(/^upgrade /, '')).join('|')}>`,
  options: unionOptions(UPGRADE_STEPS),
  run(args, io) {
    const [name, ...rest] = args.positionals;
    const names = UPGRADE_STEPS.map((s) => s.name.replace(/^upgrade /, ''));
    if (name === undefined) throw new UsageError(`name a step: ${names.join(', ')}`);
    const step = UPGRADE_STEPS.find((s) => s.name === `upgrade ${name}`);
    if (!step) throw new UsageError(`unknown step "${name}" (known: ${names.join(', ')})`);
    const own = new Set(step.options.map((o) => o.name));
    for (const [option, value] of Object.entries(args.options))
      if (value !== undefined && !own.has(option))
        throw new UsageError(`--${option} is not an option of ${step.name}`);
    return step.run({ positionals: rest, options: args.options }, io);
  },
};
