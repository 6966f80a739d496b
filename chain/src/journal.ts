/**
 * The transaction journal: what a workflow sent, one JSON line per event, appended and fsynced as it happens,
 * so a deploy (or an upgrade's facet deployments) that fails or is killed half-way still says what exists on
 * chain. `<root>/.diamond/journal/<chainId>-<start time>.jsonl` (the folder: host/src/project.ts):
 *
 *   {"journal":1,"workflow":"deploy-dloop","chainId":31337,"from":"0x…","started":"…"}      header
 *   {"event":"sent","step":"Deploying DLOOPToken","contract":"DLOOPToken","txHash":"0x…","nonce":0,"address":"0x…","at":"…"}
 *   {"event":"mined","step":"…","contract":"DLOOPToken","txHash":"0x…","address":"0x…","blockNumber":1,"at":"…"}
 *   {"event":"reverted",…} | {"event":"finished","at":"…",…} | {"event":"failed","error":"…","at":"…"}
 *
 * `sent` is written once the node has the transaction (its hash known), before waiting for it; `mined` once
 * its receipt is in. A `mined` line with an `address` is a contract that exists. Only addresses, hashes and
 * step names are written: never a key, never a signed transaction.
 *
 * `journaledSteps` sends through it: every transaction gets its hash journaled and reported at once, and a
 * receipt wait (receipt-provider.ts) bounded by a timeout that ends in TransactionTimeoutError.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  ContractFactory,
  getCreateAddress,
  JsonRpcSigner,
  type InterfaceAbi,
  type Signer,
  type TransactionReceipt,
  type TransactionRequest,
} from 'ethers';
import { journalDirOf } from '../../host/src/project';
import { waitForReceipt } from './receipt-provider';

export interface JournalHeader {
  journal: 1;
  workflow: string;
  chainId: number;
  from: string;
  started: string;
}

export interface JournalStep {
  event: 'sent' | 'mined' | 'reverted';
  /** What the workflow was doing, as its progress said it. */
  step: string;
  /** The contract created (deployments) or called. */
  contract?: string;
  txHash: string;
  nonce?: number;
  /** sent: where a creation will land (from the sender and nonce); mined: where it did. */
  address?: string;
  blockNumber?: number;
  at: string;
}

export interface JournalEnd {
  event: 'finished' | 'failed';
  at: string;
  error?: string;
  [detail: string]: unknown;
}

export type JournalLine = JournalHeader | JournalStep | JournalEnd;

/** A contract the journal shows was created (its creation was mined). */
export interface JournaledContract {
  contract: string;
  address: string;
  txHash: string;
}

export class Journal {
  private fd: number | undefined;
  private readonly lines: JournalLine[] = [];

