/**
 * The storage namespaces (diamond storage, ERC-7201, AppStorage) the engine finds in a project's sources
 * on disk, for the deployment record. The one place chain/ reads a project through host/: when host/ has a
 * project model, this file is re-pointed at it.
 *
 * The project is read the way `diamond check <sources>` reads it: every .sol file below the sources folder,
 * the diamond.config.json at or above it (its folder is the analysis root), its remappings and those it
 * inherits from the folders above.
 */
import { join } from 'node:path';
import { createAnalysisService, defaultConfig, type NamespaceEntry } from '../../engine';
import { diskFileHost, fileKey, findSolidityFiles, nearestDirWith } from '../../host/src/files';
import {
  CONFIG_FILE,
  FOUNDRY_FILE,
  inheritedRemappings,
  readConfigFile,
  REMAPPINGS_FILE,
} from '../../host/src/project-config';

/**
 * `sourcesDir`: the folder that is compiled and deployed (e.g. `<root>/contracts`). `fallbackRoot`: the
 * analysis root when no diamond.config.json, remappings.txt or foundry.toml sits at or above the sources.
 * Throws when the config file has problems (the caller records no namespaces then).
 */
export function projectNamespaces(sourcesDir: string, fallbackRoot: string = sourcesDir): NamespaceEntry[] {
  const root =
    nearestDirWith(sourcesDir, [CONFIG_FILE]) ??
    nearestDirWith(sourcesDir, [FOUNDRY_FILE, REMAPPINGS_FILE]) ??
    fileKey(fallbackRoot);
  const read = readConfigFile(join(root, CONFIG_FILE));
  if (read.problems.length) {
    throw new Error(`${read.file ?? CONFIG_FILE}: ${read.problems.map((p) => p.message).join('; ')}`);
  }
  const own = read.config ?? defaultConfig();
  const inherited = inheritedRemappings(root);
  const host = diskFileHost();
  const service = createAnalysisService(host, { root });
  service.setConfig(inherited.length ? { ...own, remappings: [...inherited, ...own.remappings] } : own);
  for (const file of findSolidityFiles(sourcesDir)) {
    const text = host.readFile(file);
    if (text !== undefined) service.updateFile(file, text);
  }
  return service.namespaces();
}
