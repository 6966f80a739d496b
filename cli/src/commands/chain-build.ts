/**
 * `diamond build [FOLDER] [--json] [--root DIR]`: compile with solc-js (cached) the .sol files under the folder
 * that `diamond check FOLDER` analyses, with the remappings of its project (host/src/project.ts). FOLDER and
 * `--root` say the same (default: the current folder); both naming different folders is a usage error.
 */
import { resolve } from 'node:path';
import { compileProject } from '../../../chain/src/compile';
import { hasErrors } from '../../../chain/src/compile-types';
import { EXIT_OK, UsageError, type Command, type ParsedArgs } from '../command';
import { EXIT_FAILED, jsonOption, rootDir, rootOption, stringOption, unitPath } from './chain-common';

/** The folder to build: the one positional FOLDER or `--root` (the same folder when both are given). */
function buildRoot(args: ParsedArgs, cwd: string): string {
  const [folder, ...more] = args.positionals;
  if (more.length)
    throw new UsageError(
      `build takes one folder, got ${args.positionals.length}: ${args.positionals.join(' ')}`,
    );
  const flag = stringOption(args, 'root');
  if (folder !== undefined && flag !== undefined && resolve(cwd, folder) !== resolve(cwd, flag))
    throw new UsageError(`FOLDER (${folder}) and --root (${flag}) name different folders: give one`);
  return rootDir({ ...args, options: { ...args.options, root: folder ?? flag } }, cwd);
}

export const buildCommand: Command = {
  name: 'build',
  summary: 'Compile the Solidity sources with solc-js 0.8.37 (artifacts cached in .diamond/cache)',
  // The one positional this command takes (how the Command interface declares positionals).
  args: '[folder]',
  options: [
    {
      ...jsonOption,
      description: 'print {"contracts":[{name, file}], "errors":[{severity, file, line, column, message}]}',
    },
    rootOption('folder whose .sol files are compiled, as FOLDER (default: the current folder)'),
  ],
  async run(args, io) {
    const root = buildRoot(args, io.cwd);
    const result = await compileProject({ root });
    const file = (unit: string | undefined) => unitPath(io.cwd, root, unit);
    const failed = hasErrors(result);
    if (args.options.json) {
      const out = {
        contracts: result.contracts.map((c) => ({ name: c.name, file: file(c.file) })),
        errors: result.errors.map((e) => ({
          severity: e.severity,
          file: file(e.file),
          line: e.line ?? null,
          column: e.column ?? null,
          message: e.message,
        })),
      };
      io.stdout(JSON.stringify(out, null, 2) + '\n');
      return failed ? EXIT_FAILED : EXIT_OK;
    }
    let text = '';
    for (const e of result.errors) {
      const where = e.file ? `${file(e.file)}:${e.line ?? 1}:${e.column ?? 1}: ` : '';
      text += `${where}${e.severity}: ${e.message}${e.code ? ` [${e.code}]` : ''}\n`;
    }
    const warnings = result.errors.filter((e) => e.severity === 'warning').length;
    if (failed) {
      io.stdout(text);
      io.stderr(`Compilation failed: ${result.errors.length - warnings} error(s), ${warnings} warning(s)\n`);
      return EXIT_FAILED;
    }
    const files = new Set(result.contracts.map((c) => c.file)).size;
    text += `Compiled ${result.contracts.length} contract(s) from ${files} file(s)${result.cached ? ' (up to date)' : ''}`;
    io.stdout(`${text}${warnings ? `, ${warnings} warning(s)` : ''}\n`);
    return EXIT_OK;
  },
};
