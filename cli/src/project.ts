/**
 * Loads what `diamond check` / `diamond selectors` analyse: the .sol files under the given paths, split
 * into projects the way the language server splits a workspace folder (one per diamond.config.json,
 * nested like tsconfig; a path's own files use the nearest config above it), each opened with the project
 * model (host/src/project.ts: config, remappings) and (optionally) a baseline, in its own AnalysisService.
 * `--config FILE` makes one project of everything.
 *
 * Nothing is left out without a word: every file read through the one reader (host/src/files.ts
 * readSourceFile), and what was not checked is in `skipped` with the reason (a file that cannot be read, a path
 * that is not a .sol file, a folder without any, a .sol file that declares nothing). The commands print it and
 * refuse to call an empty check a pass.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  inScope,
  LineIndex,
  relativeToRoot,
  scopePath,
  type AnalysisService,
  type DiamondConfig,
  type Finding,
} from '../../engine';
import { readBaseline, type Baseline } from '../../host/src/baseline';
import {
  fileKey,
  findSolidityFiles,
  isSolidity,
  isWithin,
  nearestDirWith,
  readSourceFile,
} from '../../host/src/files';
import { createProjectService, openProject } from '../../host/src/project';
import { CONFIG_FILE, FOUNDRY_FILE, REMAPPINGS_FILE, type ConfigIssue } from '../../host/src/project-config';
import { nearestConfigDir, ProjectPartition, projectsForPaths } from '../../host/src/project-partition';
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
  /** Engine keys of the files named by the paths that this project owns (findings elsewhere are not its to report). */
  files: Set<string>;
  /** Text and line index of any file the engine knows (for positions in output). */
  lines(file: string): LineIndex | undefined;
}

/** A path the check did not analyse, and why. */
export interface SkippedFile {
  /** Engine key of the file or folder. */
  file: string;
  reason: string;
  /** True when the file could not be read (the check is incomplete); false when there was nothing in it. */
  unreadable: boolean;
}

export interface LoadedProjects {
  projects: LoadedProject[];
  /** What was not analysed, with the reason, in path order. */
  skipped: SkippedFile[];
  /** How many files were read and declare something (0: nothing was checked). */
  checked: number;
  /** Files outside the default scope (tests, mocks, scripts, lib/): read only where production code imports them. */
  outOfScope: number;
  /** The folder paths are printed relative to: the projects' common root (and cwd's, when cwd is above it). */
  base: string;
  /** Every project's findings in the files it owns: a file's findings come from one project only. */
  findings(): Finding[];
  /** Text and line index of any file read (for positions in output). */
  lines(file: string): LineIndex | undefined;
}

export type { ConfigIssue };

/** Config files with problems: printed as findings of each config file, exit 2. */
export class ConfigFileError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(`${issues.map((i) => i.file).join(', ')}: invalid configuration`);
  }

  /** `file:line:col error config message` lines, paths relative to cwd. */
  report(cwd: string): string {
    let out = '';
    for (const issue of this.issues) {
      const idx = new LineIndex(issue.text);
      for (const p of issue.problems) {
        const pos = idx.positionAt(p.start);
        out += `${displayPath(cwd, issue.file)}:${pos.line + 1}:${pos.character + 1} error config ${p.message}\n`;
      }
    }
    return out;
  }
}

/** What one project is made of before it is loaded. */
interface Plan {
  root: string;
  /** The folder a folder baseline mirrors (see readBaselines). */
  top: string;
  configFile: string;
  files: string[];
}

/**
 * Where a path no diamond.config.json claims takes its root: the nearest folder holding remappings.txt or
 * foundry.toml, else cwd when the path is inside it, else the path's own folder.
 */
function fallbackRoot(cwd: string): (dir: string) => string {
  return (dir) =>
    nearestDirWith(dir, [FOUNDRY_FILE, REMAPPINGS_FILE]) ?? (isWithin(fileKey(cwd), dir) ? cwd : dir);
}

function resolveTargets(cwd: string, paths: string[]): string[] {
  const targets = (paths.length ? paths : ['.']).map((p) => resolve(cwd, p));
  for (const [i, t] of targets.entries()) {
    if (!existsSync(t)) throw new UsageError(`no such file or folder: ${paths[i] ?? t}`);
  }
  return targets;
}

function forcedConfig(cwd: string, config: string): string {
  const path = resolve(cwd, config);
  if (!existsSync(path)) throw new UsageError(`no such config file: ${config}`);
  return path;
}

/**
 * Says on stderr what the check did not analyse (`diamond <command>: skipped FILE: reason`), and refuses a check
 * of nothing (UsageError: exit 2, never "no problems found"). Returns whether a file could not be read (the
 * command then exits 2 after its output: the check is incomplete).
 */
export function reportSkipped(
  command: string,
  loaded: LoadedProjects,
  io: { cwd: string; stderr(t: string): void },
): boolean {
  for (const s of loaded.skipped)
    io.stderr(`diamond ${command}: skipped ${displayPath(io.cwd, s.file)}: ${s.reason}\n`);
  if (loaded.checked === 0) {
    throw new UsageError(
      'nothing to check: no .sol file under the paths given could be read and declares anything' +
        (loaded.skipped.length ? ` (${loaded.skipped.length} skipped, above)` : ''),
    );
  }
  return loaded.skipped.some((s) => s.unreadable);
}

