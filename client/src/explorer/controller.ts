/**
 * The Facet Explorer's connection: which diamond it shows, reading it, following new blocks while visible,
 * and saying clearly what went wrong (a tree message with actions, and one notification per failure).
 * It also keeps the markers of the last upgrade plan (model.ts PlanMarkers) while they apply: until the next
 * plan, or the first read whose routing differs from the one the plan was made against (the diamond was cut).
 */
import * as vscode from 'vscode';
import type { LoupeView } from '../../../chain/src/loupe-types';
import type { ResolvedSelector } from '../../../protocol/requests';
import type { Logger } from '../log';
import { BlockPoller, type PollEvent } from './block-poller';
import { toExplorerLoupe } from './loupe-adapter';
import {
  actionsFor,
  planApplies,
  type ExplorerError,
  type ExplorerNode,
  type ExplorerState,
  type PlanMarkers,
} from './model';
import { FacetTreeProvider } from './provider';
import { VIEW_ID } from './view-id';
import { redactUrl } from '../../../chain/src/redact';

export interface ConnectTarget {
  address: string;
  rpcUrl: string;
}

export interface ExplorerSources {
  /** Reads the diamond (loupe + local artifacts), as the chain module returns it; rejects with errors `classify` understands. */
  read(target: ConnectTarget): Promise<LoupeView>;
  /** Local signatures and source locations from the language server; empty when it does not answer. */
  resolve(selectors: string[]): Promise<ResolvedSelector[]>;
  blockNumber(rpcUrl: string): Promise<number>;
  classify(err: unknown, target: ConnectTarget): ExplorerError;
}

export class ExplorerController implements vscode.Disposable {
  private state: ExplorerState = { kind: 'disconnected' };
  private target: ConnectTarget | undefined;
  /** The last plan's markers; dropped by a read they no longer describe. */
  private plan: PlanMarkers | undefined;
  /** Bumped on every connect/disconnect: a read that finishes after a newer one started is dropped. */
  private generation = 0;
  private readonly provider = new FacetTreeProvider();
  readonly view: vscode.TreeView<ExplorerNode>;
  private readonly poller: BlockPoller;
  private readonly changed = new vscode.EventEmitter<ExplorerState>();
  readonly onDidChangeState = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly sources: ExplorerSources,
    private readonly log: Logger,
  ) {
    this.view = vscode.window.createTreeView(VIEW_ID, {
      treeDataProvider: this.provider,
      showCollapseAll: true,
    });
    this.poller = new BlockPoller(
      () =>
        this.target
          ? this.sources.blockNumber(this.target.rpcUrl)
          : Promise.reject(new Error('not connected')),
      (e) => void this.onPoll(e),
    );
    this.disposables.push(
      this.view,
      this.provider,
      this.changed,
      this.view.onDidChangeVisibility(() => this.updatePolling()),
    );
    void vscode.commands.executeCommand('setContext', 'diamond.connected', false);
  }

  get current(): ExplorerState {
    return this.state;
  }

  get connectedTo(): ConnectTarget | undefined {
    return this.target;
  }

  /** Connects and reads; resolves with the final state. Failures become a tree message and a notification. */
  async connect(target: ConnectTarget): Promise<ExplorerState> {
    this.target = target;
    const generation = ++this.generation;
    this.set({ kind: 'connecting', ...target });
    return this.read(generation, true);
  }

  /** Re-reads the connected diamond (after a command, a new block, a save). */
  async refresh(notify = true): Promise<ExplorerState> {
    if (!this.target) return this.state;
    return this.read(this.generation, notify);
  }

  disconnect(): void {
    this.target = undefined;
    this.plan = undefined;
    this.generation++;
    this.set({ kind: 'disconnected' });
  }

  /**
   * Marks what a plan would change (replaces the previous plan's markers) and re-reads the diamond, so the
   * markers land on a read of the routing the plan was made against (or are dropped if it changed since).
   */
  async showPlan(markers: PlanMarkers): Promise<ExplorerState> {
    this.plan = markers;
    return this.refresh(false);
  }

  /** Points the explorer at another RPC URL (setting changed, node started or stopped), if connected. */
  async moveTo(rpcUrl: string): Promise<void> {
    if (this.target && this.target.rpcUrl !== rpcUrl) await this.connect({ ...this.target, rpcUrl });
  }

  private async read(generation: number, notify: boolean): Promise<ExplorerState> {
    const target = this.target!;
    try {
      const [loupe, block] = await Promise.all([
        this.sources.read(target),
        this.sources.blockNumber(target.rpcUrl).catch(() => undefined),
      ]);
      const view = toExplorerLoupe(loupe);
      const selectors = [
        ...new Set([
          ...view.facets.flatMap((f) => f.selectors.map((s) => s.selector.toLowerCase())),
          // A planned facet's rows open their source too.
          ...(this.plan?.incoming.flatMap((f) => f.selectors.map((s) => s.selector)) ?? []),
        ]),
      ];
      const resolved = new Map(
        (await this.sources.resolve(selectors)).map((r) => [r.selector.toLowerCase(), r]),
      );
      if (generation !== this.generation) return this.state;
      this.poller.reset(block);
      this.log.info(
        `explorer: ${target.address} on chain ${view.chainId}: ${view.facets.length} facets` +
          (block === undefined ? '' : ` at block ${block}`),
      );
      if (this.plan && !planApplies(this.plan, loupe)) {
        this.log.info(
          `explorer: ${target.address} is not routed as when planned: upgrade plan markers cleared`,
        );
        this.plan = undefined;
      }
      const plan = this.plan;
      this.set({ kind: 'connected', rpcUrl: target.rpcUrl, loupe, view, resolved, blockNumber: block, plan });
    } catch (err) {
      if (generation !== this.generation) return this.state;
      const error = this.sources.classify(err, target);
      this.log.error(`explorer: reading ${target.address} at ${redactUrl(target.rpcUrl)} failed`, err);
      const wasFailing = this.state.kind === 'failed' && this.state.error.kind === error.kind;
      this.set({ kind: 'failed', ...target, error });
      if (notify && !wasFailing) void this.notify(error);
    }
    return this.state;
  }

  private async notify(error: ExplorerError): Promise<void> {
    const actions = actionsFor(error.kind);
    const picked = await vscode.window.showErrorMessage(error.message, ...actions.map((a) => a.title));
    const action = actions.find((a) => a.title === picked);
    if (action) await vscode.commands.executeCommand(action.command, ...action.arguments);
  }

  private async onPoll(e: PollEvent): Promise<void> {
    if (e.kind === 'down') {
      this.log.warn(`explorer: ${redactUrl(this.target?.rpcUrl ?? '')} stopped answering`);
      // Shows the RPC-down message in the tree; one notification per outage.
      await this.refresh(true);
    } else {
      this.log.debug(`explorer: block ${e.block}${e.kind === 'up' ? ' (RPC back)' : ''}`);
      await this.refresh(e.kind === 'up');
    }
  }

  private set(state: ExplorerState): void {
    this.state = state;
    this.provider.show(state);
    void vscode.commands.executeCommand('setContext', 'diamond.connected', state.kind !== 'disconnected');
    this.updatePolling();
    this.changed.fire(state);
  }

  private updatePolling(): void {
    this.poller.setActive(this.view.visible && this.target !== undefined);
  }

  dispose(): void {
    this.poller.setActive(false);
    for (const d of this.disposables) d.dispose();
  }
}
