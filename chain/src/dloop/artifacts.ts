/** An ArtifactLookup over a compile result (chain/src/compile.ts), for callers that compiled `contracts/`. */
import type { InterfaceAbi } from 'ethers';
import type { Artifact } from '../compile-types';
import type { ArtifactLookup } from './types';

/**
 * Looks contracts up by name. A name found in two files, or one with no creation code
 * (interface, abstract contract), is an error here rather than a confusing deployment failure.
 */
export function artifactLookupFrom(artifacts: readonly Artifact[]): ArtifactLookup {
  return (contractName) => {
    const matches = artifacts.filter((a) => a.name === contractName);
    if (matches.length === 0) throw new Error(`No compiled contract named ${contractName}`);
    if (matches.length > 1) {
      throw new Error(`Contract name ${contractName} is ambiguous: ${matches.map((a) => a.file).join(', ')}`);
    }
    const [a] = matches;
    if (a.bytecode === '0x') throw new Error(`${contractName} (${a.file}) has no creation bytecode`);
    return { abi: a.abi as InterfaceAbi, bytecode: a.bytecode };
  };
}
