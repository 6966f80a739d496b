/**
 * Custom LSP requests between the VS Code client and the language server, declared once.
 * The client never computes what the engine knows: it asks here.
 * Positions are LSP positions (0-based line, UTF-16 character).
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

export interface SourceLocation {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface LocalFunction {
  selector: string;
  signature: string;
  location: SourceLocation;
}

export interface LocalContract {
  name: string;
  uri: string;
  isFacet: boolean;
  functions: LocalFunction[];
}

/** `diamond/contracts`: every contract the workspace index knows, with selectors and where they are declared. */
export const ContractsRequest = new RequestType0<{ contracts: LocalContract[] }, void>('diamond/contracts');

/** `diamond/resolveSelectors`: where (if anywhere) each selector is implemented locally. */
export interface ResolveSelectorsParams {
  selectors: string[];
}
export interface ResolvedSelector {
  selector: string;
  /** null when no local contract exposes it. */
  signature: string | null;
  contracts: { name: string; location: SourceLocation }[];
}
export const ResolveSelectorsRequest = new RequestType<
  ResolveSelectorsParams,
  { results: ResolvedSelector[] },
  void
>('diamond/resolveSelectors');

/** `diamond/analysisStats`: how much the server has indexed (status bar, tests). */
export interface AnalysisStats {
  files: number;
  contracts: number;
  facets: number;
  findings: number;
}
export const AnalysisStatsRequest = new RequestType0<AnalysisStats, void>('diamond/analysisStats');

/** `diamond/namespaces`: every storage namespace the analysis found (ERC-7201, keccak constants, AppStorage). */
export interface LocalNamespace {
  /** Namespace id when known; null for bare hex literals. */
  id: string | null;
  scheme: 'keccak' | 'erc7201' | 'literal' | 'appstorage';
  /** '0x' + 64 hex digits. */
  slot: string;
  /** Library or contract owning the constant. */
  owner: string;
  struct: string | null;
  location: SourceLocation;
}
export const NamespacesRequest = new RequestType0<{ namespaces: LocalNamespace[] }, void>(
  'diamond/namespaces',
);

/** `diamond/analysisDone`: sent by the server after each analysis pass publishes (tests, status bar). */
export interface AnalysisDoneParams {
  /** Workspace folder URI, or null for files outside the folders. */
  folder: string | null;
  findings: number;
  /** Files whose diagnostics were sent in this pass (changed or cleared). */
  published: number;
}
export const AnalysisDoneNotification = new NotificationType<AnalysisDoneParams>('diamond/analysisDone');

/**
 * `diamond/liveDiamond` (client → server): the diamond the Facet Explorer is connected to, as its loupe routes
 * it, after every successful read; null on disconnect or when reading fails. The server checks the local
 * facets against it (rule live-selector-conflict). Facet names come from bytecode matching; null when unknown.
 */
export interface LiveDiamond {
  chainId: number;
  /** The diamond's address (selectors routed here are immutable functions). */
  address: string;
  facets: { address: string; name: string | null; selectors: string[] }[];
  /** Its `supportsInterface(id)` answers for the ids of `diamond/interfaceIds` (absent: not read). */
  interfaces?: { id: string; supported: boolean }[];
}
export const LiveDiamondNotification = new NotificationType<LiveDiamond | null>('diamond/liveDiamond');

/**
 * `diamond/interfaceIds`: the ERC-165 interface ids the engine knows (the workspace's interfaces and the standard
 * cut, loupe, ERC-173 and ERC-165), over every project: the ids the client asks the connected diamond's
 * `supportsInterface` about before it sends `diamond/liveDiamond`.
 */
export const InterfaceIdsRequest = new RequestType0<{ interfaces: { id: string; name: string }[] }, void>(
  'diamond/interfaceIds',
);

/**
 * `initializationOptions` the VS Code client sends. `workspaceTrusted: false` (Restricted Mode) asks the server
 * to analyse only: no child processes on the workspace (e.g. no `git show` for the baseline: a repository's
 * own git config can run commands). The client restarts the server when the user grants trust.
 */
