/**
 * The transaction gate: the one place that decides whether transactions may go to a chain, and who signs.
 *
 * - A local dev node (chain 31337/1337 on a loopback host, connect.ts) → its first unlocked account (or the one
 *   the face names, `devAccount`); no key, no confirmation.
 * - Any other chain → the face's key (VS Code secret storage, the CLI's DIAMOND_PRIVATE_KEY), then an explicit
 *   confirmation that names the chain (VS Code: a modal; CLI: `--yes-i-mean <chainId>`). The key is asked
 *   first so the confirmation can name the account that pays.
 *
 * Faces pass the key source and the confirmation in and render the answer: a signer, or a refusal worded here.
 * Workflows that send take a GrantedSigner, which only this gate makes. Keys are never logged or stored here.
 */
import { redactUrl } from './redact';
import { Wallet } from 'ethers';
import type { ChainConnection } from './connect';
import { devAccountSigner, privateKeySigner, type SignerHandle } from './signer';

/** Where the face keeps the key for chains that are not a local dev node. */
export interface KeySource {
  /** The private key, or undefined when there is none. Read only for chains that are not local dev nodes. */
  read(): PromiseLike<string | undefined> | string | undefined;
  /** The key as refusals name it, e.g. 'the deployer key in DIAMOND_PRIVATE_KEY'. */
  describe: string;
}

/** What a confirmation shows: the chain, the RPC, the paying account, in words made here. */
export interface ConfirmationRequest {
  chainId: number;
  rpcUrl: string;
  from: string;
  question: string;
  detail: string;
  /** The button (or answer) that confirms. */
  confirmLabel: string;
}

export interface Confirmation {
  ask(request: ConfirmationRequest): PromiseLike<boolean> | boolean;
  /** How a user confirms this chain, as the not-confirmed refusal says it: 're-run with --yes-i-mean 5'. */
  hint(chainId: number): string;
}

export interface TxGateInputs {
  /** What will be sent, e.g. { title: 'Deploy the DLOOP diamond', doing: 'Deploying the DLOOP diamond' }. */
  action: { title: string; doing: string };
  key: KeySource;
  confirmation: Confirmation;
  /** On a local dev node: which unlocked account signs (e.g. the voter the user picked); default the first. */
  devAccount?: string;
}

export type TxRefusalKind = 'needs-key' | 'bad-key' | 'not-confirmed';

/** Nothing was sent; `message` is the sentence the faces print. */
export interface TxRefusal {
  kind: TxRefusalKind;
  chainId: number;
  rpcUrl: string;
  message: string;
}

export type TxDecision =
  | { kind: 'dev-account' }
  | { kind: 'private-key'; key: string; address: string }
  | { kind: 'refused'; refusal: TxRefusal };

const PRIVATE_KEY = /^(0x)?[0-9a-fA-F]{64}$/;

/** The gate's decision, without opening a provider (the unit-tested part). */
export async function decideTransactions(
  conn: Pick<ChainConnection, 'url' | 'chainId' | 'isLocalDevChain'>,
  inputs: TxGateInputs,
): Promise<TxDecision> {
  if (conn.isLocalDevChain) return { kind: 'dev-account' };
  const { chainId } = conn;
  // Every sentence the faces print names the chain by a URL with its credentials and keys hidden.
  const url = redactUrl(conn.url);
  const { title, doing } = inputs.action;
  const refuse = (kind: TxRefusalKind, message: string): TxDecision => ({
    kind: 'refused',
    refusal: { kind, chainId, rpcUrl: url, message: `${message} Nothing was sent.` },
  });
  const raw = (await inputs.key.read())?.trim();
  if (!raw) {
    return refuse(
      'needs-key',
      `${doing} on chain ${chainId} (${url}) needs ${inputs.key.describe}: it is not a local dev node.`,
    );
  }
  const key = raw.startsWith('0x') ? raw : `0x${raw}`;
  let address: string;
  try {
    if (!PRIVATE_KEY.test(raw)) throw new Error('not 32 bytes of hex');
    address = new Wallet(key).address;
  } catch {
    return refuse(
      'bad-key',
      `${doing} on chain ${chainId} (${url}) needs ${inputs.key.describe}, and the key given is not a 32-byte hex private key.`,
    );
  }
  const confirmed = await inputs.confirmation.ask({
    chainId,
    rpcUrl: url,
    from: address,
    question: `${title} on chain ${chainId}?`,
    detail:
      `${url} is not a local dev node (chain ${chainId}). Transactions will be sent from ${address} ` +
      'and paid with its funds. They cannot be undone.',
    confirmLabel: `${title} on chain ${chainId}`,
  });
  if (!confirmed) {
    return refuse(
      'not-confirmed',
      `${doing} on chain ${chainId} (${url}) was not confirmed: it is not a local dev node, so it needs a ` +
        `confirmation that names the chain (${inputs.confirmation.hint(chainId)}).`,
    );
  }
  return { kind: 'private-key', key, address };
}

declare const granted: unique symbol;

/** A signer the gate let through for one connection. Close it when the workflow is done. */
export interface GrantedSigner extends SignerHandle {
  readonly chainId: number;
  /** True: a local dev node's unlocked account. */
  readonly local: boolean;
  readonly [granted]: true;
}

export type TxGateResult = { ok: true; signer: GrantedSigner } | { ok: false; refusal: TxRefusal };

/** Decides, then opens the signer: the dev node's account or a wallet over the key. */
export async function txGate(conn: ChainConnection, inputs: TxGateInputs): Promise<TxGateResult> {
  const decision = await decideTransactions(conn, inputs);
  if (decision.kind === 'refused') return { ok: false, refusal: decision.refusal };
  const local = decision.kind === 'dev-account';
  const handle = local
    ? await devAccountSigner(conn, inputs.devAccount)
    : privateKeySigner(conn, decision.key);
  return { ok: true, signer: { ...handle, chainId: conn.chainId, local } as GrantedSigner };
}

/**
 * Gate, run, close: `run` gets the granted signer and the signer is closed after it, however it ends.
 * A refusal comes back as a value (nothing was sent); what `run` throws is thrown.
 */
export async function withTxGate<T>(
  conn: ChainConnection,
  inputs: TxGateInputs,
  run: (signer: GrantedSigner) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; refusal: TxRefusal }> {
  const gate = await txGate(conn, inputs);
  if (!gate.ok) return gate;
  try {
    return { ok: true, value: await run(gate.signer) };
  } finally {
    gate.signer.close();
  }
}
