/**
 * The upgrade plan as a Markdown document: what `diamond upgrade plan --report FILE.md` writes and what VS Code
 * renders. Pure (no I/O): the plan in, text out; places are shown as the caller's `displayPath` maps files.
 *
 * Sections, in order (a simulate report appends its own after them): the header, a summary, the selectors
 * Replaced / Added / Removed (signature and facet before and after), those left alone and why, the contracts to
 * deploy with their predicted addresses, the init call, the cut as sent with its calldata hash, and the validation
 * results as ticks and crosses with every finding at its place. With link options (VS Code) selectors and places
 * become Markdown links; without them the text is exactly what `--report` writes.
 */
import type { PlannedSelector } from '../../engine';
import { redactUrl } from './redact';
import type { PlanCheck, PlanFinding, UpgradePlan } from './upgrade-plan-types';

export interface PlanMarkdownOptions {
  /** How files are shown (default: as stored, absolute). */
  displayPath?: (file: string) => string;
  /** Put the whole diamondCut calldata in the document (default true; it can be long). */
  includeCalldata?: boolean;
  /**
   * Where a selector's cell links to (VS Code: the function that routes it after the cut, or now for a Remove);
   * undefined: no link. Additive: without it the cell is the selector as `--report` writes it.
   */
  selectorLink?: (row: PlannedSelector) => string | undefined;
  /** Where a place links to: a finding's file and line, a contract to deploy's source. undefined: no link. */
  placeLink?: (place: { file: string; line?: number; column?: number }) => string | undefined;
}

const ICON: Record<PlanCheck['status'], string> = {
  passed: '✅',
  warning: '⚠️',
  failed: '❌',
  skipped: '➖',
};
const SEVERITY_ICON: Record<PlanFinding['severity'], string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/** A table cell: pipes escaped, new lines folded. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const code = (text: string) => '`' + text.replace(/`/g, "'") + '`';

/** `[text](<href>)`: the angle brackets keep spaces and parentheses of a path inside the destination. */
const linked = (text: string, href: string | undefined) =>
  href === undefined ? text : `[${text}](<${href.replace(/[<>]/g, encodeURIComponent)}>)`;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

/** The signature the live diamond's side knows for a selector (local ABIs or the bundled table), if any. */
export function liveSignatureOf(plan: Pick<UpgradePlan, 'loupe'>, selector: string): string | null {
  const s = selector.toLowerCase();
  for (const f of plan.loupe.facets)
    for (const x of f.selectors) if (x.selector.toLowerCase() === s) return x.signature;
  return null;
}

/** The facet that routes the selector after the cut: the target facet's name and (bound) address. */
function facetAfter(plan: UpgradePlan, row: PlannedSelector): string {
  if (row.toFacet === null) return '—';
  const entry = plan.plan.cut.find((c) => c.facet === row.toFacet);
  const address =
    entry?.facetAddress ?? plan.deploy.find((d) => d.contract === row.toFacet)?.predictedAddress;
  return address ? `${row.toFacet} (${address})` : row.toFacet;
}

function facetBefore(row: PlannedSelector): string {
  if (row.fromFacet === null) return 'not routed';
  return row.fromAddress && row.fromAddress !== row.fromFacet
    ? `${row.fromFacet} (${row.fromAddress})`
    : row.fromFacet;
}

const LEFT_ALONE: Partial<Record<PlannedSelector['action'], string>> = {
  immutable: 'immutable (routed to the diamond itself)',
  protected: 'protected (never removed)',
  unmanaged: 'on a facet the project does not manage (removed only with --prune)',
};

function place(
  f: { file?: string; line?: number; column?: number },
  show: (file: string) => string,
  link: PlanMarkdownOptions['placeLink'],
): string {
  if (!f.file) return '—';
  const text = f.line !== undefined ? `${show(f.file)}:${f.line}:${f.column ?? 1}` : show(f.file);
  return linked(text, link?.({ file: f.file, line: f.line, column: f.column }));
}

