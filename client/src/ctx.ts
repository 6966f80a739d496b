/**
 * What command factories get: the extension's long-lived parts, each owning its own state.
 * (Not a bag of mutable fields: settings are read through one getter, the rest are objects with methods.)
 */
import type * as vscode from 'vscode';
import type { Artifact, CompileResult } from '../../chain/src/compile-types';
import type { ExplorerController } from './explorer/controller';
import type { ServerConnection } from './language-client';
import type { LocalNodeController } from './local-node';
import type { Logger } from './log';
import type { DiamondLogChannel } from './log-channel';
import type { DiamondSettings } from '../../shared/settings';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly log: Logger;
  readonly channel: DiamondLogChannel;
  readonly server: ServerConnection;
  readonly node: LocalNodeController;
  readonly explorer: ExplorerController;
  /** Compiler errors of "Build Facets", apart from the language server's findings. */
  readonly buildDiagnostics: vscode.DiagnosticCollection;
  readonly builds: BuildStore;
  settings(): DiamondSettings;
  /** Where chain commands go: the local node we run, else `diamond.rpcUrl`. */
  rpcUrl(): string;
}

/** The last successful compile per project root: the explorer names facets from its artifacts. */
export class BuildStore {
  private readonly byRoot = new Map<string, CompileResult>();
  get(root: string): CompileResult | undefined {
    return this.byRoot.get(root);
  }
  set(root: string, result: CompileResult): void {
    this.byRoot.set(root, result);
  }
  /** Every artifact of every root built so far (a workspace folder, or its `contracts/` when deployed). */
  all(): Artifact[] {
    return [...this.byRoot.values()].flatMap((r) => r.contracts);
  }
}
