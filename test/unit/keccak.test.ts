/**
 * chain/src/keccak.ts against ethers: keccak256 of byte strings of every length around the 136-byte rate,
 * EIP-55 checksums of lower-case, upper-case, checksummed and un-prefixed addresses and CREATE addresses, on the native path (when
 * this Node has keccak-256) and on the ethers fallback; a wrong mixed-case checksum is refused as ethers refuses it.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getAddress, getCreateAddress, keccak256 } from 'ethers';
import {
  checksumAddress,
  createAddress,
  keccak256Hex,
  NATIVE_KECCAK,
  useNativeKeccak,
} from '../../chain/src/keccak';

function hex(seed: number, bytes: number): string {
  let x = seed * 2654435761 + 7;
  let out = '0x';
  for (let i = 0; i < bytes; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += ((x >> 8) & 0xff).toString(16).padStart(2, '0');
  }
  return out;
}

for (const path of ['native', 'ethers fallback'] as const) {
  const skip = path === 'native' && !NATIVE_KECCAK ? 'this Node has no keccak-256' : false;
  describe(`keccak.ts, ${path} path`, { skip }, () => {
    afterEach(() => useNativeKeccak(true));
    const setUp = () => useNativeKeccak(path === 'native');

    test('keccak256Hex equals ethers keccak256', () => {
      setUp();
      for (const n of [0, 1, 31, 32, 33, 135, 136, 137, 271, 272, 1000, 3300])
        for (let seed = 0; seed < 4; seed++) {
          const data = hex(n * 10 + seed, n);
          assert.equal(keccak256Hex(data), keccak256(data), `${n} bytes`);
          assert.equal(keccak256Hex(data.toUpperCase().replace('0X', '0x')), keccak256(data));
        }
    });

    test('checksumAddress equals ethers getAddress', () => {
      setUp();
      for (let seed = 0; seed < 300; seed++) {
        const a = hex(seed, 20);
        const want = getAddress(a);
        for (const form of [a, a.toUpperCase().replace('0X', '0x'), want, a.slice(2)])
          assert.equal(checksumAddress(form), want, form);
      }
      assert.equal(checksumAddress('0x' + '0'.repeat(40)), getAddress('0x' + '0'.repeat(40)));
    });

    test('createAddress equals ethers getCreateAddress at nonces around every RLP length', () => {
      setUp();
      const nonces = [
        0,
        1,
        2,
        0x7f,
        0x80,
        0x81,
        0xff,
        0x100,
        0xffff,
        0x10000,
        2 ** 32,
        Number.MAX_SAFE_INTEGER,
      ];
      for (let seed = 0; seed < 20; seed++) {
        const from = hex(seed + 1000, 20);
        for (const nonce of nonces)
          assert.equal(createAddress(from, nonce), getCreateAddress({ from, nonce }), `${from} @ ${nonce}`);
      }
      assert.throws(() => createAddress(hex(1, 20), -1));
    });

    test('a wrong checksum and a malformed address are refused as ethers refuses them', () => {
      setUp();
      const good = getAddress(hex(5, 20));
      const i = [...good].findIndex((c, k) => k > 1 && /[a-fA-F]/.test(c));
      const c = good[i];
      const bad =
        good.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + good.slice(i + 1);
      assert.throws(() => getAddress(bad));
      assert.throws(() => checksumAddress(bad), /bad address checksum/);
      assert.throws(() => checksumAddress('0x1234'));
      assert.throws(() => keccak256Hex('0x123'));
    });
  });
}
