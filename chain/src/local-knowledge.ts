/**
 * What a project knows locally about a deployed diamond: compiled artifacts (for facet names,
 * signatures and the "changed" check) and the deployment record of that chain.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

export function sourcesRootOf(root: string): string {
  const contracts = join(root, 'contracts');
  return existsSync(contracts) && statSync(contracts).isDirectory() ? contracts : root;
}

export async function loadLocalKnowledge(
  root: string,
  chainId: number,
  compile: (opts: CompileOptions) => Promise<CompileResult> = compileProject,
): Promise<LocalKnowledgeResult> {
  const compiledRoot = sourcesRootOf(root);
  const result = await compile({ root: compiledRoot });
  const failed = hasErrors(result);
  return {
    artifacts: failed ? [] : result.contracts,
    deployment: readDeploymentRecord(root, chainId),
    compiledRoot,
    compileErrors: failed ? result.errors.filter((e) => e.severity === 'error') : [],
  };
}
