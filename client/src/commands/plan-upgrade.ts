/**
 * Diamond: Plan Upgrade — renders planFromEditor (../upgrade-plan.ts): against the diamond the Facet Explorer is
 * connected to, which diamond of diamond.config.json and which init (QuickPicks, arguments checked as they are
 * typed), the workflow's steps in a cancellable progress notification, then the report as a Markdown preview
 * (the file `diamond upgrade plan --report` would write, with links to the sources), the findings in the Problems
 * panel (`diamond-upgrade`, replaced by each plan), the verdict as a notification and the plan's markers in the
 * Facet Explorer. What the plan contains is the workflow's (chain/src/workflows/upgrade-plan.ts); it sends nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compileInWorker } from '../../../chain/src/compile-in-worker';
import { hasErrors, type CompileOptions, type CompileResult } from '../../../chain/src/compile-types';
import { redactUrl } from '../../../chain/src/redact';
import { RpcUnreachableError } from '../../../chain/src/rpc';
import type { UpgradePlan } from '../../../chain/src/upgrade-plan-types';
import { CompileFailedError } from '../../../chain/src/workflows/deploy-dloop';
import {
  PlanConfigError,
  PlanInputError,
  type PlanInitInput,
} from '../../../chain/src/workflows/upgrade-plan';
import { WorkflowAbortedError } from '../../../chain/src/workflows/workflow';
import { compileRootOf, projectRootFor, readProjectSetup } from '../../../host/src/project';
import { ResolveSelectorsRequest } from '../../../protocol/requests';
import type { Ctx } from '../ctx';
import { actionsFor, planMarkersOf } from '../explorer/model';
import { recordRoots } from '../project-root';
import {
  argsPlaceholder,
  describeDiamondItem,
  diamondChoice,
  initCandidates,
  parseInitArgs,
  planDiagnostics,
  planDocument,
  planFromEditor,
  planReportFile,
  planRoots,
  planVerdict,
  selectorSources,
  type EditorPlanOutcome,
  type InitCandidate,
  type PlanDiagnostic,
} from '../upgrade-plan';
import { publishBuild } from './build';
import { deployerKey } from './keys';

/** Which command asks: Plan Upgrade, or Simulate Upgrade, which plans with the same questions first. */
export interface UpgradeFace {
  /** "Plan Upgrade" */
  name: string;
  /** "Diamond: Plan Upgrade" (QuickPick and progress titles) */
  title: string;
}

export const PLAN_FACE: UpgradeFace = { name: 'Plan Upgrade', title: 'Diamond: Plan Upgrade' };

const diagnosticsOf = new WeakMap<Ctx, vscode.DiagnosticCollection>();

/** The `diamond-upgrade` collection: the findings of the last plan, whichever command made it. */
export function upgradeDiagnostics(ctx: Ctx): vscode.DiagnosticCollection {
  let collection = diagnosticsOf.get(ctx);
  if (!collection) {
    collection = vscode.languages.createDiagnosticCollection('diamond-upgrade');
    ctx.extension.subscriptions.push(collection);
    diagnosticsOf.set(ctx, collection);
  }
  return collection;
}

export async function offer(
  show: (message: string, ...items: string[]) => Thenable<string | undefined>,
  message: string,
  actions: { title: string; command: string; arguments?: unknown[] }[],
): Promise<void> {
  const picked = await show(message, ...actions.map((a) => a.title));
  const action = actions.find((a) => a.title === picked);
  if (action) await vscode.commands.executeCommand(action.command, ...(action.arguments ?? []));
}

export const isAbort = (err: unknown) => err instanceof Error && err.name === 'AbortError';

/** A QuickPick item carrying its value. */
type Item<T> = vscode.QuickPickItem & { value?: T };

async function pickRoot(face: UpgradeFace, roots: string[]): Promise<string | undefined> {
  if (roots.length <= 1) return roots[0];
  const picked = await vscode.window.showQuickPick(
    roots.map((r): Item<string> => ({ label: path.basename(r), description: r, value: r })),
    {
      title: `${face.title}: which project?`,
      placeHolder: 'The project whose facets the diamond should route to',
    },
  );
  return picked?.value;
}

