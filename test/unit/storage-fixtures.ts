/** Loading the storage fixtures (test/fixtures/storage/<name>) into real Workspaces. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defaultConfig, type DiamondConfig } from '../../engine/src/config';
import type { Finding, RuleId } from '../../engine/src/findings';
import { analyzeStorage, type StorageAnalysis } from '../../engine/src/rules/storage-analysis';
import { Workspace, type ContractRef } from '../../engine/src/workspace';
import { repoRoot } from './storage-evm';

export const fixturesRoot = (): string => join(repoRoot(), 'test', 'fixtures', 'storage');

export function solFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...solFiles(p));
    else if (name.endsWith('.sol')) out.push(p);
  }
  return out;
}

/** The fixture's files keyed by path relative to the fixture folder (what solc and imports see). */
export function fixtureSources(name: string): Record<string, string> {
  const dir = join(fixturesRoot(), name);
  return Object.fromEntries(solFiles(dir).map((f) => [relative(dir, f), readFileSync(f, 'utf8')]));
}

const diskHost = {
  readFile(file: string): string | undefined {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

const absolute = (d: string) => (d.startsWith('/') ? d : join(fixturesRoot(), d));

/**
 * A Workspace holding every .sol file of a folder (absolute or a fixture name). `keyedAs`: put the
 * files under another folder's paths (a baseline uses the same file keys as the current sources).
 */
export function workspaceOf(dir: string, keyedAs = dir): Workspace {
  const ws = new Workspace(diskHost);
  for (const f of solFiles(absolute(dir))) {
    ws.setFile(join(absolute(keyedAs), relative(absolute(dir), f)), readFileSync(f, 'utf8'));
  }
  return ws;
}

export interface Run extends StorageAnalysis {
  ws: Workspace;
  of(rule: RuleId): Finding[];
  /** The text a finding (or any place) covers in the current workspace. */
  textAt(p: { file: string; start: number; end: number }): string;
}

export function analyzeFixture(
  name: string,
  opts: {
    baseline?: string;
    config?: Partial<DiamondConfig>;
    facets?: (ws: Workspace) => ContractRef[];
  } = {},
): Run {
  const ws = workspaceOf(name);
  const baseline = opts.baseline !== undefined ? workspaceOf(opts.baseline, name) : undefined;
  const config = { ...defaultConfig(), ...opts.config };
  const r = analyzeStorage(ws, opts.facets?.(ws), config, baseline);
  return {
    ...r,
    ws,
    of: (rule) => r.findings.filter((f) => f.rule === rule),
    textAt: (p) => ws.text(p.file)!.slice(p.start, p.end),
  };
}
