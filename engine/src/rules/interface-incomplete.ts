/**
 * Rule interface-incomplete (error): a diamond claims an ERC-165 interface (its init registers the id,
 * `ds.supportedInterfaces[type(I).interfaceId] = true`, `_setSupportsInterface(id, true)`, or a
 * `supportsInterface` compares against it) while some of that interface's functions are routed to no facet of the
 * diamond (nor are the diamond contract's own): `supportsInterface` answers true for calls that revert. The
 * claims and the routing are the local ones (the diamond's facets per the config or the inference); the input is
 * built by service/interface-claims.ts. With a connected diamond, also what it claims live: an interface whose
 * `supportsInterface(id)` answers true on chain while some of its functions are routed nowhere on chain (the
 * loupe's routing), reported at the diamond's source.
 */
import type { Finding, Place, Severity } from '../findings';

export interface InterfaceClaim extends Place {
  /** The interface's name (`IDiamondLoupe`). */
  interfaceName: string;
  /** '0x' + 8 hex digits. */
  id: string;
  /** The functions the interface declares itself (what its id is made of). */
  functions: readonly { selector: string; signature: string }[];
  /** The contract whose code makes the claim (`DiamondInit`). */
  claimedIn: string;
  /** Where the interface is declared in the workspace, when it is. */
  declaration?: Place;
}

/** A claim no diamond could be tied to (several diamonds, none of whose folders holds the claim). */
export interface UnattributedClaim extends Place {
  interfaceName: string;
  id: string;
  claimedIn: string;
  /** The diamonds it may be for, by name. */
  candidates: readonly string[];
}

/** The connected diamond's live claims (its `supportsInterface` answers) against its live routing. */
export interface LiveInterfaceInput {
  chainId: number;
  address: string;
  /** Every selector the loupe routes (to a facet or to the diamond itself). */
  routed: ReadonlySet<string>;
  /** The interfaces it answers true for, known by the engine, each with where its finding sits. */
  claims: readonly {
    interfaceName: string;
    id: string;
    functions: readonly { selector: string; signature: string }[];
    /** The diamond's source (its diamond contract), else the local claim of the id, else a facet. */
    at: Place;
    declaration?: Place;
  }[];
}

/** A claim of an interface the engine does not know: not checked (a check's summary counts it). */
export interface UnknownClaim extends Place {
  /** The interface as claimed: its name (`type(I).interfaceId`) or its id ('0x' + 8 hex digits). */
  interface: string;
  claimedIn: string;
}

export interface InterfaceRuleInput {
  diamonds: readonly {
    name: string;
    /** Every selector the diamond routes: its facets' and the diamond contract's own. */
    routed: ReadonlySet<string>;
    claims: readonly InterfaceClaim[];
  }[];
  /** Claims that were not checked because no diamond could be told: reported as info, once each. */
  unattributed?: readonly UnattributedClaim[];
  /** Claims of interfaces the engine does not know (not this rule's to report: the check summary counts them). */
  unknown?: readonly UnknownClaim[];
  /** The connected diamond (only when its supportsInterface answers were read). */
  live?: LiveInterfaceInput;
}

/** At most this many missing functions are named; the rest are counted. */
const MAX_NAMED = 4;

export function runInterfaceIncomplete(input: InterfaceRuleInput, severity: Severity = 'error'): Finding[] {
  const out: Finding[] = [];
  for (const d of input.diamonds) {
    const seen = new Set<string>();
    for (const c of d.claims) {
      const key = `${c.file}\0${c.start}\0${c.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const missing = c.functions.filter((f) => !d.routed.has(f.selector));
      if (missing.length === 0) continue;
      const named = namedMissing(missing);
      out.push({
        rule: 'interface-incomplete',
        severity,
        file: c.file,
        start: c.start,
        end: c.end,
        message:
          `${c.claimedIn} claims ${c.interfaceName} (${c.id}) for diamond ${d.name}, but ` +
          `${missing.length === c.functions.length ? 'none of its functions is' : `${named} ${missing.length === 1 ? 'is' : 'are'}`} ` +
          `routed to a facet of ${d.name}${missing.length === c.functions.length ? ` (${named})` : ''}: ` +
          'supportsInterface answers true for calls that revert. Add the facet that implements them, or stop claiming the interface',
        related: c.declaration ? [{ ...c.declaration, message: `${c.interfaceName} is declared here` }] : [],
      });
    }
  }
  if (input.live) out.push(...liveFindings(input.live, severity));
  const said = new Set<string>();
  for (const c of input.unattributed ?? []) {
    const key = `${c.file}\0${c.start}\0${c.id}`;
    if (said.has(key)) continue;
    said.add(key);
    out.push({
      rule: 'interface-incomplete',
      severity: 'info',
      file: c.file,
      start: c.start,
      end: c.end,
      message:
        `${c.claimedIn} claims ${c.interfaceName} (${c.id}), but which diamond it is for cannot be told ` +
        `(${c.candidates.join(', ')}), so whether its functions are routed was not checked: ` +
        'pin the diamonds in diamond.config.json (a "root" folder or their facets)',
      related: [],
    });
  }
  return out;
}

function namedMissing(missing: readonly { selector: string; signature: string }[]): string {
  const named = missing.slice(0, MAX_NAMED).map((f) => `${f.signature} (${f.selector})`);
  const more = missing.length > MAX_NAMED ? ` and ${missing.length - MAX_NAMED} more` : '';
  return named.join(', ') + more;
}

function liveFindings(live: LiveInterfaceInput, severity: Severity): Finding[] {
  const out: Finding[] = [];
  for (const c of live.claims) {
    const missing = c.functions.filter((f) => !live.routed.has(f.selector));
    if (missing.length === 0) continue;
    const one = missing.length === 1;
    out.push({
      rule: 'interface-incomplete',
      severity,
      file: c.at.file,
      start: c.at.start,
      end: c.at.end,
      message:
        `The diamond on chain ${live.chainId} at ${live.address} answers supportsInterface(${c.id}) true ` +
        `(${c.interfaceName}), but ${namedMissing(missing)} ${one ? 'is' : 'are'} routed to no facet on chain: ` +
        `calls to ${one ? 'it revert' : 'them revert'}. Cut the facet that implements ${one ? 'it' : 'them'} back in, ` +
        'or stop claiming the interface',
      related: c.declaration ? [{ ...c.declaration, message: `${c.interfaceName} is declared here` }] : [],
    });
  }
  return out;
}