/** The diamond of diamond.config.json to plan for: `null` for the default discovery, undefined when cancelled. */
async function pickDiamond(
  face: UpgradeFace,
  ctx: Ctx,
  diamonds: readonly { name: string; facets?: readonly string[] }[],
): Promise<string | null | undefined> {
  const state = ctx.explorer.current;
  const live =
    state.kind === 'connected'
      ? state.view.facets.filter((f) => f.address !== null && !f.immutable).map((f) => f.name)
      : [];
  const choice = diamondChoice(diamonds, live);
  if (choice.kind === 'default') return null;
  if (choice.kind === 'only') return choice.name;
  const picked = await vscode.window.showQuickPick(
    choice.items.map((item): Item<string> => ({
      label: item.name,
      description: describeDiamondItem(item),
      detail: item.facets
        ? `${item.facets.length} facets: ${item.facets.join(', ')}`
        : 'every *Facet contract',
      value: item.name,
    })),
    {
      title: `${face.title}: which diamond of diamond.config.json?`,
      placeHolder: 'The facet set the diamond should route to after the cut (+ not on chain, − dropped)',
      matchOnDetail: true,
    },
  );
  return picked?.value;
}

/** The init call: "No init" first, then the build's init-like contracts, then the others. undefined: cancelled. */
async function pickInit(
  face: UpgradeFace,
  candidates: InitCandidate[],
  abiOf: (contract: string) => unknown,
): Promise<PlanInitInput | null | undefined> {
  const noInit: Item<null> = {
    label: '$(circle-slash) No init',
    description: 'address(0), empty calldata',
    value: null,
  };
  const item = (c: InitCandidate): Item<InitCandidate> => ({
    label: c.contract,
    description: c.file,
    detail: c.functions.map((f) => f.signature).join(', '),
    value: c,
  });
  const likely = candidates.filter((c) => c.likely);
  const others = candidates.filter((c) => !c.likely);
  const picked = await vscode.window.showQuickPick<Item<InitCandidate | null>>(
    [
      noInit,
      ...likely.map(item),
      ...(others.length ? [{ label: 'Other contracts', kind: vscode.QuickPickItemKind.Separator }] : []),
      ...others.map(item),
    ],
    {
      title: `${face.title}: run an init after the cut?`,
      placeHolder: 'A contract of the build whose function the diamond delegatecalls after the cut',
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  if (!picked) return undefined;
  const contract = picked.value;
  if (!contract) return null;
  let fn = contract.functions[0];
  if (contract.functions.length > 1) {
    const chosen = await vscode.window.showQuickPick(
      contract.functions.map((f) => ({ label: f.signature, value: f })),
      { title: `${face.title}: which function of ${contract.contract}?` },
    );
    if (!chosen) return undefined;
    fn = chosen.value;
  }
  if (fn.inputs.length === 0) return { contract: contract.contract, call: fn.signature, args: [] };
  const abi = abiOf(contract.contract) as Parameters<typeof parseInitArgs>[0];
  const typed = await vscode.window.showInputBox({
    title: `${face.title}: arguments of ${contract.contract}.${fn.signature}`,
    prompt: 'A JSON array, checked against the ABI as you type (numbers above 2^53 as strings)',
    placeHolder: argsPlaceholder(fn),
    ignoreFocusOut: true,
    validateInput: (text) => {
      const parsed = parseInitArgs(abi, fn.signature, text);
      return parsed.ok ? undefined : parsed.message;
    },
  });
  if (typed === undefined) return undefined;
  const parsed = parseInitArgs(abi, fn.signature, typed);
  return parsed.ok ? { contract: contract.contract, call: fn.signature, args: parsed.args } : undefined;
}

/** The plan reads the files on disk (as the CLI does): unsaved Solidity under the project is saved or left out. */
async function settleUnsaved(face: UpgradeFace, compileRoot: string): Promise<boolean> {
  const dirty = vscode.workspace.textDocuments.filter((d) => {
    if (!d.isDirty || d.uri.scheme !== 'file' || !d.uri.fsPath.endsWith('.sol')) return false;
    const rel = path.relative(compileRoot, d.uri.fsPath);
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  });
  if (dirty.length === 0) return true;
  const save = 'Save All and Continue';
  const saved = 'Use the Saved Files';
  const picked = await vscode.window.showWarningMessage(
    `${dirty.length} Solidity file${dirty.length === 1 ? ' has' : 's have'} unsaved changes; ${face.name} reads the files on disk.`,
    save,
    saved,
  );
  if (picked === save) return vscode.workspace.saveAll(false);
  return picked === saved;
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

function toDiagnostic(d: PlanDiagnostic): vscode.Diagnostic {
  const { start, end } = d.range;
  const range = new vscode.Range(start.line, start.character, end.line, end.character);
  const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
  diagnostic.source = 'diamond-upgrade';
  diagnostic.code = { value: d.code, target: vscode.Uri.parse(d.href) };
  if (d.related.length)
    diagnostic.relatedInformation = d.related.map(
      (x) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(vscode.Uri.file(x.file), new vscode.Position(x.line, 0)),
          x.message,
        ),
    );
  return diagnostic;
}

/** A workflow's onProgress: each message to the output channel (named by the command) and the notification. */
export const loggedProgress =
  (ctx: Ctx, face: UpgradeFace, progress: vscode.Progress<{ message?: string; increment?: number }>) =>
  (p: { message: string; increment?: number }): void => {
    ctx.log.info(`${face.name}: ${p.message}`);
    progress.report(p);
  };

/** "RPC … does not answer (…)" with the explorer's actions for a node that is down. */
export async function offerRpcDown(ctx: Ctx, face: UpgradeFace, rpcUrl: string, err: RpcUnreachableError) {
  ctx.log.error(`${face.name}: ${redactUrl(rpcUrl)} does not answer`, err);
  await offer(
    vscode.window.showErrorMessage,
    `RPC ${redactUrl(rpcUrl)} does not answer (${err.reason}).`,
    actionsFor('rpc-down'),
  );
}

/** A progress notification with a Cancel button that aborts `run`'s signal. */
export function cancellable<T>(
  face: UpgradeFace,
  run: (
    progress: vscode.Progress<{ message?: string; increment?: number }>,
    signal: AbortSignal,
  ) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: face.title, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return run(progress, abort.signal);
    },
  );
}

