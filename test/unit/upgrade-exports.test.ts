/**
 * The Safe Transaction Builder checksum against the app's own test vector (safe-react-apps, tx-builder
 * checksum.test.js), the serialisation rule of upgrades.md, a written file passing the import check, and the
 * reverse cut of a cut.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ZeroAddress } from 'ethers';
import { applyCut, reverseCut, routingOf, UnknownPriorRoutingError } from '../../chain/src/cut-reverse';
import { FacetCutAction } from '../../chain/src/cut';
import { safeBatchChecksum, safeBatchFile, serializeForChecksum } from '../../chain/src/upgrade-exports';

const A = '0x49d4450977E2c95362C13D3a31a09311E0Ea26A6';
const VECTOR = {
  version: '1.0',
  chainId: '4',
  createdAt: 1646321521061,
  meta: {
    name: 'test batch file',
    txBuilderVersion: '1.4.0',
    checksum: '',
    createdFromSafeAddress: '0xDF8a1Ce35c9a6ACE153B4e0767942f1E2291a1Aa',
    createdFromOwnerAddress: A,
  },
  transactions: [
    {
      to: A,
      value: '0',
      contractMethod: {
        inputs: [{ internalType: 'address', name: 'paramAddress', type: 'address' }],
        name: 'testAddress',
        payable: false,
      },
      contractInputsValues: { paramAddress: A },
    },
    {
      to: A,
      value: '0',
      contractMethod: {
        inputs: [{ internalType: 'bool', name: 'paramBool', type: 'bool' }],
        name: 'testBool',
        payable: false,
      },
      contractInputsValues: { paramAddress: '', paramBool: 'false' },
    },
    {
      to: A,
      value: '2000000000000000000',
      data: '0x42f4579000000000000000000000000049d4450977e2c95362c13d3a31a09311e0ea26a6',
    },
  ],
};

test('the Safe checksum equals the Transaction Builder’s published test vector, whatever the key order', () => {
  assert.equal(serializeForChecksum({ a: 1 }), '{["a"]1,}');
  assert.equal(
    safeBatchChecksum(VECTOR),
    '0x4ecbfd364aa6759983915644e73f8bd411e85a2dc306f252a387c2728c4db64c',
  );
  const reversed = Object.fromEntries(
    Object.entries(VECTOR)
      .reverse()
      .map(([k, v]) => [k, k === 'meta' ? Object.fromEntries(Object.entries(v).reverse()) : v]),
  ) as unknown as typeof VECTOR;
  assert.equal(
    safeBatchChecksum(reversed),
    '0x4ecbfd364aa6759983915644e73f8bd411e85a2dc306f252a387c2728c4db64c',
  );
  assert.notEqual(
    safeBatchChecksum({ ...VECTOR, transactions: [...VECTOR.transactions].reverse() }),
    safeBatchChecksum(VECTOR),
  );
  // The name does not count.
  assert.equal(
    safeBatchChecksum({ ...VECTOR, meta: { ...VECTOR.meta, name: 'renamed' } }),
    safeBatchChecksum(VECTOR),
  );
});

test('a batch file we write passes the import check (checksum dropped, recomputed, compared); values are strings', () => {
  const f = safeBatchFile({
    chainId: 8453,
    diamond: A,
    calldata: '0x1f931c1c',
    name: 'Upgrade',
    description: 'd',
    createdAt: 1,
  });
  assert.equal(f.chainId, '8453');
  assert.deepEqual(f.transactions, [{ to: A, value: '0', data: '0x1f931c1c' }]);
  const { checksum, ...meta } = f.meta;
  assert.equal(safeBatchChecksum({ ...f, meta }), checksum);
  assert.notEqual(
    safeBatchChecksum({ ...f, meta, transactions: [{ ...f.transactions[0], data: '0x1f931c1d' }] }),
    checksum,
  );
});

test('reverseCut undoes Add, Replace and Remove; applying both gives the routing back', () => {
  const [F1, F2, F3] = ['0x' + '11'.repeat(20), '0x' + '22'.repeat(20), '0x' + '33'.repeat(20)];
  const before = routingOf([
    { facetAddress: F1, functionSelectors: ['0xaaaaaaaa', '0xbbbbbbbb'] },
    { facetAddress: F2, functionSelectors: ['0xcccccccc'] },
  ]);
  const cut = [
    { facetAddress: F3, action: FacetCutAction.Replace, functionSelectors: ['0xaaaaaaaa', '0xcccccccc'] },
    { facetAddress: F3, action: FacetCutAction.Add, functionSelectors: ['0xdddddddd'] },
    { facetAddress: ZeroAddress, action: FacetCutAction.Remove, functionSelectors: ['0xbbbbbbbb'] },
  ];
  const back = reverseCut(before, cut);
  assert.deepEqual(back, [
    { facetAddress: ZeroAddress, action: FacetCutAction.Remove, functionSelectors: ['0xdddddddd'] },
    { facetAddress: F1, action: FacetCutAction.Replace, functionSelectors: ['0xaaaaaaaa'] },
    { facetAddress: F2, action: FacetCutAction.Replace, functionSelectors: ['0xcccccccc'] },
    { facetAddress: F1, action: FacetCutAction.Add, functionSelectors: ['0xbbbbbbbb'] },
  ]);
  assert.deepEqual(applyCut(applyCut(before, cut), back), before);
  assert.throws(
    () =>
      reverseCut(before, [
        { facetAddress: ZeroAddress, action: FacetCutAction.Remove, functionSelectors: ['0xeeeeeeee'] },
      ]),
    UnknownPriorRoutingError,
  );
});
