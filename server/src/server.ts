/**
 * The DLOOP Diamond Tools language server (`node dist/server.js --stdio`). This file only wires:
 * each LSP feature lives in its own file, the lifecycle in session.ts. Every handler is guarded:
 * an exception is logged to the connection console and the request still gets an answer.
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import * as nodeModule from 'node:module';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import {
  AnalysisStatsRequest,
  InferenceRequest,
  InferredConfigRequest,
  ContractsRequest,
  NamespacesRequest,
  ResolveSelectorsRequest,
  type DiamondInitializationOptions,
  type ResolveSelectorsParams,
} from '../../protocol/requests';
import type { ServerContext } from './context';
import { UriMap } from './convert';
import { DEBUG_MEMORY_METHOD, debugMemoryOptions, describeMemory, memoryAfterGc } from './debug-memory';
import { DiagnosticsPublisher } from './diagnostics/publisher';
import { codeActions } from './features/code-actions';
import { codeLenses } from './features/code-lens';
import {
  analysisStats,
  contracts,
  inference,
  inferredConfig,
  namespaces,
  resolveSelectors,
} from './features/custom-requests';
import { registerDocs } from './features/docs';
import { hover } from './features/hover';
import { registerLiveDiamond } from './features/live-diamond';
import { describeError, guard, guardAsync } from './guard';
import { REGISTRATION_GLOBS } from '../../host/src/facet-registrations';
import { Projects } from './project/projects';
import { Session } from './session';
import { warmUpEditPath, warmUpWanted } from './warm-up';
import { coldOpen } from './cold-open';

coldOpen.mark('bundle loaded');

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const ctx: ServerContext = {
  connection,
  projects: new Projects(),
  uris: new UriMap(),
  log: connection.console,
};
const publisher = new DiagnosticsPublisher(connection, ctx.uris);
let session: Session | undefined;
let initialFolders: WorkspaceFolder[] = [];
let caps = {
  configuration: false,
  dynamicConfiguration: false,
  dynamicWatchers: false,
  workspaceFolders: false,
};

const memoryDebug = debugMemoryOptions();
let analyses = 0;
/**
 * After the first analysis, Node's compile cache (NODE_COMPILE_CACHE, set by the client) is written out: by then
 * the bundle and the code a cold open runs are compiled, and a server that is killed rather than exits still
 * leaves the next start its cache. Nothing without the cache (module.flushCompileCache: Node 22.10+).
 */
let compileCacheFlushed = false;
const afterAnalysis = () => {
  if (!compileCacheFlushed) {
    compileCacheFlushed = true;
    (nodeModule as { flushCompileCache?: () => void }).flushCompileCache?.();
  }
  if (memoryDebug.logEvery && ++analyses % memoryDebug.logEvery === 0)
    ctx.log.info(`[memory] after ${analyses} analyses: ${describeMemory(memoryAfterGc())}`);
};

process.on('uncaughtException', (e) => ctx.log.error(`[uncaught] ${describeError(e)}`));
process.on('unhandledRejection', (e) => ctx.log.error(`[unhandled rejection] ${describeError(e)}`));

connection.onInitialize((params: InitializeParams): InitializeResult => {
  coldOpen.mark('initialize');
  const c = params.capabilities;
  caps = {
    configuration: !!c.workspace?.configuration,
    dynamicConfiguration: !!c.workspace?.didChangeConfiguration?.dynamicRegistration,
    dynamicWatchers: !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    workspaceFolders: !!c.workspace?.workspaceFolders,
  };
  publisher.relatedInformation = c.textDocument?.publishDiagnostics?.relatedInformation !== false;
  initialFolders =
    params.workspaceFolders ??
    (params.rootUri ? [{ uri: params.rootUri, name: params.rootUri.split('/').pop() ?? 'workspace' }] : []);
  const init = params.initializationOptions as Partial<DiamondInitializationOptions> | undefined;
  // Only an explicit `false` restricts: other clients (and tests) that send nothing are trusted.
  const trusted = init?.workspaceTrusted !== false;
  session = new Session(ctx, publisher, { configuration: caps.configuration, trusted, afterAnalysis });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'dloop-diamond-tools', version },
  };
});

