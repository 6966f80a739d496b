/**
 * Sub-projects' remappings: a folder below a project root with its own foundry.toml or remappings.txt (a Foundry
 * package in a monorepo, checked from the parent folder) resolves its files' imports with its own remappings.
 * Each is given that folder as its context, so it applies to the files below it only (solc: the longest context
 * wins).
 */
import { dirname } from 'node:path';
import type { Remapping } from '../../engine';
import { fileKey, isWithin } from './files';
import { hasRemappingFiles, remappingFilesOf } from './project-config';

/** The remappings of every folder strictly below `root` that holds files of the project and remapping files. */
export function nestedRemappings(root: string, files: readonly string[]): Remapping[] {
  return subProjectRoots(root, files).flatMap((dir) =>
    remappingFilesOf(dir).map((r) =>
      r.context ? r : { ...r, context: dir.endsWith('/') ? dir : `${dir}/` },
    ),
  );
}

/**
 * The folders strictly below `root` holding files of the project and a foundry.toml or remappings.txt: sub-projects,
 * whose files also import `contracts/x.sol` from that folder (Foundry's and Hardhat's project root), sorted.
 */
export function subProjectRoots(root: string, files: readonly string[]): string[] {
  const top = fileKey(root);
  const known = new Map<string, boolean>();
  const subRoots = new Set<string>();
  for (const file of files) {
    // The nearest folder with remapping files between the file and the root (exclusive).
    for (let dir = dirname(file); dir !== top && isWithin(top, dir); dir = dirname(dir)) {
      let has = known.get(dir);
      if (has === undefined) known.set(dir, (has = hasRemappingFiles(dir)));
      if (has) {
        subRoots.add(dir);
        break;
      }
    }
  }
  return [...subRoots].sort();
}
