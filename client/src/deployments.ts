/**
 * Recent deployments for "Connect to Diamond…": the records the chain module writes to
 * `<folder>/.diamond/deployments/<chainId>.json`. Parsing is pure and tolerant: a half-written or
 * foreign file is skipped (and logged by the caller), never fatal.
 */

export interface RecentDeployment {
  chainId: number;
  diamond: string;
  /** ms since epoch; 0 when the record has no usable timestamp. */
  timestamp: number;
  /** Facet names in the record, for the QuickPick detail line. */
  facets: string[];
  /** The record file, for logs and for the loupe (deployment hashes mark changed facets). */
  file: string;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function asTimestamp(raw: unknown): number {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw < 1e12 ? raw * 1000 : raw; // seconds or ms
  if (typeof raw === 'string') {
    const t = Date.parse(raw);
    return Number.isNaN(t) ? 0 : t;
  }
  return 0;
}

/** The fields the client needs from a deployment record, or undefined when it is not one. */
export function parseDeploymentRecord(json: unknown, file: string): RecentDeployment | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const r = json as Record<string, unknown>;
  const chainId = typeof r.chainId === 'string' && /^\d+$/.test(r.chainId) ? Number(r.chainId) : r.chainId;
  if (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId <= 0) return undefined;
  if (typeof r.diamond !== 'string' || !ADDRESS.test(r.diamond)) return undefined;
  let facets: string[] = [];
  if (Array.isArray(r.facets)) {
    facets = r.facets
      .map((f) => (typeof f === 'object' && f !== null ? (f as Record<string, unknown>).name : undefined))
      .filter((n): n is string => typeof n === 'string');
  } else if (typeof r.facets === 'object' && r.facets !== null) {
    facets = Object.keys(r.facets);
  }
  return { chainId, diamond: r.diamond, timestamp: asTimestamp(r.timestamp ?? r.deployedAt), facets, file };
}

/** Newest first; one entry per (chain, diamond). */
export function sortRecent(deployments: readonly RecentDeployment[]): RecentDeployment[] {
  const seen = new Set<string>();
  return [...deployments]
    .sort((a, b) => b.timestamp - a.timestamp)
    .filter((d) => {
      const key = `${d.chainId}:${d.diamond.toLowerCase()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

export function isAddress(text: string): boolean {
  return ADDRESS.test(text.trim());
}
