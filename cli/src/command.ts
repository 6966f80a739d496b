/**
 * What a `diamond` subcommand is. A command is one file exporting a `Command`; cli.ts lists them in
 * one table. Options are declared here once and drive parsing, `--help` and usage errors.
 */

export interface OptionSpec {
  /** Long name without dashes: 'json' → `--json`. */
  name: string;
  type: 'boolean' | 'string';
  description: string;
  /** Shown in help: `--format <text|json|sarif>`. */
  valueName?: string;
  /** Allowed values of a string option (checked before `run`). */
  choices?: readonly string[];
  short?: string;
}

export interface ParsedArgs {
  positionals: string[];
  /** Booleans are true when given; strings hold the value; absent options are undefined. */
  options: Record<string, string | boolean | undefined>;
}

export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface Command {
  name: string;
  /** One line for `diamond --help`. */
  summary: string;
  /**
   * Positional arguments as shown in usage, e.g. '[paths...]'. Declaring them is what lets a command
   * take positionals: a command without `args` takes none, and any positional is a usage error (a typo
   * such as `diamond loupe typo` must not be silently ignored).
   */
  args?: string;
  options: readonly OptionSpec[];
  /** Resolves to the process exit code. Throw UsageError for bad usage (exit 2 with usage). */
  run(args: ParsedArgs, io: CliIO): Promise<number> | number;
}

/** Bad usage: unknown flag, missing file, bad value. The CLI prints the message and the usage, exit 2. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
