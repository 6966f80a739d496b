/**
 * The project files that shape analysis and build, in a project root: diamond.config.json (read and
 * validated here), remappings.txt and foundry.toml (read here, made absolute against the folder that
 * declares them; a nested project without them inherits those of the folder above, see
 * inheritedRemappings). The project model (project.ts) puts them together.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  parseFoundryTomlRemappings,
  parseRemappingsTxt,
  validateConfig,
  type ConfigProblem,
  type DiamondConfig,
  type Remapping,
} from '../../engine';
import { fileKey, isWithin, nearestDirWith, readTextFile } from './files';

export const CONFIG_FILE = 'diamond.config.json';
export const REMAPPINGS_FILE = 'remappings.txt';
export const FOUNDRY_FILE = 'foundry.toml';
/** Files whose change means "reload the project configuration". */
export const PROJECT_FILES: readonly string[] = [CONFIG_FILE, REMAPPINGS_FILE, FOUNDRY_FILE];

export interface ConfigFileResult {
  /** Engine key of the config file read (undefined: none exists). */
  file?: string;
  text?: string;
  /** Undefined when the file exists but has problems. */
  config: DiamondConfig | undefined;
  problems: ConfigProblem[];
}

/** A config file with problems, as the faces report it (CLI: `file:line:col`, server: diagnostics). */
export interface ConfigIssue {
  file: string;
  text: string;
  problems: ConfigProblem[];
}

export function readConfigFile(path: string): ConfigFileResult {
  const text = readTextFile(path);
  if (text === undefined) return { config: undefined, problems: [] };
  const { config, problems } = validateConfig(text);
  return { file: fileKey(path), text, config, problems };
}

const REMAPPING_FILES: readonly string[] = [REMAPPINGS_FILE, FOUNDRY_FILE];

/** Whether `dir` has a remappings.txt or foundry.toml of its own (then it inherits none from above). */
export function hasRemappingFiles(dir: string): boolean {
  return REMAPPING_FILES.some((f) => existsSync(join(dir, f)));
}

/** remappings.txt, then foundry.toml, of `dir`: relative contexts and targets made absolute against `dir`. */
export function remappingFilesOf(dir: string): Remapping[] {
  const key = fileKey(dir);
  const txt = readTextFile(join(key, REMAPPINGS_FILE));
  const toml = readTextFile(join(key, FOUNDRY_FILE));
  return [
    ...(txt !== undefined ? parseRemappingsTxt(txt, key) : []),
    ...(toml !== undefined ? parseFoundryTomlRemappings(toml, key) : []),
  ];
}

/**
 * Remappings for a project root that has no remappings.txt / foundry.toml of its own: those of the nearest
 * folder above it that has them, up to `top` inclusive (the workspace folder; undefined: the file system
 * root), absolute, so they resolve as they do in the folder that declares them. Empty when the root has its
 * own files or nothing above it has any.
 */
export function inheritedRemappings(projectRoot: string, top?: string): Remapping[] {
  const root = fileKey(projectRoot);
  if (hasRemappingFiles(root)) return [];
  if (top !== undefined && (fileKey(top) === root || !isWithin(fileKey(top), root))) return [];
  const parent = dirname(root);
  if (parent === root) return [];
  const from = nearestDirWith(parent, REMAPPING_FILES, top);
  return from === undefined ? [] : remappingFilesOf(from);
}
