/**
 * `diamond docs [path] [--out DIR] [--format md|json] [--check]`: the storage map, the selector registry, the
 * facet dependencies and a map of each diamond (SVG), generated from the code (engine `docs()`), deterministic
 * so teams commit them and review their diff. `--check` writes nothing and exits 1 naming the stale files
 * (for CI). Default folder: `docs/diamond` under the project root. With `--rpc URL --address ADDR` the selector
 * registry also says what that diamond routes and where it differs from the sources (the Facet Explorer's drift,
 * as VS Code's Generate Documentation writes it: chain/src/loupe-drift.ts).
 */
import { resolve } from 'node:path';
import { connect } from '../../../chain/src/connect';
import { docsLiveOf } from '../../../chain/src/loupe-drift';
import type { LocalSelector } from '../../../chain/src/signatures';
import { docsFiles, type DocsFormat, type DocsModel } from '../../../engine';
import { compareDocs, DEFAULT_DOCS_DIR, writeDocs } from '../../../host/src/docs-output';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type Command } from '../command';
import { displayPath } from '../output/records';
import { incompleteLine, loadProjects, reportSkipped, type LoadedProject } from '../project';
import { describeChainError } from './chain-common';
import { liveOptions, liveTarget, readLiveFor } from './check-live';

/** The project's facets' selectors (the drift's local side) and every local signature by selector. */
function localCode(p: LoadedProject): { facets: LocalSelector[]; signatureOf: (s: string) => string | null } {
  const contracts = p.service.contractSelectors();
  const signatures = new Map<string, string>();
  for (const c of contracts)
    for (const f of c.functions) if (!signatures.has(f.selector)) signatures.set(f.selector, f.signature);
  return {
    facets: contracts
      .filter((c) => c.isFacet)
      .flatMap((c) =>
        c.functions.map((f) => ({ selector: f.selector, signature: f.signature, contract: c.name })),
      ),
    signatureOf: (s) => signatures.get(s) ?? null,
  };
}

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
    ...liveOptions('the selector registry says what it routes and where it differs from the sources'),
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
    const target = liveTarget(args);
    let stale = 0;
    for (const p of loaded.projects) {
      const dir = out !== undefined ? resolve(io.cwd, out) : resolve(p.root, DEFAULT_DOCS_DIR);
      const model: DocsModel = { ...p.service.docs() };
      if (target) {
        try {
          const { chainId } = await connect(target.rpcUrl);
          const local = localCode(p);
          const { view } = await readLiveFor(p, { ...target, chainId }, io, {
            localSelectors: local.facets,
            command: 'docs',
          });
          model.live = docsLiveOf(view, local.signatureOf);
        } catch (err) {
          const known = describeChainError(err);
          if (known === undefined) throw err;
          io.stderr(`diamond docs: cannot read the live diamond: ${known}\n`);
          return EXIT_USAGE;
        }
      }
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
