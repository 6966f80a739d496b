/** Compiles LoupeProbe.sol (for the generator script and the test that keeps the constant honest). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Solc {
  compile(input: string): string;
}

/** Runtime bytecode ('0x…') of LoupeProbe from the sources under repoRoot. */
export async function compileLoupeProbe(repoRoot: string): Promise<string> {
  const mod = (await import('solc')) as { default?: Solc } & Solc;
  const solc = mod.default ?? mod;
  const content = readFileSync(join(repoRoot, 'chain', 'src', 'probe', 'LoupeProbe.sol'), 'utf8');
  const out = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources: { 'LoupeProbe.sol': { content } },
        settings: {
          optimizer: { enabled: true, runs: 1 },
          // No metadata hash: the bytecode depends on the source code only, not on its comments' bytes.
          metadata: { bytecodeHash: 'none', appendCBOR: false },
          outputSelection: { '*': { LoupeProbe: ['evm.deployedBytecode.object'] } },
        },
      }),
    ),
  ) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<string, Record<string, { evm: { deployedBytecode: { object: string } } }>>;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  return `0x${out.contracts!['LoupeProbe.sol'].LoupeProbe.evm.deployedBytecode.object}`;
}
