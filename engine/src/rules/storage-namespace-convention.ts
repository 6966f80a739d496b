/**
 * Rule namespace-convention: a namespace id does not match `config.namespacePattern` (DLOOP:
 * `dloop.storage.<area>.v<N>`). Only ids we know as text; a bare hex slot has no id to judge.
 * Dependencies under node_modules are not the project's to rename.
 *
 * DLOOP's own pattern is the default: it is imposed only on a workspace that already names a namespace
 * `dloop.storage.…`. Another project gets the rule only once it configures a pattern of its own.
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
  const isDefault = ctx.config.namespacePattern === DEFAULT_NAMESPACE_PATTERN;
  if (isDefault && !usesDloopIds(ctx)) return [];
  const example = isDefault ? ' (`dloop.storage.<area>.v<N>`)' : '';
  const out: Finding[] = [];
  for (const ns of ctx.namespaces) {
    const id = ns.entry.id;
    if (id === undefined || !isProjectNamespace(ns)) continue;
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

function isProjectNamespace(ns: StorageRuleContext['namespaces'][number]): boolean {
  return ns.entry.scheme !== 'appstorage' && !ns.entry.file.includes('/node_modules/');
}

/** Whether the project already follows DLOOP's convention somewhere (then the default pattern applies). */
function usesDloopIds(ctx: StorageRuleContext): boolean {
  return ctx.namespaces.some(
    (ns) => isProjectNamespace(ns) && ns.entry.id?.startsWith(DLOOP_PREFIX) === true,
  );
}

const DLOOP_PREFIX = 'dloop.storage.';
