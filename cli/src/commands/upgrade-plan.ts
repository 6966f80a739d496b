/**
 * `diamond upgrade plan --rpc URL --address ADDR [--diamond NAME] [--init CONTRACT --init-call SIG
 * --init-args JSON] [--prune] [--deployer ADDR] [--root DIR] [--json] [--report FILE.md]`: the cut that takes the
 * live diamond to the project's facet set, validated before anything is sent (the workflow in
 * chain/src/workflows/upgrade-plan.ts; the Markdown in chain/src/upgrade-report.ts). This file only renders.
 * Exit 0: a valid plan; 1: validation failed (or the project does not compile); 2: bad usage, a bad config, or
 * a diamond that cannot be read.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isAddress, Wallet } from 'ethers';
import { connect } from '../../../chain/src/connect';
import { PRIVATE_KEY_ENV } from '../../../chain/src/signer';
import type { FacetCut } from '../../../chain/src/cut';
import { planIsValid, type PlanFinding, type UpgradePlan } from '../../../chain/src/upgrade-plan-types';
import { liveSignatureOf, planMarkdown } from '../../../chain/src/upgrade-report';
import { CompileFailedError } from '../../../chain/src/workflows/deploy-dloop';
import {
  PlanConfigError,
  PlanInputError,
  planUpgrade,
  type PlanInitInput,
} from '../../../chain/src/workflows/upgrade-plan';
import {
  EXIT_FINDINGS,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
  type CliIO,
  type Command,
  type OptionSpec,
  type ParsedArgs,
} from '../command';
import { displayPath } from '../output/records';
import { ConfigFileError } from '../project';
import {
  describeChainError,
  jsonOption,
  requiredOption,
  rootDir,
  rootOption,
  rpcOption,
  stringOption,
  unitPath,
} from './chain-common';

function initInput(args: ParsedArgs): PlanInitInput | undefined {
  const contract = stringOption(args, 'init');
  const call = stringOption(args, 'init-call');
  const rawArgs = stringOption(args, 'init-args');
  if (contract === undefined) {
    if (call !== undefined || rawArgs !== undefined)
      throw new UsageError('--init-call and --init-args need --init CONTRACT');
    return undefined;
  }
  if (call === undefined)
    throw new UsageError(`--init ${contract} needs --init-call SIG (e.g. 'migrate(uint16)')`);
  let parsed: unknown = [];
  if (rawArgs !== undefined) {
    try {
      parsed = JSON.parse(rawArgs);
    } catch (err) {
      throw new UsageError(`--init-args is not JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(parsed))
      throw new UsageError(`--init-args must be a JSON array of arguments (got ${rawArgs})`);
  }
  return { contract, call, args: parsed as unknown[] };
}

/**
 * The account that will deploy: --deployer (checked before anything is contacted), else on a chain that is not a
 * local dev node the key the transaction gate would use there; else undefined (the workflow's default).
 */
function namedDeployer(args: ParsedArgs): string | undefined {
  const named = stringOption(args, 'deployer');
  if (named !== undefined && !isAddress(named))
    throw new UsageError(`--deployer is not an address: ${named}`);
  return named;
}

function keyDeployer(env: NodeJS.ProcessEnv, localDev: boolean): string | undefined {
  const key = env[PRIVATE_KEY_ENV]?.trim();
  if (localDev || !key) return undefined;
  try {
    return new Wallet(key.startsWith('0x') ? key : `0x${key}`).address;
  } catch {
    throw new UsageError(
      `${PRIVATE_KEY_ENV} is not a 32-byte hex private key (or name the account with --deployer)`,
    );
  }
}

/** A finding in `--json`: as `diamond check --json` prints it, `null` where it has no place in the source. */
export interface JsonFinding {
  rule: string;
  severity: string;
  file: string | null;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  message: string;
  related: { file: string; line: number; message: string }[];
}

function jsonFinding(f: PlanFinding, cwd: string): JsonFinding {
  return {
    rule: f.rule,
    severity: f.severity,
    file: f.file ? displayPath(cwd, f.file) : null,
    line: f.line ?? null,
    column: f.column ?? null,
    endLine: f.endLine ?? null,
    endColumn: f.endColumn ?? null,
    message: f.message,
    related: (f.related ?? []).map((r) => ({
      file: displayPath(cwd, r.file),
      line: r.line,
      message: r.message,
    })),
  };
}

const ACTION_NAMES = ['add', 'replace', 'remove'] as const;

/** A cut as the `--json` outputs print it (actions by name). */
export function cutJson(cut: readonly FacetCut[]) {
  return cut.map((c) => ({
    facetAddress: c.facetAddress,
    action: ACTION_NAMES[c.action],
    functionSelectors: c.functionSelectors,
  }));
}

/** `--address ADDR`, required and an address. */
export function addressArg(args: ParsedArgs): string {
  const address = requiredOption(args, 'address');
  if (!isAddress(address)) throw new UsageError(`--address is not an address: ${address}`);
  return address;
}

