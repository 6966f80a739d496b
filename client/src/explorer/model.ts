/**
 * The Facet Explorer as plain data: what the tree shows for a connection state.
 * Pure (no `vscode`): the provider maps these nodes 1:1 onto TreeItems, and the unit tests check the tree
 * for a loupe view without an editor.
 */
import type { LoupeView } from '../../../chain/src/loupe-types';
import type { UpgradePlan } from '../../../chain/src/upgrade-plan-types';
import type { ResolvedSelector, SourceLocation } from '../../../protocol/requests';
import type { CommandId } from '../commands/ids';
import { redactUrl } from '../../../chain/src/redact';
import type { Drift, DriftFacet } from '../../../chain/src/loupe-drift';

/** Why a facet or selector differs between the chain and the local sources (chain/src/loupe.ts markers). */
export type { Drift };

/** What the client needs of a loupe reading (chain's `LoupeView`, with drift normalised to a list). */
export interface ExplorerLoupe {
  chainId: number;
  diamond: string;
  owner: string | null;
  facets: DriftFacet[];
}

export type ExplorerErrorKind = 'rpc-down' | 'not-a-contract' | 'no-loupe' | 'other';

export interface ExplorerError {
  kind: ExplorerErrorKind;
  /** One sentence naming what failed (details are in the output channel). */
  message: string;
}

export type ExplorerState =
  | { kind: 'disconnected' }
  | { kind: 'connecting'; rpcUrl: string; address: string }
  | { kind: 'failed'; rpcUrl: string; address: string; error: ExplorerError }
  | {
      kind: 'connected';
      rpcUrl: string;
      /** The loupe read as the chain module returned it: the live routing is built from this (live-diamond.ts). */
      loupe: LoupeView;
      /** What the tree shows: `loupe` with local-only selectors and facets folded in (loupe-adapter.ts). */
      view: ExplorerLoupe;
      /** From `diamond/resolveSelectors`, keyed by selector; empty when the server did not answer. */
      resolved: ReadonlyMap<string, ResolvedSelector>;
      blockNumber?: number;
      /** What the last "Plan Upgrade" would change here, while it still applies (planApplies). */
      plan?: PlanMarkers;
    };

/**
 * What a plan ("Diamond: Plan Upgrade") would change on the diamond, as the tree marks it: live selectors the
 * cut replaces or removes, and the facets that receive selectors (deployed by the plan: "planned" entries).
 */
export interface PlanMarkers {
  chainId: number;
  diamond: string;
  /** routingKey of the loupe read the plan was made against: a read that differs means the diamond was cut. */
  routing: string;
  /** Selectors routed now that the cut replaces or removes, by lower-case selector. */
  live: ReadonlyMap<string, { action: 'replace' | 'remove'; toFacet: string | null }>;
  /** Facets that will route selectors they do not route now, in plan order. */
  incoming: PlannedFacet[];
  counts: { add: number; replace: number; remove: number };
}

export interface PlannedFacet {
  name: string;
  /** Predicted (deployed by the plan) or the live copy's address. */
  address: string | null;
  /** True when the plan deploys it: a "planned" entry; false: rows added under its live copy. */
  deploy: boolean;
  selectors: { selector: string; signature: string | null; action: 'add' | 'replace' }[];
}

/** The routing of a loupe read, as one comparable string (selector@facet, sorted). */
export function routingKey(loupe: Pick<LoupeView, 'facets'>): string {
  return loupe.facets
    .flatMap((f) => f.selectors.map((s) => `${s.selector.toLowerCase()}@${f.address.toLowerCase()}`))
    .sort()
    .join(',');
}