/** Compiles the project in the worker, cancellable; undefined when cancelled or when it does not compile (said). */
async function compileForPlan(
  face: UpgradeFace,
  ctx: Ctx,
  compileRoot: string,
): Promise<CompileResult | undefined> {
  let result: CompileResult;
  try {
    result = await cancellable(face, (progress, signal) => {
      progress.report({ message: 'Compiling the project' });
      return compileInWorker({ root: compileRoot, signal, onProgress: (p) => progress.report(p) });
    });
  } catch (err) {
    if (isAbort(err)) {
      ctx.log.info(`${face.name}: cancelled while compiling; nothing was read`);
      return undefined;
    }
    throw err;
  }
  if (hasErrors(result)) {
    publishBuild(ctx, compileRoot, result);
    const errors = result.errors.filter((e) => e.severity === 'error').length;
    await offer(
      vscode.window.showErrorMessage,
      `${face.name} stopped: the project does not compile (${errors} error${errors === 1 ? '' : 's'}).`,
      [{ title: 'Show Problems', command: 'workbench.actions.view.problems' }],
    );
    return undefined;
  }
  ctx.builds.set(compileRoot, result);
  return result;
}

/** A plan made in the editor: the project folder it was made for, the build it read, its report. */
export interface EditorPlan {
  plan: UpgradePlan;
  root: string;
  compiled: CompileResult;
  reportFile: string;
}

/**
 * Plan Upgrade's questions and the plan workflow, for either command: the connected diamond, the project, the
 * diamond of diamond.config.json, the build (in the worker), the init; the workflow in a cancellable progress
 * notification; then its findings in the Problems panel, its report written (not opened) and the Facet
 * Explorer's markers. undefined when cancelled or refused (said to the user).
 */
