/**
 * What the analysis could not see, for the summary a check ends with: every import of a workspace file that does
 * not resolve, the facets' functions without a selector (a parameter type that did not resolve), and the facets'
 * bases that do not resolve (their functions and state are not seen), and the ERC-165 claims of interfaces the
 * engine does not know (interface-incomplete could not check them). Counted whatever the rules' severities.
 */
import type { UnknownClaim } from '../rules/interface-incomplete';
import { contractSelectorsDetailed } from '../selectors';
import { unresolvedImports } from '../workspace/unresolved';
import type { Incompleteness } from './service-api';
import type { ServiceState } from './state';

export function incompletenessOf(
  s: ServiceState,
  unknownInterfaces: readonly UnknownClaim[],
): Incompleteness {
  const imports = s.ws.files().flatMap((file) =>
    unresolvedImports(s.ws, file).map((u) => ({
      file,
      path: u.directive.path,
      start: u.directive.pathSpan.start,
      end: u.directive.pathSpan.end,
    })),
  );
  const functions = new Map<string, Incompleteness['skippedFunctions'][number]>();
  const bases = new Map<string, Incompleteness['unresolvedBases'][number]>();
  for (const facet of s.diamonds.flatMap((d) => d.facets)) {
    for (const u of contractSelectorsDetailed(s.ws, facet).unresolved)
      functions.set(`${u.file}@${u.span.start}`, { file: u.file, contract: u.declaredIn, name: u.name });
    for (const ref of s.ws.linearize(facet)) {
      for (const b of ref.contract.bases) {
        if (s.ws.lookup({ file: ref.file }, b.path)) continue;
        bases.set(`${ref.file}@${b.span.start}`, {
          file: ref.file,
          contract: ref.contract.name,
          base: b.path.join('.'),
        });
      }
    }
  }
  return {
    unresolvedImports: imports,
    skippedFunctions: [...functions.values()],
    unresolvedBases: [...bases.values()],
    unknownInterfaces: [...unknownInterfaces],
  };
}
