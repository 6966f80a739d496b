/**
 * The cut planner: from the diamond as the chain routes it and the facet set the project wants, the
 * `diamondCut` that gets there, per selector with its reason. Pure: no I/O, no chain, no compiler. The faces
 * (CLI `diamond upgrade plan`, VS Code "Diamond: Plan Upgrade") and the live-selector-conflict rule read the
 * same plan, so there is one model of what a cut does.
 *
 * Per selector of a target facet:
 * - not routed → **Add** (to the target facet);
 * - routed to the deployed copy of the target facet (identical runtime code, decided by the caller with
 *   metadata and immutables normalised) → nothing;
 * - routed to another facet → **Replace** (a new version, or a move from another facet: see `moves`);
 * - routed to the diamond itself → immutable: never touched, reported as an error.
 * Per selector routed on chain that no target facet exposes:
 * - on a facet the project manages (its name is in `managed`) → **Remove**, unless protected;
 * - on a facet the project does not manage, or one no local knowledge names → left alone unless `prune`;
 * - immutable or protected → never removed.
 */

/** A facet the diamond routes to now. */
export interface LiveFacetInput {
  address: string;
  /** Lower-case '0x' + 8 hex digits. */
  selectors: readonly string[];
  /** The local name of this facet (from identical code, or the deployment record); null when unknown. */
  name: string | null;
  /** True when its runtime code equals the local artifact of `name` (metadata and immutables normalised). */
  sameCode: boolean;
}

export interface TargetFacetInput {
  /** Contract name (unique within one diamond's target set). */
  name: string;
  selectors: readonly { selector: string; signature: string }[];
}

export interface PlanCutInput {
  chainId: number;
  /** The diamond's address: a selector routed here is immutable. */
  diamond: string;
  live: readonly LiveFacetInput[];
  /** The facets the diamond should route to after the cut. */
  target: readonly TargetFacetInput[];
  /** Facet names this project manages (its target facets, and earlier versions it deployed). */
  managed: readonly string[];
  /** Selectors never removed (by default the cut, loupe and ownership functions). */
  protectedSelectors?: readonly string[];
  /** Remove what no target facet exposes also from facets the project does not manage. */
  prune?: boolean;
}

export type CutAction = 'add' | 'replace' | 'remove';

export interface PlannedSelector {
  selector: string;
  /** Canonical signature when a target facet or the caller's table knows it; null otherwise. */
  signature: string | null;
  action: CutAction | 'keep' | 'immutable' | 'protected' | 'unmanaged';
  /** The live facet (name, else address) that routes it now; null when not routed. */
  fromFacet: string | null;
  fromAddress: string | null;
  /** The target facet that will route it; null for a Remove or a selector left alone. */
  toFacet: string | null;
}

/** One entry of the cut. `facet` is the target facet's name (null for Remove); its address is bound later. */
export interface PlannedCut {
  facet: string | null;
  /** Known when the target facet is already deployed (its live copy) or after `bindAddresses`. */
  facetAddress: string | null;
  action: CutAction;
  functionSelectors: string[];
}

export interface PlanProblem {
  /**
   * `immutable`: a target facet exposes a selector routed to the diamond itself; `move`: a target facet takes a
   * selector from another facet that stays in the diamond (an Add would revert; the plan Replaces it);
   * `duplicate`: two target facets expose the selector (one signature twice, or a 4-byte collision).
   */
  kind: 'immutable' | 'move' | 'duplicate';
  severity: 'error' | 'warning';
  selector: string;
  /** The target facet the problem is about. */
  facet: string;
  signature: string;
  /** The live facet involved (name, else address) and its address; null for a duplicate. */
  fromFacet: string | null;
  fromAddress: string | null;
  message: string;
}

export interface CutPlan {
  chainId: number;
  diamond: string;
  cut: PlannedCut[];
  selectors: PlannedSelector[];
  /** Target facets that must be deployed before the cut (no live copy with identical code), in target order. */
  deploy: string[];
  problems: PlanProblem[];
}

/** diamondCut, the loupe and ERC-173: what a plan never removes unless the caller says otherwise. */
export const DEFAULT_PROTECTED_SELECTORS: readonly string[] = [
  '0x1f931c1c', // diamondCut((address,uint8,bytes4[])[],address,bytes)
  '0x7a0ed627', // facets()
  '0xadfca15e', // facetFunctionSelectors(address)
  '0x52ef6b2c', // facetAddresses()
  '0xcdffacc6', // facetAddress(bytes4)
  '0x01ffc9a7', // supportsInterface(bytes4)
  '0x8da5cb5b', // owner()
  '0xf2fde38b', // transferOwnership(address)
];

const lower = (s: string) => s.toLowerCase();

/** A problem about one target selector (its fields in the order the plan's JSON has always had). */
function problemAt(
  kind: PlanProblem['kind'],
  severity: PlanProblem['severity'],
  at: Pick<PlanProblem, 'selector' | 'facet' | 'signature' | 'fromFacet' | 'fromAddress'>,
  message: string,
): PlanProblem {
  const { selector, facet, signature, fromFacet, fromAddress } = at;
  return { kind, severity, selector, facet, signature, fromFacet, fromAddress, message };
}

