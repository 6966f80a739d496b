/**
 * `diamond docs [path] [--out DIR] [--format md|json] [--check]`: the storage map, the selector registry, the
 * facet dependencies and a map of each diamond (SVG), generated from the code (engine `docs()`), deterministic
 * so teams commit them and review their diff. `--check` writes nothing and exits 1 naming the stale files
 * (for CI). Default folder: `docs/diamond` under the project root.
 */
import { resolve } from 'node:path';
import { docsFiles, type DocsFormat } from '../../../engine';
import { compareDocs, DEFAULT_DOCS_DIR, writeDocs } from '../../../host/src/docs-output';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type Command } from '../command';
import { displayPath } from '../output/records';
import { incompleteLine, loadProjects, reportSkipped } from '../project';

export const docsCommand: Command = {
  name: 'docs',
  summary: 'Generate the storage map, selector registry, facet dependencies and diamond map (--check for CI)',
  args: '[path]',
  options: [
    {
      name: 'out',
      type: 'string',
      valueName: 'DIR',
      description: `folder to write to (default: ${DEFAULT_DOCS_DIR} under the project root)`,
    },
    {
      name: 'format',
      type: 'string',
      choices: ['md', 'json'],
      description:
        'md: storage-map.md, selectors.md, dependencies.md; json: diamond-docs.json (both add map-<diamond>.svg)',
    },
    {
      name: 'check',
      type: 'boolean',
      description: 'write nothing; exit 1 naming the files that differ from what would be generated',
    },
    {
      name: 'config',
      type: 'string',
      valueName: 'FILE',
      description: 'diamond.config.json for every file (default: the nearest one above the path)',
    },
  ],
  async run(args, io) {
    if (args.positionals.length > 1)
      throw new UsageError('give one project folder (or none: the current one)');
    const loaded = await loadProjects(io.cwd, args.positionals, {
      config: args.options.config as string | undefined,
    });
    const incomplete = reportSkipped('docs', loaded, io);
    const out = args.options.out as string | undefined;
    if (out !== undefined && loaded.projects.length > 1)
      throw new UsageError(
        `--out names one folder, and ${loaded.projects.length} projects were found (one per diamond.config.json): run docs for each`,
      );
    const format = ((args.options.format as string | undefined) ?? 'md') as DocsFormat;
    let stale = 0;
    for (const p of loaded.projects) {
      const dir = out !== undefined ? resolve(io.cwd, out) : resolve(p.root, DEFAULT_DOCS_DIR);
      const model = p.service.docs();
      for (const u of model.unparsed) io.stderr(`diamond docs: ${u.file}: ${u.reason}\n`);
      const files = docsFiles(model, format);
      const shown = displayPath(io.cwd, dir);
      if (args.options.check) {
        const bad = compareDocs(dir, files).filter((s) => s.state !== 'same');
        stale += bad.length;
        for (const s of bad)
          io.stdout(
            `${shown}/${s.name}: ${s.state === 'changed' ? 'stale' : s.state === 'new' ? 'missing' : 'no longer generated'}\n`,
          );
        if (bad.length === 0) io.stdout(`${shown}: up to date (${files.length} files)\n`);
        continue;
      }
      const done = writeDocs(dir, files);
      const count = (state: string) => done.filter((s) => s.state === state).length;
      io.stdout(
        `${shown}: ${count('new')} written, ${count('changed')} updated, ${count('same')} unchanged` +
          (count('leftover') ? `, ${count('leftover')} removed` : '') +
          '\n',
      );
    }
    if (incomplete) {
      io.stderr(incompleteLine('docs', loaded));
      return EXIT_USAGE;
    }
    if (stale) {
      io.stderr(`diamond docs: ${stale} file(s) stale: run \`diamond docs\` and commit the result\n`);
      return EXIT_FINDINGS;
    }
    return EXIT_OK;
  },
};