/** The markers of a plan (chain/src/workflows/upgrade-plan.ts): what the tree shows until the diamond changes. */
export function planMarkersOf(
  plan: Pick<UpgradePlan, 'chainId' | 'diamond' | 'loupe' | 'plan' | 'deploy'>,
): PlanMarkers {
  const live = new Map<string, { action: 'replace' | 'remove'; toFacet: string | null }>();
  const incoming = new Map<string, PlannedFacet>();
  const counts = { add: 0, replace: 0, remove: 0 };
  const deployed = new Map(plan.deploy.map((d) => [d.contract, d.predictedAddress]));
  for (const row of plan.plan.selectors) {
    if (row.action !== 'add' && row.action !== 'replace' && row.action !== 'remove') continue;
    counts[row.action]++;
    const selector = row.selector.toLowerCase();
    if (row.action !== 'add') live.set(selector, { action: row.action, toFacet: row.toFacet });
    if (row.action === 'remove' || row.toFacet === null) continue;
    let facet = incoming.get(row.toFacet);
    if (!facet) {
      const entry = plan.plan.cut.find((c) => c.facet === row.toFacet);
      facet = {
        name: row.toFacet,
        address: deployed.get(row.toFacet) ?? entry?.facetAddress ?? null,
        deploy: deployed.has(row.toFacet),
        selectors: [],
      };
      incoming.set(row.toFacet, facet);
    }
    facet.selectors.push({ selector, signature: row.signature, action: row.action });
  }
  return {
    chainId: plan.chainId,
    diamond: plan.diamond,
    routing: routingKey(plan.loupe),
    live,
    incoming: [...incoming.values()],
    counts,
  };
}

/** Whether markers still describe a loupe read: same chain and diamond, and nothing was cut since the plan. */
export function planApplies(markers: PlanMarkers, loupe: LoupeView): boolean {
  return (
    markers.chainId === loupe.chainId &&
    markers.diamond.toLowerCase() === loupe.diamond.toLowerCase() &&
    markers.routing === routingKey(loupe)
  );
}

export interface NodeCommand {
  command: CommandId;
  title: string;
  arguments: unknown[];
}

export interface ExplorerNode {
  /** Stable across refreshes so the tree keeps expansion and selection. */
  id: string;
  kind: 'diamond' | 'facet' | 'selector' | 'message';
  label: string;
  description?: string;
  /** Markdown. */
  tooltip: string;
  accessibilityLabel: string;
  /** Codicon id, e.g. 'symbol-method'. */
  icon: string;
  /** Theme colour id for the icon. */
  iconColor?: string;
  /** Drives the context menus in package.json (`viewItem == diamond.selector.resolved` …). */
  contextValue: string;
  command?: NodeCommand;
  expanded?: boolean;
  children: ExplorerNode[];
  /** Payload for the context-menu commands. */
  address?: string;
  selector?: string;
  location?: SourceLocation;
}

const DRIFT_TEXT: Record<Drift, { facet: string; selector: string }> = {
  'on-chain-only': { facet: 'on chain only', selector: 'on chain, in no local facet' },
  'local-only': { facet: 'not on chain', selector: 'in the local facet, not on chain' },
  changed: { facet: 'changed locally', selector: 'local facet changed since deployed' },
};

export function shortHex(hex: string): string {
  return hex.length > 14 ? `${hex.slice(0, 6)}…${hex.slice(-4)}` : hex;
}

const facetKey = (facet: Pick<ExplorerLoupe['facets'][number], 'address' | 'name'>) =>
  facet.address ? facet.address.toLowerCase() : `local:${facet.name}`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The tree for a state. Disconnected gives no nodes, so the view's welcome content shows. */
export function buildExplorerTree(state: ExplorerState): ExplorerNode[] {
  switch (state.kind) {
    case 'disconnected':
      return [];
    case 'connecting':
      return [
        message('connecting', `Connecting to ${shortHex(state.address)}…`, 'loading~spin', undefined, {
          tooltip: `Reading the loupe of ${state.address} at ${redactUrl(state.rpcUrl)}`,
        }),
      ];
    case 'failed':
      return errorNodes(state.error, state.rpcUrl);
    case 'connected':
      return [diamondNode(state.view, state.rpcUrl, state.resolved, state.blockNumber, state.plan)];
  }
}

