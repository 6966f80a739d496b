/**
 * The engine's shared vocabulary: the plain data types every layer above the parser speaks (file access, spans,
 * selector and namespace entries, hovers, the connected diamond). Declared here, below the service, so the
 * layers that produce them never import the service interface that hands them out.
 */
export type { Span } from './syntax/ast';
import type { Span } from './syntax/ast';

/** Reads files the editor does not hold (imports from node_modules, remapped libraries). */
export interface FileHost {
  readFile(file: string): string | undefined;
  /**
   * On a file system that ignores letter case (macOS, Windows): the stored spelling of `file` when it differs
   * from `file` only by case, else undefined. Imports resolve to that key, so a file imported as
   * `./libdiamond.sol` is the workspace's `LibDiamond.sol`, not a second copy of it.
   */
  trueCase?(file: string): string | undefined;
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

/**
 * The connected diamond as its loupe routes it (for live-selector-conflict). Facet names come from
 * matching the on-chain code against the project's compiled artifacts; null when nothing matched.
 */
export interface LiveDiamond {
  chainId: number;
  /** The diamond's address: a selector routed here is an immutable function. */
  address: string;
  facets: { address: string; name: string | null; selectors: string[] }[];
  /**
   * Its `supportsInterface(id)` answers for the interface ids the engine knows (`knownInterfaces()`), when they
   * were read (interface-incomplete checks each answered true against the live routing).
   */
  interfaces?: { id: string; supported: boolean }[];
}
