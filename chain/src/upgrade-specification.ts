/**
 * The upgrade specification: the Markdown a proposal carries as its description, so what is voted on says what
 * it does (pure and deterministic: the same plan and simulation give the same text, hence the same hash).
 * Sections: summary; per-facet changes with selectors and signatures on both sides; storage namespaces the
 * simulation wrote and the plan's layout checks; validation; simulation verdict, steps and gas; the calldata
 * and its hash; the rollback cut and what it cannot undo.
 */
import { keccak256, toUtf8Bytes } from 'ethers';
import { FacetCutAction, type FacetCut } from './cut';
import { cell, liveSignatureOf } from './upgrade-report';
import type { UpgradePlan } from './upgrade-plan-types';
import type { SimulationResult } from './workflows/upgrade-simulate';

const ACTION = ['Add', 'Replace', 'Remove'] as const;
const ICON = { passed: '✅', warning: '⚠️', failed: '❌', skipped: '➖' } as const;
const code = (t: string) => '`' + t.replace(/`/g, "'") + '`';

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  if (!rows.length) return ['(none)'];
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

/** A cut as table rows: action, facet, selectors (each with its signature where known). */
export function cutRows(cut: readonly FacetCut[], signatureOf: (s: string) => string | null): string[][] {
  return cut.map((c) => [
    ACTION[c.action],
    c.action === FacetCutAction.Remove ? '—' : c.facetAddress,
    c.functionSelectors.map((s) => `${s} ${signatureOf(s) ?? '?'}`).join(', '),
  ]);
}

export interface SpecificationInputs {
  plan: UpgradePlan;
  simulation: SimulationResult;
  /** The cut that puts the routing back (cut-reverse.ts). */
  rollback: FacetCut[];
}

export function upgradeSpecification({ plan, simulation, rollback }: SpecificationInputs): string {
  const rows = plan.plan.selectors.filter(
    (s) => s.action === 'add' || s.action === 'replace' || s.action === 'remove',
  );
  const count = (a: string) => rows.filter((r) => r.action === a).length;
  const signatureOf = (s: string) =>
    plan.plan.selectors.find((r) => r.selector.toLowerCase() === s.toLowerCase())?.signature ??
    liveSignatureOf(plan, s);
  const name = plan.diamondName ?? 'diamond';
  const lines: string[] = [
    `# Upgrade specification: ${name} ${code(plan.diamond)}`,
    '',
    '## Summary',
    '',
    `- Chain ${plan.chainId}, diamond ${code(plan.diamond)}.`,
    `- ${count('replace')} selector(s) replaced, ${count('add')} added, ${count('remove')} removed.`,
    `- New contracts: ${plan.deploy.map((d) => `${d.contract} at ${code(d.predictedAddress)}`).join(', ') || 'none'}.`,
    `- Init: ${plan.init ? `${plan.init.contract}.${plan.init.signature} ${JSON.stringify(plan.init.args)} at ${code(plan.init.address)}` : 'none'}.`,
    `- diamondCut calldata: ${(plan.calldata.length - 2) / 2} bytes, keccak256 ${code(plan.calldataHash)}.`,
    '',
    '## Changes per facet',
  ];
  const facets = [...new Set(rows.map((r) => r.toFacet ?? r.fromFacet ?? '?'))];
  for (const f of facets) {
    const mine = rows.filter((r) => (r.toFacet ?? r.fromFacet ?? '?') === f);
    lines.push(
      '',
      `### ${f}`,
      '',
      ...table(
        ['Selector', 'Action', 'Before', 'After'],
        mine.map((r) => [
          r.selector,
          r.action,
          r.fromFacet === null
            ? 'not routed'
            : `${liveSignatureOf(plan, r.selector) ?? r.signature ?? '?'} on ${r.fromFacet}`,
          r.toFacet === null ? 'removed' : `${r.signature ?? '?'} on ${r.toFacet}`,
        ]),
      ),
    );
  }
  const namespaces = new Map<string, number>();
  for (const s of simulation.storage) {
    const k = s.namespace ?? '(not attributed)';
    namespaces.set(k, (namespaces.get(k) ?? 0) + 1);
  }
  const layoutChecks = plan.checks.filter((c) => c.id === 'storage-layout' || c.id === 'namespaces');
  const layoutFindings = plan.findings.filter(
    (f) => f.check === 'storage-layout' || f.check === 'namespaces',
  );
  lines.push(
    '',
    '## Storage',
    '',
    'Namespaces written by the simulated upgrade (slots):',
    '',
    ...table(
      ['Namespace', 'Slots written'],
      [...namespaces].map(([n, c]) => [n, String(c)]),
    ),
    '',
    'Layout changes:',
    '',
    ...layoutChecks.map((c) => `- ${ICON[c.status]} ${c.title}${c.detail ? ` (${c.detail})` : ''}`),
    ...layoutFindings.map((f) => `- ${f.severity} ${f.rule}: ${f.message}`),
    '',
    '## Validation',
    '',
    ...plan.checks.map((c) => `- ${ICON[c.status]} ${c.title}${c.detail ? ` (${c.detail})` : ''}`),
    ...plan.findings.map((f) => `- ${f.severity} ${f.rule}: ${f.message}`),
    '',
    '## Simulation',
    '',
    simulation.ok
      ? `✅ The upgrade went through on ${simulation.mode === 'fork' ? `a fork of block ${simulation.forkBlock}` : 'the local node'} (${simulation.path === 'protocol-dao' ? 'through the ProtocolDAO' : 'as the owner'}), and the chain was reverted and checked.`
      : `❌ Failed at "${simulation.failure?.step}": ${simulation.failure?.reason}.`,
    `Init: ${simulation.initResult === null ? 'none' : simulation.initResult.ok ? 'returned' : 'failed'}.`,
    '',
    ...table(
      ['Step', 'Gas'],
      simulation.steps.map((s) => [
        s.name.replace(/\(0x[0-9a-fA-F]{40}\)/, '').trim(),
        s.gasUsed === null ? '—' : String(s.gasUsed),
      ]),
    ),
    '',
    `Total gas: ${simulation.steps.reduce((n, s) => n + (s.gasUsed ?? 0), 0)}.`,
    '',
    '## Calldata',
    '',
    `keccak256: ${code(plan.calldataHash)}`,
    '',
    '```',
    plan.calldata,
    '```',
    '',
    '## Rollback',
    '',
    'The reverse cut (back to the facets before this upgrade):',
    '',
    ...table(['Action', 'Facet', 'Selectors'], cutRows(rollback, signatureOf)),
    '',
    plan.init
      ? `A cut cannot undo what the init (${plan.init.contract}.${plan.init.signature}) wrote to storage: a rollback restores the routing only.`
      : 'This upgrade runs no init; a rollback restores the routing (storage written later by the new facets stays).',
  );
  return `${lines.join('\n')}\n`;
}

export const descriptionHash = (description: string): string => keccak256(toUtf8Bytes(description));