export function planCut(input: PlanCutInput): CutPlan {
  const routed = new Map<string, LiveFacetInput>();
  for (const f of input.live) for (const s of f.selectors) routed.set(lower(s), f);
  // Addresses compared once per live facet, not once per selector (a 1,000-selector diamond, BENCHMARKS.md).
  const diamond = lower(input.diamond);
  const isDiamond = new Set(input.live.filter((f) => lower(f.address) === diamond));
  const lowerAddress = new Map(input.live.map((f) => [f, lower(f.address)]));
  const protectedSet = new Set((input.protectedSelectors ?? DEFAULT_PROTECTED_SELECTORS).map(lower));
  const managed = new Set(input.managed);
  /** A target facet's deployed copy: a live facet of its name with identical code. */
  const deployedCopy = new Map<string, LiveFacetInput>();
  for (const f of input.live)
    if (f.name !== null && f.sameCode && !deployedCopy.has(f.name)) deployedCopy.set(f.name, f);

  const selectors: PlannedSelector[] = [];
  const problems: PlanProblem[] = [];
  const adds = new Map<string, string[]>();
  const replaces = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string, s: string) => {
    const list = m.get(k);
    if (list) list.push(s);
    else m.set(k, [s]);
  };
  const liveName = (f: LiveFacetInput) => f.name ?? f.address;

  const targetNames = new Set(input.target.map((t) => t.name));
  /** A live facet stays after the cut unless the project manages it and the target set drops it. */
  const stays = (f: LiveFacetInput) => f.name === null || targetNames.has(f.name) || !managed.has(f.name);
  /** The first target facet exposing each selector (a selector in it is exposed after the cut). */
  const firstOwner = new Map<string, { facet: string; signature: string }>();

  // One pass per target selector; no closure or spread per selector (a tenth of a plan's CPU, BENCHMARKS.md).
  for (const t of input.target) {
    const copy = deployedCopy.get(t.name);
    const copyAddress = copy && lowerAddress.get(copy);
    /** The live facet `on` is the target's deployed copy (the same facet, or one at its address). */
    const isCopy = (on: LiveFacetInput) =>
      copy !== undefined && (on === copy || lowerAddress.get(on) === copyAddress);
    for (const { selector: raw, signature } of t.selectors) {
      const selector = lower(raw);
      const on = routed.get(selector);
      const fromFacet = on ? liveName(on) : null;
      const fromAddress = on ? on.address : null;
      const immutable = on !== undefined && isDiamond.has(on);
      if (immutable) {
        problems.push(
          problemAt(
            'immutable',
            'error',
            { selector, facet: t.name, signature, fromFacet, fromAddress },
            `${t.name} exposes ${signature} (${selector}), which is immutable on the diamond ${input.diamond}: no cut can route it to a facet`,
          ),
        );
      } else if (on && on.name !== t.name && stays(on) && !isCopy(on)) {
        problems.push(
          problemAt(
            'move',
            'warning',
            { selector, facet: t.name, signature, fromFacet, fromAddress },
            `${t.name} takes ${signature} (${selector}) from ${fromFacet} (${on.address}), which stays in the diamond: an Add would revert, the plan Replaces it`,
          ),
        );
      }
      const owner = firstOwner.get(selector);
      if (owner) {
        const what = owner.signature === signature ? 'both expose' : `collides with ${owner.signature} in`;
        problems.push(
          problemAt(
            'duplicate',
            'error',
            { selector, facet: t.name, signature, fromFacet, fromAddress },
            `${t.name}: ${signature} (${selector}) ${what} ${owner.facet}: a diamond routes each selector to one facet`,
          ),
        );
        continue;
      }
      firstOwner.set(selector, { facet: t.name, signature });
      let action: PlannedSelector['action'];
      let toFacet: string | null = t.name;
      if (!on) {
        action = 'add';
        push(adds, t.name, selector);
      } else if (immutable) {
        action = 'immutable';
        toFacet = null;
      } else if (isCopy(on)) {
        action = 'keep';
      } else {
        action = 'replace';
        push(replaces, t.name, selector);
      }
      selectors.push({ selector, signature, fromFacet, fromAddress, action, toFacet });
    }
  }

  const removes: string[] = [];
  for (const f of input.live) {
    for (const raw of f.selectors) {
      const selector = lower(raw);
      if (firstOwner.has(selector)) continue; // a target facet exposes it
      const row = {
        selector,
        signature: null,
        fromFacet: liveName(f),
        fromAddress: f.address,
        toFacet: null,
      };
      if (isDiamond.has(f)) {
        selectors.push({ ...row, action: 'immutable' });
      } else if (protectedSet.has(selector)) {
        selectors.push({ ...row, action: 'protected' });
      } else if (input.prune || (f.name !== null && managed.has(f.name))) {
        selectors.push({ ...row, action: 'remove' });
        removes.push(selector);
      } else {
        selectors.push({ ...row, action: 'unmanaged' });
      }
    }
  }

  const cut: PlannedCut[] = [];
  const deploy: string[] = [];
  for (const t of input.target) {
    const r = replaces.get(t.name);
    const a = adds.get(t.name);
    if (!r && !a) continue;
    const copy = deployedCopy.get(t.name);
    if (!copy) deploy.push(t.name);
    const facetAddress = copy?.address ?? null;
    if (r) cut.push({ facet: t.name, facetAddress, action: 'replace', functionSelectors: r });
    if (a) cut.push({ facet: t.name, facetAddress, action: 'add', functionSelectors: a });
  }
  if (removes.length) {
    cut.push({
      facet: null,
      facetAddress: '0x0000000000000000000000000000000000000000',
      action: 'remove',
      functionSelectors: removes,
    });
  }
  return { chainId: input.chainId, diamond: input.diamond, cut, selectors, deploy, problems };
}

/** The plan with the addresses of the facets it deploys filled in (predicted, or as deployed). */
export function bindAddresses(plan: CutPlan, addresses: Readonly<Record<string, string>>): CutPlan {
  const missing = plan.deploy.filter((n) => addresses[n] === undefined);
  if (missing.length) throw new Error(`no address for ${missing.join(', ')}`);
  return {
    ...plan,
    cut: plan.cut.map((c) =>
      c.facetAddress === null && c.facet !== null ? { ...c, facetAddress: addresses[c.facet] } : c,
    ),
  };
}
