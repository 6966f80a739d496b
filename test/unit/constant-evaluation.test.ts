/**
 * One constant evaluator: an array length in a signature and a slot constant read every literal alike, and both
 * equal what solc computes (methodIdentifiers for the lengths, the EVM for the constants). Before the engine had
 * one evaluator, `2.5e3` named an array length but left a slot constant unevaluated.
 * (Known limit, shared by both: a literal must be whole on its own or with its unit; solc's rational arithmetic
 * across literals, `25e-1 * 2`, is not evaluated, so such a length names no signature rather than a wrong one.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateSlot } from '../../engine/src/constants/evaluate';
import { HEADER, memoryService } from './service-support';
import { compileSources, solidityValues } from './storage-evm';

/** Whole-valued expressions small enough to be array lengths, in the literal shapes solc accepts. */
const EXPRESSIONS = [
  '2.5e3 / 500',
  '25e-1 ether / 1 ether * 2',
  '.5e1',
  '1_000 / 200',
  '0x05',
  '1 ether / 1 ether * 5',
  '3 days / 1 days',
  '2 ** 2 + 1',
  '(1 << 4) ^ 0x15',
  'N + 2',
  'N * M - 4',
  '7 / 2 * 2', // literal arithmetic is rational in solc: 7, not 6
  'N / 2 * 2 + 3', // a typed constant divides as an integer: 5
];
const DECLS = 'uint256 constant N = 3;\nuint256 constant M = 1.2e1 / 4;\n';

function source(): string {
  const fns = EXPRESSIONS.map((e, i) => `    function f${i}(uint8[${e}] calldata) external {}`).join('\n');
  return `${HEADER}${DECLS}contract Lengths {\n${fns}\n}\n`;
}

function solcMethodIdentifiers(text: string): Record<string, string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require('solc') as { compile(input: string): string };
  const out = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources: { 'Lengths.sol': { content: text } },
        settings: { outputSelection: { '*': { Lengths: ['evm.methodIdentifiers'] } } },
      }),
    ),
  ) as { contracts: Record<string, Record<string, { evm: { methodIdentifiers: Record<string, string> } }>> };
  return out.contracts['Lengths.sol'].Lengths.evm.methodIdentifiers;
}

test('array lengths: our signatures equal solc methodIdentifiers for every literal shape', () => {
  const text = source();
  compileSources({ 'Lengths.sol': text }); // throws with solc's message if the table is not valid Solidity
  const truth = Object.keys(solcMethodIdentifiers(text)).sort();
  const { service } = memoryService({ 'Lengths.sol': text });
  const lengths = service.contractSelectors().find((c) => c.name === 'Lengths');
  assert.ok(lengths, 'Lengths analysed');
  assert.deepEqual(lengths.functions.map((f) => f.signature).sort(), truth);
});

test('slot constants: the same expressions evaluate, equal to solc on the EVM', async () => {
  const consts = EXPRESSIONS.map((e) => ({ type: 'uint256' as const, expr: e }));
  const truth = await solidityValues(consts, DECLS);
  const refs: Record<string, string> = { N: '3', M: '1.2e1 / 4' };
  const lookup = (path: string[]) => {
    const e = refs[path.join('.')];
    return e === undefined ? undefined : evaluateSlot(e);
  };
  EXPRESSIONS.forEach((e, i) => assert.equal(evaluateSlot(e, lookup)?.value, truth[i], e));
});

test('what solc refuses stays unevaluated in both places', () => {
  for (const e of ['0x10 ether', '2.5', '1e-1', '1 ether +']) {
    assert.equal(evaluateSlot(e), undefined, e);
    const text = `${HEADER}contract L { function f(uint8[${e}] calldata) external {} }\n`;
    const { service } = memoryService({ 'L.sol': text });
    const fns = service.contractSelectors().find((c) => c.name === 'L')?.functions ?? [];
    assert.deepEqual(fns, [], `${e}: no signature guessed`);
  }
});