/** Says how many files could not be read, after the output: the run fails (exit 2) on them. */
export function incompleteLine(command: string, loaded: LoadedProjects): string {
  const n = loaded.skipped.filter((s) => s.unreadable).length;
  return `diamond ${command}: ${n} .sol file(s) could not be read (above): the ${command} is incomplete\n`;
}

/** `skipped` as --json prints it: `[{file, reason}]`, files relative to cwd. */
export function skippedJson(cwd: string, loaded: LoadedProjects): { file: string; reason: string }[] {
  return loaded.skipped.map((s) => ({ file: displayPath(cwd, s.file), reason: s.reason }));
}

/** One plan holding every file: the `--config` file's folder, else the nearest config above the first path. */
function singlePlan(cwd: string, targets: string[], opts: LoadOptions): Plan {
  const files = [...new Set(targets.flatMap((t) => findSolidityFiles(t)))].sort();
  if (opts.config !== undefined) {
    const configFile = forcedConfig(cwd, opts.config);
    const root = fileKey(dirname(configFile));
    return { root, top: root, configFile, files };
  }
  const first = targets[0];
  const dir = statSync(first).isDirectory() ? first : dirname(first);
  const root = nearestConfigDir(dir) ?? fileKey(fallbackRoot(cwd)(fileKey(dir)));
  return { root, top: root, configFile: join(root, CONFIG_FILE), files };
}

/**
 * The projects under the given paths (`diamond check`, `diamond selectors`): nested configs each make
 * their own project; `--config FILE` makes one project of everything with that file.
 */
export async function loadProjects(cwd: string, paths: string[], opts: LoadOptions): Promise<LoadedProjects> {
  const targets = resolveTargets(cwd, paths);
  const plans =
    opts.config !== undefined
      ? [singlePlan(cwd, targets, opts)]
      : projectsForPaths(targets, fallbackRoot(cwd)).map((p) => ({
          ...p,
          configFile: join(p.root, CONFIG_FILE),
        }));
  return load(cwd, plans, opts, targets);
}

/** The given paths that yield no .sol file: a file that is not one, a folder without any. */
function emptyTargets(targets: string[], plans: readonly Plan[]): SkippedFile[] {
  const found = plans.flatMap((p) => p.files);
  const out: SkippedFile[] = [];
  for (const t of targets) {
    const key = fileKey(t);
    if (!statSync(t).isDirectory()) {
      if (!isSolidity(key)) out.push({ file: key, reason: 'not a .sol file', unreadable: false });
    } else if (!found.some((f) => isWithin(key, f))) {
      out.push({
        file: key,
        reason:
          'no .sol files in it (node_modules, out, dist, cache, artifacts and hidden folders are not searched)',
        unreadable: false,
      });
    }
  }
  return out;
}

/** `text` with comments and string literals blanked: what is left is code. */
function codeOf(text: string): string {
  return text.replace(/\/\*[\s\S]*?(\*\/|$)|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, ' ');
}

/** Whether a source declares or imports anything (contracts, structs, free functions, constants, …). */
const DECLARATION =
  /\b(contract|interface|library|struct|enum|function|error|event|type|using|import|constant|immutable)\b/;

/** The projects' files: each read once by the one reader, those it refuses moved to `skipped`. */
function readPlans(plans: Plan[], texts: Map<string, string>, skipped: SkippedFile[]): Plan[] {
  return plans.map((plan) => {
    const files = plan.files.filter((file) => {
      if (texts.has(file)) return true;
      const read = readSourceFile(file);
      if (read.ok) texts.set(file, read.text);
      else skipped.push({ file, reason: read.reason, unreadable: true });
      return read.ok;
    });
    return { ...plan, files };
  });
}

