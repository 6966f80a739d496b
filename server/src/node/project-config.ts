/**
 * The project files that shape analysis, read from a project root: diamond.config.json,
 * remappings.txt and foundry.toml's `remappings`. Shared by the language server and the CLI.
 */
import { join } from 'node:path';
import type { DiamondConfig } from '../../../engine/src/config';
import { validateConfig, type ConfigProblem } from '../../../engine/src/config-validate';
import { fileKey, readTextFile } from './files';

export const CONFIG_FILE = 'diamond.config.json';
export const REMAPPINGS_FILE = 'remappings.txt';
export const FOUNDRY_FILE = 'foundry.toml';
/** Files whose change means "reload the project configuration". */
export const PROJECT_FILES: readonly string[] = [CONFIG_FILE, REMAPPINGS_FILE, FOUNDRY_FILE];

/** remappings.txt: one `[context:]prefix=target` per line; blank lines and `#` comments skipped. */
export function parseRemappingsTxt(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && l.includes('='));
}

/** foundry.toml: every `remappings = [ "a=b", ... ]` array (any profile), possibly over several lines. */
export function parseFoundryRemappings(text: string): string[] {
  const out: string[] = [];
  const re = /^\s*remappings\s*=\s*\[([\s\S]*?)\]/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[1].replace(/#[^\n]*/g, '');
    for (const s of body.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)) {
      const v = (s[1] ?? s[2]).trim();
      if (v.includes('=') && !out.includes(v)) out.push(v);
    }
  }
  return out;
}

/** Remappings from remappings.txt and foundry.toml in `root` (remappings.txt first, as Foundry does). */
export function readProjectRemappings(root: string): string[] {
  const out: string[] = [];
  const txt = readTextFile(join(root, REMAPPINGS_FILE));
  if (txt !== undefined) out.push(...parseRemappingsTxt(txt));
  const toml = readTextFile(join(root, FOUNDRY_FILE));
  if (toml !== undefined) for (const r of parseFoundryRemappings(toml)) if (!out.includes(r)) out.push(r);
  return out;
}

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

/** Adds the project's remapping files to a config (the config file's own remappings win ties by coming last). */
export function withProjectRemappings(config: DiamondConfig, root: string): DiamondConfig {
  const fromFiles = readProjectRemappings(root);
  return {
    ...config,
    remappings: [...fromFiles, ...config.remappings.filter((r) => !fromFiles.includes(r))],
  };
}