  private constructor(
    readonly file: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /**
   * Creates `<dir>/<chainId>-<now>.jsonl` and writes its header. Throws when it cannot: call it before the
   * first transaction, so a journal that cannot be written stops the workflow with nothing sent.
   */
  static open(dir: string, header: Omit<JournalHeader, 'journal' | 'started'>): Journal {
    mkdirSync(dir, { recursive: true });
    const started = new Date().toISOString();
    const stamp = started.replace(/[:.]/g, '-');
    for (let n = 0; ; n++) {
      const file = join(dir, `${header.chainId}-${stamp}${n ? `-${n}` : ''}.jsonl`);
      let fd: number;
      try {
        fd = openSync(file, 'wx');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw err;
      }
      const journal = new Journal(file, fd);
      journal.append({ journal: 1, ...header, started });
      return journal;
    }
  }

  /** The journal folder of a project root (`<root>/.diamond/journal`). */
  static dirOf(root: string): string {
    return journalDirOf(root);
  }

  /** Appends one line and fsyncs it: once this returns, the line survives a crash of this process. */
  append(line: JournalLine): void {
    if (this.fd === undefined) throw new Error(`the journal ${this.file} is closed`);
    writeSync(this.fd, JSON.stringify(line) + '\n');
    fsyncSync(this.fd);
    this.lines.push(line);
  }

  /** The contracts created so far, in order. */
  created(): JournaledContract[] {
    return createdIn(this.lines);
  }

  /** Transactions sent whose receipt is not in (at most one while steps run one at a time). */
  pending(): JournalStep[] {
    return pendingIn(this.lines);
  }

  /** Writes the last line and closes the file. Safe to call twice. */
  end(line: Omit<JournalEnd, 'at'>): void {
    if (this.fd === undefined) return;
    try {
      this.append({ ...line, at: new Date().toISOString() } as JournalEnd);
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}

const isStep = (l: JournalLine): l is JournalStep =>
  'event' in l && (l.event === 'sent' || l.event === 'mined' || l.event === 'reverted');

function createdIn(lines: readonly JournalLine[]): JournaledContract[] {
  return lines
    .filter(isStep)
    .filter((l) => l.event === 'mined' && l.address !== undefined && l.contract !== undefined)
    .map((l) => ({ contract: l.contract as string, address: l.address as string, txHash: l.txHash }));
}

function pendingIn(lines: readonly JournalLine[]): JournalStep[] {
  const steps = lines.filter(isStep);
  const done = new Set(steps.filter((l) => l.event !== 'sent').map((l) => l.txHash));
  return steps.filter((l) => l.event === 'sent' && !done.has(l.txHash));
}

/** A journal file read back: its lines (a torn last line, from a crash mid-write, is left out). */
export function readJournal(file: string): {
  lines: JournalLine[];
  created: JournaledContract[];
  pending: JournalStep[];
} {
  const lines: JournalLine[] = [];
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (!text.trim()) continue;
    try {
      lines.push(JSON.parse(text) as JournalLine);
    } catch {
      break; // only the last line can be torn: every earlier one was fsynced whole
    }
  }
  return { lines, created: createdIn(lines), pending: pendingIn(lines) };
}

/** A transaction that was sent and not mined within the timeout. It may still be mined later. */
export class TransactionTimeoutError extends Error {
  override readonly name = 'TransactionTimeoutError';
  constructor(
    readonly step: string,
    readonly txHash: string,
    readonly waitedMs: number,
    readonly journalFile: string | undefined,
    /** The contract the transaction creates or calls. */
    readonly contract: string | undefined,
    /** Contracts that exist so far (from the journal). */
    readonly created: number,
  ) {
    super(
      `${step}: transaction ${txHash} was not mined within ${Math.round(waitedMs / 1000)} s; it is still pending ` +
        '(it may be mined later, or replaced by another with the same nonce)' +
        (journalFile ? `. ${created} contract(s) created so far; journal: ${journalFile}` : ''),
    );
  }
}

/** A transaction that was mined and reverted. */
export class TransactionRevertedError extends Error {
  override readonly name = 'TransactionRevertedError';
  constructor(
    readonly step: string,
    readonly txHash: string,
  ) {
    super(`${step}: transaction ${txHash} reverted`);
  }
}

export interface JournaledStepsOptions {
  signer: Signer;
  /** Where each event is written; undefined: nothing is journaled (callers that keep no project). */
  journal?: Journal;
  /** Progress lines: each step as it starts, each hash as soon as the node has it. */
  onProgress?: (message: string) => void;
  /** How long one transaction may stay unmined; undefined: no limit. */
  timeoutMs?: number;
  /** Receipt polling interval. Default 250 ms. */
  pollMs?: number;
}

export interface JournaledSteps {
  /** Creates a contract; resolves to its address once mined. */
  deploy(name: string, abi: InterfaceAbi, bytecode: string, args?: unknown[], step?: string): Promise<string>;
  /** Sends `tx` (a call); resolves to its receipt once mined. */
  send(step: string, contract: string, tx: TransactionRequest): Promise<TransactionReceipt>;
}

/**
 * Sends transactions one at a time, each: nonce read, sent, `sent` journaled and reported with its hash,
 * receipt awaited (with the timeout), `mined` journaled. The nonce is set here so that a creation's address is
 * known (and journaled) before it is mined, whoever signs.
 */
export function journaledSteps(opts: JournaledStepsOptions): JournaledSteps {
  const { signer, journal } = opts;
  const progress = opts.onProgress ?? (() => {});
  const provider = signer.provider;
  if (!provider) throw new Error('journaled transactions need a signer connected to a provider');
  const now = () => new Date().toISOString();

  async function run(
    step: string,
    contract: string,
    tx: TransactionRequest,
    creates: boolean,
  ): Promise<TransactionReceipt> {
    const from = await signer.getAddress();
    const nonce = await provider!.getTransactionCount(from, 'pending');
    const request: TransactionRequest = { ...tx, from, nonce };
    // A dev node's unlocked account: eth_sendTransaction gives the hash at once (signer.sendTransaction would
    // then poll until the node lists the transaction). A key: signed here, the hash is the signed payload's.
    const txHash =
      signer instanceof JsonRpcSigner
        ? await signer.sendUncheckedTransaction(request)
        : (await signer.sendTransaction(request)).hash;
    const address = creates ? getCreateAddress({ from, nonce }) : undefined;
    journal?.append({
      event: 'sent',
      step,
      contract,
      txHash,
      nonce,
      ...(address ? { address } : {}),
      at: now(),
    });
    const limit =
      opts.timeoutMs === undefined ? '' : `, waiting up to ${Math.round(opts.timeoutMs / 1000)} s`;
    progress(`${step}: sent ${txHash}${limit}`);
    const started = Date.now();
    const receipt = await waitForReceipt(provider!, txHash, {
      timeoutMs: opts.timeoutMs,
      pollMs: opts.pollMs ?? 250,
    });
    if (!receipt) {
      throw new TransactionTimeoutError(
        step,
        txHash,
        Date.now() - started,
        journal?.file,
        contract,
        journal?.created().length ?? 0,
      );
    }
    const minedAt = creates ? (receipt.contractAddress ?? address) : undefined;
    const mined = { step, contract, txHash, blockNumber: receipt.blockNumber, at: now() };
    if (receipt.status === 0) {
      journal?.append({ event: 'reverted', ...mined });
      throw new TransactionRevertedError(step, txHash);
    }
    journal?.append({ event: 'mined', ...mined, ...(minedAt ? { address: minedAt } : {}) });
    return receipt;
  }

  return {
    async deploy(name, abi, bytecode, args = [], step = `Deploying ${name}`) {
      progress(step);
      const tx = await new ContractFactory(abi, bytecode, signer).getDeployTransaction(...args);
      const receipt = await run(step, name, tx, true);
      if (!receipt.contractAddress)
        throw new Error(`${step}: the receipt of ${receipt.hash} names no contract`);
      return receipt.contractAddress;
    },
    async send(step, contract, tx) {
      progress(step);
      return run(step, contract, tx, false);
    },
  };
}
