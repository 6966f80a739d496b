/**
 * The project files that shape analysis, in a project root: diamond.config.json (read and validated
 * here), remappings.txt and foundry.toml (read by the engine through its FileHost, given the root).
 * Shared by the language server and the CLI.
 */
import type { DiamondConfig } from '../../engine/src/config';
import { validateConfig, type ConfigProblem } from '../../engine/src/config-validate';
import { fileKey, readTextFile } from './files';

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
