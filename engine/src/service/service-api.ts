/**
 * The engine's face for the language server and the CLI. Editor-free: file keys are normalised
 * absolute paths ('/' separators), positions are UTF-16 offsets into the file text.
 * Implemented by engine/src/service.ts (createAnalysisService).
 */
import type { DiamondConfig } from '../config';
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

export interface AnalysisService {
  /** Rules, diamonds, exclusions, namespace pattern. Not `remappings`: those come whole through setRemappings. */
  setConfig(config: DiamondConfig): void;
  /**
   * Every remapping of the project in solc's precedence order (`[context:]prefix=target`, relative parts against
   * the service's root): the caller reads remappings.txt, foundry.toml and the config; an equal list is a no-op.
   */
  setRemappings(remappings: readonly (string | Remapping)[]): void;
  /** The diamond the editor or CLI is connected to; undefined when none (live-selector-conflict then reports nothing). */
  setLiveDiamond(live: LiveDiamond | undefined): void;
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
  namespaces(): NamespaceEntry[];
  /** Every namespace with a struct, laid out exactly as solc lays it out: each field's absolute slot, offset, bytes. */
  namespaceLayouts(): NamespaceLayout[];
  hover(file: string, offset: number): HoverResult | undefined;
  codeLenses(file: string): CodeLensResult[];
}
