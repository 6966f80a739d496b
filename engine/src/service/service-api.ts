/**
 * The engine's face for the language server and the CLI. Editor-free: file keys are normalised
 * absolute paths ('/' separators), positions are UTF-16 offsets into the file text.
 * Implemented by engine/src/service.ts (createAnalysisService).
 */
import type { DiamondConfig } from '../config';
import type { FacetRegistration } from '../diamonds/types';
import type { DocsModel } from '../docs/model';
import type { Finding } from '../findings';
import type { FieldLayout, NamespaceLayout } from '../storage/namespace-layout';
import type { Remapping } from '../workspace';
import type { HoverResult, LiveDiamond, NamespaceEntry, SelectorEntry, Span } from '../vocabulary';

export interface ContractSelectors {
  name: string;
  file: string;
  kind: 'contract' | 'interface' | 'library';
  abstract: boolean;
  isFacet: boolean;
  functions: SelectorEntry[];
}

export interface CodeLensResult {
  span: Span;
  /** `0x12345678 · transfer(address,uint256)` */
  title: string;
  selector: string;
  signature: string;
}

/** What the analysis could not see (a check's summary says it; `--strict` fails on it). */
export interface Incompleteness {
  /** Every import of a workspace file that does not resolve (also reported by the unresolved-import rule). */
  unresolvedImports: { file: string; path: string; start: number; end: number }[];
  /** Functions and getters of the diamonds' facets whose selector could not be computed, once per declaration. */
  skippedFunctions: { file: string; contract: string; name: string }[];
  /** Bases of the facets (or of their bases) that do not resolve: what they declare is not seen. */
  unresolvedBases: { file: string; contract: string; base: string }[];
  /**
   * ERC-165 claims (`supportedInterfaces[0x80ac58cd] = true`, `type(IUnknown).interfaceId`) of interfaces the
   * engine does not know: interface-incomplete did not check them. `interface` is the name or the id as claimed.
   */
  unknownInterfaces: { file: string; start: number; end: number; interface: string; claimedIn: string }[];
}

/** One diamond as discovery found it: what `diamond check` prints and `diamond init` writes. */
export interface DiamondSummary {
  name: string;
  /** Facets in file order; `path` (relative to the project root) is given for each, `repeated` when another facet has its name. */
  facets: {
    name: string;
    file: string;
    path: string;
    repeated: boolean;
    /** Where a deploy script, deployment record or deploy config registers it (relative to the root), when one does. */
    registeredBy?: string;
  }[];
  proxy?: { name: string; file: string; path: string };
  /** Folder relative to the project root, when the diamond was found in one. */
  folder?: string;
  source: 'config' | 'inferred' | 'default';
  /** What the inference went by, in words. */
  evidence?: string;
  /** The facets of one file outside the default scope (a test opened in the editor): not the project's diamond. */
  ownFile?: boolean;
  /** Config entries that match no contract, each with a suggestion when one is close. */
  missing: { entry: string; suggestion?: string }[];
}

/** The diamonds and what their inference could not decide. */
export interface DiamondOverview {
  diamonds: DiamondSummary[];
  notes: string[];
}

export interface AnalysisService {
  /** Rules, diamonds, exclusions, namespace pattern. Not `remappings`: those come whole through setRemappings. */
  setConfig(config: DiamondConfig): void;
  /**
   * Every remapping of the project in solc's precedence order (`[context:]prefix=target`, relative parts against
   * the service's root): the caller reads remappings.txt, foundry.toml and the config; an equal list is a no-op.
   */
  setRemappings(remappings: readonly (string | Remapping)[]): void;
  /**
   * Folders besides the root that non-relative imports are looked up below (sub-projects' roots: the
   * `includePaths` of createAnalysisService, replaced whole); an equal list is a no-op.
   */
  setIncludePaths(paths: readonly string[]): void;
  /** The diamond the editor or CLI is connected to; undefined when none (live-selector-conflict then reports nothing). */
  setLiveDiamond(live: LiveDiamond | undefined): void;
  /**
   * The contracts deploy scripts, deployment records and deploy configs register as facets (read by the host,
   * host/src/facet-registrations.ts): each is a facet whatever its name; an equal list is a no-op.
   */
  setFacetRegistrations(registrations: readonly FacetRegistration[]): void;
  /** Namespace slots the project's deployment records show deployed (erc7201-slot-mismatch then keeps them). */
  setDeployedSlots(slots: readonly string[]): void;
  /** Baseline sources for storage-layout-break, keyed by the same file keys as the workspace. */
  setBaseline(files: ReadonlyMap<string, string> | undefined): void;
  /**
   * The deployed field layouts (a deployment record's): storage-layout-break compares each namespace they hold
   * against them, and the baseline only for the others; undefined or empty: the baseline alone.
   */
  setDeployedLayouts(layouts: readonly FieldLayout[] | undefined): void;
  updateFile(file: string, text: string): void;
  removeFile(file: string): void;
  /** Every finding in the workspace, after rule severities from the config are applied ('off' dropped). */
  findings(): Finding[];
  contractSelectors(): ContractSelectors[];
  /** The diamonds found (configured or inferred), their facets and proxies, and the inference's notes. */
  diamonds(): DiamondOverview;
  namespaces(): NamespaceEntry[];
  /** Every namespace with a struct, laid out exactly as solc lays it out: each field's absolute slot, offset, bytes. */
  namespaceLayouts(): NamespaceLayout[];
  /**
   * The documentation model: storage map, selector registry, facet dependencies (from full function bodies,
   * parsed on demand with @solidity-parser/parser: off the typing path). Sorted, deterministic. `cancelled` is
   * asked before each file's parse: true stops with DocsCancelledError (the parses done so far are kept).
   */
  docs(cancelled?: () => boolean): DocsModel;
  hover(file: string, offset: number): HoverResult | undefined;
  codeLenses(file: string): CodeLensResult[];
  /** What the analysis could not see: unresolved imports, facets' functions without a selector, unresolved bases. */
  incompleteness(): Incompleteness;
  /**
   * The ERC-165 interfaces the engine knows (the workspace's declared interfaces, then the standard cut, loupe,
   * ERC-173 and ERC-165), one per id: what a face asks a connected diamond's `supportsInterface` about.
   */
  knownInterfaces(): { id: string; name: string }[];
}
