/**
 * The simulation as Markdown (pure: a SimulationResult and its plan in, text out), one section per question a
 * reviewer asks: did it pass, what moves where, what the plan's validation said, what each step cost, what was
 * emitted, how the init ended, which storage was written (per namespace), and the loupe before and after.
 */
import { redactUrl } from './redact';
import type { JsonValue } from './simulation/abi-decoder';
import { describeError } from './simulation/abi-decoder';
import type { UpgradePlan } from './upgrade-plan-types';
import type { LoupeRow, SimulationResult } from './workflows/upgrade-simulate';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;
const short = (hex: string, keep = 10): string =>
  hex.length > 2 * keep + 6 ? `${hex.slice(0, keep + 2)}…${hex.slice(-keep)}` : hex;
const lower = (s: string) => s.toLowerCase();

function jsonArg(v: JsonValue): string {
  if (typeof v === 'string') return /^0x[0-9a-fA-F]{80,}$/.test(v) ? short(v, 16) : v;
  if (v === null) return 'null';
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(jsonArg).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${k}: ${jsonArg(x)}`)
    .join(', ')}}`;
}

function argsText(args: Record<string, JsonValue> | null): string {
  if (!args) return '';
  return Object.entries(args)
    .map(([k, v]) => `${k}=${jsonArg(v)}`)
    .join(', ');
}

/** Names for addresses the plan and the result know (live facets, planned deployments, DAO, token). */
function addressNames(result: SimulationResult, plan: UpgradePlan): Map<string, string> {
  const names = new Map<string, string>();
  for (const s of plan.plan.selectors)
    if (s.fromAddress && s.fromFacet && !/^0x[0-9a-fA-F]{40}$/.test(s.fromFacet))
      names.set(lower(s.fromAddress), s.fromFacet);
  for (const c of plan.plan.cut) if (c.facet && c.facetAddress) names.set(lower(c.facetAddress), c.facet);
  for (const d of plan.deploy) names.set(lower(d.predictedAddress), d.contract);
  if (plan.init) names.set(lower(plan.init.address), plan.init.contract);
  names.set(lower(result.diamond), 'Diamond');
  if (result.governance) {
    names.set(lower(result.governance.dao), 'ProtocolDAO');
    names.set(lower(result.governance.token), 'token');
  }
  return names;
}

function verdict(result: SimulationResult): string[] {
  if (result.ok) return ['**Verdict: ✅ the upgrade goes through.** Every step succeeded.'];
  const f = result.failure;
  return [
    `**Verdict: ❌ the upgrade fails** at step "${f?.step ?? '?'}": ${f ? cell(f.reason) : 'unknown'}.`,
  ];
}

function selectorSection(plan: UpgradePlan, names: Map<string, string>): string[] {
  const toAddress = new Map<string, string>();
  for (const c of plan.plan.cut) if (c.facet && c.facetAddress) toAddress.set(c.facet, c.facetAddress);
  const changing = plan.plan.selectors.filter(
    (s) => s.action === 'add' || s.action === 'replace' || s.action === 'remove',
  );
  const out = ['## Cut: per selector', ''];
  if (!changing.length) return [...out, 'The cut changes no selector.', ''];
  out.push('| Selector | Signature | Action | Old facet | New facet |', '|---|---|---|---|---|');
  for (const s of changing) {
    const from = s.fromAddress
      ? `${s.fromFacet ?? names.get(lower(s.fromAddress)) ?? '?'} (${code(s.fromAddress)})`
      : '—';
    const toAddr = s.toFacet ? toAddress.get(s.toFacet) : undefined;
    const to = s.toFacet ? `${s.toFacet}${toAddr ? ` (${code(toAddr)})` : ''}` : '— (removed)';
    out.push(
      `| ${code(s.selector)} | ${s.signature ? code(s.signature) : '?'} | ${s.action} | ${cell(from)} | ${cell(to)} |`,
    );
  }
  const left = plan.plan.selectors.length - changing.length;
  if (left)
    out.push(
      '',
      `${left} other routed selector(s) stay as they are (kept, immutable, protected or unmanaged).`,
    );
  return [...out, ''];
}

function findingsSection(plan: UpgradePlan): string[] {
  const out = ['## Validation findings', ''];
  if (!plan.findings.length) return [...out, 'None.', ''];
  const icon = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;
  for (const f of plan.findings)
    out.push(
      `- ${icon[f.severity]} ${f.severity} ${code(f.rule)}: ${cell(f.message)}${f.file ? ` (${f.file})` : ''}`,
    );
  return [...out, ''];
}

function stepsSection(result: SimulationResult): string[] {
  const out = ['## Steps', '', '| # | Step | From | Gas | ms | Transaction |', '|---|---|---|---:|---:|---|'];
  result.steps.forEach((s, i) => {
    const mark = s.ok ? '' : ' ❌';
    const detail = s.kind === 'time' && s.detail ? ` (+${String(s.detail.seconds)} s)` : '';
    out.push(
      `| ${i + 1} | ${cell(s.name)}${detail}${mark} | ${s.from ? code(s.from) : '—'} | ${s.gasUsed ?? '—'} | ${s.ms} | ${s.txHash ? code(short(s.txHash)) : s.ok ? '—' : 'not mined (would revert)'} |`,
    );
  });
  const gas = result.steps.reduce((n, s) => n + (s.gasUsed ?? 0), 0);
  out.push(
    '',
    `Total gas: ${gas}. Wall time: ${result.totalMs} ms (prepare ${result.timings.prepareMs}, steps ${result.timings.stepsMs}, traces ${result.timings.collectMs}, revert and check ${result.timings.restoreMs}).`,
  );
  return [...out, ''];
}