async function load(
  cwd: string,
  given: Plan[],
  opts: LoadOptions,
  targets: string[],
): Promise<LoadedProjects> {
  const skipped: SkippedFile[] = emptyTargets(targets, given);
  // One text cache for every project: the disk says the same thing to all of them.
  const texts = new Map<string, string>();
  const plans = readPlans(given, texts, skipped);
  const models = plans.map((p) => openProject(p.root, { configFile: p.configFile, files: p.files }));
  const issues = models.flatMap((m) => (m.configIssue ? [m.configIssue] : []));
  if (issues.length) throw new ConfigFileError(issues);

  const readCached = (file: string): string | undefined => {
    let text = texts.get(file);
    if (text === undefined) {
      // Imports outside the paths given (not checked themselves): read on demand.
      const read = readSourceFile(file);
      if (read.ok) texts.set(file, (text = read.text));
    }
    return text;
  };
  let checked = 0;
  for (const file of new Set(plans.flatMap((p) => p.files))) {
    if (DECLARATION.test(codeOf(texts.get(file) ?? ''))) checked++;
    else
      skipped.push({
        file,
        reason:
          'declares nothing: no contract, interface, library, struct, function, constant or import in it',
        unreadable: false,
      });
  }
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const baselines = opts.baseline !== undefined ? await readBaselines(cwd, plans, opts.baseline) : undefined;
  const partition = new ProjectPartition(plans.map((p) => p.root));

  const named = new Set(targets.filter((t) => !statSync(t).isDirectory()).map((t) => fileKey(t)));
  /** Whether a project was checked whole (then a config entry naming no contract is an error). */
  const wholeProject = new Map<string, boolean>();
  let outOfScope = 0;
  const projects = plans.map((plan, i): LoadedProject => {
    const model = models[i];
    const config = model.config!;
    // The default scope reads paths below the folders given (checking test/fixtures/x looks below x).
    const scopeRoots = [
      plan.root,
      ...targets.filter((t) => statSync(t).isDirectory()).map((t) => fileKey(t)),
    ];
    // Tests, mocks, scripts and lib/ are read for imports only; a file named on the command line is checked.
    const files = model.files.filter(
      (f) => named.has(f) || inScope(relativeToRoot(plan.root, f), config, scopePath(scopeRoots, f)),
    );
    outOfScope += model.files.length - files.length;
    const service = createProjectService(model, { readFile: readCached }, config, { scopeRoots, files });
    wholeProject.set(plan.root, scopeRoots.every((r) => r === plan.root) && named.size === 0);
    const baseline = baselines?.get(plan.top);
    if (baseline) {
      // A baseline covers the whole folder: each project compares against the files it owns.
      const share = new Map<string, string>();
      for (const [file, text] of baseline.files)
        if (plans.length === 1 || partition.ownerOf(file) === plan.root) share.set(file, text);
      service.setBaseline(share);
    }
    return { root: plan.root, config, service, files: new Set(files), lines };
  });

  const unmatched = projects.flatMap((p, i) =>
    wholeProject.get(p.root) ? unmatchedEntries(p, models[i].configFile) : [],
  );
  if (unmatched.length) throw new ConfigFileError(unmatched);

  const indexes = new Map<string, LineIndex>();
  function lines(file: string): LineIndex | undefined {
    let idx = indexes.get(file);
    if (!idx) {
      const text = readCached(file);
      if (text === undefined) return undefined;
      indexes.set(file, (idx = new LineIndex(text)));
    }
    return idx;
  }
  return {
    projects,
    skipped,
    checked,
    outOfScope,
    base: commonBase(
      [cwd, ...plans.map((p) => p.root)].map((p) => fileKey(p)),
      fileKey(cwd),
    ),
    findings: () => projects.flatMap((p) => p.service.findings().filter((f) => p.files.has(f.file))),
    lines,
  };
}

/**
 * Config entries (`diamonds[].facets`, `proxy`) that name no contract: config errors, each with a suggestion,
 * placed on the entry in the config file.
 */
function unmatchedEntries(project: LoadedProject, configFile: string): ConfigIssue[] {
  const missing = project.service.diamonds().diamonds.flatMap((d) => d.missing);
  if (missing.length === 0) return [];
  const read = readSourceFile(configFile);
  const text = read.ok ? read.text : '';
  let from = 0;
  const problems = missing.map((m) => {
    const quoted = JSON.stringify(m.entry);
    const at = text.indexOf(quoted, from);
    const start = at >= 0 ? at : 0;
    if (at >= 0) from = at + quoted.length;
    const hint = m.suggestion
      ? `: did you mean "${m.suggestion}"?`
      : ': no contract (not an interface, library or abstract contract) has that name';
    return {
      message: `"${m.entry}" matches no contract${hint}`,
      path: 'diamonds',
      start,
      end: start + (at >= 0 ? quoted.length : 0),
    };
  });
  return [{ file: fileKey(configFile), text, problems }];
}

/** The deepest folder holding every project root, or cwd when cwd is above it (what the user reads paths from). */
function commonBase(keys: readonly string[], cwd: string): string {
  const roots = keys.slice(1);
  let parts = roots[0]?.split('/') ?? cwd.split('/');
  for (const k of roots.slice(1)) {
    const other = k.split('/');
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  const common = parts.join('/') || '/';
  return isWithin(cwd, common) ? cwd : common;
}

/**
 * The baseline, read once per top folder: a git ref in that folder, or a folder given on the command line
 * (relative to cwd) holding an older copy of it.
 */
async function readBaselines(cwd: string, plans: Plan[], spec: string): Promise<Map<string, Baseline>> {
  const asDir = resolve(cwd, spec);
  const arg = spec !== '' && existsSync(asDir) && statSync(asDir).isDirectory() ? asDir : spec;
  const out = new Map<string, Baseline>();
  for (const top of new Set(plans.map((p) => p.top))) {
    try {
      const b = await readBaseline(top, arg);
      if (b) out.set(top, b);
    } catch (e) {
      throw new UsageError(`cannot read baseline "${spec}": ${(e as Error).message}`);
    }
  }
  return out;
}
