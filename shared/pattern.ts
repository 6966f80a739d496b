/**
 * Why a regular expression a repository or a setting supplies cannot run: patterns run on RE2 (linear time on
 * any input: no backreferences, no lookaround), in the engine and in the settings alike.
 */
import { RE2JS } from 're2js';

/** Undefined when RE2 compiles `source`; otherwise the sentence saying why not. */
export function patternProblem(source: string): string | undefined {
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (e) {
    return describePatternProblem(source, (e as Error).message);
  }
}

const RE2_NOTE = 'patterns use RE2 syntax, which runs in linear time on any input';

export function describePatternProblem(source: string, re2Message: string): string {
  const unsupported: string[] = [];
  if (/(^|[^\\])(\\\\)*\\([1-9]|k<)/.test(source)) unsupported.push('backreferences (\\1, \\k<name>)');
  if (/\(\?[=!]/.test(source)) unsupported.push('lookahead ((?=…), (?!…))');
  if (/\(\?<[=!]/.test(source)) unsupported.push('lookbehind ((?<=…), (?<!…))');
  if (unsupported.length)
    return `not supported: ${unsupported.join(', ')}; ${RE2_NOTE} and has no lookaround or backreferences`;
  return `not a valid regular expression (${re2Message}; ${RE2_NOTE})`;
}
