/** diamond.config.json: the shape the engine works with (after validation). */
import { DEFAULT_NAMESPACE_PATTERN } from '../../shared/settings';
import type { RuleId, SeveritySetting } from './findings';

export interface DiamondSpec {
  name: string;
  /**
   * This diamond's facets: contract names (`ItemsFacet`) or paths with a name (`contracts/polygon/facets/ItemsFacet.sol:ItemsFacet`,
   * relative to the project root). When absent: the facets found under `root`, else every facet the project has.
   */
  facets?: string[];
  /** A folder (relative to the project root): the diamond's facets are the facets found below it. */
  root?: string;
  /** The diamond contract (name or `path.sol:Name`): its own external functions are immutable selectors of the diamond. */
  proxy?: string;
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
  /**
   * Never treated as facets: contract names (glob `*` allowed), or path globs relative to the project root
   * (`test/**`, `src/legacy/*.sol`; an entry holding `/` or `.`), whose files are then not analysed either.
   */
  exclude: string[];
  /**
   * Path globs brought back into the analysis from the default scope, which skips test/, tests/, mocks/, script/,
   * scripts/, lib/, node_modules/, *.t.sol and *.s.sol (engine/src/diamonds/scope.ts). Absent: none.
   */
  include?: string[];
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
