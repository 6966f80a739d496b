/**
 * Patterns a repository supplies, run in linear time.
 *
 * A cloned repository is untrusted input: `namespacePattern` in its diamond.config.json (or the
 * `diamond.namespacePattern` setting it carries) must not be able to hang the CLI or the language
 * server. JavaScript's RegExp backtracks (`^(a+)+$` against 38 characters never returns), so the
 * pattern is compiled with RE2JS, a linear-time RE2 port. RE2 has no backreferences and no
 * lookaround; a pattern using them is a config problem, said plainly.
 *
 * `exclude` globs have their own matcher (`globMatches`): `*` and literals only, no regex at all.
 */
import { RE2JS } from 're2js';
import { describePatternProblem } from '../../shared/pattern';
import { BoundedMemo } from './memo';

export interface CompiledPattern {
  /** True when the pattern matches somewhere in `text` (RegExp.test's search semantics). */
  test(text: string): boolean;
}

export type PatternCompilation = { ok: true; pattern: CompiledPattern } | { ok: false; problem: string };

/** Bounded: each edit of a config's pattern is a new key. */
const compiled = new BoundedMemo<PatternCompilation>(64);

/** `namespacePattern` compiled for RE2 (linear-time), or why it cannot be. */
export function compileNamespacePattern(source: string): PatternCompilation {
  return compiled.get(source, () => {
    try {
      const re = RE2JS.compile(source);
      return { ok: true, pattern: { test: (text: string) => re.matcher(text).find() } };
    } catch (e) {
      return { ok: false, problem: describePatternProblem(source, (e as Error).message) };
    }
  });
}

/**
 * A config glob against a whole name: `*` matches any run of characters, everything else is literal.
 * Iterative with one remembered star (the classic two-pointer matcher): O(name × glob) at worst,
 * never exponential, whatever the glob.
 */
export function globMatches(glob: string, name: string): boolean {
  let g = 0;
  let n = 0;
  let star = -1; // index in glob just after the last '*' seen
  let resume = 0; // where in name that star's run currently ends
  while (n < name.length) {
    if (g < glob.length && glob[g] === '*') {
      star = ++g;
      resume = n;
    } else if (g < glob.length && glob[g] === name[n]) {
      g++;
      n++;
    } else if (star >= 0) {
      g = star;
      n = ++resume;
    } else return false;
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}
