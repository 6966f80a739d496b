/**
 * The hand-written diamondCut encoder against ethers' ABI coder for the same function: equal calldata for
 * empty, single and many-entry cuts, init calldata of every padding length, mixed-case addresses; malformed
 * values are refused as ethers refuses them.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Interface, ZeroAddress } from 'ethers';
import { FacetCutAction, type FacetCut } from '../../chain/src/cut';
import { DIAMOND_CUT_SELECTOR, encodeDiamondCut } from '../../chain/src/cut-calldata';

const ETHERS = new Interface([
  'function diamondCut((address facetAddress, uint8 action, bytes4[] functionSelectors)[] _diamondCut, address _init, bytes _calldata)',
]);
const byEthers = (cut: readonly FacetCut[], init: string, calldata: string) =>
  ETHERS.encodeFunctionData('diamondCut', [
    cut.map((c) => [c.facetAddress, c.action, c.functionSelectors]),
    init,
    calldata,
  ]);

/** A deterministic pseudo-random hex string of `bytes` bytes. */
function hex(seed: number, bytes: number): string {
  let x = seed * 2654435761 + 1;
  let out = '0x';
  for (let i = 0; i < bytes; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += (x & 0xff).toString(16).padStart(2, '0');
  }
  return out;
}

describe('encodeDiamondCut', () => {
  test('equals ethers for cuts of 0 to 5 entries and init calldata of 0 to 70 bytes', () => {
    for (let entries = 0; entries <= 5; entries++) {
      for (const initBytes of [0, 1, 4, 31, 32, 33, 68, 70]) {
        const cut: FacetCut[] = Array.from({ length: entries }, (_, i) => ({
          facetAddress: hex(entries * 10 + i, 20),
          action: ([FacetCutAction.Add, FacetCutAction.Replace, FacetCutAction.Remove] as const)[i % 3],
          functionSelectors: Array.from({ length: (i * 7) % 12 }, (_, k) => hex(i * 100 + k, 4)),
        }));
        const init = initBytes ? hex(initBytes, 20) : ZeroAddress;
        const calldata = hex(initBytes + 1, initBytes);
        const ours = encodeDiamondCut(cut, init, calldata);
        assert.equal(ours, byEthers(cut, init, calldata), `${entries} entries, ${initBytes} init bytes`);
        assert.ok(ours.startsWith(DIAMOND_CUT_SELECTOR));
      }
    }
  });

  test('a 100-selector replace with upper-case hex equals ethers (lower-case output)', () => {
    const cut: FacetCut[] = [
      {
        facetAddress: '0xABCDEF0123456789ABCDEF0123456789ABCDEF01',
        action: FacetCutAction.Replace,
        functionSelectors: Array.from({ length: 100 }, (_, k) => hex(k, 4).toUpperCase().replace('0X', '0x')),
      },
    ];
    assert.equal(encodeDiamondCut(cut, ZeroAddress, '0x'), byEthers(cut, ZeroAddress, '0x'));
  });

  test('refuses what ethers refuses: a short address, a 3-byte selector, odd calldata, a bad action', () => {
    const ok: FacetCut = {
      facetAddress: hex(1, 20),
      action: FacetCutAction.Add,
      functionSelectors: [hex(2, 4)],
    };
    const bad: [FacetCut[], string, string][] = [
      [[{ ...ok, facetAddress: hex(1, 19) }], ZeroAddress, '0x'],
      [[{ ...ok, functionSelectors: [hex(2, 3)] }], ZeroAddress, '0x'],
      [[ok], ZeroAddress, '0x123'],
      [[ok], '0x1234', '0x'],
      [[{ ...ok, action: 256 as FacetCut['action'] }], ZeroAddress, '0x'],
    ];
    for (const [cut, init, calldata] of bad) {
      assert.throws(() => byEthers(cut, init, calldata));
      assert.throws(() => encodeDiamondCut(cut, init, calldata), /diamondCut/);
    }
  });
});
