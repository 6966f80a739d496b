/**
 * The storage namespaces (diamond storage, ERC-7201, AppStorage) the engine finds in what a deploy compiles,
 * for the deployment record: the files and remappings of host's project model (compileSourcesOf), analysed
 * with the owning project's config, exactly as `diamond check` analyses them.
 */
import type { NamespaceEntry } from '../../engine';
import { compileSourcesOf, createProjectService } from '../../host/src/project';
import type { RecordedNamespace } from './deployment-record';

/**
 * `sourcesDir`: the folder that is compiled and deployed (e.g. `<root>/contracts`). Throws when the owning
 * project's config file has problems (the caller records no namespaces then, and says why).
 */
export function projectNamespaces(sourcesDir: string): NamespaceEntry[] {
  return serviceOf(sourcesDir).namespaces();
}

/**
 * The namespaces as a deployment record keeps them: each with its exact per-field layout (absolute slot,
 * offset, bytes, type shape) when it has a struct the engine can lay out.
 */
export function projectRecordedNamespaces(sourcesDir: string): RecordedNamespace[] {
  const service = serviceOf(sourcesDir);
  const layouts = new Map(service.namespaceLayouts().map(({ namespace, ...layout }) => [namespace, layout]));
  return service.namespaces().map((entry) => {
    const fieldLayout = layouts.get(entry);
    return fieldLayout ? { ...entry, fieldLayout } : { ...entry };
  });
}

function serviceOf(sourcesDir: string) {
  const sources = compileSourcesOf(sourcesDir);
  const issue = sources.configIssues[0];
  if (issue) throw new Error(`${issue.file}: ${issue.problems.map((p) => p.message).join('; ')}`);
  const service = createProjectService({
    ...sources.project,
    files: sources.files,
    remappings: sources.remappings,
  });
  return service;
}
