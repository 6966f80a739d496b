/** Helpers for the service tests: an in-memory workspace and finding lookups. */
import { defaultConfig, type DiamondConfig } from '../../engine/src/config';
import type { Finding } from '../../engine/src/findings';
import { createAnalysisService } from '../../engine/src/service/create-service';
export { repoRoot } from '../support/repo';

export const HEADER = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\n';

/** A service over in-memory files under /ws (the host serves only these). */
export function memoryService(files: Record<string, string>, config: Partial<DiamondConfig> = {}) {
  const texts = new Map(Object.entries(files).map(([k, v]) => [`/ws/${k}`, v]));
  const service = createAnalysisService({ readFile: (f) => texts.get(f) }, { root: '/ws' });
  service.setConfig({ ...defaultConfig(), ...config });
  for (const [f, t] of texts) if (f.endsWith('.sol')) service.updateFile(f, t);
  return {
    service,
    key: (name: string) => `/ws/${name}`,
    text: (name: string) => texts.get(`/ws/${name}`)!,
    /** Replaces a file's text in the host and the service. */
    edit(name: string, text: string) {
      texts.set(`/ws/${name}`, text);
      service.updateFile(`/ws/${name}`, text);
    },
  };
}

export function only(findings: readonly Finding[], rule: Finding['rule']): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

/** The source text a finding (or related place) covers. */
export function coveredText(text: string, p: { start: number; end: number }): string {
  return text.slice(p.start, p.end);
}
