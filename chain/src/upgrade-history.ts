/**
 * The upgrade history of a diamond: append-only local records, and the history rebuilt from the chain alone.
 *
 * Local: `<root>/.diamond/upgrades/<chainId>/<diamond, lower case>/<seq>-<kind>.json`, one file per event
 * (`proposed`: plan, calldata and hash, proposal id, description and its hash, transactions, loupe before, source
 * commit, storage layouts; `executed`: the execute transaction, loupe after, verification). Each file is written
 * to a temp file and hard-linked into place: atomic, and a name that exists is never replaced (the next
 * sequence number is taken instead). Nothing here deletes or rewrites a file.
 *
 * Chain: every `DiamondCut(FacetCut[], init, calldata)` log of the diamond (EIP-2535), and ERC-8153's
 * `FacetAdded` / `FacetReplaced` / `FacetRemoved`, in block order (paged where the provider caps eth_getLogs'
 * range: logs-paged.ts), joined with the local records by the
 * transaction hash (and the calldata hash) to name the proposal.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress, Interface, keccak256 } from 'ethers';
import { upgradesDirOf } from '../../host/src/project';
import type { ChainConnection } from './connect';
import type { FacetCut } from './cut';
import { getLogsPaged } from './logs-paged';
import type { RecordedNamespace } from './deployment-record';
import type { RoutingRow } from './cut-reverse';
import { DIAMOND_CUT_EVENTS, decodeDiamondCutLog } from './upgrade-verify';
import { encodeDiamondCut } from './workflows/upgrade-plan';

export interface ProposedUpgradeEntry {
  kind: 'proposed';
  at: string;
  chainId: number;
  diamond: string;
  diamondName: string | null;
  dao: string | null;
  proposalId: string | null;
  cut: FacetCut[];
  init: string;
  initCalldata: string;
  calldata: string;
  calldataHash: string;
  description: string;
  descriptionHash: string;
  transactions: { step: string; txHash: string; address?: string }[];
  loupeBefore: RoutingRow[];
  sourceCommit: string | null;
  /**
   * Per-field storage layouts (project-namespaces.ts `projectRecordedNamespaces`, as deployment records keep them)
   * of the namespaces the simulated upgrade wrote, from the proposed sources.
   */
  storageLayouts: RecordedNamespace[];
  /** Set for a rollback: the upgrade (history number) it reverses. */
  rollbackOf?: number;
}

export interface ExecutedUpgradeEntry {
  kind: 'executed';
  at: string;
  chainId: number;
  diamond: string;
  proposalId: string | null;
  txHash: string;
  blockNumber: number;
  calldataHash: string;
  fastTracked: boolean;
  loupeAfter: RoutingRow[];
  verified: boolean;
  differences: string[];
}

export type UpgradeHistoryEntry = ProposedUpgradeEntry | ExecutedUpgradeEntry;

const ENTRY_FILE = /^\d{4,}-(proposed|executed)\.json$/;

export function upgradeHistoryDir(root: string, chainId: number, diamond: string): string {
  return join(upgradesDirOf(root), String(chainId), diamond.toLowerCase());
}

