/** The bundled DLOOP diamond: deployment and cut planning. Editor-free. */
export {
  deployDloop,
  defaultGovernanceParams,
  DEFAULT_TOKEN_SUPPLY,
  DEFAULT_INVEST_FEE_BPS,
  DEFAULT_DIVEST_FEE_BPS,
} from './deploy';
export { selectorsOfAbi, planInitialCut, planFacetUpgrade } from './cuts';
export { artifactLookupFrom } from './artifacts';
export {
  dloopFacetNames,
  FacetCutAction,
  type ArtifactLookup,
  type DloopArtifact,
  type DloopDeployment,
  type DloopFacetName,
  type DeployDloopOptions,
  type FacetCut,
  type GovernanceParams,
} from './types';
