/**
 * Ground truth for slot values: compile Solidity with the real solc-js 0.8.37 and run the creation
 * code on Hardhat's in-process EVM (EDR) with eth_call. The constructor returns the constants'
 * values as its "runtime code", so no transaction or deployment is needed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';

export function repoRoot(): string {
  if (process.env.DIAMOND_REPO_ROOT) return process.env.DIAMOND_REPO_ROOT;
  let d = __dirname;
  while (!existsSync(join(d, 'package.json'))) {
    const up = dirname(d);
    if (up === d) throw new Error('repository root not found');
    d = up;
  }
  return d;
}

export interface SolConstant {
  /** Solidity type of the constant: bytes32 or uint256 (erc7201() returns uint256). */
  type: 'bytes32' | 'uint256';
  expr: string;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { evm: { bytecode: { object: string } } }>>;
}

/** Compiles `prelude` + a probe contract whose constants are `consts`; throws on compile errors. */
export function compileProbe(consts: SolConstant[], prelude = '', contractBody = ''): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require('solc') as { compile(input: string): string };
  const decls = consts.map((c, i) => `    ${c.type} internal constant C${i} = ${c.expr};`).join('\n');
  // One memory word per constant (abi.encode of many arguments runs out of stack slots).
  const stores = consts
    .map((c, i) => `        out[${i}] = ${c.type === 'bytes32' ? `C${i}` : `bytes32(C${i})`};`)
    .join('\n');
  const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.35;
${prelude}
contract Probe {
${decls}
${contractBody}
    constructor() {
        bytes32[${consts.length}] memory out;
${stores}
        assembly { return(out, ${32 * consts.length}) }
    }
}
`;
  const input = {
    language: 'Solidity',
    sources: { 'Probe.sol': { content: source } },
    settings: { outputSelection: { 'Probe.sol': { Probe: ['evm.bytecode.object'] } } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  return '0x' + out.contracts!['Probe.sol'].Probe.evm.bytecode.object;
}

interface Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

let provider: Promise<Provider> | undefined;

async function evm(): Promise<Provider> {
  if (!provider) {
    provider = (async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'storage-evm-'));
      process.env.XDG_CONFIG_HOME = join(tmp, 'config');
      process.env.XDG_CACHE_HOME = join(tmp, 'cache');
      const { createHardhatRuntimeEnvironment } = await import('hardhat/hre');
      const hre = await createHardhatRuntimeEnvironment(
        { networks: { sim: { type: 'edr-simulated', chainId: 31337 } } },
        {},
        repoRoot(),
      );
      const conn = await hre.network.connect({ network: 'sim' });
      return conn.provider as unknown as Provider;
    })();
  }
  return provider;
}

/** The values solc + the EVM compute for the constants, as '0x' + 64 hex digits each. */
export async function solidityValues(
  consts: SolConstant[],
  prelude = '',
  contractBody = '',
): Promise<string[]> {
  const code = compileProbe(consts, prelude, contractBody);
  const p = await evm();
  const ret = (await p.request({
    method: 'eth_call',
    params: [{ data: code, gas: '0xf00000' }, 'latest'],
  })) as string;
  const hex = ret.slice(2);
  if (hex.length !== 64 * consts.length) throw new Error(`unexpected return ${ret}`);
  return consts.map((_, i) => '0x' + hex.slice(64 * i, 64 * i + 64));
}
