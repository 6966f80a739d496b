/**
 * `diamond upgrade history --rpc URL --address ADDR [--root DIR] [--json]`: every upgrade of the diamond from its
 * DiamondCut (and ERC-8153) events, joined with the local records (`--json` →
 * `{"upgrades":[{"n","block","txHash","cut","init","proposalId"}]}`).
 * `diamond upgrade rollback [N] ...`: the reverse cut of upgrade N (default the last) as a plan, printed as
 * `upgrade plan` prints one (`--json` the same shape), with what it cannot undo; `--propose` proposes it through
 * the same path as `upgrade propose`. Exit 0; 1 an invalid rollback (conflicts, a previous facet without code) or
 * a refusal; 2 usage.
 */
import { connect } from '../../../chain/src/connect';
import { compileProject } from '../../../chain/src/compile';
import { hasErrors } from '../../../chain/src/compile-types';
import { chainUpgradeHistory } from '../../../chain/src/upgrade-history';
import { planIsValid } from '../../../chain/src/upgrade-plan-types';
import { planRollback } from '../../../chain/src/workflows/upgrade-rollback';
import { compileRootOf } from '../../../host/src/project';
import { EXIT_OK, UsageError, type Command } from '../command';
import { EXIT_FAILED, jsonOption, requiredOption, rootDir, rootOption, rpcOption } from './chain-common';
import { failure, yesIMeanOption } from './upgrade-gated';
import { addressArg, cutJson, planJson, planText } from './upgrade-plan';
import { runPropose } from './upgrade-propose';

const ACTION_NAMES = ['add', 'replace', 'remove'] as const;

const COMMON = [
  rpcOption,
  { name: 'address', type: 'string' as const, valueName: 'ADDR', description: 'the diamond address' },
  rootOption('project folder whose .diamond/upgrades is joined (default: the current folder)'),
];

export const upgradeHistoryCommand: Command = {
  name: 'upgrade history',
  summary: 'The diamond’s upgrades from its DiamondCut events, joined with the local records',
  options: [...COMMON, jsonOption],
  async run(args, io) {
    const diamond = addressArg(args);
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const root = rootDir(args, io.cwd);
    try {
      const conn = await connect(requiredOption(args, 'rpc'));
      const upgrades = await chainUpgradeHistory(conn, diamond, root);
      if (args.options.json === true) {
        const rows = upgrades.map((u) => ({
          n: u.n,
          block: u.block,
          txHash: u.txHash,
          cut: cutJson(u.cut),
          init: u.init,
          proposalId: u.proposalId,
        }));
        io.stdout(`${JSON.stringify({ upgrades: rows }, null, 2)}\n`);
      } else {
        for (const u of upgrades)
          io.stdout(
            `#${u.n} block ${u.block} ${u.txHash}${u.proposalId ? ` (proposal ${u.proposalId})` : ''}: ` +
              `${u.cut.map((c) => `${ACTION_NAMES[c.action]} ${c.functionSelectors.length} → ${c.facetAddress}`).join('; ')}\n`,
          );
        if (!upgrades.length) io.stdout('No upgrades.\n');
      }
      return EXIT_OK;
    } catch (err) {
      return failure(err, io, 'upgrade history');
    }
  },
};

export const upgradeRollbackCommand: Command = {
  name: 'upgrade rollback',
  summary: 'The reverse cut of upgrade N (default the last) as a plan; --propose proposes it',
  args: '[N]',
  options: [
    ...COMMON,
    { ...jsonOption, description: 'print the reverse plan as `upgrade plan --json` does' },
    { name: 'propose', type: 'boolean', description: 'simulate and propose the rollback to the ProtocolDAO' },
    yesIMeanOption,
  ],
  async run(args, io) {
    const diamond = addressArg(args);
    const [raw, extra] = args.positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    if (raw !== undefined && !/^[1-9]\d*$/.test(raw))
      throw new UsageError(`N is not an upgrade number: ${raw}`);
    const root = rootDir(args, io.cwd);
    try {
      const conn = await connect(requiredOption(args, 'rpc'));
      const built = await compileProject({ root: compileRootOf(root) }).catch(() => undefined);
      const artifacts = built && !hasErrors(built) ? built.contracts : undefined;
      const plan = await planRollback({
        connection: conn,
        diamond,
        root,
        n: raw === undefined ? undefined : Number(raw),
        artifacts,
      });
      if (args.options.propose === true) {
        if (!planIsValid(plan)) {
          io.stdout(planText(plan, io.cwd));
          io.stderr('diamond upgrade rollback: the rollback has errors; nothing was sent\n');
          return EXIT_FAILED;
        }
        return runPropose(plan, { ...args, positionals: [] }, io, 'upgrade rollback', plan.rollbackOf.n);
      }
      io.stdout(
        args.options.json === true
          ? `${JSON.stringify({ ...(planJson(plan, io.cwd) as object), rollbackOf: plan.rollbackOf.n, cannotUndo: plan.cannotUndo }, null, 2)}\n`
          : `${planText(plan, io.cwd)}Cannot undo: ${plan.cannotUndo.join(' ')}\n`,
      );
      return planIsValid(plan) ? EXIT_OK : EXIT_FAILED;
    } catch (err) {
      return failure(err, io, 'upgrade rollback');
    }
  },
};