connection.onInitialized(
  guardAsync(ctx.log, 'initialized', undefined, async () => {
    if (caps.dynamicConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'diamond' });
    }
    if (caps.dynamicWatchers) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          ...[
            '**/*.sol',
            '**/diamond.config.json',
            '**/remappings.txt',
            '**/foundry.toml',
            // Deploy scripts, deployment records and deploy configs register facets.
            ...REGISTRATION_GLOBS,
          ].map((globPattern) => ({
            globPattern,
          })),
          // A deleted folder is reported as the folder alone: watch deletions of anything.
          { globPattern: '**/*', kind: WatchKind.Delete },
        ],
      });
    }
    if (caps.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guardAsync(ctx.log, 'workspaceFolders', undefined, async (e) => {
          for (const f of e.removed) session?.removeFolder(f.uri);
          for (const f of e.added) await session?.addFolder(f.uri, f.name);
        }),
      );
    }
    // Before the first index: the user's first keystrokes then run compiled code (warm-up.ts).
    coldOpen.mark('initialized');
    if (warmUpWanted()) {
      const w = warmUpEditPath();
      ctx.log.info(`[warm-up] edit path in ${w.ms.toFixed(0)} ms (${w.findings} findings)`);
      coldOpen.mark('warm-up');
    }
    await Promise.all(initialFolders.map((f) => session?.addFolder(f.uri, f.name)));
  }),
);

connection.onDidChangeConfiguration(
  guardAsync(ctx.log, 'didChangeConfiguration', undefined, async () => session?.refreshSettings()),
);
connection.onDidChangeWatchedFiles(
  guard(ctx.log, 'didChangeWatchedFiles', undefined, (p) => session?.didChangeWatchedFiles(p.changes)),
);

documents.onDidChangeContent(
  guard(ctx.log, 'didChange', undefined, (e) =>
    session?.didOpenOrChange(e.document.uri, e.document.getText()),
  ),
);
documents.onDidClose(guard(ctx.log, 'didClose', undefined, (e) => session?.didClose(e.document.uri)));

connection.onHover(guard(ctx.log, 'hover', null, (p) => hover(ctx, p)));
connection.onCodeLens(guard(ctx.log, 'codeLens', [], (p) => codeLenses(ctx, p)));
connection.onCodeAction(guard(ctx.log, 'codeAction', [], (p) => codeActions(ctx, p)));

// The protocol's request objects come from the top-level vscode-languageserver-protocol (shared with the
// client); vscode-languageserver nests its own copy, so register by method name with typed handlers.
connection.onRequest(
  ContractsRequest.method,
  guard(ctx.log, 'diamond/contracts', { contracts: [] }, () => contracts(ctx)),
);
connection.onRequest(
  ResolveSelectorsRequest.method,
  guard(ctx.log, 'diamond/resolveSelectors', { results: [] }, (p: ResolveSelectorsParams) =>
    resolveSelectors(ctx, p),
  ),
);
connection.onRequest(
  NamespacesRequest.method,
  guard(ctx.log, 'diamond/namespaces', { namespaces: [] }, () => namespaces(ctx)),
);
connection.onRequest(
  AnalysisStatsRequest.method,
  guard(ctx.log, 'diamond/analysisStats', { files: 0, contracts: 0, facets: 0, findings: 0 }, () =>
    analysisStats(ctx),
  ),
);

connection.onRequest(
  InferenceRequest.method,
  guard(ctx.log, 'diamond/inference', { projects: [] }, () => inference(ctx)),
);

connection.onRequest(
  InferredConfigRequest.method,
  guard(ctx.log, 'diamond/inferredConfig', null, () => inferredConfig(ctx)),
);

const docsRequests = registerDocs(ctx);

registerLiveDiamond(ctx, () => session);

if (memoryDebug.request) {
  connection.onRequest(
    DEBUG_MEMORY_METHOD,
    guard(ctx.log, DEBUG_MEMORY_METHOD, null, () => memoryAfterGc()),
  );
}

connection.onShutdown(() => {
  session?.dispose();
  docsRequests.dispose();
});

documents.listen(connection);
connection.listen();
