/**
 * The plan's `diamondCut` calldata in the forms other owners take it (pure; the same bytes in every output):
 *
 * - a Safe Transaction Builder batch file (`version` "1.0", decimal-string `chainId` and `value`, `meta` with the
 *   app's checksum: keccak-256 of its own serialisation of the file with `meta.name` set to null), the diamond as
 *   `to` and the cut as `data` (the builder then sends it verbatim);
 * - OpenZeppelin Governor 5.x `propose(targets, values, calldatas, description)` arguments with the proposal id and
 *   description hash as the Governor computes them, and, for GovernorTimelockControl, the timelock's salt and
 *   operation id;
 * - the raw calldata.
 */
import { AbiCoder, getAddress, keccak256, toBeHex, toUtf8Bytes } from 'ethers';

export interface SafeBatchTransaction {
  to: string;
  value: string;
  data: string;
}

export interface SafeBatchFile {
  version: '1.0';
  chainId: string;
  createdAt: number;
  meta: {
    name: string;
    description: string;
    txBuilderVersion: string;
    createdFromSafeAddress: string;
    createdFromOwnerAddress: string;
    checksum: string;
  };
  transactions: SafeBatchTransaction[];
}

/** The Transaction Builder version whose format and checksum this writes. */
export const TX_BUILDER_VERSION = '1.18.0';

/**
 * The app's serialisation: arrays `[a,b]`; objects `{` + JSON of their sorted keys + each value followed by `,`
 * + `}`; anything else JSON.stringify with undefined as null.
 */
export function serializeForChecksum(value: unknown): string {
  const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x === undefined ? null : x)) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(serializeForChecksum).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o).sort();
    return `{${json(keys)}${keys.map((k) => `${serializeForChecksum(o[k])},`).join('')}}`;
  }
  return json(value);
}

/** The checksum the Transaction Builder computes for a batch file (and compares on import). */
export function safeBatchChecksum(batch: { meta: object; [field: string]: unknown }): string {
  return keccak256(toUtf8Bytes(serializeForChecksum({ ...batch, meta: { ...batch.meta, name: null } })));
}

export interface SafeBatchInputs {
  chainId: number;
  diamond: string;
  calldata: string;
  name: string;
  description: string;
  /** The Safe that owns the diamond (as the app records it; empty when unknown). */
  safe?: string;
  owner?: string;
  createdAt?: number;
}

export function safeBatchFile(i: SafeBatchInputs): SafeBatchFile {
  const file: SafeBatchFile = {
    version: '1.0',
    chainId: String(i.chainId),
    createdAt: i.createdAt ?? Date.now(),
    meta: {
      name: i.name,
      description: i.description,
      txBuilderVersion: TX_BUILDER_VERSION,
      createdFromSafeAddress: i.safe ? getAddress(i.safe) : '',
      createdFromOwnerAddress: i.owner ? getAddress(i.owner) : '',
      checksum: '',
    },
    transactions: [{ to: getAddress(i.diamond), value: '0', data: i.calldata }],
  };
  // The app checksums the file with the checksum field absent; `checksum: ''` hashes differently, so drop it.
  const { checksum: _none, ...meta } = file.meta;
  file.meta.checksum = safeBatchChecksum({ ...file, meta });
  return file;
}

export interface GovernorProposal {
  targets: string[];
  values: string[];
  calldatas: string[];
  description: string;
  descriptionHash: string;
  /** uint256(keccak256(abi.encode(targets, values, calldatas, descriptionHash))), decimal. */
  proposalId: string;
  /** With a governor address: GovernorTimelockControl's salt and the TimelockController operation id. */
  timelock: { salt: string; operationId: string } | null;
}

const coder = AbiCoder.defaultAbiCoder();

export function governorProposal(i: {
  diamond: string;
  calldata: string;
  description: string;
  governor?: string;
}): GovernorProposal {
  const targets = [getAddress(i.diamond)];
  const values = ['0'];
  const calldatas = [i.calldata];
  const descriptionHash = keccak256(toUtf8Bytes(i.description));
  const proposalId = BigInt(
    keccak256(
      coder.encode(
        ['address[]', 'uint256[]', 'bytes[]', 'bytes32'],
        [targets, values, calldatas, descriptionHash],
      ),
    ),
  ).toString();
  let timelock: GovernorProposal['timelock'] = null;
  if (i.governor) {
    // bytes20(address(governor)) ^ descriptionHash: the address in the high 20 bytes.
    const salt = toBeHex((BigInt(getAddress(i.governor)) << 96n) ^ BigInt(descriptionHash), 32);
    const operationId = keccak256(
      coder.encode(
        ['address[]', 'uint256[]', 'bytes[]', 'bytes32', 'bytes32'],
        [targets, values, calldatas, `0x${'00'.repeat(32)}`, salt],
      ),
    );
    timelock = { salt, operationId };
  }
  return { targets, values, calldatas, description: i.description, descriptionHash, proposalId, timelock };
}
