/**
 * The project files that shape analysis, in a project root: diamond.config.json (read and validated
 * here), remappings.txt and foundry.toml (read by the engine through its FileHost, given the root; a
 * nested project without them inherits those of the folder above, see inheritedRemappings).
 * Shared by the language server and the CLI.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseFoundryTomlRemappings, parseRemappingsTxt, validateConfig, type ConfigProblem, type DiamondConfig } from '../../engine';
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

export function readConfigFile(path: string): ConfigFileResult {
  const text = readTextFile(path);
  if (text === undefined) return { config: undefined, problems: [] };
  const { config, problems } = validateConfig(text);
  return { file: fileKey(path), text, config, problems };
}

const REMAPPING_FILES: readonly string[] = [REMAPPINGS_FILE, FOUNDRY_FILE];

/**
 * Remappings for a project root that has no remappings.txt / foundry.toml of its own: those of the nearest
 * folder above it that has them, up to `top` inclusive (the workspace folder; undefined: the file system
 * root). They come back as absolute `[context:]prefix=target` strings, so they resolve as they do in the
 * folder that declares them, and go before the config's own `remappings` (which win on equal prefixes).
 * Empty when the root has its own files or nothing above it has any.
 */
export function inheritedRemappings(projectRoot: string, top?: string): string[] {
  const root = fileKey(projectRoot);
  if (REMAPPING_FILES.some((f) => existsSync(join(root, f)))) return [];
  if (top !== undefined && (fileKey(top) === root || !isWithin(fileKey(top), root))) return [];
  const parent = dirname(root);
  if (parent === root) return [];
  const from = nearestDirWith(parent, REMAPPING_FILES, top);
  if (from === undefined) return [];
  const txt = readTextFile(join(from, REMAPPINGS_FILE));
  const toml = readTextFile(join(from, FOUNDRY_FILE));
  return [
    ...(txt !== undefined ? parseRemappingsTxt(txt, from) : []),
    ...(toml !== undefined ? parseFoundryTomlRemappings(toml, from) : []),
  ].map((r) => `${r.context ? r.context + ':' : ''}${r.prefix}=${r.target}`);
}