export async function planInEditor(ctx: Ctx, face: UpgradeFace): Promise<EditorPlan | undefined> {
  const diagnostics = upgradeDiagnostics(ctx);
  // 1. The diamond: the one the Facet Explorer is connected to.
  const target = ctx.explorer.connectedTo;
  if (!target) {
    await offer(
      vscode.window.showWarningMessage,
      `${face.name} plans a cut against the diamond the Facet Explorer is connected to: connect it to one first.`,
      [
        { title: 'Connect to Diamond…', command: 'diamond.connect' },
        ...(ctx.node.running ? [] : [{ title: 'Start Local Node', command: 'diamond.startNode' }]),
      ],
    );
    return undefined;
  }
  const state = ctx.explorer.current;
  const connected =
    state.kind === 'connected' ? { chainId: state.view.chainId, diamond: state.view.diamond } : undefined;

  // 2. The project, its config and the diamond of the config.
  const root = await pickRoot(face, planRoots(recordRoots(), connected));
  if (!root) {
    if (recordRoots().length === 0)
      await offer(
        vscode.window.showErrorMessage,
        `${face.name} needs a folder with the Solidity sources of the diamond.`,
        [{ title: 'Open DLOOP Sample', command: 'diamond.openSample' }],
      );
    return undefined;
  }
  const compileRoot = compileRootOf(root);
  const setup = readProjectSetup(projectRootFor(compileRoot));
  const openConfig = {
    title: 'Open diamond.config.json',
    command: 'vscode.open',
    arguments: [vscode.Uri.file(setup.configFile)],
  };
  if (!setup.config) {
    await offer(
      vscode.window.showErrorMessage,
      `${vscode.workspace.asRelativePath(setup.configFile)} has problems: fix them to plan an upgrade (they are in the Problems panel).`,
      [openConfig],
    );
    return undefined;
  }
  const diamond = await pickDiamond(face, ctx, setup.config.diamonds);
  if (diamond === undefined) return undefined;
  if (!(await settleUnsaved(face, compileRoot))) return undefined;

  // 3. The build (in the worker): the init contracts come from it, and the plan reuses it.
  const compiled = await compileForPlan(face, ctx, compileRoot);
  if (!compiled) return undefined;
  const facets = new Set(setup.config.diamonds.flatMap((d) => d.facets ?? []));
  const init = await pickInit(
    face,
    initCandidates(compiled.contracts, facets),
    (name) => compiled.contracts.find((a) => a.name === name)?.abi,
  );
  if (init === undefined) return undefined;
  const compile = (opts: CompileOptions) =>
    opts.root === compileRoot ? Promise.resolve(compiled) : compileInWorker(opts);

  // 4. The workflow, each step in the notification; cancelling stops it at the next step (nothing is sent).
  const started = Date.now();
  let outcome: EditorPlanOutcome;
  try {
    outcome = await cancellable(face, (progress, signal) =>
      planFromEditor(
        {
          rpcUrl: target.rpcUrl,
          address: target.address,
          root,
          diamond: diamond ?? undefined,
          init: init ?? undefined,
          compile,
          key: deployerKey(ctx),
        },
        { signal, onProgress: loggedProgress(ctx, face, progress) },
      ),
    );
  } catch (err) {
    if (err instanceof WorkflowAbortedError || isAbort(err)) {
      ctx.log.info(`${face.name}: cancelled while planning; nothing was sent`);
      return undefined;
    }
    if (err instanceof RpcUnreachableError) {
      await offerRpcDown(ctx, face, target.rpcUrl, err);
      return undefined;
    }
    if (err instanceof PlanInputError || err instanceof PlanConfigError) {
      ctx.log.warn(`${face.name}: ${err.message}`);
      // The config is what to fix for a diamond or its facets; the init and the deployer are the picks'.
      const fix = err instanceof PlanConfigError || ['diamond', 'facets'].includes(err.input);
      await offer(vscode.window.showErrorMessage, `${face.name}: ${err.message}`, fix ? [openConfig] : []);
      return undefined;
    }
    if (err instanceof CompileFailedError) {
      publishBuild(ctx, compileRoot, err.result);
      await offer(vscode.window.showErrorMessage, `${face.name} stopped: ${err.message}`, [
        { title: 'Show Problems', command: 'workbench.actions.view.problems' },
      ]);
      return undefined;
    }
    throw err;
  }
  if (outcome.kind === 'needs-key') {
    ctx.log.warn(`${face.name}: ${outcome.message}`);
    await offer(vscode.window.showErrorMessage, outcome.message, [
      { title: 'Set Deployer Key', command: 'diamond.setDeployerKey' },
    ]);
    return undefined;
  }
  const { plan } = outcome;

  // 5. The findings with a place: in the Problems panel, replacing the previous plan's.
  diagnostics.clear();
  const byFile = planDiagnostics(plan.findings);
  for (const [file, list] of byFile) diagnostics.set(vscode.Uri.file(file), list.map(toDiagnostic));

  // 6. The report: the file `--report` would write, with links from selectors to the functions.
  const resolved = (await ctx.server.request(ResolveSelectorsRequest, {
    selectors: plan.plan.selectors.map((s) => s.selector),
  })) ?? { results: [] };
  const file = planReportFile(root, plan);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, planDocument(plan, file, { sources: selectorSources(plan, resolved.results) }));

  // 7. The Facet Explorer marks what the cut would change, until the next plan or a read after a cut.
  void ctx.explorer.showPlan(planMarkersOf(plan));
  ctx.log.info(
    `${face.name}: planned ${plan.diamond} on chain ${plan.chainId}${plan.diamondName ? ` to "${plan.diamondName}"` : ''} ` +
      `in ${Date.now() - started} ms; report ${file}`,
  );
  return { plan, root, compiled, reportFile: file };
}

