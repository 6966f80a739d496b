/**
 * The Proposals view (beside the Facet Explorer, same container): the connected diamond's ProtocolDAO
 * proposals (model.ts), read with upgradeStatus when the explorer connects or reads a new block while the view
 * is visible (refresh-policy.ts), when the view shows a read it missed, and after each action. A diamond no ProtocolDAO owns, or a chain that does not answer, is a one-line message, never a popup.
 */
import * as vscode from 'vscode';
import { connect } from '../../../chain/src/connect';
import { upgradeStatus } from '../../../chain/src/workflows/upgrade-govern';
import type { Ctx } from '../ctx';
import { proposalNodes, type ProposalNode } from './model';
import { ProposalsRefreshPolicy, type ReadPoint } from './refresh-policy';
import { PROPOSALS_VIEW_ID } from './view-id';

type Node =
  // The element itself is the proposal node: VS Code hands the element to the context menu's commands, which
  // take a ProposalNode (isProposalNode).
  | (ProposalNode & { kind: 'proposal' })
  | { kind: 'detail'; text: string }
  | { kind: 'message'; text: string };

export interface ProposalsTarget {
  rpcUrl: string;
  diamond: string;
  chainId: number;
  localNode: boolean;
}

export class ProposalsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private nodes: Node[] = [{ kind: 'message', text: 'No diamond connected.' }];
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The diamond the shown proposals belong to (undefined: none shown). */
  target: ProposalsTarget | undefined;
  private readonly disposables: vscode.Disposable[];

  private readonly policy = new ProposalsRefreshPolicy();

  constructor(private readonly ctx: Ctx) {
    const view = vscode.window.createTreeView(PROPOSALS_VIEW_ID, { treeDataProvider: this });
    this.disposables = [
      this.changed,
      view,
      // Not on every explorer read: only while shown, and only for a new block or another diamond.
      ctx.explorer.onDidChangeState((s) => {
        if (s.kind !== 'connected' && s.kind !== 'disconnected') return;
        if (this.policy.explorerChanged(this.readPoint(), view.visible)) void this.refresh();
      }),
      view.onDidChangeVisibility((e) => {
        if (this.policy.visibilityChanged(e.visible)) void this.refresh();
      }),
    ];
  }

  /** The diamond and block the explorer shows now (undefined: not connected). */
  private readPoint(): ReadPoint | undefined {
    const at = this.ctx.explorer.connectedTo;
    const state = this.ctx.explorer.current;
    if (!at) return undefined;
    return {
      rpcUrl: at.rpcUrl,
      diamond: at.address,
      block: state.kind === 'connected' ? state.blockNumber : undefined,
    };
  }

  /** Re-reads the proposals of the diamond the Facet Explorer is connected to (at once: after an action). */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const at = this.ctx.explorer.connectedTo;
    this.policy.didRead(this.readPoint());
    let nodes: Node[];
    let target: ProposalsTarget | undefined;
    if (!at) nodes = [{ kind: 'message', text: 'No diamond connected.' }];
    else {
      try {
        const conn = await connect(at.rpcUrl, { timeoutMs: 5000 });
        const status = await upgradeStatus(conn, at.address);
        target = {
          rpcUrl: at.rpcUrl,
          diamond: at.address,
          chainId: conn.chainId,
          localNode: conn.isLocalDevChain,
        };
        const found = proposalNodes(status, conn.isLocalDevChain);
        nodes = found.length
          ? found.map((node) => ({ ...node, kind: 'proposal' as const }))
          : [{ kind: 'message', text: `No proposals yet at ProtocolDAO ${status.dao}.` }];
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.ctx.log.debug(`Proposals: ${message}`);
        nodes = [{ kind: 'message', text: message }];
      }
    }
    if (generation !== this.generation) return;
    this.target = target;
    this.nodes = nodes;
    void vscode.commands.executeCommand('setContext', 'diamond.daoConnected', target !== undefined);
    this.changed.fire(undefined);
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (n.kind !== 'proposal') {
      const item = new vscode.TreeItem(n.text);
      if (n.kind === 'message') item.iconPath = new vscode.ThemeIcon('info');
      return item;
    }
    const node = n;
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `proposal-${node.id}`;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    item.iconPath = new vscode.ThemeIcon(node.proposal.needsReview ? 'warning' : 'git-pull-request');
    item.command = {
      title: 'Open Specification',
      command: 'diamond.openProposalSpecification',
      arguments: [node],
    };
    return item;
  }

  getChildren(n?: Node): Node[] {
    if (!n) return this.nodes;
    return n.kind === 'proposal' ? n.details.map((text) => ({ kind: 'detail', text })) : [];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

const views = new WeakMap<Ctx, ProposalsView>();

/** Created once at activation (extension.ts); the commands find it here. */
export function registerProposalsView(ctx: Ctx): vscode.Disposable {
  const view = new ProposalsView(ctx);
  views.set(ctx, view);
  return view;
}

export function proposalsViewOf(ctx: Ctx): ProposalsView | undefined {
  return views.get(ctx);
}
