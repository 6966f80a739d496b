/**
 * The project model: what a project is, decided once for every face and workflow. A project is a folder
 * (one holding a diamond.config.json, or a root the caller names) with
 * - the .sol files it owns: the one discovery (files.ts, isSkippedDir) minus the files of projects nested
 *   below it (project-partition.ts);
 * - its config (diamond.config.json);
 * - its remappings, absolute and in solc's precedence order (the later wins on equal context and prefix):
 *   remappings.txt and foundry.toml of the root, else those inherited from the nearest folder above that
 *   has them, then the config's `remappings`;
 * - where things live: the compile root deploy and the loupe compile, the deployment records, the build cache.
 * Analysis (server, CLI) feeds it to the engine (createProjectService, or setRemappings); build, deploy and
 * the loupe (chain/) compile from it (compileSourcesOf), converting the remappings to solc's unit names there.
 */
import { existsSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { basename, dirname, join } from 'node:path';
import {
  createAnalysisService,
  defaultConfig,
  parseRemapping,
  type AnalysisService,
  type DiamondConfig,
  type FileHost,
  type Remapping,
} from '../../engine';
import { diskFileHost, fileKey, isWithin, type PathFlavour } from './files';
import {
  CONFIG_FILE,
  hasRemappingFiles,
  inheritedRemappings,
  readConfigFile,
  remappingFilesOf,
  type ConfigIssue,
} from './project-config';
import { nestedRemappings, subProjectRoots } from './nested-remappings';
import { readFacetRegistrations } from './facet-registrations';
import { nearestConfigDir, partitionFolder } from './project-partition';

/** Our folder in a project root: deployment records, transaction journals and the build cache. */
export const DIAMOND_DIR = '.diamond';
/** The folder of a project's deployable sources (the DLOOP layout), when the project has one. */
export const CONTRACTS_DIR = 'contracts';

export interface ProjectOptions {
  /**
   * The highest folder a project takes settings from: inherited remapping files, and (projectRootFor) a
   * config above a folder. The workspace folder in the editor; undefined (the file system root) for the CLI.
   */
  top?: string;
  /** The config file to read instead of `<root>/diamond.config.json` (`diamond check --config FILE`). */
  configFile?: string;
}

/** Everything about a project but its file list. */
export interface ProjectSetup {
  /** Project root (engine key). */
  root: string;
  /** The config file it reads (it may not exist). */
  configFile: string;
  /** The config: defaults when there is no file; undefined when the file has problems (see configIssue). */
  config: DiamondConfig | undefined;
  configIssue: ConfigIssue | undefined;
  /** Every remapping, absolute, in solc's precedence order (projectRemappings). */
  remappings: Remapping[];
  /** What deploy and the loupe compile: `<root>/contracts` when it is a folder, else the root. */
  compileRoot: string;
  /** Deployment records: `<root>/.diamond/deployments`. */
  recordsDir: string;
  /** Transaction journals of deploys and upgrades: `<root>/.diamond/journal`. */
  journalDir: string;
  /** Build cache: `<root>/.diamond/cache`. */
  cacheDir: string;
}

export interface Project extends ProjectSetup {
  /** The .sol files the project owns (sorted engine keys). */
  files: string[];
  /** Folders below the root with their own foundry.toml / remappings.txt (their imports resolve from there too). */
  subProjects?: string[];
}

const isDir = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

export function compileRootOf(root: string): string {
  const contracts = join(fileKey(root), CONTRACTS_DIR);
  return isDir(contracts) ? contracts : fileKey(root);
}

/** `flavour`: a Windows root (`C:\\proj`, `c:/proj`) read with path.win32 in tests; one folder however spelled. */
export function recordsDirOf(
  root: string,
  flavour: PathFlavour & Pick<typeof nodePath, 'join'> = nodePath,
): string {
  return flavour.join(fileKey(root, flavour), DIAMOND_DIR, 'deployments');
}

/** Transaction journals (chain/src/journal.ts): `<root>/.diamond/journal`. */
export function journalDirOf(root: string): string {
  return join(fileKey(root), DIAMOND_DIR, 'journal');
}

/** Upgrade history (chain/src/upgrade-history.ts): `<root>/.diamond/upgrades`, append-only. */
export function upgradesDirOf(root: string): string {
  return join(fileKey(root), DIAMOND_DIR, 'upgrades');
}

export function cacheDirOf(root: string): string {
  return join(fileKey(root), DIAMOND_DIR, 'cache');
}

/**
 * A project's remappings: its own remappings.txt then foundry.toml (or, without either, those inherited from
 * above up to `top`), then `config.remappings` resolved against the root, so the config wins on equal prefixes.
 */
export function projectRemappings(
  root: string,
  config: DiamondConfig | undefined,
  top?: string,
): Remapping[] {
  const key = fileKey(root);
  const files = hasRemappingFiles(key) ? remappingFilesOf(key) : inheritedRemappings(key, top);
  const own = (config?.remappings ?? [])
    .map((r) => parseRemapping(r, key))
    .filter((r): r is Remapping => r !== undefined);
  return [...files, ...own];
}

/** A project's config, remappings and places, read from the disk now (call again after a project file changed). */
export function readProjectSetup(root: string, opts: ProjectOptions = {}): ProjectSetup {
  const key = fileKey(root);
  const configFile = opts.configFile ?? join(key, CONFIG_FILE);
  const read = readConfigFile(configFile);
  const configIssue = read.problems.length
    ? { file: read.file ?? fileKey(configFile), text: read.text ?? '', problems: read.problems }
    : undefined;
  const config = configIssue ? undefined : (read.config ?? defaultConfig());
  return {
    root: key,
    configFile,
    config,
    configIssue,
    remappings: projectRemappings(key, config, opts.top),
    compileRoot: compileRootOf(key),
    recordsDir: recordsDirOf(key),
    journalDir: journalDirOf(key),
    cacheDir: cacheDirOf(key),
  };
}

/**
 * The project rooted at `root`. Its files are every .sol file below it minus those of nested projects,
 * unless the caller chose them (`files`: the CLI's paths).
 */
export function openProject(
  root: string,
  opts: ProjectOptions & { files?: readonly string[] } = {},
): Project {
  const setup = readProjectSetup(root, opts);
  const files = opts.files
    ? [...opts.files].sort()
    : (partitionFolder(setup.root).files.get(setup.root) ?? []);
  return withNested({ ...setup, files });
}

/**
 * What a project's sub-folders with their own foundry.toml / remappings.txt add (nested-remappings.ts): their
 * remappings, each applying to the files below it, and their roots (imports also resolve from there). The CLI's
 * project model and the language server's projects resolve imports with the same.
 */
export function subProjectsOf(
  root: string,
  files: readonly string[],
): { remappings: Remapping[]; subProjects: string[] } {
  const subProjects = subProjectRoots(root, files);
  return { remappings: subProjects.length ? nestedRemappings(root, files) : [], subProjects };
}

/** A project with its sub-folders' own foundry.toml / remappings.txt applied to their files. */
function withNested(project: Project): Project {
  const nested = subProjectsOf(project.root, project.files);
  if (nested.subProjects.length === 0) return project;
  return {
    ...project,
    remappings: [...project.remappings, ...nested.remappings],
    subProjects: nested.subProjects,
  };
}

/** The project rooted at `root` and every project nested below it (outermost first), from one walk. */
export function openProjects(root: string, opts: Pick<ProjectOptions, 'top'> = {}): Project[] {
  return scanProjects(root, opts).projects;
}

function scanProjects(
  root: string,
  opts: Pick<ProjectOptions, 'top'>,
): { projects: Project[]; dirs: string[] } {
  const { partition, files, dirs } = partitionFolder(root);
  const projects = partition.roots.map((r) =>
    withNested({ ...readProjectSetup(r, opts), files: files.get(r) ?? [] }),
  );
  return { projects, dirs };
}

/**
 * The root of the project a folder belongs to: the nearest folder at or above it holding a diamond.config.json
 * (up to `top`); else its parent when it is that parent's `contracts/` (the compile root deploy and the loupe
 * hand over); else the folder itself.
 */
export function projectRootFor(dir: string, top?: string): string {
  const key = fileKey(dir);
  const withConfig = nearestConfigDir(key, top);
  if (withConfig !== undefined) return withConfig;
  const parent = dirname(key);
  const parentAllowed = top === undefined || isWithin(fileKey(top), parent);
  if (basename(key) === CONTRACTS_DIR && parent !== key && parentAllowed && compileRootOf(parent) === key)
    return parent;
  return key;
}

export interface CompileSources {
  /** The project owning the compiled folder. */
  project: Project;
  /** Every .sol file below the folder: the project's and those of projects nested in it (sorted keys). */
  files: string[];
  /**
   * The project's remappings, then each nested project's with its folder as context, so that every file
   * imports as its own project's analysis resolves it (solc: the longest context wins). Absolute.
   */
  remappings: Remapping[];
  /** Config files with problems among those projects: their remappings are left out (the build says so). */
  configIssues: ConfigIssue[];
  /** Every folder the discovery read below the project root (a caller may keep the result while none changed). */
  dirs: string[];
}

/** A remapping that applies only to files below `root` (one with a context of its own keeps it). */
function scopedTo(root: string, r: Remapping): Remapping {
  return r.context ? r : { ...r, context: root.endsWith('/') ? root : `${root}/` };
}

/**
 * What one compile of `dir` takes (`dir`: a project root, or a folder inside one such as its compile root):
 * the same files analysis sees below it and the remappings they resolve with. `top` bounds the project
 * lookup and inherited remappings as in ProjectOptions.
 */
export function compileSourcesOf(dir: string, opts: Pick<ProjectOptions, 'top'> = {}): CompileSources {
  const key = fileKey(dir);
  const { projects, dirs } = scanProjects(projectRootFor(key, opts.top), opts);
  const [project, ...nested] = projects;
  const inside = nested.filter((n) => isWithin(key, n.root));
  return {
    project,
    files: [project, ...inside]
      .flatMap((p) => p.files)
      .filter((f) => isWithin(key, f))
      .sort(),
    remappings: [
      ...project.remappings,
      ...inside.flatMap((n) => n.remappings.map((r) => scopedTo(n.root, r))),
    ],
    configIssues: [project, ...inside].flatMap((p) => (p.configIssue ? [p.configIssue] : [])),
    dirs,
  };
}

/**
 * An analysis service over a project: its remappings and config (default: the project's), and its files
 * read through `host` (default: the disk). The CLI's loader uses it; so may any Node-side caller that
 * needs the engine's view of a project (its namespaces, its selectors).
 */
export function createProjectService(
  project: Project,
  host: FileHost = diskFileHost(),
  config: DiamondConfig = project.config ?? defaultConfig(),
  scope: { scopeRoots?: readonly string[]; files?: readonly string[] } = {},
): AnalysisService {
  const service = createAnalysisService(host, {
    root: project.root,
    remappings: project.remappings,
    ...(scope.scopeRoots && { scopeRoots: scope.scopeRoots }),
    ...(project.subProjects && { includePaths: project.subProjects }),
  });
  service.setConfig(config);
  service.setFacetRegistrations(readFacetRegistrations(project.root));
  for (const file of scope.files ?? project.files) {
    const text = host.readFile(file);
    if (text !== undefined) service.updateFile(file, text);
  }
  return service;
}
