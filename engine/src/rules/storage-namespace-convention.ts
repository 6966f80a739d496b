/**
 * Rule namespace-convention: a namespace id does not match `config.namespacePattern` (DLOOP:
 * `dloop.storage.<area>.v<N>`). Only ids we know as text; a bare hex slot has no id to judge.
 * Dependencies under node_modules are not the project's to rename.
 */
import { DEFAULT_NAMESPACE_PATTERN } from '../config';
import type { Finding } from '../findings';
import { compileNamespacePattern } from '../pattern';
import type { StorageRuleContext } from '../storage/context';
import { describe, placeOf } from './storage-describe';

export function runNamespaceConvention(ctx: StorageRuleContext): Finding[] {
  // Linear-time RE2 (the pattern comes from the repository); config validation reports a bad one.
  const compiled = compileNamespacePattern(ctx.config.namespacePattern);
  if (!compiled.ok) return [];
  const pattern = compiled.pattern;
  const example =
    ctx.config.namespacePattern === DEFAULT_NAMESPACE_PATTERN ? ' (`dloop.storage.<area>.v<N>`)' : '';
  const out: Finding[] = [];
  for (const ns of ctx.namespaces) {
    const id = ns.entry.id;
    if (id === undefined || ns.entry.scheme === 'appstorage' || ns.entry.file.includes('/node_modules/'))
      continue;
    if (pattern.test(id)) continue;
    out.push({
      rule: 'namespace-convention',
      severity: 'warning',
      ...placeOf(ns),
      message: `namespace ${describe(ns)} does not follow the configured pattern \`${ctx.config.namespacePattern}\`${example}`,
      related: [],
    });
  }
  return out;
}
