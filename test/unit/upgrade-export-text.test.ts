/**
 * The export text both faces write (chain/src/upgrade-export-text.ts): byte-identical calldata in every format,
 * the Governor's description hash, and a Safe batch whose checksum is the one safeBatchChecksum computes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getAddress, keccak256, toUtf8Bytes } from 'ethers';
import { exportText } from '../../chain/src/upgrade-export-text';
import { safeBatchChecksum } from '../../chain/src/upgrade-exports';

const source = {
  chainId: 31337,
  diamond: '0xd1a0000000000000000000000000000000000001',
  calldata: '0x1f931c1c00ff',
  description: '# Upgrade Main\n\nbody',
  name: 'Proposal 3',
};

describe('export text', () => {
  test('the same calldata bytes in calldata, governor and safe', () => {
    assert.equal(exportText('calldata', source), source.calldata);
    const g = JSON.parse(exportText('governor', source));
    assert.deepEqual(g.calldatas, [source.calldata]);
    assert.deepEqual(g.targets, [getAddress(source.diamond)]);
    assert.equal(g.descriptionHash, keccak256(toUtf8Bytes(source.description)));
    assert.equal(g.timelockSalt, undefined);
    const withGovernor = JSON.parse(
      exportText('governor', source, { governor: '0x0000000000000000000000000000000000000abc' }),
    );
    assert.match(withGovernor.timelockOperationId, /^0x[0-9a-f]{64}$/);
    const safe = JSON.parse(
      exportText('safe', source, { safe: '0x0000000000000000000000000000000000000def' }),
    );
    assert.equal(safe.transactions[0].data, source.calldata);
    assert.equal(safe.meta.description, 'Upgrade Main');
    const { checksum, ...meta } = safe.meta;
    assert.equal(checksum, safeBatchChecksum({ ...safe, meta }));
  });
});