export interface DiamondInitializationOptions {
  workspaceTrusted: boolean;
}

/**
 * `diamond/inferredConfig`: the diamond.config.json "Diamond: Create diamond.config.json" writes, from the diamonds
 * the server inferred for the workspace folder's project (null when no project is open).
 */
export interface InferredConfig {
  /** The project root's path (the config goes there). */
  folder: string;
  /** The config text, for the user to edit. */
  text: string;
  /** Diamonds and facets in it, for the message. */
  diamonds: number;
  facets: number;
}
export const InferredConfigRequest = new RequestType0<InferredConfig | null, void>('diamond/inferredConfig');

/** A selector the connected diamond routes differently from the local facets (the explorer's drift). */
export interface DocsLiveSelector {
  selector: string;
  signature: string | null;
  /** The facet it is routed to (matched name, else address), or the local facet when not on chain. */
  facet: string;
  drift: ('on-chain-only' | 'local-only' | 'changed')[];
}

export interface DocsParams {
  /** A file or folder URI naming the project (its owner); absent: the workspace folder's outermost project. */
  uri?: string;
  format: 'md' | 'json';
  /** The connected diamond's routing against the local facets, for the selector registry; absent when none. */
  live?: { chainId: number; address: string; same: number; differences: DocsLiveSelector[] };
}

export interface DocsResult {
  /** Absolute path of the folder the docs belong in (`docs/diamond` under the project root). */
  dir: string;
  /** Every generated file and what writing it would do there ('leftover': a map no longer generated). */
  files: { name: string; text: string; state: 'new' | 'changed' | 'same' }[];
  leftovers: string[];
  /** Files whose function bodies could not be read (relative path, why). */
  unparsed: { file: string; reason: string }[];
}

/**
 * `diamond/docs`: the storage map, selector registry, facet dependencies and diamond maps as files (what
 * `diamond docs` writes), compared with the project's docs folder; the client writes them. null: no project.
 */
export const DocsRequest = new RequestType<DocsParams, DocsResult | null, void>('diamond/docs');

export interface MapParams {
  /** A file or folder URI naming the project; absent: as `diamond/docs`. */
  uri?: string;
  /** The diamond to draw; absent or unknown: the first by name. */
  diamond?: string;
  /** The connected diamond's drift (the Facet Explorer's, as for `diamond/docs`): drawn on the facets. */
  live?: DocsParams['live'];
}

export interface MapResult {
  /** The project root: node `data-file` attributes are relative to it. */
  root: string;
  diamonds: string[];
  diamond: string;
  /** The map as `diamond docs` writes it: nodes are `<g class="node …" data-file data-line>`. */
  svg: string;
}

/** `diamond/map`: one diamond's map (facets, namespaces, read/write/call edges, laid out by dagre). null: none. */
export const MapRequest = new RequestType<MapParams, MapResult | null, void>('diamond/map');

/**
 * `diamond/inference`: what the server's analysis took the workspace to be (the status bar item and its tooltip):
 * every project's diamonds with their facets and how they were found, what the inference could not decide, and
 * the imports that do not resolve. The client asks again after each `diamond/analysisDone`.
 */
export interface InferenceOverview {
  projects: {
    /** The project root's path. */
    folder: string;
    diamonds: {
      name: string;
      /** The config's list, the inference, or every facet. */
      source: 'config' | 'inferred' | 'default';
      /** What the inference went by, in words. */
      evidence?: string;
      /** The diamond contract's name. */
      proxy?: string;
      facets: {
        name: string;
        /** Relative to the project root. */
        path: string;
        /** Where a deploy script, deployment record or deploy config registers it (relative), when one does. */
        registeredBy?: string;
      }[];
    }[];
    /** What the inference could not decide, and how to pin it (also the diamond-inference findings). */
    notes: string[];
    /** Imports that do not resolve (unresolved-import). */
    unresolvedImports: { uri: string; path: string; line: number }[];
  }[];
}
export const InferenceRequest = new RequestType0<InferenceOverview, void>('diamond/inference');