/** What Plan Upgrade's "Simulate Upgrade" button hands diamond.simulateUpgrade: the plan just made. */
export interface PlanArgument extends EditorPlan {
  kind: 'diamond.editorPlan';
}

const planArgument = (made: EditorPlan): PlanArgument => ({ kind: 'diamond.editorPlan', ...made });

/** A command argument that is a plan (the explorer's menus pass tree items instead). */
export function isPlanArgument(arg: unknown): arg is PlanArgument {
  return typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'diamond.editorPlan';
}

export const openMarkdown = (file: string) =>
  vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(file));

export const planUpgrade = (ctx: Ctx) => {
  return async (): Promise<UpgradePlan | undefined> => {
    const made = await planInEditor(ctx, PLAN_FACE);
    if (!made) return undefined;
    const { plan, reportFile } = made;
    const openReport = () => openMarkdown(reportFile);
    await openReport();
    const verdict = planVerdict(plan);
    ctx.log.info(`${PLAN_FACE.name}: ${verdict.message}`);
    const hasProblems = planDiagnostics(plan.findings).size > 0;
    // A valid plan goes on to its simulation from here, with this very plan (no second round of questions).
    const simulate = verdict.level === 'error' ? [] : ['Simulate Upgrade'];
    const actions = [
      ...(hasProblems ? ['Show Problems'] : []),
      ...simulate,
      'Open Report',
      'Show in Facet Explorer',
    ];
    const show =
      verdict.level === 'error'
        ? vscode.window.showErrorMessage
        : verdict.level === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    void Promise.resolve(show(verdict.message, ...actions)).then((picked) => {
      if (picked === 'Show Problems')
        return vscode.commands.executeCommand('workbench.actions.view.problems');
      if (picked === 'Open Report') return openReport();
      if (picked === 'Simulate Upgrade')
        return vscode.commands.executeCommand('diamond.simulateUpgrade', planArgument(made));
      if (picked === 'Show in Facet Explorer') return vscode.commands.executeCommand('diamond.showExplorer');
      return undefined;
    });
    return plan;
  };
};
