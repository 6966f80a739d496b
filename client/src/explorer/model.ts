/**
 * The Facet Explorer as plain data: what the tree shows for a connection state.
 * Pure (no `vscode`): the provider maps these nodes 1:1 onto TreeItems, and the unit tests check the tree
 * for a loupe view without an editor.
 */
import type { LoupeView } from '../../../chain/src/loupe-types';
import type { ResolvedSelector, SourceLocation } from '../../../protocol/requests';
import type { CommandId } from '../commands/ids';
import { redactUrl } from '../../../chain/src/redact';

/** Why a facet or selector differs between the chain and the local sources (chain/src/loupe.ts markers). */
export type Drift = 'on-chain-only' | 'local-only' | 'changed';

/** What the client needs of a loupe reading (chain's `LoupeView`, with drift normalised to a list). */
export interface ExplorerLoupe {
  chainId: number;
  diamond: string;
  owner: string | null;
  facets: {
    /** null for a local facet that is not on chain at all (drift ['local-only']). */
    address: string | null;
    name: string | null;
    drift: Drift[];
    /** Routed to the diamond itself: no cut can replace or remove these functions. */
    immutable?: boolean;
    selectors: { selector: string; signature: string | null; drift: Drift[] }[];
  }[];
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
    };

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

const facetKey = (facet: ExplorerLoupe['facets'][number]) =>
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
      return [diamondNode(state.view, state.rpcUrl, state.resolved, state.blockNumber)];
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

function diamondNode(
  view: ExplorerLoupe,
  rpcUrl: string,
  resolved: ReadonlyMap<string, ResolvedSelector>,
  blockNumber: number | undefined,
): ExplorerNode {
  // What the diamond routes: local-only selectors are shown, but not counted as the diamond's.
  const selectorCount = view.facets.reduce(
    (n, f) => n + f.selectors.filter((s) => !s.drift.includes('local-only')).length,
    0,
  );
  const facetCount = view.facets.filter((f) => f.address !== null).length;
  const owner = view.owner ? `owner ${shortHex(view.owner)}` : 'no owner()';
  const tooltip = [
    `**Diamond** \`${view.diamond}\``,
    '',
    `- chain id: ${view.chainId}`,
    `- RPC: ${redactUrl(rpcUrl)}`,
    `- owner: ${view.owner ? `\`${view.owner}\`` : 'unknown (no ERC-173 owner())'}`,
    `- ${plural(facetCount, 'facet')}, ${plural(selectorCount, 'selector')}`,
    ...(blockNumber === undefined ? [] : [`- block: ${blockNumber}`]),
  ].join('\n');
  return {
    id: `diamond:${view.chainId}:${view.diamond.toLowerCase()}`,
    kind: 'diamond',
    label: `Diamond ${shortHex(view.diamond)}`,
    description: `chain ${view.chainId} · ${owner}`,
    tooltip,
    accessibilityLabel: `Diamond ${view.diamond} on chain ${view.chainId}, ${owner}, ${plural(facetCount, 'facet')}`,
    icon: 'symbol-structure',
    contextValue: 'diamond.diamond',
    expanded: true,
    address: view.diamond,
    children: view.facets.map((f) => facetNode(view, f, resolved)),
  };
}

function facetNode(
  view: ExplorerLoupe,
  facet: ExplorerLoupe['facets'][number],
  resolved: ReadonlyMap<string, ResolvedSelector>,
): ExplorerNode {
  const selectors = facet.selectors
    .map((s) => selectorNode(view, facet, s, resolved.get(s.selector.toLowerCase())))
    .sort((a, b) => a.label.localeCompare(b.label));
  const count = (d: Drift) => facet.selectors.filter((s) => s.drift.includes(d)).length;
  const markers = [
    ...facet.drift.map((d) => DRIFT_TEXT[d].facet),
    ...(['on-chain-only', 'local-only'] as const)
      .filter((d) => !facet.drift.includes(d) && count(d) > 0)
      .map((d) => `${count(d)} ${DRIFT_TEXT[d].facet}`),
  ];
  const deployed = facet.selectors.filter((s) => !s.drift.includes('local-only')).length;
  const name = facet.name ?? shortHex(facet.address ?? 'unknown');
  const description = [
    ...(facet.immutable ? ['immutable'] : []),
    plural(deployed, 'selector'),
    ...markers,
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

function selectorNode(
  view: ExplorerLoupe,
  facet: ExplorerLoupe['facets'][number],
  s: ExplorerLoupe['facets'][number]['selectors'][number],
  local: ResolvedSelector | undefined,
): ExplorerNode {
  const signature = s.signature ?? local?.signature ?? null;
  // Prefer the local contract named like the facet: the same selector may exist in several contracts.
  const impl = local?.contracts.find((c) => c.name === facet.name) ?? local?.contracts[0];
  const driftText = s.drift.map((d) => DRIFT_TEXT[d].selector);
  const description = [signature ? s.selector : 'unknown signature', ...driftText].join(' · ');
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
    ].join('\n'),
    accessibilityLabel: `Function ${signature ?? 'with unknown signature'}, selector ${s.selector}${
      driftText.length ? `, ${driftText.join(', ')}` : ''
    }`,
    icon,
    iconColor: s.drift.length ? 'problemsWarningIcon.foreground' : undefined,
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
