/** `diamond selectors [paths...]`: every contract's external functions with canonical signature and selector. */
import { EXIT_OK, EXIT_USAGE, type Command } from '../command';
import { displayPath } from '../output/records';
import { incompleteLine, loadProjects, reportSkipped, skippedJson } from '../project';

export const selectorsCommand: Command = {
  name: 'selectors',
  summary: 'List the selectors each contract exposes (inherited functions and public getters included)',
  args: '[paths...]',
  options: [
    {
      name: 'json',
      type: 'boolean',
      description:
        'print {"contracts":[{name, file, functions:[{signature, selector}]}], "skipped":[{file, reason}]}',
    },
    {
      name: 'config',
      type: 'string',
      valueName: 'FILE',
      description:
        'diamond.config.json for every file (remappings; default: the nearest one above each file)',
    },
  ],
  async run(args, io) {
    const loaded = await loadProjects(io.cwd, args.positionals, {
      config: args.options.config as string | undefined,
    });
    const incomplete = reportSkipped('selectors', loaded, io);
    const exit = () => {
      if (!incomplete) return EXIT_OK;
      io.stderr(incompleteLine('selectors', loaded));
      return EXIT_USAGE;
    };
    const contracts = loaded.projects
      .flatMap((p) => p.service.contractSelectors().filter((c) => p.files.has(c.file)))
      .filter((c) => c.kind !== 'library')
      .map((c) => ({
        name: c.name,
        file: displayPath(io.cwd, c.file),
        functions: c.functions.map((f) => ({ signature: f.signature, selector: f.selector })),
      }))
      .sort((a, b) =>
        a.file < b.file ? -1 : a.file > b.file ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    if (args.options.json) {
      io.stdout(JSON.stringify({ contracts, skipped: skippedJson(io.cwd, loaded) }, null, 2) + '\n');
      return exit();
    }
    let out = '';
    for (const c of contracts) {
      out += `${c.name} (${c.file})\n`;
      for (const f of c.functions) out += `  ${f.selector}  ${f.signature}\n`;
      if (c.functions.length === 0) out += '  (no external functions)\n';
    }
    io.stdout(out);
    return exit();
  },
};