/** Exactly the documented `--json` shape. */
export function planJson(plan: UpgradePlan, cwd: string): unknown {
  return {
    chainId: plan.chainId,
    diamond: plan.diamond,
    cut: cutJson(plan.cut),
    selectors: plan.plan.selectors
      .filter((s) => s.action !== 'keep')
      .map((s) => ({
        selector: s.selector,
        signature: s.signature,
        action: s.action,
        fromFacet: s.fromFacet,
        toFacet: s.toFacet,
      })),
    deploy: plan.deploy.map((d) => ({ contract: d.contract, address: d.predictedAddress })),
    init: plan.init
      ? { contract: plan.init.contract, address: plan.init.address, calldata: plan.init.calldata }
      : null,
    calldata: plan.calldata,
    findings: plan.findings.map((f) => jsonFinding(f, cwd)),
  };
}

const STATUS = { passed: '✓', warning: '!', failed: '✗', skipped: '-' } as const;

/** The text report: selectors grouped by action (signatures on both sides), deploy list, init, hash, checks, findings. */
export function planText(plan: UpgradePlan, cwd: string): string {
  const lines: string[] = [];
  const name = plan.diamondName ? `"${plan.diamondName}"` : '(default facet set)';
  lines.push(`Upgrade plan ${name} for diamond ${plan.diamond} on chain ${plan.chainId}`);
  const groups = [
    ['Replace', 'replace'],
    ['Add', 'add'],
    ['Remove', 'remove'],
  ] as const;
  for (const [title, action] of groups) {
    const rows = plan.plan.selectors.filter((s) => s.action === action);
    lines.push('', `${title} (${rows.length})`);
    if (rows.length === 0) continue;
    const before = rows.map((s) =>
      s.fromFacet === null
        ? '(not routed)'
        : `${liveSignatureOf(plan, s.selector) ?? s.signature ?? '?'}  ${s.fromFacet}`,
    );
    const w = Math.max(...before.map((b) => b.length));
    rows.forEach((s, i) => {
      const after = s.toFacet === null ? '(removed)' : `${s.signature ?? '?'}  ${s.toFacet}`;
      lines.push(`  ${s.selector}  ${before[i].padEnd(w)}  ->  ${after}`);
    });
  }
  const alone = plan.plan.selectors.filter((s) => ['immutable', 'protected', 'unmanaged'].includes(s.action));
  if (alone.length) {
    lines.push('', `Left alone (${alone.length})`);
    for (const s of alone)
      lines.push(`  ${s.selector}  ${s.signature ?? '?'}  ${s.fromFacet ?? ''}  [${s.action}]`);
  }
  if (plan.deploy.length === 0) lines.push('', 'Deploy: nothing');
  else {
    const last = plan.deployerNonce + plan.deploy.length - 1;
    const nonces = last === plan.deployerNonce ? `nonce ${last}` : `nonces ${plan.deployerNonce}-${last}`;
    lines.push('', `Deploy (${plan.deploy.length}): plain CREATE from ${plan.deployer}, ${nonces}`);
    const w = Math.max(...plan.deploy.map((d) => d.contract.length));
    plan.deploy.forEach((d, i) =>
      lines.push(`  ${i + 1}. ${d.contract.padEnd(w)}  ${d.predictedAddress}  ${d.file}`),
    );
  }
  lines.push('', 'Init');
  if (plan.init) {
    lines.push(
      `  ${plan.init.contract}.${plan.init.signature} ${JSON.stringify(plan.init.args)} at ${plan.init.address}${plan.init.deploy ? ' (deployed by the plan)' : ''}`,
      `  calldata ${plan.init.calldata}`,
    );
  } else lines.push('  none');
  lines.push(
    '',
    `diamondCut calldata: ${(plan.calldata.length - 2) / 2} bytes, keccak256 ${plan.calldataHash}`,
  );
  lines.push('', 'Validation');
  for (const c of plan.checks)
    lines.push(`  ${STATUS[c.status]} ${c.title}${c.detail ? ` (${c.detail})` : ''}`);
  if (plan.findings.length) {
    lines.push('', 'Findings');
    for (const f of plan.findings) {
      const where = f.file ? `${displayPath(cwd, f.file)}:${f.line ?? 1}:${f.column ?? 1} ` : '';
      lines.push(`  ${where}${f.severity} ${f.rule} ${f.message}`);
      for (const r of f.related ?? []) lines.push(`    ${displayPath(cwd, r.file)}:${r.line}: ${r.message}`);
    }
  }
  const errors = plan.findings.filter((f) => f.severity === 'error').length;
  const entries = plan.cut.length === 1 ? '1 cut entry' : `${plan.cut.length} cut entries`;
  lines.push(
    '',
    errors
      ? `Plan blocked: ${errors} error(s)`
      : `Plan valid: ${plan.cut.length ? entries : 'nothing to cut'}`,
  );
  return lines.join('\n') + '\n';
}

