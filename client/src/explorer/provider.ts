/** Maps the pure explorer model (./model.ts) onto VS Code TreeItems: no decisions are made here. */
import * as vscode from 'vscode';
import { buildExplorerTree, type ExplorerNode, type ExplorerState } from './model';

export class FacetTreeProvider implements vscode.TreeDataProvider<ExplorerNode> {
  private roots: ExplorerNode[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  /** Rebuilds the whole tree: a diamond has at most a few hundred selectors, so diffing is not worth it. */
  show(state: ExplorerState): void {
    this.roots = buildExplorerTree(state);
    this.changed.fire();
  }

  getChildren(node?: ExplorerNode): ExplorerNode[] {
    return node ? node.children : this.roots;
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      node.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : node.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = node.id;
    item.description = node.description;
    item.tooltip = new vscode.MarkdownString(node.tooltip);
    item.accessibilityInformation = { label: node.accessibilityLabel };
    item.iconPath = new vscode.ThemeIcon(
      node.icon,
      node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined,
    );
    item.contextValue = node.contextValue;
    if (node.command) item.command = { ...node.command };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
