/**
 * `diamond init [folder]`: writes `<folder>/diamond.config.json` from what the check infers (the diamonds, their
 * facets, their diamond contracts), for the user to edit. Never overwrites a config that exists (exit 2).
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inferredConfigText } from '../../../engine';
import { fileKey } from '../../../host/src/files';
import { CONFIG_FILE } from '../../../host/src/project-config';
import { EXIT_OK, UsageError, type Command } from '../command';
import { displayPath } from '../output/records';
import { loadProjects } from '../project';

export const initCommand: Command = {
  name: 'init',
  summary: 'Write diamond.config.json from the diamonds inferred from the code (never overwrites one)',
  args: '[folder]',
  options: [],
  async run(args, io) {
    if (args.positionals.length > 1) throw new UsageError('init takes one folder');
    const folder = resolve(io.cwd, args.positionals[0] ?? '.');
    if (!existsSync(folder) || !statSync(folder).isDirectory())
      throw new UsageError(`not a folder: ${args.positionals[0]}`);
    const target = join(folder, CONFIG_FILE);
    if (existsSync(target))
      throw new UsageError(`${displayPath(io.cwd, target)} exists: edit it, or remove it to infer a new one`);
    // Only this folder's own project: the config about to be written roots it.
    const loaded = await loadProjects(io.cwd, [folder], {});
    const own = loaded.projects.filter((p) => p.root === fileKey(folder));
    const project = own[0] ?? loaded.projects[0];
    const overview = project.service.diamonds();
    const text = inferredConfigText(overview);
    writeFileSync(target, text, { flag: 'wx' });
    const n = overview.diamonds.filter((d) => d.facets.length).length;
    io.stderr(
      `diamond init: wrote ${displayPath(io.cwd, target)} with ${n} diamond(s) ` +
        `(${overview.diamonds.reduce((k, d) => k + d.facets.length, 0)} facet(s)); edit it to pin what was inferred\n`,
    );
    for (const note of overview.notes) io.stderr(`note: ${note}\n`);
    return EXIT_OK;
  },
};