function message(
  id: string,
  label: string,
  icon: string,
  command: NodeCommand | undefined,
  extra: { tooltip?: string; iconColor?: string } = {},
): ExplorerNode {
  return {
    id: `message:${id}`,
    kind: 'message',
    label,
    tooltip: extra.tooltip ?? label,
    accessibilityLabel: command ? `${label}. ${command.title}` : label,
    icon,
    iconColor: extra.iconColor,
    contextValue: 'diamond.message',
    command,
    children: [],
  };
}

/** The actions offered for each failure, in the tree and (same list) in the notification. */
export function actionsFor(kind: ExplorerErrorKind): NodeCommand[] {
  const cmd = (command: CommandId, title: string): NodeCommand => ({ command, title, arguments: [] });
  switch (kind) {
    case 'rpc-down':
      return [cmd('diamond.startNode', 'Start Local Node'), cmd('diamond.openSettings', 'Open Settings')];
    case 'not-a-contract':
    case 'no-loupe':
      return [cmd('diamond.connect', 'Connect to Diamond…'), cmd('diamond.openSettings', 'Open Settings')];
    case 'other':
      return [cmd('diamond.refreshExplorer', 'Retry'), cmd('diamond.showOutput', 'Show Output')];
  }
}

function errorNodes(error: ExplorerError, rpcUrl: string): ExplorerNode[] {
  const head = message('error', error.message, 'error', undefined, {
    tooltip: `${error.message}\n\nRPC: ${redactUrl(rpcUrl)}`,
    iconColor: 'errorForeground',
  });
  const actions = actionsFor(error.kind).map((a) =>
    message(`action:${a.command}`, a.title, 'arrow-right', a),
  );
  return [head, ...actions];
}

/** What the plan marks: the suffix on a row's description and the colour of its icon. */
const PLAN_TEXT = {
  add: { suffix: '→ add', color: 'gitDecoration.addedResourceForeground' },
  replace: { suffix: '→ replace', color: 'gitDecoration.modifiedResourceForeground' },
  remove: { suffix: '→ remove', color: 'gitDecoration.deletedResourceForeground' },
} as const;

type ViewFacet = ExplorerLoupe['facets'][number];

