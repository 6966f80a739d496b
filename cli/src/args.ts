/** Argument parsing for one command, from its OptionSpec list (node:util parseArgs, strict). */
import { parseArgs } from 'node:util';
import { UsageError, type Command, type OptionSpec, type ParsedArgs } from './command';

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const o of command.options)
    options[o.name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs' messages name the flag ("Unknown option '--jsn'"); drop its advice about '--'.
    throw new UsageError((e as Error).message.split('. To specify')[0]);
  }
  if (command.args === undefined && parsed.positionals.length > 0) {
    throw new UsageError(
      `unexpected argument "${parsed.positionals[0]}" (diamond ${command.name} takes no positional arguments)`,
    );
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  for (const o of command.options) {
    const v = values[o.name];
    if (o.type === 'string' && typeof v === 'string' && o.choices && !o.choices.includes(v)) {
      throw new UsageError(`--${o.name} must be one of ${o.choices.join(', ')} (got "${v}")`);
    }
  }
  return { positionals: parsed.positionals, options: values };
}

function optionLabel(o: OptionSpec): string {
  const value = o.type === 'string' ? ` <${o.valueName ?? (o.choices ? o.choices.join('|') : 'value')}>` : '';
  return (o.short ? `-${o.short}, ` : '') + `--${o.name}${value}`;
}

export function commandUsage(command: Command): string {
  const lines = [
    `Usage: diamond ${command.name}${command.args ? ' ' + command.args : ''} [options]`,
    '',
    command.summary,
  ];
  if (command.options.length) {
    lines.push('', 'Options:');
    const labels = command.options.map(optionLabel);
    const w = Math.max(...labels.map((l) => l.length));
    command.options.forEach((o, i) => lines.push(`  ${labels[i].padEnd(w)}  ${o.description}`));
  }
  return lines.join('\n') + '\n';
}
