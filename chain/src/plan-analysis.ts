/**
 * The engine's analysis of a project, kept between plans of the same project: each plan hands it every file's
 * text as read now, the engine re-parses only the files whose text changed (its incremental parser; an
 * unchanged text costs one comparison) and recomputes findings only when something changed. A fresh analysis
 * per plan parsed every file again, which cost a 1,000-selector diamond three times its loupe read
 * (BENCHMARKS.md, "Upgrade: simulate and plan").
 *
 * A different root, remapping list or config makes a new analysis. Files outside the project's list (imports
 * from dependency folders) are read once per analysis, as the language server reads them. Plans of one project
 * run one at a time (each command awaits its plan); two at once would share the texts of the later one.
 */
import { createAnalysisService, type AnalysisService, type DiamondConfig, type FileHost } from '../../engine';

interface Entry {
  key: string;
  service: AnalysisService;
  files: Set<string>;
  /** The reader of the plan under way (the engine reads imports outside the list through it). */
  read: (file: string) => string | undefined;
}

/** Projects kept (most recently used last). */
const MAX_PROJECTS = 4;
const entries = new Map<string, Entry>();

export interface PlanAnalysisInputs {
  root: string;
  remappings: NonNullable<Parameters<typeof createAnalysisService>[1]>['remappings'] & object;
  config: DiamondConfig;
  files: readonly string[];
  /** Reads a file for this plan (undefined when it cannot be read). */
  read: (file: string) => string | undefined;
}

/** The analysis of `inputs.root` with every file's current text; reused when root, remappings and config match. */
export function planAnalysis(inputs: PlanAnalysisInputs): AnalysisService {
  const key = JSON.stringify([inputs.remappings, inputs.config]);
  let entry = entries.get(inputs.root);
  entries.delete(inputs.root);
  if (!entry || entry.key !== key) {
    const host: FileHost = { readFile: (file) => entry!.read(file) };
    entry = {
      key,
      service: createAnalysisService(host, { root: inputs.root, remappings: [...inputs.remappings] }),
      files: new Set(),
      read: inputs.read,
    };
    entry.service.setConfig(inputs.config);
  }
  entry.read = inputs.read;
  entries.set(inputs.root, entry);
  for (const old of entries.keys()) if (entries.size > MAX_PROJECTS) entries.delete(old);

  const now = new Set<string>();
  for (const file of inputs.files) {
    const text = inputs.read(file);
    if (text === undefined) continue;
    entry.service.updateFile(file, text);
    now.add(file);
  }
  for (const file of entry.files) if (!now.has(file)) entry.service.removeFile(file);
  entry.files = now;
  return entry.service;
}
