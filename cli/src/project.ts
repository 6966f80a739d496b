/**
 * Loads what `diamond check` / `diamond selectors` analyse: the .sol files under the given paths,
 * the project's config and remappings, and (optionally) a baseline, into an AnalysisService.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defaultConfig, type DiamondConfig } from '../../engine/src/config';
import type { ConfigProblem } from '../../engine/src/config-validate';
import { LineIndex } from '../../engine/src/lines';
import { createAnalysisService } from '../../engine/src/service';
import type { AnalysisService } from '../../engine/src/service-api';
import { readBaseline } from '../../host/src/baseline';
import { diskFileHost, fileKey, findSolidityFiles, readTextFile } from '../../host/src/files';
import {
  CONFIG_FILE,
  FOUNDRY_FILE,
  readConfigFile,
  REMAPPINGS_FILE,
} from '../../host/src/project-config';
import { UsageError } from './command';
import { displayPath } from './output/records';

export interface LoadOptions {
  /** --config FILE */
  config?: string;
  /** --baseline REF|DIR */
  baseline?: string;
}

export interface LoadedProject {
  root: string;
  config: DiamondConfig;
  service: AnalysisService;
  /** Engine keys of the files named by the paths (findings outside them are not reported). */
  files: Set<string>;
  /** Text and line index of any file the engine knows (for positions in output). */
  lines(file: string): LineIndex | undefined;
}

/** A config file with problems: printed as findings of the config file, exit 2. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly text: string,
    readonly problems: ConfigProblem[],
  ) {
    super(`${file}: invalid configuration`);
  }

  /** `file:line:col error config message` lines, paths relative to cwd. */
  report(cwd: string): string {
    const idx = new LineIndex(this.text);
    return this.problems
      .map((p) => {
        const pos = idx.positionAt(p.start);
        return `${displayPath(cwd, this.file)}:${pos.line + 1}:${pos.character + 1} error config ${p.message}\n`;
      })
      .join('');
  }
}

const ROOT_MARKERS = [CONFIG_FILE, FOUNDRY_FILE, REMAPPINGS_FILE];

/** The nearest folder at or above `start` holding a project marker, else `fallback`. */
function findProjectRoot(start: string, fallback: string): string {
  let dir = start;
  for (;;) {
    if (ROOT_MARKERS.some((m) => existsSync(join(dir, m)))) return dir;
    const up = dirname(dir);
    if (up === dir) return fallback;
    dir = up;
  }
}

export async function loadProject(cwd: string, paths: string[], opts: LoadOptions): Promise<LoadedProject> {
  const targets = (paths.length ? paths : ['.']).map((p) => resolve(cwd, p));
  for (const [i, t] of targets.entries()) {
    if (!existsSync(t)) throw new UsageError(`no such file or folder: ${paths[i] ?? t}`);
  }
  let root: string;
  let config = defaultConfig();
  const configPath = opts.config !== undefined ? resolve(cwd, opts.config) : undefined;
  if (configPath !== undefined) {
    if (!existsSync(configPath)) throw new UsageError(`no such config file: ${opts.config}`);
    root = dirname(configPath);
  } else {
    const first = targets[0];
    root = findProjectRoot(statSync(first).isDirectory() ? first : dirname(first), cwd);
  }
  const cfgFile = configPath ?? join(root, CONFIG_FILE);
  const read = readConfigFile(cfgFile);
  if (read.problems.length)
    throw new ConfigFileError(read.file ?? fileKey(cfgFile), read.text ?? '', read.problems);
  if (read.config) config = read.config;

  const files = new Set<string>();
  for (const t of targets) for (const f of findSolidityFiles(t)) files.add(f);

  const texts = new Map<string, string>();
  const host = diskFileHost();
  const readCached = (file: string): string | undefined => {
    let text = texts.get(file);
    if (text === undefined) {
      text = host.readFile(file);
      if (text !== undefined) texts.set(file, text);
    }
    return text;
  };
  const service = createAnalysisService({ readFile: readCached }, { root: fileKey(root) });
  service.setConfig(config);
  for (const f of files) {
    const text = readTextFile(f);
    if (text !== undefined) {
      texts.set(f, text);
      service.updateFile(f, text);
    }
  }
  if (opts.baseline !== undefined) {
    // A folder given on the command line is relative to cwd; a git ref is read in the project root.
    const asDir = resolve(cwd, opts.baseline);
    const spec =
      opts.baseline !== '' && existsSync(asDir) && statSync(asDir).isDirectory() ? asDir : opts.baseline;
    try {
      const b = await readBaseline(root, spec);
      service.setBaseline(b?.files);
    } catch (e) {
      throw new UsageError(`cannot read baseline "${opts.baseline}": ${(e as Error).message}`);
    }
  }
  const indexes = new Map<string, LineIndex>();
  return {
    root,
    config,
    service,
    files,
    lines(file) {
      let idx = indexes.get(file);
      if (!idx) {
        const text = readCached(file);
        if (text === undefined) return undefined;
        indexes.set(file, (idx = new LineIndex(text)));
      }
      return idx;
    },
  };
}