/** Appends one entry; returns its file. Never replaces an existing file. */
export function appendUpgradeHistory(root: string, entry: UpgradeHistoryEntry): string {
  const dir = upgradeHistoryDir(root, entry.chainId, entry.diamond);
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(entry, null, 2) + '\n';
  const tmp = join(dir, `.${process.pid}.${Date.now()}.tmp`); // hidden: not counted as an entry
  writeFileSync(tmp, text, { flag: 'wx' });
  try {
    const used = () =>
      new Set(
        readdirSync(dir)
          .filter((n) => ENTRY_FILE.test(n))
          .map((n) => n.split('-')[0]),
      );
    for (let seq = used().size + 1; ; seq++) {
      const number = String(seq).padStart(4, '0');
      if (used().has(number)) continue;
      try {
        const file = join(dir, `${number}-${entry.kind}.json`);
        linkSync(tmp, file); // atomic; fails when the name exists (never overwrites)
        return file;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The local entries in sequence order (files that do not parse are skipped, named in `skipped`). */
export function readUpgradeHistory(root: string, chainId: number, diamond: string): UpgradeHistoryEntry[] {
  const dir = upgradeHistoryDir(root, chainId, diamond);
  if (!existsSync(dir)) return [];
  const out: UpgradeHistoryEntry[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => ENTRY_FILE.test(n))
    .sort()) {
    try {
      out.push(JSON.parse(readFileSync(join(dir, name), 'utf8')) as UpgradeHistoryEntry);
    } catch {
      // a torn or foreign file: not an entry
    }
  }
  return out;
}

export interface ChainUpgrade {
  /** 1-based, in chain order. */
  n: number;
  block: number;
  txHash: string;
  /** EIP-2535 DiamondCut, or an ERC-8153 facet event (then cut lists the facet with no selectors known). */
  source: 'DiamondCut' | 'FacetAdded' | 'FacetReplaced' | 'FacetRemoved';
  cut: FacetCut[];
  init: string;
  initCalldata: string;
  /** keccak256 of diamondCut(cut, init, initCalldata) (DiamondCut only): what a proposal's calldataHash is. */
  calldataHash: string | null;
  /** From the local records (joined by transaction, then calldata hash); null when none knows it. */
  proposalId: string | null;
}

export const ERC8153_EVENTS = new Interface([
  'event FacetAdded(address indexed _facet)',
  'event FacetReplaced(address indexed _oldFacet, address indexed _newFacet)',
  'event FacetRemoved(address indexed _facet)',
]);

/** An eth_getLogs row, the fields read here. */
export interface RpcLogRow {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  transactionHash: string;
  logIndex: string;
}

/** Every upgrade of the diamond from its logs, joined with the local records under `root` (when given). */
export async function chainUpgradeHistory(
  conn: ChainConnection,
  diamond: string,
  root?: string,
): Promise<ChainUpgrade[]> {
  const topics = [
    DIAMOND_CUT_EVENTS.getEvent('DiamondCut')!.topicHash,
    ...['FacetAdded', 'FacetReplaced', 'FacetRemoved'].map((e) => ERC8153_EVENTS.getEvent(e)!.topicHash),
  ];
  // One request from block 0, or pages where the provider caps the range (logs-paged.ts).
  const logs = await getLogsPaged<RpcLogRow>(conn.client, { address: diamond, topics: [topics] });
  logs.sort(
    (a, b) =>
      Number(BigInt(a.blockNumber) - BigInt(b.blockNumber)) ||
      Number(BigInt(a.logIndex) - BigInt(b.logIndex)),
  );
  const local = root ? readUpgradeHistory(root, conn.chainId, diamond) : [];
  const executed = new Map(
    local
      .filter((e): e is ExecutedUpgradeEntry => e.kind === 'executed')
      .map((e) => [e.txHash.toLowerCase(), e]),
  );
  const proposed = local.filter((e): e is ProposedUpgradeEntry => e.kind === 'proposed');
  const out: ChainUpgrade[] = [];
  for (const log of logs) {
    const base = { n: out.length + 1, block: Number(BigInt(log.blockNumber)), txHash: log.transactionHash };
    const cut = decodeDiamondCutLog(log);
    let entry: Omit<ChainUpgrade, 'proposalId'>;
    if (cut) {
      const calldataHash = keccak256(encodeDiamondCut(cut.cut, cut.init, cut.initCalldata));
      entry = { ...base, source: 'DiamondCut', ...cut, calldataHash };
    } else {
      const parsed = ERC8153_EVENTS.parseLog({ topics: log.topics, data: log.data });
      if (!parsed) continue;
      const facet = getAddress(parsed.args[parsed.args.length - 1] as string);
      const action = ({ FacetAdded: 0, FacetReplaced: 1, FacetRemoved: 2 } as const)[
        parsed.name as 'FacetAdded'
      ];
      entry = {
        ...base,
        source: parsed.name as ChainUpgrade['source'],
        cut: [{ facetAddress: facet, action, functionSelectors: [] }],
        init: '0x0000000000000000000000000000000000000000',
        initCalldata: '0x',
        calldataHash: null,
      };
    }
    const ex = executed.get(log.transactionHash.toLowerCase());
    const byHash = entry.calldataHash ? proposed.filter((p) => p.calldataHash === entry.calldataHash) : [];
    const proposalId = ex?.proposalId ?? (byHash.length === 1 ? byHash[0].proposalId : null);
    out.push({ ...entry, proposalId });
  }
  return out;
}
