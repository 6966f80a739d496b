/** The workspace index: files, import resolution, name lookup, C3 linearisation. */
export { Workspace, type ResolvedImport } from './workspace';
export { FileEpochs, sameImportPaths, type Stamp } from './file-epochs';
export type { ContractRef, Declaration, MemberDeclaration, Scope } from './declarations';
export { ownMember } from './declarations';
export { dirname, isAbsolutePath, joinPath, normalizePath } from './paths';
export {
  applyRemappings,
  parseFoundryTomlRemappings,
  parseRemapping,
  parseRemappingsTxt,
  type Remapping,
} from './remappings';