/** The options every step that starts from a plan takes (`upgrade plan`, `upgrade simulate`). */
export const PLAN_OPTIONS: readonly OptionSpec[] = [
  rpcOption,
  { name: 'address', type: 'string', valueName: 'ADDR', description: 'the diamond address' },
  {
    name: 'diamond',
    type: 'string',
    valueName: 'NAME',
    description: 'the diamond of diamond.config.json to plan for (default: the only one; none: every *Facet)',
  },
  {
    name: 'init',
    type: 'string',
    valueName: 'CONTRACT',
    description: 'init contract run after the cut (delegatecall)',
  },
  {
    name: 'init-call',
    type: 'string',
    valueName: 'SIG',
    description: "the init function, e.g. 'migrate(uint16)'",
  },
  {
    name: 'init-args',
    type: 'string',
    valueName: 'JSON',
    description: "its arguments as a JSON array, e.g. '[15000]'",
  },
  {
    name: 'prune',
    type: 'boolean',
    description: 'also remove selectors of facets the project does not manage',
  },
  {
    name: 'deployer',
    type: 'string',
    valueName: 'ADDR',
    description: `who deploys the new facets (default: a local node's first account, else the key in ${PRIVATE_KEY_ENV})`,
  },
  rootOption('project folder (default: the current folder)'),
  {
    ...jsonOption,
    description: 'print {"chainId","diamond","cut","selectors","deploy","init","calldata","findings"}',
  },
  {
    name: 'report',
    type: 'string',
    valueName: 'FILE.md',
    description: 'also write the plan as a Markdown report',
  },
];

/**
 * Plans from the command line (`--rpc`, `--address`, `--diamond`, `--init*`, `--prune`, `--deployer`, `--root`):
 * the plan, or the exit code after the reason was printed. `step` names the command in messages.
 */
export async function planFromArgs(
  args: ParsedArgs,
  io: CliIO,
  step: string,
): Promise<{ plan: UpgradePlan } | { exit: number }> {
  const rpcUrl = requiredOption(args, 'rpc');
  const address = addressArg(args);
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const root = rootDir(args, io.cwd);
  const init = initInput(args);
  const deployer = namedDeployer(args);
  const json = args.options.json === true;
  const say = (text: string) => io.stderr(`diamond ${step}: ${text}\n`);
  try {
    const connection = await connect(rpcUrl);
    const plan = await planUpgrade(
      {
        connection,
        address,
        root,
        diamond: stringOption(args, 'diamond'),
        init,
        prune: args.options.prune === true,
        deployer: deployer ?? keyDeployer(io.env, connection.isLocalDevChain),
      },
      { onProgress: json ? undefined : (p) => io.stderr(`${p.message}\n`) },
    );
    return { plan };
  } catch (err) {
    if (err instanceof PlanInputError) {
      say(err.message);
      return { exit: EXIT_USAGE };
    }
    if (err instanceof PlanConfigError) throw new ConfigFileError(err.issues);
    if (err instanceof CompileFailedError) {
      for (const e of err.result.errors.filter((m) => m.severity === 'error')) {
        const file = unitPath(io.cwd, join(root, 'contracts'), e.file);
        io.stderr(`${file ?? ''}:${e.line ?? 1}:${e.column ?? 1}: error: ${e.message}\n`);
      }
      say('the project does not compile: no plan');
      return { exit: EXIT_FINDINGS };
    }
    const known = describeChainError(err);
    if (known === undefined) throw err;
    say(`cannot read the diamond: ${known}`);
    return { exit: EXIT_USAGE };
  }
}

export const upgradePlanCommand: Command = {
  name: 'upgrade plan',
  summary: 'Plan and validate the cut that takes a live diamond to the project’s facets (sends nothing)',
  options: PLAN_OPTIONS,
  async run(args, io) {
    const json = args.options.json === true;
    const reportFile = stringOption(args, 'report');
    const say = (text: string) => io.stderr(`diamond upgrade plan: ${text}\n`);
    const planned = await planFromArgs(args, io, 'upgrade plan');
    if ('exit' in planned) return planned.exit;
    const { plan } = planned;
    io.stdout(json ? JSON.stringify(planJson(plan, io.cwd), null, 2) + '\n' : planText(plan, io.cwd));
    if (reportFile !== undefined) {
      const file = resolve(io.cwd, reportFile);
      try {
        writeFileSync(file, planMarkdown(plan, { displayPath: (f) => displayPath(dirname(file), f) }));
      } catch (err) {
        say(`cannot write ${reportFile}: ${(err as Error).message}`);
        return EXIT_USAGE;
      }
      if (!json) io.stderr(`Report written to ${displayPath(io.cwd, file)}\n`);
    }
    return planIsValid(plan) ? EXIT_OK : EXIT_FINDINGS;
  },
};
