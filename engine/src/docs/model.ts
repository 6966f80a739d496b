/**
 * The documentation model (`diamond docs`, "Diamond: Generate Documentation", the diamond map): what a reviewer
 * reads instead of every library: the storage map, the selector registry and the facet dependencies. Plain,
 * JSON-able data, sorted everywhere, no timestamps: the same code gives the same model, so the renderers
 * (render-*.ts) give the same bytes.
 */

/** How a namespace's slot is derived (the JSON's `scheme`). */
export type DocsScheme = 'keccak' | 'erc7201' | 'hex' | 'appstorage';

export interface DocsField {
  name: string;
  type: string;
  /** Absolute slot, '0x' + 64 hex digits. */
  slot: string;
  /** Byte offset from the right, as solc's storageLayout gives it. */
  offset: number;
  bytes: number;
}

export interface DocsNamespace {
  /** The namespace id (`dloop.storage.rewards.v1`); null for a bare hex slot. */
  id: string | null;
  slot: string;
  scheme: DocsScheme;
  /** The library (or contract) owning the slot. */
  library: string;
  /** The struct placed at the slot; null when none is traced. */
  struct: string | null;
  /** Relative to the project root. */
  file: string;
  line: number;
  fields: DocsField[];
  /** False when a field's size is unknown: `fields` stops before it. */
  complete: boolean;
  readBy: string[];
  writtenBy: string[];
  /** `P.vN` with N >= 2: the id of `P.v(N-1)` when it is documented too. */
  previousVersion: string | null;
  /** Contracts that read the previous version and write this one (the migration). */
  migratedBy: string[];
  /** The namespace this one extends (`P.rewardsExt.v1` extends `P.rewards.*`), by its id prefix. */
  extends: string | null;
}

export interface DocsSelector {
  selector: string;
  signature: string;
  facet: string;
  /** Relative to the project root: where the function (or public variable) is declared. */
  file: string;
  line: number;
}

/** Why a selector differs between the chain and the local sources (the Facet Explorer's drift markers). */
export type DocsDrift = 'on-chain-only' | 'local-only' | 'changed';

/** One selector whose routing on the connected diamond differs from the local facets. */
export interface DocsLiveSelector {
  selector: string;
  signature: string | null;
  /** The facet it is routed to (its matched name, else its address), or the local facet when not on chain. */
  facet: string;
  drift: DocsDrift[];
}

/** What the connected diamond routes, against the local facets (the Facet Explorer's drift, in writing). */
export interface DocsLive {
  chainId: number;
  address: string;
  /** How many routed selectors match the local facets. */
  same: number;
  /** Only the selectors that differ, sorted by selector. */
  differences: DocsLiveSelector[];
}

export interface DocsDiamond {
  name: string;
  facets: DocsFacet[];
  selectors: DocsSelector[];
}

export interface DocsFacet {
  name: string;
  file: string;
  line: number;
  libraries: string[];
}

export type DocsDependencyKind = 'reads' | 'writes' | 'calls';

export interface DocsDependency {
  /** A facet. */
  from: string;
  /** A namespace id (its slot when it has none) for reads/writes; a facet for calls. */
  to: string;
  kind: DocsDependencyKind;
}

export interface DocsModel {
  namespaces: DocsNamespace[];
  diamonds: DocsDiamond[];
  dependencies: DocsDependency[];
  /** Filled by the face that knows the connected diamond (the client's explorer drift), else absent. */
  live?: DocsLive;
  /** Files whose function bodies could not be read (relative path and why): dependencies there are unknown. */
  unparsed: { file: string; reason: string }[];
}

/** The name a namespace goes by in dependencies and the map. */
export function namespaceKey(ns: Pick<DocsNamespace, 'id' | 'slot'>): string {
  return ns.id ?? ns.slot;
}

/** Plain code-unit order: the same everywhere, whatever the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
