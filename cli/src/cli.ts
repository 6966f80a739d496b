/**
 * `diamond`: the command-line face of DLOOP Diamond Tools.
 *
 * To add a command: write `commands/<name>.ts` exporting a `Command`, and add it to COMMANDS below.
 */
import { version } from '../../package.json';
import { commandUsage, parseCommandArgs } from './args';
import { EXIT_USAGE, UsageError, type CliIO, type Command } from './command';
import { checkCommand } from './commands/check';
import { initCommand } from './commands/init';
import { selectorsCommand } from './commands/selectors';
import { docsCommand } from './commands/docs';
import { buildCommand } from './commands/chain-build';
import { deployCommand } from './commands/chain-deploy';
import { loupeCommand } from './commands/chain-loupe';
import { nodeCommand } from './commands/chain-node';
import { upgradeCommand } from './commands/upgrade';
import { redactSecrets } from '../../chain/src/redact';
import { escapeControls } from './output/escape';
import { ConfigFileError } from './project';

/** The command table: one line per command. */
export const COMMANDS: readonly Command[] = [
  checkCommand,
  initCommand,
  selectorsCommand,
  docsCommand,
  buildCommand,
  nodeCommand,
  deployCommand,
  loupeCommand,
  upgradeCommand,
];

export function mainUsage(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: diamond <command> [options]',
    '',
    'EIP-2535 diamond checks: selector conflicts across facets, namespaced storage, layouts.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    'Options:',
    '  --help, -h     show help (diamond <command> --help for a command)',
    '  --version, -v  print the version',
    '',
  ].join('\n');
}

/**
 * The output edge: whatever a command prints (names, paths, messages from an untrusted repository,
 * arguments echoed back) reaches the terminal with its control characters escaped, and with the secrets
 * of any URL given on the command line (`--rpc https://user:pass@host/v3/KEY`) redacted, whichever
 * message (ours, a library's) quotes it.
 */
export function safeIO(io: CliIO, argv: readonly string[]): CliIO {
  const urls = argv
    .map((a) => (a.startsWith('--') && a.includes('=') ? a.slice(a.indexOf('=') + 1) : a))
    .filter((a) => /^[a-z][a-z0-9+.-]*:\/\//i.test(a));
  const clean = (t: string) => escapeControls(redactSecrets(t, urls));
  return { ...io, stdout: (t) => io.stdout(clean(t)), stderr: (t) => io.stderr(clean(t)) };
}

export async function main(argv: string[], rawIO: CliIO): Promise<number> {
  const io = safeIO(rawIO, argv);
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const target = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    if (target) io.stdout(commandUsage(target));
    else if (first === undefined) {
      io.stderr(mainUsage());
      return EXIT_USAGE;
    } else io.stdout(mainUsage());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    io.stderr(`diamond: unknown command "${first}"\n\n${mainUsage()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandUsage(command));
    return 0;
  }
  try {
    const args = parseCommandArgs(command, rest);
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`diamond ${command.name}: ${e.message}\n\n${commandUsage(command)}`);
      return EXIT_USAGE;
    }
    if (e instanceof ConfigFileError) {
      io.stderr(e.report(io.cwd));
      return EXIT_USAGE;
    }
    throw e;
  }
}

if (require.main === module) {
  const io: CliIO = {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  };
  const argv = process.argv.slice(2);
  main(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      safeIO(io, argv).stderr(`diamond: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 3;
    },
  );
}
