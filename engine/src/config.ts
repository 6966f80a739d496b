/** diamond.config.json: the shape the engine works with (after validation). */
import { DEFAULT_NAMESPACE_PATTERN } from '../../shared/settings';
import type { RuleId, SeveritySetting } from './findings';

export interface DiamondSpec {
  name: string;
  /** Contract names that are this diamond's facets. When absent: every non-abstract `*Facet` contract. */
  facets?: string[];
}

/** `upgrade` in diamond.config.json: how `diamond upgrade plan` treats the live diamond. */
export interface UpgradeConfig {
  /**
   * Selectors (`0x…`, lower case) or canonical signatures a cut plan never removes. When given, the list
   * replaces the default (diamondCut, the loupe, supportsInterface, owner, transferOwnership).
   */
  protectedSelectors?: string[];
}

export interface DiamondConfig {
  diamonds: DiamondSpec[];
  /** Contract names (glob `*` allowed) never treated as facets. */
  exclude: string[];
  /** Selectors (`0x…`) or canonical signatures that may appear in several facets on purpose. */
  sharedSelectors: string[];
  /** RegExp source a namespace id must match (namespace-convention). */
  namespacePattern: string;
  /** Extra remappings `prefix=target` (on top of remappings.txt / foundry.toml; merged by the project model in host/, not by the service). */
  remappings: string[];
  /** Per-rule severity overrides. */
  rules: Partial<Record<RuleId, SeveritySetting>>;
  /** Cut planning; absent: the defaults. */
  upgrade?: UpgradeConfig;
}

// Also the default of the editor's `diamond.namespacePattern`: declared once, with the settings.
export { DEFAULT_NAMESPACE_PATTERN };

export function defaultConfig(): DiamondConfig {
  return {
    diamonds: [],
    exclude: [],
    sharedSelectors: [],
    namespacePattern: DEFAULT_NAMESPACE_PATTERN,
    remappings: [],
    rules: {},
  };
}
