/** The chain module's public face: compile, local node, connect, deploy, loupe. Editor-free. */
export { compileProject } from './compile';
export { compileInWorker, type CompileInWorkerOptions } from './compile-in-worker';
export {
  hasErrors,
  type AbiEntry,
  type Artifact,
  type CompileOptions,
  type CompileProgress,
  type CompileResult,
  type CompilerMessage,
  type StorageLayout,
} from './compile-types';
export {
  startLocalNode,
  PortInUseError,
  LOCAL_NODE_CHAIN_ID,
  type LocalNode,
  type LocalNodeOptions,
} from './node';
export {
  connect,
  isLocalDevChain,
  isLoopbackHost,
  LOCAL_DEV_CHAIN_IDS,
  type ChainConnection,
} from './connect';
export {
  RpcClient,
  RpcError,
  RpcReplyTooLargeError,
  RpcUnreachableError,
  type RpcCall,
  type RpcOutcome,
} from './rpc';
export { redactSecrets, redactUrl } from './redact';
export {
  deployDloopProject,
  CompileFailedError,
  sourceCommit,
  type DeployDloopProjectOptions,
  type DeployDloopProjectResult,
  type DeployProgress,
} from './deploy';
export {
  deploymentRecordPath,
  readDeploymentRecord,
  writeDeploymentRecord,
  type DeployedFacet,
  type DeploymentRecord,
} from './deployment-record';
export {
  devAccountSigner,
  privateKeySigner,
  providerFor,
  PRIVATE_KEY_ENV,
  type SignerHandle,
} from './signer';
export {
  readLoupe,
  FACETS_SELECTOR,
  OWNER_SELECTOR,
  LOUPE_PROBE_ADDRESS,
  type ReadLoupeOptions,
} from './loupe';
export { NoLoupeError, NotAContractError, NotADiamondError } from './loupe-errors';
export type { DriftMarker, FacetNameSource, LoupeFacet, LoupeSelector, LoupeView } from './loupe-types';
export { loadLocalKnowledge, sourcesRootOf, type LocalKnowledgeResult } from './local-knowledge';
export { knownSignature, SignatureResolver, selectorsOfArtifacts, type LocalSelector } from './signatures';
export { codeMatches, normaliseArtifactCode, runtimeCodeHash, stripMetadata } from './bytecode';