function diamondNode(
  view: ExplorerLoupe,
  rpcUrl: string,
  resolved: ReadonlyMap<string, ResolvedSelector>,
  blockNumber: number | undefined,
  plan: PlanMarkers | undefined,
): ExplorerNode {
  // What the diamond routes: local-only selectors are shown, but not counted as the diamond's.
  const selectorCount = view.facets.reduce(
    (n, f) => n + f.selectors.filter((s) => !s.drift.includes('local-only')).length,
    0,
  );
  const facetCount = view.facets.filter((f) => f.address !== null).length;
  const owner = view.owner ? `owner ${shortHex(view.owner)}` : 'no owner()';
  const planned = plan ? planSummary(plan) : undefined;
  const tooltip = [
    `**Diamond** \`${view.diamond}\``,
    '',
    `- chain id: ${view.chainId}`,
    `- RPC: ${redactUrl(rpcUrl)}`,
    `- owner: ${view.owner ? `\`${view.owner}\`` : 'unknown (no ERC-173 owner())'}`,
    `- ${plural(facetCount, 'facet')}, ${plural(selectorCount, 'selector')}`,
    ...(blockNumber === undefined ? [] : [`- block: ${blockNumber}`]),
    ...(planned ? [`- upgrade plan: ${planned} (until the next plan, or a read after a cut)`] : []),
  ].join('\n');
  return {
    id: `diamond:${view.chainId}:${view.diamond.toLowerCase()}`,
    kind: 'diamond',
    label: `Diamond ${shortHex(view.diamond)}`,
    description: [`chain ${view.chainId}`, owner, ...(planned ? [`plan: ${planned}`] : [])].join(' · '),
    tooltip,
    accessibilityLabel: `Diamond ${view.diamond} on chain ${view.chainId}, ${owner}, ${plural(facetCount, 'facet')}${
      planned ? `, upgrade plan: ${planned}` : ''
    }`,
    icon: 'symbol-structure',
    contextValue: 'diamond.diamond',
    expanded: true,
    address: view.diamond,
    children: facetNodes(view, resolved, plan),
  };
}

/** "9 replace, 3 add" (what the plan changes; zero counts left out). */
function planSummary(plan: PlanMarkers): string {
  const parts = (['replace', 'add', 'remove'] as const)
    .filter((a) => plan.counts[a] > 0)
    .map((a) => `${plan.counts[a]} ${a}`);
  return parts.length ? parts.join(', ') : 'nothing to cut';
}

/**
 * The facets in loupe order, then local facets not on chain; with a plan, a facet the plan deploys takes the
 * place of the local-only entry of its name (or comes last), and one the plan adds to gets its new rows.
 */
function facetNodes(
  view: ExplorerLoupe,
  resolved: ReadonlyMap<string, ResolvedSelector>,
  plan: PlanMarkers | undefined,
): ExplorerNode[] {
  const incoming = plan?.incoming ?? [];
  const used = new Set<PlannedFacet>();
  const nodes = view.facets.map((f) => {
    const into = incoming.find((p) =>
      p.deploy || f.address === null || p.address === null
        ? p.deploy && f.address === null && p.name === f.name
        : p.address.toLowerCase() === f.address.toLowerCase(),
    );
    if (into) used.add(into);
    return into?.deploy ? plannedFacetNode(view, into, resolved) : facetNode(view, f, resolved, plan, into);
  });
  for (const p of incoming.filter((x) => !used.has(x))) nodes.push(plannedFacetNode(view, p, resolved));
  return nodes;
}

function facetNode(
  view: ExplorerLoupe,
  facet: ViewFacet,
  resolved: ReadonlyMap<string, ResolvedSelector>,
  plan: PlanMarkers | undefined,
  into: PlannedFacet | undefined,
): ExplorerNode {
  const selectors = [
    ...facet.selectors
      .map((s) => selectorNode(view, facet, s, resolved.get(s.selector.toLowerCase()), plan))
      .sort((a, b) => a.label.localeCompare(b.label)),
    // Selectors the plan routes here without deploying anything new (rows of their own, after the live ones).
    ...(into?.selectors ?? []).map((s) => incomingSelectorNode(view, facet, into!, s, resolved)),
  ];
  const count = (d: Drift) => facet.selectors.filter((s) => s.drift.includes(d)).length;
  // Rows leaving (replaced elsewhere, removed) and, with `into`, rows arriving here.
  const planCount = (a: 'add' | 'replace' | 'remove') =>
    facet.selectors.filter((s) => plan?.live.get(s.selector.toLowerCase())?.action === a).length +
    (into?.selectors.filter((s) => s.action === a).length ?? 0);
  const markers = [
    ...facet.drift.map((d) => DRIFT_TEXT[d].facet),
    ...(['on-chain-only', 'local-only'] as const)
      .filter((d) => !facet.drift.includes(d) && count(d) > 0)
      .map((d) => `${count(d)} ${DRIFT_TEXT[d].facet}`),
  ];
  const planMarkers = [
    ...(['replace', 'add', 'remove'] as const)
      .filter((a) => planCount(a) > 0)
      .map((a) => `${planCount(a)} ${PLAN_TEXT[a].suffix}`),
  ];
  const deployed = facet.selectors.filter((s) => !s.drift.includes('local-only')).length;
  const name = facet.name ?? shortHex(facet.address ?? 'unknown');
  const description = [
    ...(facet.immutable ? ['immutable'] : []),
    plural(deployed, 'selector'),
    ...markers,
    ...planMarkers,
  ].join(' · ');
  // "Open Source" on a facet: the same-named local contract's file, at its first function on chain.
  const location = facet.name
    ? facet.selectors
        .map((sel) => resolved.get(sel.selector.toLowerCase())?.contracts.find((c) => c.name === facet.name))
        .find((c) => c !== undefined)?.location
    : undefined;
  const drifted = facet.drift.length > 0 || markers.length > 0;
  return {
    id: `facet:${view.chainId}:${view.diamond.toLowerCase()}:${facetKey(facet)}`,
    kind: 'facet',
    label: name,
    description,
    tooltip: [
      `**${facet.name ?? 'Unknown facet'}** ${facet.address ? `\`${facet.address}\`` : '(not deployed)'}`,
      '',
      facet.name
        ? '- name: from local artifacts or the deployment record'
        : '- name: no local artifact matches its code',
      ...(facet.immutable ? ['- the diamond itself: no cut can replace or remove these functions'] : []),
      `- ${description}`,
      ...facet.drift.map((d) => `- ${DRIFT_TEXT[d].selector}`),
      ...(planMarkers.length ? ['- the upgrade plan changes selectors of this facet'] : []),
    ].join('\n'),
    accessibilityLabel: `Facet ${facet.name ?? facet.address}, ${description}`,
    icon: facet.immutable ? 'lock' : 'symbol-class',
    iconColor: facet.drift.includes('changed')
      ? 'gitDecoration.modifiedResourceForeground'
      : drifted
        ? 'problemsWarningIcon.foreground'
        : undefined,
    contextValue: ['diamond.facet', location ? '.resolved' : '', facet.address ? '.deployed' : ''].join(''),
    expanded: false,
    address: facet.address ?? undefined,
    location,
    children: selectors,
  };
}

/** A facet the plan deploys: a "planned" entry listing the selectors the cut routes to it. */
function plannedFacetNode(
  view: ExplorerLoupe,
  planned: PlannedFacet,
  resolved: ReadonlyMap<string, ResolvedSelector>,
): ExplorerNode {
  const facet: ViewFacet = { address: null, name: planned.name, drift: [], selectors: [] };
  const n = (a: 'add' | 'replace') => planned.selectors.filter((s) => s.action === a).length;
  const description = [
    'planned',
    plural(planned.selectors.length, 'selector'),
    ...(['replace', 'add'] as const).filter((a) => n(a) > 0).map((a) => `${n(a)} ${PLAN_TEXT[a].suffix}`),
  ].join(' · ');
  const location = planned.selectors
    .map((s) => resolved.get(s.selector)?.contracts.find((c) => c.name === planned.name))
    .find((c) => c !== undefined)?.location;
  return {
    id: `facet:${view.chainId}:${view.diamond.toLowerCase()}:${facetKey(facet)}`,
    kind: 'facet',
    label: planned.name,
    description,
    tooltip: [
      `**${planned.name}** (planned)`,
      '',
      `- deployed by the upgrade plan${planned.address ? ` at \`${planned.address}\` (predicted)` : ''}`,
      `- ${description}`,
    ].join('\n'),
    accessibilityLabel: `Planned facet ${planned.name}, ${description}`,
    icon: 'symbol-class',
    iconColor: PLAN_TEXT.add.color,
    contextValue: ['diamond.facet.planned', location ? '.resolved' : ''].join(''),
    expanded: false,
    location,
    children: planned.selectors
      .map((s) => incomingSelectorNode(view, facet, planned, s, resolved))
      .sort((a, b) => a.label.localeCompare(b.label)),
  };
}

/** A selector the plan routes to `planned` (Add, or Replace from another facet). */
function incomingSelectorNode(
  view: ExplorerLoupe,
  facet: ViewFacet,
  planned: PlannedFacet,
  s: PlannedFacet['selectors'][number],
  resolved: ReadonlyMap<string, ResolvedSelector>,
): ExplorerNode {
  const local = resolved.get(s.selector);
  const signature = s.signature ?? local?.signature ?? null;
  const impl = local?.contracts.find((c) => c.name === planned.name) ?? local?.contracts[0];
  const mark = PLAN_TEXT[s.action];
  const what =
    s.action === 'add' ? `added, routed to ${planned.name}` : `replaced: routed to ${planned.name}`;
  return {
    id: `selector:${view.chainId}:${view.diamond.toLowerCase()}:${facetKey(facet)}:planned:${s.selector}`,
    kind: 'selector',
    label: signature ?? s.selector,
    description: [signature ? s.selector : 'unknown signature', mark.suffix].join(' · '),
    tooltip: [
      `\`${signature ?? 'unknown signature'}\``,
      '',
      `- selector: \`${s.selector}\``,
      `- upgrade plan: ${what}${planned.address ? ` \`${planned.address}\`` : ''}`,
      impl ? `- source: ${impl.name}` : '- source: not found in the workspace',
    ].join('\n'),
    accessibilityLabel: `Function ${signature ?? 'with unknown signature'}, selector ${s.selector}, upgrade plan: ${what}`,
    icon: 'diff-added',
    iconColor: mark.color,
    contextValue: impl ? 'diamond.selector.resolved' : 'diamond.selector',
    command: impl
      ? { command: 'diamond.openSource', title: 'Open Source', arguments: [impl.location] }
      : undefined,
    children: [],
    selector: s.selector,
    location: impl?.location,
  };
}

function selectorNode(
  view: ExplorerLoupe,
  facet: ViewFacet,
  s: ViewFacet['selectors'][number],
  local: ResolvedSelector | undefined,
  plan: PlanMarkers | undefined,
): ExplorerNode {
  const signature = s.signature ?? local?.signature ?? null;
  // Prefer the local contract named like the facet: the same selector may exist in several contracts.
  const impl = local?.contracts.find((c) => c.name === facet.name) ?? local?.contracts[0];
  const driftText = s.drift.map((d) => DRIFT_TEXT[d].selector);
  // Only a selector this facet routes now can be replaced or removed (not a local-only row).
  const planned =
    facet.address !== null && !s.drift.includes('local-only')
      ? plan?.live.get(s.selector.toLowerCase())
      : undefined;
  const planText = planned
    ? planned.action === 'replace'
      ? `upgrade plan: replaced by ${planned.toFacet ?? 'another facet'}`
      : 'upgrade plan: removed'
    : undefined;
  const description = [
    signature ? s.selector : 'unknown signature',
    ...driftText,
    ...(planned ? [PLAN_TEXT[planned.action].suffix] : []),
  ].join(' · ');
  const icon = s.drift.includes('on-chain-only')
    ? 'cloud'
    : s.drift.includes('local-only')
      ? 'diff-added'
      : signature
        ? 'symbol-method'
        : 'question';
  return {
    id: `selector:${view.chainId}:${view.diamond.toLowerCase()}:${facetKey(facet)}:${s.selector}`,
    kind: 'selector',
    label: signature ?? s.selector,
    description,
    tooltip: [
      `\`${signature ?? 'unknown signature'}\``,
      '',
      `- selector: \`${s.selector}\``,
      `- facet: ${facet.name ?? 'unknown'}${facet.address ? ` \`${facet.address}\`` : ' (not deployed)'}`,
      impl ? `- source: ${impl.name}` : '- source: not found in the workspace',
      ...driftText.map((t) => `- ${t}`),
      ...(planText ? [`- ${planText}`] : []),
    ].join('\n'),
    accessibilityLabel: `Function ${signature ?? 'with unknown signature'}, selector ${s.selector}${
      driftText.length ? `, ${driftText.join(', ')}` : ''
    }${planText ? `, ${planText}` : ''}`,
    icon,
    iconColor: planned
      ? PLAN_TEXT[planned.action].color
      : s.drift.length
        ? 'problemsWarningIcon.foreground'
        : undefined,
    contextValue: impl ? 'diamond.selector.resolved' : 'diamond.selector',
    command: impl
      ? { command: 'diamond.openSource', title: 'Open Source', arguments: [impl.location] }
      : undefined,
    children: [],
    address: facet.address ?? undefined,
    selector: s.selector,
    location: impl?.location,
  };
}
