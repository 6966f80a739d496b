/**
 * What a project knows locally about a deployed diamond: compiled artifacts (for facet names,
 * signatures and the "changed" check) and the deployment record of one diamond on that chain.
 */
import { compileRootOf } from '../../host/src/project';
import { compileProject } from './compile';
import type { CompileOptions, CompileResult, CompilerMessage } from './compile-types';
import { hasErrors, type Artifact } from './compile-types';
import { readDeploymentRecord, type DeploymentRecord } from './deployment-record';

export interface LocalKnowledgeResult {
  artifacts: Artifact[];
  deployment?: DeploymentRecord;
  /** Folder that was compiled: `<root>/contracts` when it exists, else root. */
  compiledRoot: string;
  /** Errors that left the project without artifacts (names then come from the record and the table only). */
  compileErrors: CompilerMessage[];
}

/** The folder the loupe and deploy compile: decided by the project model (`<root>/contracts` when it exists). */
export const sourcesRootOf: (root: string) => string = compileRootOf;

export async function loadLocalKnowledge(
  root: string,
  chainId: number,
  /** The diamond whose record is wanted (records are per diamond); undefined: no record. */
  diamond: string | undefined,
  compile: (opts: CompileOptions) => Promise<CompileResult> = compileProject,
): Promise<LocalKnowledgeResult> {
  // The compile opens the project owning the compile root (projectRootFor): the root's, unless a config says otherwise.
  const compiledRoot = compileRootOf(root);
  const result = await compile({ root: compiledRoot });
  const failed = hasErrors(result);
  return {
    artifacts: failed ? [] : result.contracts,
    deployment: diamond === undefined ? undefined : readDeploymentRecord(root, chainId, diamond),
    compiledRoot,
    compileErrors: failed ? result.errors.filter((e) => e.severity === 'error') : [],
  };
}
