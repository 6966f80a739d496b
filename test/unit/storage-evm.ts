/**
 * Ground truth for slot values: compile Solidity with the real solc-js 0.8.37 and run the creation
 * code on Hardhat's in-process EVM (EDR) with eth_call. The constructor returns the constants'
 * values as its "runtime code", so no transaction or deployment is needed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
export { repoRoot } from '../support/repo';
import { repoRoot } from '../support/repo';

export interface SolConstant {
  /** Solidity type of the constant: bytes32 or uint256 (erc7201() returns uint256). */
  type: 'bytes32' | 'uint256';
  expr: string;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { evm: { bytecode: { object: string } } }>>;
}

/** Compiles sources (keyed by path) with solc-js; throws with solc's messages on any error. */
export function compileSources(
  sources: Record<string, string>,
  output?: { file: string; contract: string },
): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require('solc') as {
    compile(
      input: string,
      callbacks?: { import(path: string): { contents?: string; error?: string } },
    ): string;
  };
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([k, content]) => [k, { content }])),
    settings: {
      outputSelection: output ? { [output.file]: { [output.contract]: ['evm.bytecode.object'] } } : {},
    },
  };
  // Package imports (`@openzeppelin/...`) come from the repository's node_modules.
  const findImports = (path: string) => {
    try {
      return { contents: readFileSync(join(repoRoot(), 'node_modules', path), 'utf8') };
    } catch {
      return { error: `not found: ${path}` };
    }
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput;
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  return output ? '0x' + out.contracts![output.file][output.contract].evm.bytecode.object : '';
}

/**
 * A contract whose constructor returns `count` words stored in `out[0..count)` by `body`, compiled
 * together with `sources` (which `prelude` may import).
 */
function probeSource(prelude: string, decls: string, body: string, count: number): string {
  return `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.35;
${prelude}
contract Probe {
${decls}
    constructor() {
        bytes32[${count}] memory out;
${body}
        assembly { return(out, ${32 * count}) }
    }
}
`;
}

/** Compiles `prelude` + a probe contract whose constants are `consts`; throws on compile errors. */
export function compileProbe(consts: SolConstant[], prelude = '', contractBody = ''): string {
  const decls = consts.map((c, i) => `    ${c.type} internal constant C${i} = ${c.expr};`).join('\n');
  // One memory word per constant (abi.encode of many arguments runs out of stack slots).
  const stores = consts
    .map((c, i) => `        out[${i}] = ${c.type === 'bytes32' ? `C${i}` : `bytes32(C${i})`};`)
    .join('\n');
  const source = probeSource(prelude, `${decls}\n${contractBody}`, stores, consts.length);
  return compileSources({ 'Probe.sol': source }, { file: 'Probe.sol', contract: 'Probe' });
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

/** Runs creation code with eth_call and splits what it returns into 32-byte words. */
async function runCreation(code: string, count: number): Promise<string[]> {
  const p = await evm();
  const ret = (await p.request({
    method: 'eth_call',
    params: [{ data: code, gas: '0xf00000' }, 'latest'],
  })) as string;
  const hex = ret.slice(2);
  if (hex.length !== 64 * count) throw new Error(`unexpected return ${ret}`);
  return Array.from({ length: count }, (_, i) => '0x' + hex.slice(64 * i, 64 * i + 64));
}

/** The values solc + the EVM compute for the constants, as '0x' + 64 hex digits each. */
export async function solidityValues(
  consts: SolConstant[],
  prelude = '',
  contractBody = '',
): Promise<string[]> {
  return runCreation(compileProbe(consts, prelude, contractBody), consts.length);
}

export interface PointerCall {
  /** Library name as imported by the probe. */
  library: string;
  /** A parameterless internal function returning a storage pointer, e.g. `layout`. */
  fn: string;
  /** The pointer's type as the probe names it, e.g. `LibX.Layout`. */
  type: string;
}

/**
 * Where solc really places each library's storage pointer: the probe calls `L.fn()` and reads
 * `p.slot`. `sources` are the fixture files (keys are the paths the probe imports).
 */
export async function pointerSlots(sources: Record<string, string>, calls: PointerCall[]): Promise<string[]> {
  const prelude = Object.keys(sources)
    .map((k) => `import "${k}";`)
    .join('\n');
  const body = calls
    .map(
      (c, i) =>
        `        { ${c.type} storage p = ${c.library}.${c.fn}(); bytes32 v; assembly { v := p.slot } out[${i}] = v; }`,
    )
    .join('\n');
  const sourcesWithProbe = { ...sources, 'Probe.sol': probeSource(prelude, '', body, calls.length) };
  return runCreation(
    compileSources(sourcesWithProbe, { file: 'Probe.sol', contract: 'Probe' }),
    calls.length,
  );
}
