/**
 * The engine's face for the language server and the CLI. Editor-free: file keys are normalised
 * absolute paths ('/' separators), positions are UTF-16 offsets into the file text.
 * Implemented by engine/src/service.ts (createAnalysisService).
 */
import type { DiamondConfig } from './config';
import type { Finding } from './findings';
import type { Span } from './syntax/ast';

/** Reads files the editor does not hold (imports from node_modules, remappings.txt, foundry.toml). */
export interface FileHost {
  readFile(file: string): string | undefined;
}

export interface SelectorEntry {
  /** Canonical signature, e.g. 'transfer(address,uint256)'. */
  signature: string;
  /** '0x' + 8 lowercase hex digits. */
  selector: string;
  kind: 'function' | 'getter';
  /** Contract that declares the function or public variable (may be a base). */
  declaredIn: string;
  file: string;
  /** The function or variable name where it is declared. */
  span: Span;
}

export interface ContractSelectors {
  name: string;
  file: string;
  kind: 'contract' | 'interface' | 'library';
  abstract: boolean;
  isFacet: boolean;
  functions: SelectorEntry[];
}

export interface NamespaceEntry {
  /** Namespace id when known (keccak256("id") or erc7201:id); undefined for bare hex literals. */
  id?: string;
  scheme: 'keccak' | 'erc7201' | 'literal' | 'appstorage';
  /** '0x' + 64 hex digits. */
  slot: string;
  /** Library/contract that owns the constant. */
  owner: string;
  /** Struct placed at the slot, when traced through `.slot :=`. */
  struct?: string;
  file: string;
  /** The constant's name (or the struct annotation). */
  span: Span;
}

export interface HoverResult {
  span: Span;
  /** Markdown. */
  contents: string;
}

export interface CodeLensResult {
  span: Span;
  /** `0x12345678 · transfer(address,uint256)` */
  title: string;
  selector: string;
  signature: string;
}

/**
 * The connected diamond as its loupe routes it (for live-selector-conflict). Facet names come from
 * matching the on-chain code against the project's compiled artifacts; null when nothing matched.
 */
export interface LiveDiamond {
  chainId: number;
  /** The diamond's address: a selector routed here is an immutable function. */
  address: string;
  facets: { address: string; name: string | null; selectors: string[] }[];
}

export interface AnalysisService {
  setConfig(config: DiamondConfig): void;
  /** The diamond the editor or CLI is connected to; undefined when none (live-selector-conflict then reports nothing). */
  setLiveDiamond(live: LiveDiamond | undefined): void;
  /** Baseline sources for storage-layout-break, keyed by the same file keys as the workspace. */
  setBaseline(files: ReadonlyMap<string, string> | undefined): void;
  updateFile(file: string, text: string): void;
  removeFile(file: string): void;
  /** Every finding in the workspace, after rule severities from the config are applied ('off' dropped). */
  findings(): Finding[];
  contractSelectors(): ContractSelectors[];
  namespaces(): NamespaceEntry[];
  hover(file: string, offset: number): HoverResult | undefined;
  codeLenses(file: string): CodeLensResult[];
}