export function planMarkdown(plan: UpgradePlan, opts: PlanMarkdownOptions = {}): string {
  const show = opts.displayPath ?? ((f: string) => f);
  const selectorCell = (s: PlannedSelector) => linked(code(s.selector), opts.selectorLink?.(s));
  const rows = (action: PlannedSelector['action']) => plan.plan.selectors.filter((s) => s.action === action);
  const replaced = rows('replace');
  const added = rows('add');
  const removed = rows('remove');
  const alone = plan.plan.selectors.filter((s) => LEFT_ALONE[s.action] !== undefined);
  const errors = plan.findings.filter((f) => f.severity === 'error').length;
  const warnings = plan.findings.filter((f) => f.severity === 'warning').length;
  const title = plan.diamondName ?? plan.diamond;
  const out: string[] = [];

  out.push(`# Upgrade plan: ${title}`, '');
  out.push(
    ...table(
      ['', ''],
      [
        [
          'Diamond',
          // A rollback's name is its own ("rollback of upgrade 3"), not a diamond of the config.
          `${plan.diamond}${plan.diamondName && !('rollbackOf' in plan) ? ` ("${plan.diamondName}" in diamond.config.json)` : ''}`,
        ],
        ['Chain', `${plan.chainId} (${redactUrl(plan.rpcUrl)})`],
        [
          'Deployer',
          plan.deploy.length
            ? `${plan.deployer} (next nonce ${plan.deployerNonce})`
            : 'none: the plan deploys nothing',
        ],
        [
          'Verdict',
          errors
            ? `❌ blocked: ${errors} error(s), ${warnings} warning(s)`
            : `✅ valid${warnings ? ` with ${warnings} warning(s)` : ''}`,
        ],
      ],
    ),
    '',
  );

  out.push('## Summary', '');
  if (plan.cut.length === 0)
    out.push(
      'Nothing to cut: the diamond already routes every selector of the target facets to identical code.',
      '',
    );
  out.push(
    ...table(
      ['Replaced', 'Added', 'Removed', 'Left alone', 'Contracts to deploy'],
      [
        [
          String(replaced.length),
          String(added.length),
          String(removed.length),
          String(alone.length),
          String(plan.deploy.length),
        ],
      ],
    ),
    '',
  );

  const section = (name: string, list: PlannedSelector[], empty: string) => {
    out.push(`## ${name} (${list.length})`, '');
    if (list.length === 0) {
      out.push(empty, '');
      return;
    }
    out.push(
      ...table(
        ['Selector', 'Signature now', 'Facet now', 'Signature after', 'Facet after'],
        list.map((s) => {
          const now =
            s.fromFacet === null ? '—' : (liveSignatureOf(plan, s.selector) ?? s.signature ?? 'unknown');
          const after = s.toFacet === null ? '—' : (s.signature ?? 'unknown');
          return [
            selectorCell(s),
            now === '—' || now === 'unknown' ? now : code(now),
            facetBefore(s),
            after === '—' || after === 'unknown' ? after : code(after),
            facetAfter(plan, s),
          ];
        }),
      ),
      '',
    );
  };
  section('Replaced', replaced, 'No selector is replaced.');
  section('Added', added, 'No selector is added.');
  section('Removed', removed, 'No selector is removed.');

  if (alone.length) {
    out.push(`## Left alone (${alone.length})`, '');
    out.push(
      ...table(
        ['Selector', 'Signature', 'Facet', 'Why'],
        alone.map((s) => [
          selectorCell(s),
          s.signature ? code(s.signature) : 'unknown',
          facetBefore(s),
          LEFT_ALONE[s.action] ?? s.action,
        ]),
      ),
      '',
    );
  }

  out.push(`## Deploy (${plan.deploy.length})`, '');
  if (plan.deploy.length === 0) out.push('Nothing to deploy.', '');
  else {
    out.push(
      `Plain CREATE from ${code(plan.deployer)}, in this order, starting at nonce ${plan.deployerNonce}:`,
      '',
      ...table(
        ['#', 'Contract', 'Source', 'Predicted address', 'Nonce'],
        plan.deploy.map((d, i) => [
          String(i + 1),
          d.contract,
          linked(d.file, opts.placeLink?.({ file: `${plan.compileRoot}/${d.file}` })),
          code(d.predictedAddress),
          String(plan.deployerNonce + i),
        ]),
      ),
      '',
    );
  }

  out.push('## Init', '');
  if (!plan.init) out.push('No init call: `address(0)`, empty calldata.', '');
  else {
    const i = plan.init;
    out.push(
      ...table(
        ['', ''],
        [
          [
            'Contract',
            `${i.contract} at ${code(i.address)}${i.deploy ? ' (deployed by this plan)' : ' (already on chain)'}`,
          ],
          ['Call', `${code(i.signature)} with ${code(JSON.stringify(i.args))}`],
          ['Calldata', code(i.calldata)],
        ],
      ),
      '',
    );
  }

  out.push('## Cut', '');
  if (plan.cut.length) {
    const names = ['Add', 'Replace', 'Remove'];
    out.push(
      ...table(
        ['#', 'Action', 'Facet', 'Selectors'],
        plan.cut.map((c, n) => [
          String(n + 1),
          names[c.action] ?? String(c.action),
          `${plan.plan.cut[n]?.facet ?? '—'} (${c.facetAddress})`,
          c.functionSelectors.join(', '),
        ]),
      ),
      '',
    );
  }
  out.push(
    `${code('diamondCut(cut, init, calldata)')}: ${(plan.calldata.length - 2) / 2} bytes, keccak256 ${code(plan.calldataHash)}.`,
    '',
  );
  if (opts.includeCalldata !== false)
    out.push('<details><summary>Calldata</summary>', '', '```', plan.calldata, '```', '', '</details>', '');

  out.push('## Validation', '');
  for (const c of plan.checks) out.push(`- ${ICON[c.status]} ${c.title}${c.detail ? `: ${c.detail}` : ''}`);
  out.push('');
  if (plan.findings.length) {
    out.push(
      `### Findings (${errors} error(s), ${warnings} warning(s))`,
      '',
      ...table(
        ['', 'Rule', 'Where', 'Message'],
        plan.findings.map((f) => [
          SEVERITY_ICON[f.severity],
          f.rule,
          place(f, show, opts.placeLink),
          f.message,
        ]),
      ),
      '',
    );
  } else out.push('No findings.', '');
  return out.join('\n');
}