function eventsSection(result: SimulationResult, names: Map<string, string>): string[] {
  const out = ['## Events', ''];
  if (!result.events.length) return [...out, 'None.', ''];
  out.push('| Step | Emitter | Event | Arguments |', '|---|---|---|---|');
  for (const e of result.events) {
    const emitter = `${names.get(lower(e.address)) ?? ''} ${code(e.address)}`.trim();
    const what = e.name ?? `unknown (${code(short(e.topics?.[0] ?? '?'))})`;
    out.push(`| ${cell(e.step)} | ${cell(emitter)} | ${cell(what)} | ${cell(argsText(e.args))} |`);
  }
  return [...out, ''];
}

function initSection(result: SimulationResult, plan: UpgradePlan): string[] {
  const out = ['## Init call', ''];
  const init = plan.init;
  if (!init) return [...out, 'The cut has no init call.', ''];
  const args = init.args.length ? ` with (${init.args.map((a) => JSON.stringify(a)).join(', ')})` : '';
  const call = `${code(`${init.contract}.${init.call}`)}${args} at ${code(init.address)}`;
  const r = result.initResult;
  if (!r || !r.ran)
    return [...out, `${call}: ⏸ not reached (the simulation stopped before the diamond called it).`, ''];
  if (r.ok) return [...out, `${call}: ✅ returned.`, ''];
  return [...out, `${call}: ❌ reverted with ${code(describeError(r.revert))}.`, ''];
}

function storageSection(result: SimulationResult): string[] {
  const out = ['## Storage written in the diamond', ''];
  if (!result.storage.length) return [...out, 'None.', ''];
  const groups = new Map<string, typeof result.storage>();
  for (const r of result.storage) {
    const key = r.namespace ?? '';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [ns, rows] of groups) {
    out.push(
      ns
        ? `### ${code(ns)} (${rows.length} slot(s))`
        : `### Not attributed to a namespace (${rows.length} slot(s))`,
      '',
    );
    out.push('| Field | Before | After | Slot |', '|---|---|---|---|');
    for (const r of rows) {
      if (r.values?.length) {
        for (const v of r.values)
          if (v.before !== v.after || r.values.length === 1)
            out.push(
              `| ${code(v.field)} (${v.type}) | ${cell(v.before)} | ${cell(v.after)} | ${code(short(r.slot))} |`,
            );
      } else {
        out.push(
          `| ${r.field ? code(r.field) : '—'} | ${code(short(r.before))} | ${code(short(r.after))} | ${code(short(r.slot))} |`,
        );
      }
    }
    out.push('');
  }
  return out;
}

function loupeSection(result: SimulationResult, names: Map<string, string>): string[] {
  const index = (rows: LoupeRow[]) => new Map(rows.map((r) => [lower(r.facetAddress), r]));
  const before = index(result.loupeBefore);
  const after = index(result.loupeAfter);
  const out = [
    '## Loupe before and after',
    '',
    '| Facet | Selectors before | Selectors after | Change |',
    '|---|---:|---:|---|',
  ];
  const addresses = [...new Set([...before.keys(), ...after.keys()])];
  for (const a of addresses) {
    const b = before.get(a)?.functionSelectors ?? [];
    const c = after.get(a)?.functionSelectors ?? [];
    const bs = new Set(b.map(lower));
    const cs = new Set(c.map(lower));
    const added = c.filter((s) => !bs.has(lower(s))).length;
    const removed = b.filter((s) => !cs.has(lower(s))).length;
    const change = !b.length ? 'new' : !c.length ? 'gone' : added || removed ? `+${added} −${removed}` : '';
    const label = `${names.get(a) ?? ''} ${code((before.get(a) ?? after.get(a))!.facetAddress)}`.trim();
    out.push(`| ${cell(label)} | ${b.length} | ${c.length} | ${change} |`);
  }
  return [...out, ''];
}

export function simulationMarkdown(result: SimulationResult, plan: UpgradePlan): string {
  const names = addressNames(result, plan);
  const where =
    result.mode === 'fork'
      ? `a Hardhat fork of chain ${result.chainId} (${redactUrl(result.rpcUrl)}) at block ${result.forkBlock}`
      : `the local dev node ${result.rpcUrl} (chain ${result.chainId})`;
  const how =
    result.path === 'protocol-dao' && result.governance
      ? `through the ProtocolDAO ${code(result.governance.dao)}: proposal ${result.governance.proposalId ?? '(not created)'} by ${code(result.governance.proposer)}` +
        (result.governance.forVotes !== null
          ? `, ${result.governance.forVotes} for / ${result.governance.againstVotes} against, quorum ${result.governance.quorumVotes}`
          : '')
      : `by diamondCut from the owner ${code(result.owner)} (impersonated)`;
  const rc = result.restoreCheck;
  const lines = [
    `# Upgrade simulation: ${plan.diamondName ?? 'diamond'} ${code(result.diamond)}`,
    '',
    ...verdict(result),
    '',
    `- Simulated on ${where}, ${how}.`,
    `- Plan calldata ${code(short(plan.calldataHash))}.`,
    `- No trace (restored: ${String(result.restored)}): ✅ reverted to block ${rc.blockNumber} (${code(short(rc.blockHash))}); the loupe, ${rc.accounts} account(s) (balance, nonce, code) and ${rc.slots} written slot(s) read back as before${rc.clock.checked ? (rc.clock.corrected ? `; the next block's time, ${Math.abs(rc.clock.driftSeconds)} s ${rc.clock.driftSeconds > 0 ? 'ahead' : 'behind'} after the revert, was set right` : ', the clock too') : ''}.`,
    '',
    ...selectorSection(plan, names),
    ...findingsSection(plan),
    ...stepsSection(result),
    ...eventsSection(result, names),
    ...initSection(result, plan),
    ...storageSection(result),
    ...loupeSection(result, names),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
