/** What the status bar item says: language server, local node, connected diamond. Pure. */
import { shortHex } from './explorer/model';
import type { ServerState } from './language-client';

export interface StatusInput {
  server: ServerState;
  node: { url: string; chainId: number; ownedByUs: boolean } | undefined;
  explorer:
    | { kind: 'disconnected' }
    | { kind: 'connecting' | 'failed'; address: string; rpcUrl: string }
    | { kind: 'connected'; address: string; chainId: number; rpcUrl: string };
}

export interface StatusView {
  /** With codicons, e.g. `$(symbol-structure) 0x5FbD…0aa3 · 31337`. */
  text: string;
  /** Markdown. */
  tooltip: string;
  /** 'warning' paints the item with the warning background. */
  tone: 'normal' | 'warning';
}

export function statusView(s: StatusInput): StatusView {
  const parts: string[] = [];
  const tips: string[] = [];
  if (s.server === 'starting') parts.push('$(loading~spin) Diamond');
  else if (s.server === 'stopped') parts.push('$(warning) Diamond');
  else parts.push('$(symbol-structure) Diamond');
  tips.push(
    s.server === 'running'
      ? 'Language server: running'
      : s.server === 'starting'
        ? 'Language server: starting'
        : 'Language server: stopped (Diamond: Restart Language Server)',
  );
  if (s.node) {
    parts.push(`$(vm-running) ${new URL(s.node.url).port || s.node.url}`);
    tips.push(
      `Local node: ${s.node.url}, chain ${s.node.chainId}${s.node.ownedByUs ? '' : ' (not started by Diamond)'}`,
    );
  } else {
    tips.push('Local node: not running');
  }
  const e = s.explorer;
  if (e.kind === 'connected') {
    parts.push(`$(plug) ${shortHex(e.address)} @${e.chainId}`);
    tips.push(`Diamond: ${e.address} on chain ${e.chainId} via ${e.rpcUrl}`);
  } else if (e.kind === 'connecting') {
    parts.push(`$(sync~spin) ${shortHex(e.address)}`);
    tips.push(`Diamond: connecting to ${e.address} via ${e.rpcUrl}`);
  } else if (e.kind === 'failed') {
    parts.push(`$(debug-disconnect) ${shortHex(e.address)}`);
    tips.push(`Diamond: ${e.address} cannot be read via ${e.rpcUrl} (see the Facet Explorer)`);
  } else {
    tips.push('Diamond: not connected');
  }
  return {
    text: parts.join('  '),
    tooltip: tips.map((t) => `- ${t}`).join('\n'),
    tone: s.server === 'stopped' || e.kind === 'failed' ? 'warning' : 'normal',
  };
}
